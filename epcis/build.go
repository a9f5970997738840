package epcis

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Source is what Build reads; a storage.Store satisfies it.
type Source interface {
	BatchesOf(ctx context.Context, product uint32) ([]stamp.Batch, error)
	BatchStamps(ctx context.Context, batch uuid.UUID, from, to uint64, fn func(stamp.Stamp) error) error
	StampsRevokedBetween(ctx context.Context, since, until time.Time, fn func(stamp.Stamp) error) error
	StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error)
	StampBySerial(ctx context.Context, serial uint64) (*stamp.Stamp, error)
	Product(ctx context.Context, number uint32) (*stamp.Product, error)
	ListInspections(ctx context.Context, f storage.InspectionFilter) ([]storage.Inspection, error)
}

// Page sizes of Build.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// maxInspections bounds the inspections of one window.
const maxInspections = 200_000

// Query asks for the events of the window [Since, Until), after the event
// After (nil: from the first), at most Limit of them (0: DefaultLimit).
type Query struct {
	Since, Until time.Time
	After        *Key
	Limit        int
}

// Page is one page of an export.
type Page struct {
	Events []Event
	// Next continues the export after Events; nil when the window holds no
	// more events.
	Next *Cursor
}

// header is an event before it is read: its key, and how to read it (nil
// when it turns out to name no stamp).
type header struct {
	key  Key
	read func(ctx context.Context) (*Event, error)
}

// builder holds what one Build reads.
type builder struct {
	src      Source
	names    Names
	products map[uint32]*stamp.Product
}

// Build returns a page of the events of q's window, in the order of their
// Key: commissioning of the batches minted in it, decommissioning of the
// batches and stamps revoked in it, observations of the inspections
// recorded in it. A window that is empty or backwards, or a Limit outside
// 0..MaxLimit, is an EInvalid *stamp.Error; so is a window with more than
// 200,000 inspections (ask for a shorter one). Errors of src are returned
// wrapped. An inspection that names no stamp of the registry (a code that
// is not the office's) gives no event.
func Build(ctx context.Context, src Source, n Names, q Query) (*Page, error) {
	switch {
	case q.Since.IsZero() || q.Until.IsZero() || !q.Since.Before(q.Until):
		return nil, stamp.Errorf(stamp.EInvalid, "the window %s – %s is empty: since must be before until", FormatTime(q.Since), FormatTime(q.Until))
	case q.Limit < 0 || q.Limit > MaxLimit:
		return nil, stamp.Errorf(stamp.EInvalid, "limit %d: want 1 to %d events a page", q.Limit, MaxLimit)
	case q.Limit == 0:
		q.Limit = DefaultLimit
	}
	b := &builder{src: src, names: n, products: map[uint32]*stamp.Product{}}
	hs, err := b.headers(ctx, q.Since, q.Until)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(hs, func(x, y header) int {
		if x.key.less(y.key) {
			return -1
		}
		if y.key.less(x.key) {
			return 1
		}
		return 0
	})
	if q.After != nil {
		i, _ := slices.BinarySearchFunc(hs, *q.After, func(h header, k Key) int {
			if !k.less(h.key) { // h.key <= k
				return -1
			}
			return 1
		})
		hs = hs[i:]
	}
	page := &Page{Events: []Event{}}
	if len(hs) > q.Limit {
		hs = hs[:q.Limit]
		page.Next = &Cursor{Since: q.Since, Until: q.Until, After: hs[len(hs)-1].key}
	}
	for _, h := range hs {
		e, err := h.read(ctx)
		if err != nil {
			return nil, err
		}
		if e != nil {
			e.key = h.key
			e.EventID = n.eventID(h.key)
			page.Events = append(page.Events, *e)
		}
	}
	return page, nil
}

// in reports whether t is in [since, until).
func in(t time.Time, since, until time.Time) bool { return !t.Before(since) && t.Before(until) }

// parts returns how many events n stamps make.
func parts(n int) int { return (n + MaxEPCs - 1) / MaxEPCs }

