package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Build makes the report q asks for from src: the month's and the previous
// month's activity and the registry on the month's last day. A month with
// nothing in it gives a valid report of zeros. It fails with src's error,
// wrapped.
func Build(ctx context.Context, src storage.Reports, q Query) (*Report, error) {
	m := q.Month
	this, err := src.ReportActivity(ctx, m.Start(), m.End())
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", m, err)
	}
	prev, err := src.ReportActivity(ctx, m.Prev().Start(), m.Start())
	if err != nil {
		return nil, fmt.Errorf("report %s: previous month: %w", m, err)
	}
	reg, err := src.ReportRegistry(ctx, m.LastDay())
	if err != nil {
		return nil, fmt.Errorf("report %s: registry: %w", m, err)
	}
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &Report{
		Month: m, District: q.District, From: m.Start(), To: m.End(), AsOf: m.LastDay(),
		GeneratedAt: now.In(stamp.Vietnam).Truncate(time.Second), InProgress: now.Before(m.End()),
	}
	b := builder{r: r, this: this, prev: prev, reg: reg}
	b.districts()
	b.producers()
	b.products()
	b.ranks()
	b.certifications()
	b.pointsOfSale()
	b.communes()
	b.totals()
	r.Notes = notes(r)
	return r, nil
}

// builder assembles a Report from the store's figures.
type builder struct {
	r          *Report
	this, prev *storage.ReportActivity
	reg        *storage.ReportRegistry
	order      []string       // districts in the report's order
	facility   map[string]int // facility code → index in r.Producers
	districtOf map[string]string
}

// canonical returns the canonical name of a district as stored (the name
// itself when it is not one of stamp.Districts).
func canonical(d string) string {
	if c, ok := stamp.CanonicalDistrict(d); ok {
		return c
	}
	return d
}

func (b *builder) inScope(district string) bool {
	return b.r.District == "" || canonical(district) == b.r.District
}

// districts makes a row for every district in scope: all of stamp.Districts
// for the province, then any other district a facility or point of sale
// names.
func (b *builder) districts() {
	if b.r.District != "" {
		b.order = []string{b.r.District}
	} else {
		b.order = slices.Clone(stamp.Districts)
		var extra []string
		seen := func(raw string) {
			if d := canonical(raw); !slices.Contains(b.order, d) && !slices.Contains(extra, d) {
				extra = append(extra, d)
			}
		}
		for _, f := range b.reg.Facilities {
			seen(f.District)
		}
		for _, p := range b.reg.PointsOfSale {
			seen(p.District)
		}
		slices.Sort(extra)
		b.order = append(b.order, extra...)
	}
	rows := make([]DistrictRow, len(b.order))
	idx := map[string]int{}
	for i, d := range b.order {
		rows[i].District = d
		idx[d] = i
	}
	// The store keys districts by canonical name; a name that is no known
	// form of one keeps its own row.
	b.addActivity(func(a *storage.ReportActivity) map[string]storage.Activity { return a.Districts }, func(d string) *Change {
		if i, ok := idx[canonical(d)]; ok {
			return &rows[i].Change
		}
		return nil
	})
	b.r.Districts = rows
}

// addActivity adds this and the previous month's activities of one level
// (level picks the map) to the rows' changes; row returns the change of a
// key, nil for a key outside the report.
func (b *builder) addActivity(level func(*storage.ReportActivity) map[string]storage.Activity, row func(key string) *Change) {
	for key, a := range level(b.this) {
		if c := row(key); c != nil {
			addFigures(&c.This, figuresOf(a))
		}
	}
	for key, a := range level(b.prev) {
		if c := row(key); c != nil {
			addFigures(&c.Prev, figuresOf(a))
		}
	}
}

// addFigures adds every count of g to f, scanners included.
func addFigures(f *Figures, g Figures) {
	f.Batches += g.Batches
	f.Minted += g.Minted
	f.Printed += g.Printed
	f.Revoked += g.Revoked
	f.Scans += g.Scans
	f.Scanners += g.Scanners
	f.Suspicious += g.Suspicious
	f.NotGenuine += g.NotGenuine
	f.Unknown += g.Unknown
	f.Suspected += g.Suspected
	f.RevokedScan += g.RevokedScan
	f.CertInvalid += g.CertInvalid
	f.Forged += g.Forged
	f.ConsumerReports += g.ConsumerReports
}

func (b *builder) districtIndex(d string) int {
	return slices.Index(b.order, canonical(d))
}

// producers makes a row for every facility in scope, by district then code.
func (b *builder) producers() {
	b.facility = map[string]int{}
	b.districtOf = map[string]string{}
	var rows []ProducerRow
	for _, f := range b.reg.Facilities {
		b.districtOf[f.Code] = canonical(f.District)
		if !b.inScope(f.District) {
			continue
		}
		rows = append(rows, ProducerRow{District: canonical(f.District), Code: f.Code, Name: f.Name, Kind: f.Kind,
			Change: Change{This: figuresOf(b.this.Facilities[f.Code]), Prev: figuresOf(b.prev.Facilities[f.Code])}})
	}
	slices.SortStableFunc(rows, func(x, y ProducerRow) int {
		return cmp.Or(cmp.Compare(b.districtIndex(x.District), b.districtIndex(y.District)), cmp.Compare(x.Code, y.Code))
	})
	for i, p := range rows {
		b.facility[p.Code] = i
	}
	b.r.Producers = rows
}

