package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

var _ storage.Reports = (*Store)(nil)

// reportTx is a read-only transaction that sees one snapshot of the
// database, so that the report's figures agree with each other.
type reportTx struct {
	*sql.Tx
	s *Store
}

// readSnapshot begins a read-only, repeatable-read transaction on the read
// pool (SQLite's deferred transaction in WAL mode is one snapshot too).
func (s *Store) readSnapshot(ctx context.Context) (*reportTx, error) {
	t, err := s.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("report: begin: %w", err)
	}
	return &reportTx{Tx: t, s: s}, nil
}

func (t *reportTx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(ctx, t.s.d.Rebind(q), args...)
}

// each runs q and calls fn for every row; it returns the first error, wrapped
// with what.
func (t *reportTx) each(ctx context.Context, what, q string, args []any, fn func(scanner) error) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("report: %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

// ReportActivity returns the activity of [from, to) at every level of the
// report, from one snapshot. For a period of whole Vietnam months (every
// monthly report) scans and distinct scanners come from the rollups
// (rollups.go), whatever the number of scans; for any other period from the
// scans themselves (ReportActivityFromScans). A period with nothing in it
// gives zeros; it fails only when the database does.
func (s *Store) ReportActivity(ctx context.Context, from, to time.Time) (*storage.ReportActivity, error) {
	if wholeMonths(from, to) {
		return s.reportActivity(ctx, from, to, true)
	}
	return s.reportActivity(ctx, from, to, false)
}

// ReportActivityFromScans is ReportActivity computed from the scans table
// alone, for any period: the rollups' reference (tests compare both) and
// what a period of part of a month gets. Months whose scans retention
// dropped (postgres.Store.DropScansBefore) have no scans here.
func (s *Store) ReportActivityFromScans(ctx context.Context, from, to time.Time) (*storage.ReportActivity, error) {
	return s.reportActivity(ctx, from, to, false)
}

// wholeMonths reports whether [from, to) starts and ends at the start of a
// Vietnam month.
func wholeMonths(from, to time.Time) bool {
	return from.Before(to) && monthStart(from) && monthStart(to)
}

// monthStart reports whether t is the first instant of a Vietnam month.
func monthStart(t time.Time) bool {
	v := t.In(stamp.Vietnam)
	return v.Day() == 1 && v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0
}

func (s *Store) reportActivity(ctx context.Context, from, to time.Time, rollups bool) (*storage.ReportActivity, error) {
	if !from.Before(to) {
		return nil, fmt.Errorf("report: empty period %s to %s", from, to)
	}
	t, err := s.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	a := newActivity(from, to)
	f, tt := micros(from), micros(to)
	steps := []func(context.Context, *storage.ReportActivity, int64, int64) error{
		t.minted, t.printed, t.revoked, t.scans, t.consumerReports,
	}
	if rollups {
		steps[3] = t.scanDays
	}
	for _, step := range steps {
		if err := step(ctx, a, f, tt); err != nil {
			return nil, err
		}
	}
	owner, orphans, err := t.rollUp(ctx, a)
	if err != nil {
		return nil, err
	}
	// Distinct scanners above products last: rollUp has built every
	// level's entry.
	if rollups {
		err = t.sketchScanners(ctx, a, monthKey(from), monthKey(to), owner)
	} else {
		err = t.scanners(ctx, a, f, tt, orphans)
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

func newActivity(from, to time.Time) *storage.ReportActivity {
	return &storage.ReportActivity{
		From: from.UTC(), To: to.UTC(),
		Products:   map[uint32]storage.Activity{},
		Facilities: map[string]storage.Activity{},
		Districts:  map[string]storage.Activity{},
		Communes:   map[string]storage.Activity{},
	}
}

// addProduct applies fn to the activity of product n.
func addProduct(a *storage.ReportActivity, n int64, fn func(*storage.Activity)) {
	v := a.Products[uint32(n)]
	fn(&v)
	a.Products[uint32(n)] = v
}

// minted counts the batches and stamps minted in the period, per product,
// from the batches_minted_at index.
func (t *reportTx) minted(ctx context.Context, a *storage.ReportActivity, from, to int64) error {
	return t.each(ctx, "minted", `SELECT product_number, count(*), CAST(sum(count) AS BIGINT) FROM batches
WHERE minted_at >= ? AND minted_at < ? GROUP BY product_number`, []any{from, to}, func(r scanner) error {
		var p, batches, stamps int64
		if err := r.Scan(&p, &batches, &stamps); err != nil {
			return err
		}
		addProduct(a, p, func(v *storage.Activity) { v.Batches += batches; v.Minted += stamps })
		return nil
	})
}

// revoked counts the stamps revoked in the period per product: stamps
// revoked alone (unless their batch was revoked before them) and the stamps
// of batches revoked in the period that were not revoked alone before.
func (t *reportTx) revoked(ctx context.Context, a *storage.ReportActivity, from, to int64) error {
	add := func(r scanner) error {
		var p, n int64
		if err := r.Scan(&p, &n); err != nil {
			return err
		}
		addProduct(a, p, func(v *storage.Activity) { v.Revoked += n })
		return nil
	}
	err := t.each(ctx, "revoked stamps", `SELECT b.product_number, count(*) FROM stamps s
JOIN batches b ON b.first_serial = (SELECT max(b2.first_serial) FROM batches b2 WHERE b2.first_serial <= s.serial)
WHERE s.revoked_at IS NOT NULL AND s.revoked_at >= ? AND s.revoked_at < ?
  AND (b.revoked_at IS NULL OR b.revoked_at > s.revoked_at)
GROUP BY b.product_number`, []any{from, to}, add)
	if err != nil {
		return err
	}
	return t.each(ctx, "revoked batches", `SELECT b.product_number, CAST(sum(b.count - (
    SELECT count(*) FROM stamps s WHERE s.revoked_at IS NOT NULL AND s.revoked_at < b.revoked_at
      AND s.serial BETWEEN b.first_serial AND b.first_serial + b.count - 1)) AS BIGINT)
FROM batches b WHERE b.revoked_at IS NOT NULL AND b.revoked_at >= ? AND b.revoked_at < ?
GROUP BY b.product_number`, []any{from, to}, add)
}

// scansByVerdictSQL counts scans per product by the verdicts the report
// breaks out, in the order of the Activity fields scans reads them into.
// The verdict values come from stamp's constants.
var scansByVerdictSQL = func() string {
	var b strings.Builder
	b.WriteString("SELECT product_number, count(*), count(DISTINCT client_key)")
	for _, v := range []stamp.Verdict{stamp.Suspicious, stamp.NotGenuine, stamp.Unknown, stamp.Revoked, stamp.CertificationInvalid} {
		fmt.Fprintf(&b, ",\n  CAST(sum(CASE WHEN verdict = '%s' THEN 1 ELSE 0 END) AS BIGINT)", v)
	}
	b.WriteString("\nFROM scans WHERE at >= ? AND at < ? GROUP BY product_number")
	return b.String()
}()

// scans counts the period's scans by verdict and their distinct clients per
// product (NULL: unknown product), in one pass over the scans_report index's
// time range. Distinct clients are counted by client_key: a sort of 8-byte
// numbers, where PostgreSQL's hash aggregate of distinct pairs spills badly.
func (t *reportTx) scans(ctx context.Context, a *storage.ReportActivity, from, to int64) error {
	return t.each(ctx, "scans", scansByVerdictSQL, []any{from, to}, func(r scanner) error {
		var p sql.NullInt64
		var v storage.Activity
		if err := r.Scan(&p, &v.Scans, &v.Scanners, &v.Suspicious, &v.NotGenuine, &v.Unknown, &v.RevokedScan, &v.CertInvalid); err != nil {
			return err
		}
		if !p.Valid {
			a.Unattributed = v
			return nil
		}
		addProduct(a, p.Int64, func(x *storage.Activity) { x.Add(v); x.Scanners = v.Scanners })
		return nil
	})
}

// rollUp sums the products' counts into their facilities, communes and
// districts and everything into the total, and returns each product's
// (facility code, canonical district, commune code). A product number the registry does not hold
// (a scan naming it) counts as unattributed. Districts are keyed by their
// canonical names (stamp.CanonicalDistrict), whatever form a facility
// stores.
func (t *reportTx) rollUp(ctx context.Context, a *storage.ReportActivity) (owner map[uint32][3]string, orphans bool, err error) {
	owner = map[uint32][3]string{}
	err = t.each(ctx, "products", `SELECT p.number, p.facility_code, f.district, f.commune_code FROM products p JOIN facilities f ON f.code = p.facility_code`,
		nil, func(r scanner) error {
			var n int64
			var fc, d, cc string
			if err := r.Scan(&n, &fc, &d, &cc); err != nil {
				return err
			}
			owner[uint32(n)] = [3]string{fc, canonicalDistrict(d), cc}
			return nil
		})
	if err != nil {
		return nil, false, err
	}
	for n, v := range a.Products {
		o, ok := owner[n]
		if !ok {
			a.Unattributed.Add(v)
			delete(a.Products, n)
			orphans = true
			continue
		}
		f, d, c := a.Facilities[o[0]], a.Districts[o[1]], a.Communes[o[2]]
		f.Add(v)
		d.Add(v)
		c.Add(v)
		a.Facilities[o[0]], a.Districts[o[1]], a.Communes[o[2]] = f, d, c
		a.Total.Add(v)
	}
	a.Total.Add(a.Unattributed)
	return owner, orphans, nil
}

// canonicalDistrict returns the canonical form of a stored district name,
// or the name itself when it is not a known form.
func canonicalDistrict(d string) string {
	if c, ok := stamp.CanonicalDistrict(d); ok {
		return c
	}
	return d
}

// districtMap returns a CTE "dm(raw, canon)" mapping every district name
// facilities store to its canonical form, and its arguments.
func (t *reportTx) districtMap(ctx context.Context) (string, []any, error) {
	var args []any
	var values []string
	err := t.each(ctx, "districts", `SELECT DISTINCT district FROM facilities`, nil, func(r scanner) error {
		var d string
		if err := r.Scan(&d); err != nil {
			return err
		}
		args = append(args, d, canonicalDistrict(d))
		values = append(values, "(?, ?)")
		return nil
	})
	if len(values) == 0 {
		values, args = []string{"(?, ?)"}, []any{"", ""}
	}
	return "dm(raw, canon) AS (VALUES " + strings.Join(values, ", ") + ")", args, err
}

// Levels of the distinct-scanner query.
const (
	levelFacility = iota + 2
	levelDistrict
	levelTotal
	levelUnattributed
	levelCommune
)

// scanners counts the period's distinct clients (by client_key) per
// facility, per (canonical) district and overall, one sorted pass each;
// products have theirs from scans. When scans name products the registry
// does not hold, the unattributed clients are counted again with theirs.
func (t *reportTx) scanners(ctx context.Context, a *storage.ReportActivity, from, to int64, orphans bool) error {
	dm, dmArgs, err := t.districtMap(ctx)
	if err != nil {
		return err
	}
	q := `WITH ` + dm + `
SELECT 2, p.facility_code, count(DISTINCT sc.client_key)
  FROM scans sc JOIN products p ON p.number = sc.product_number
  WHERE sc.at >= ? AND sc.at < ? GROUP BY p.facility_code
UNION ALL
SELECT 3, dm.canon, count(DISTINCT sc.client_key)
  FROM scans sc JOIN products p ON p.number = sc.product_number JOIN facilities f ON f.code = p.facility_code
  JOIN dm ON dm.raw = f.district
  WHERE sc.at >= ? AND sc.at < ? GROUP BY dm.canon
UNION ALL
SELECT 4, '', count(DISTINCT client_key) FROM scans WHERE at >= ? AND at < ?
UNION ALL
SELECT 6, f.commune_code, count(DISTINCT sc.client_key)
  FROM scans sc JOIN products p ON p.number = sc.product_number JOIN facilities f ON f.code = p.facility_code
  WHERE sc.at >= ? AND sc.at < ? GROUP BY f.commune_code`
	args := append(dmArgs, from, to, from, to, from, to, from, to)
	if orphans {
		q += `
UNION ALL
SELECT 5, '', count(DISTINCT client_key) FROM scans
  WHERE at >= ? AND at < ? AND (product_number IS NULL OR product_number NOT IN (SELECT number FROM products))`
		args = append(args, from, to)
	}
	return t.each(ctx, "scanners", q, args, func(r scanner) error {
		var level int
		var key string
		var c int64
		if err := r.Scan(&level, &key, &c); err != nil {
			return err
		}
		switch level {
		case levelFacility:
			v := a.Facilities[key]
			v.Scanners = c
			a.Facilities[key] = v
		case levelDistrict:
			v := a.Districts[key]
			v.Scanners = c
			a.Districts[key] = v
		case levelCommune:
			v := a.Communes[key]
			v.Scanners = c
			a.Communes[key] = v
		case levelTotal:
			a.Total.Scanners = c
		case levelUnattributed:
			a.Unattributed.Scanners = c
		}
		return nil
	})
}