// headers lists the window's events without reading their stamps.
func (b *builder) headers(ctx context.Context, since, until time.Time) ([]header, error) {
	var hs []header
	batches, err := b.src.BatchesOf(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("epcis: batches: %w", err)
	}
	for _, bt := range batches {
		bt := bt
		for p := range parts(bt.Count) {
			if in(bt.MintedAt, since, until) {
				hs = append(hs, header{Key{bt.MintedAt.UnixMicro(), kindCommission, fmt.Sprintf("%010d", bt.FirstSerial), p},
					func(ctx context.Context) (*Event, error) { return b.commission(ctx, &bt, p) }})
			}
			if bt.RevokedAt != nil && in(*bt.RevokedAt, since, until) {
				hs = append(hs, header{Key{bt.RevokedAt.UnixMicro(), kindBatchRevoke, fmt.Sprintf("%010d", bt.FirstSerial), p},
					func(ctx context.Context) (*Event, error) { return b.batchRevoke(ctx, &bt, p) }})
			}
		}
	}
	rs, err := b.stampRevocations(ctx, since, until)
	if err != nil {
		return nil, err
	}
	hs = append(hs, rs...)
	ins, err := b.src.ListInspections(ctx, storage.InspectionFilter{Since: since, Limit: maxInspections + 1})
	if err != nil {
		return nil, fmt.Errorf("epcis: inspections: %w", err)
	}
	if len(ins) > maxInspections {
		return nil, stamp.Errorf(stamp.EInvalid, "more than %d inspections since %s: ask for a shorter window", maxInspections, FormatTime(since))
	}
	for _, x := range ins {
		if !in(x.At, since, until) {
			continue
		}
		x := x
		hs = append(hs, header{Key{x.At.UnixMicro(), kindInspection, fmt.Sprintf("%012d", x.ID), 0},
			func(ctx context.Context) (*Event, error) { return b.inspection(ctx, &x) }})
	}
	return hs, nil
}

// revokedStamp is what a decommissioning event needs of a stamp.
type revokedStamp struct {
	serial  uint64
	product uint32
}