// products makes a row for every product in scope, by district, producer,
// then number.
func (b *builder) products() {
	var rows []ProductRow
	for _, p := range b.reg.Products {
		if !b.inScope(p.District) {
			continue
		}
		row := ProductRow{District: canonical(p.District), FacilityCode: p.FacilityCode, Number: p.Number, Name: p.Name,
			Group: p.Group, CertState: CertNone,
			Change: Change{This: figuresOf(b.this.Products[p.Number]), Prev: figuresOf(b.prev.Products[p.Number])}}
		if i, ok := b.facility[p.FacilityCode]; ok {
			row.FacilityName = b.r.Producers[i].Name
			b.r.Producers[i].Products++
		}
		if c := p.Certification; c != nil {
			row.Rank, row.CertState = c.Rank.String(), c.StateOn(b.r.AsOf)
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(x, y ProductRow) int {
		return cmp.Or(cmp.Compare(b.districtIndex(x.District), b.districtIndex(y.District)),
			cmp.Compare(x.FacilityCode, y.FacilityCode), cmp.Compare(x.Number, y.Number))
	})
	b.r.Products = rows
	for i := range b.r.Districts {
		d := &b.r.Districts[i]
		for _, p := range rows {
			if p.District == d.District {
				d.Products++
			}
		}
		for _, f := range b.r.Producers {
			if f.District == d.District {
				d.Facilities++
			}
		}
	}
}

// ranks counts products in scope per group by the rank of the certification
// in force on the month's last day.
func (b *builder) ranks() {
	groups := slices.Clone(stamp.ProductGroups)
	for _, p := range b.reg.Products {
		if b.inScope(p.District) && !slices.Contains(groups, p.Group) {
			groups = append(groups, p.Group)
		}
	}
	rows := make([]RankRow, len(groups))
	for i, g := range groups {
		rows[i].Group = g
	}
	for _, p := range b.reg.Products {
		if !b.inScope(p.District) {
			continue
		}
		row := &rows[slices.Index(groups, p.Group)]
		countRank(row, p.Certification, b.r.AsOf)
		countRank(&b.r.RankTotal, p.Certification, b.r.AsOf)
	}
	b.r.Ranks = rows
}

func countRank(row *RankRow, c *stamp.Certification, asOf stamp.Date) {
	row.Total++
	switch {
	case c == nil:
		row.None++
	case c.StateOn(asOf) != stamp.CertValid:
		row.NotInForce++
	case c.Rank == stamp.Rank3:
		row.Star3++
	case c.Rank == stamp.Rank4:
		row.Star4++
	case c.Rank == stamp.Rank5:
		row.Star5++
	default:
		row.Participating++
	}
}

// certifications lists products in scope whose current certification
// expires within ExpiryWindowDays of the month's last day or has expired,
// soonest first.
func (b *builder) certifications() {
	limit := b.r.AsOf.AddDays(ExpiryWindowDays)
	var rows []CertRow
	for _, p := range b.reg.Products {
		c := p.Certification
		if !b.inScope(p.District) || c == nil || c.ExpiresOn.After(limit) {
			continue
		}
		row := CertRow{District: canonical(p.District), FacilityCode: p.FacilityCode, ProductNumber: p.Number,
			ProductName: p.Name, Rank: c.Rank.String(), DecisionNumber: c.DecisionNumber, DecisionDate: c.DecisionDate,
			ExpiresOn: c.ExpiresOn, Status: c.Status, State: CertExpiring,
			DaysLeft: int(c.ExpiresOn.Time().Sub(b.r.AsOf.Time()).Hours() / 24)}
		if b.r.AsOf.After(c.ExpiresOn) {
			row.State = CertExpired
		}
		if i, ok := b.facility[p.FacilityCode]; ok {
			row.FacilityName = b.r.Producers[i].Name
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(x, y CertRow) int {
		return cmp.Or(cmp.Compare(x.ExpiresOn.String(), y.ExpiresOn.String()), cmp.Compare(x.ProductNumber, y.ProductNumber))
	})
	b.r.Expiring = rows
}

// pointsOfSale lists every district in scope with its points of sale and
// names those without one.
func (b *builder) pointsOfSale() {
	rows := make([]PointsOfSale, len(b.order))
	for i, d := range b.order {
		rows[i] = PointsOfSale{District: d, Names: []string{}}
	}
	for _, p := range b.reg.PointsOfSale {
		if i := b.districtIndex(p.District); i >= 0 {
			rows[i].Count++
			rows[i].Names = append(rows[i].Names, p.Name)
		}
	}
	b.r.DistrictsWithoutPOS = []string{}
	for i, row := range rows {
		b.r.Districts[i].PointsOfSale = row.Count
		if row.Count == 0 {
			b.r.DistrictsWithoutPOS = append(b.r.DistrictsWithoutPOS, row.District)
		}
	}
	b.r.PointsOfSale = rows
}

// totals fills the totals row: the store's province totals, or the
// district's row.
func (b *builder) totals() {
	t := &b.r.Total
	if b.r.District == "" {
		t.Change = Change{This: figuresOf(b.this.Total), Prev: figuresOf(b.prev.Total)}
		b.r.Unattributed = &Change{This: figuresOf(b.this.Unattributed), Prev: figuresOf(b.prev.Unattributed)}
	} else {
		t.Change = b.r.Districts[0].Change
	}
	for _, d := range b.r.Districts {
		t.Facilities += d.Facilities
		t.Products += d.Products
		t.PointsOfSale += d.PointsOfSale
	}
}