// stampRevocations groups the stamps revoked on their own in the window by
// revocation (same time and reason: one RevokeStamp or RevokeSerials).
func (b *builder) stampRevocations(ctx context.Context, since, until time.Time) ([]header, error) {
	type group struct {
		at     time.Time
		reason string
		stamps []revokedStamp
	}
	var groups []*group
	err := b.src.StampsRevokedBetween(ctx, since, until, func(s stamp.Stamp) error {
		if n := len(groups); n == 0 || !groups[n-1].at.Equal(*s.RevokedAt) || groups[n-1].reason != s.RevokeReason {
			groups = append(groups, &group{at: *s.RevokedAt, reason: s.RevokeReason})
		}
		g := groups[len(groups)-1]
		g.stamps = append(g.stamps, revokedStamp{s.Serial, s.ProductNumber})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("epcis: revoked stamps: %w", err)
	}
	var hs []header
	for _, g := range groups {
		subject := fmt.Sprintf("%010d", g.stamps[0].serial)
		for p := range parts(len(g.stamps)) {
			chunk := g.stamps[p*MaxEPCs : min((p+1)*MaxEPCs, len(g.stamps))]
			at, reason := g.at, g.reason
			hs = append(hs, header{Key{at.UnixMicro(), kindStampRevoke, subject, p}, func(ctx context.Context) (*Event, error) {
				e := &Event{Type: "ObjectEvent", EventTime: FormatTime(at), EventTimeZoneOffset: TimeZoneOffset,
					Action: ActionDelete, BizStep: StepDecommissioning, Disposition: DispInactive, Reason: reason}
				for _, s := range chunk {
					p, err := b.product(ctx, s.product)
					if err != nil {
						return nil, err
					}
					e.EPCList = append(e.EPCList, b.names.Stamp(p, s.serial))
				}
				return e, nil
			}})
		}
	}
	return hs, nil
}

// product returns product number, read once per Build.
func (b *builder) product(ctx context.Context, number uint32) (*stamp.Product, error) {
	if p, ok := b.products[number]; ok {
		return p, nil
	}
	p, err := b.src.Product(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("epcis: product %d: %w", number, err)
	}
	b.products[number] = p
	return p, nil
}

// partStamps returns the stamps of part p of batch bt.
func (b *builder) partStamps(ctx context.Context, bt *stamp.Batch, p int) ([]stamp.Stamp, *stamp.Product, error) {
	prod, err := b.product(ctx, bt.ProductNumber)
	if err != nil {
		return nil, nil, err
	}
	from := bt.FirstSerial + uint64(p*MaxEPCs)
	to := min(from+MaxEPCs-1, bt.LastSerial())
	var ss []stamp.Stamp
	err = b.src.BatchStamps(ctx, bt.ID, from, to, func(s stamp.Stamp) error { ss = append(ss, s); return nil })
	if err != nil {
		return nil, nil, fmt.Errorf("epcis: stamps of batch %s: %w", bt.ID, err)
	}
	return ss, prod, nil
}

// commission returns the commissioning event of part p of batch bt.
func (b *builder) commission(ctx context.Context, bt *stamp.Batch, p int) (*Event, error) {
	ss, prod, err := b.partStamps(ctx, bt, p)
	if err != nil {
		return nil, err
	}
	e := &Event{Type: "ObjectEvent", EventTime: FormatTime(bt.MintedAt), EventTimeZoneOffset: TimeZoneOffset,
		Action: ActionAdd, BizStep: StepCommissioning, Disposition: DispActive,
		BizLocation: &Location{ID: b.names.Facility(bt.FacilityCode)},
		Batch:       bt.ID.String(), Product: bt.ProductNumber}
	ilmd := ILMD{LotNumber: bt.Lot}
	if !bt.BestBefore.IsZero() {
		ilmd.BestBeforeDate = bt.BestBefore.String()
	}
	if !bt.ProducedOn.IsZero() {
		ilmd.ProducedOn = bt.ProducedOn.String()
	}
	if ilmd != (ILMD{}) {
		e.ILMD = &ilmd
	}
	for _, s := range ss {
		e.EPCList = append(e.EPCList, b.names.Stamp(prod, s.Serial))
	}
	return e, nil
}

// batchRevoke returns the decommissioning event of part p of revoked batch
// bt: its stamps but those revoked on their own before it (their own
// event decommissioned them). Nil when none is left.
func (b *builder) batchRevoke(ctx context.Context, bt *stamp.Batch, p int) (*Event, error) {
	ss, prod, err := b.partStamps(ctx, bt, p)
	if err != nil {
		return nil, err
	}
	e := &Event{Type: "ObjectEvent", EventTime: FormatTime(*bt.RevokedAt), EventTimeZoneOffset: TimeZoneOffset,
		Action: ActionDelete, BizStep: StepDecommissioning, Disposition: DispInactive,
		Batch: bt.ID.String(), Product: bt.ProductNumber, Reason: bt.RevokeReason}
	for _, s := range ss {
		if s.RevokedAt != nil && s.RevokedAt.Before(*bt.RevokedAt) {
			continue
		}
		e.EPCList = append(e.EPCList, b.names.Stamp(prod, s.Serial))
	}
	if len(e.EPCList) == 0 {
		return nil, nil
	}
	return e, nil
}

// dispositions maps an inspection's result to its CBV disposition.
var dispositions = map[string]string{
	storage.InspectionGenuine:     DispConformant,
	storage.InspectionSuspect:     DispUnknown,
	storage.InspectionCounterfeit: DispNonConformant,
}

// inspection returns the observation of inspection x, or nil when it names
// no stamp of the registry.
func (b *builder) inspection(ctx context.Context, x *storage.Inspection) (*Event, error) {
	var serial uint64
	var prod *stamp.Product
	switch {
	case x.StampID != uuid.Nil:
		v, err := b.src.StampView(ctx, x.StampID)
		if stamp.ErrorCode(err) == stamp.ENotFound {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("epcis: stamp of inspection %d: %w", x.ID, err)
		}
		serial, prod = v.Stamp.Serial, &v.Product
	case x.Serial != 0:
		s, err := b.src.StampBySerial(ctx, x.Serial)
		if stamp.ErrorCode(err) == stamp.ENotFound {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("epcis: stamp of inspection %d: %w", x.ID, err)
		}
		if prod, err = b.product(ctx, s.ProductNumber); err != nil {
			return nil, err
		}
		serial = s.Serial
	default:
		return nil, nil
	}
	disp, ok := dispositions[x.Result]
	if !ok {
		disp = DispUnknown
	}
	return &Event{Type: "ObjectEvent", EventTime: FormatTime(x.At), EventTimeZoneOffset: TimeZoneOffset,
		EPCList: []string{b.names.Stamp(prod, serial)}, Action: ActionObserve, BizStep: StepInspecting,
		Disposition: disp, Product: prod.Number, Result: x.Result, Place: x.Place, Inspect: x.ID}, nil
}
