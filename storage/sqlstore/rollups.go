package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/hll"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Scan rollups (migration 00060): scan_days counts scans per Vietnam day and
// product by verdict; scan_month_scanners keeps a sketch of the distinct
// clients per Vietnam month and product (internal/hll: exact up to 2,048
// clients, HyperLogLog with 0.81% standard error beyond). RecordScans keeps
// both in the transaction that writes the scans, from the staged scans that
// were not recorded before, so that a replayed batch adds nothing; the
// monthly report reads them (report_rollup.go). Product 0 stands for a scan
// whose product is not known (NULL in scans).

const (
	dayMicros = 86_400_000_000
	// ictMicros is Vietnam's offset from UTC (UTC+7, no daylight saving).
	ictMicros = 7 * 3_600_000_000
)

// dayOf returns the Vietnam day number of unix microseconds us: whole days
// since 1970-01-01 in UTC+7, as SQL computes it with (at + 7 h) / 24 h.
func dayOf(us int64) int64 { return (us + ictMicros) / dayMicros }

// monthOfDay returns the month key (year*12 + month-1) of Vietnam day d.
func monthOfDay(d int64) int {
	t := time.Unix(d*86400, 0).UTC() // midnight of day d, as a UTC date
	return t.Year()*12 + int(t.Month()) - 1
}

// monthKey returns the month key of the Vietnam month that holds t.
func monthKey(t time.Time) int { return monthOfDay(dayOf(micros(t))) }

// scanDaysSelect returns the SELECT of scan_days rows from table, whose
// column product holds the product number (NULL: unknown). The verdict
// values come from stamp's constants.
func scanDaysSelect(table, product string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `INSERT INTO scan_days (day, product_number, scans, suspicious, not_genuine, unknown, revoked, cert_invalid)
SELECT (at + 25200000000) / 86400000000 AS d, COALESCE(%s, 0) AS p, count(*)`, product)
	for _, v := range rollupVerdicts {
		fmt.Fprintf(&b, ",\n  sum(CASE WHEN verdict = '%s' THEN 1 ELSE 0 END)", v)
	}
	fmt.Fprintf(&b, "\nFROM %s WHERE true GROUP BY 1, 2 ORDER BY 1, 2", table)
	return b.String()
}

// onScanDay adds a day's counts to those already there.
const onScanDay = `
ON CONFLICT (day, product_number) DO UPDATE SET scans = scan_days.scans + excluded.scans,
  suspicious = scan_days.suspicious + excluded.suspicious, not_genuine = scan_days.not_genuine + excluded.not_genuine,
  unknown = scan_days.unknown + excluded.unknown, revoked = scan_days.revoked + excluded.revoked,
  cert_invalid = scan_days.cert_invalid + excluded.cert_invalid`

// moveAndCountScans, where the database has data-modifying WITH
// (PostgreSQL), inserts the staged scans that are not recorded yet (ON
// CONFLICT waits for a concurrent writer of the same scan and skips it),
// counts the inserted ones into scan_days and returns their (day, product,
// client) for the sketches, in one statement.
var moveAndCountScans = `WITH moved AS (` + moveReturning + `),
days AS (` + scanDaysSelect("moved", "product_number") + onScanDay + `)
SELECT DISTINCT (at + 25200000000) / 86400000000, COALESCE(product_number, 0), client_key FROM moved WHERE client_key IS NOT NULL`

// moveReturning inserts the staged scans not recorded yet (a unique index
// on (scan_id, at) on PostgreSQL, on scan_id on SQLite) and returns what
// the rollups need of each inserted one. "WHERE true" keeps SQLite from
// reading ON CONFLICT as a join constraint.
var moveReturning = `INSERT INTO scans (scan_id, stamp_id, at, channel, client_hash, client_key, verdict, product_number)
  SELECT scan_id, stamp_id, at, channel, client_hash, client_key, verdict, ` + stampProduct + `
  FROM scan_stage WHERE true ON CONFLICT DO NOTHING
  RETURNING at, product_number, verdict, client_key`

// rollupVerdicts are the verdicts scan_days breaks out, in its column order
// (suspicious, not_genuine, unknown, revoked, cert_invalid).
var rollupVerdicts = []stamp.Verdict{stamp.Suspicious, stamp.NotGenuine, stamp.Unknown, stamp.Revoked, stamp.CertificationInvalid}

// sketchKey names one sketch: a month and a product.
type sketchKey struct {
	month   int
	product int64
}

// moveStaged moves the staged scans not recorded yet into scans and adds
// them to the rollups: their counts to scan_days, their clients to the
// month's sketches. PostgreSQL does the first two in one statement
// (moveAndCountScans); SQLite returns the inserted scans (moveReturning)
// and the counts are summed here.
func (t *tx) moveStaged(ctx context.Context) error {
	clients := map[sketchKey][]uint64{}
	if t.s.d.WritableCTE() {
		err := t.eachClient(ctx, moveAndCountScans, func(k sketchKey, c uint64) { clients[k] = append(clients[k], c) })
		if err != nil {
			return fmt.Errorf("move scans: %w", err)
		}
		return t.addToSketches(ctx, clients)
	}
	type dayKey struct{ day, product int64 }
	days := map[dayKey]*[6]int64{} // scans, then rollupVerdicts
	seen := map[sketchKey]map[uint64]bool{}
	rows, err := t.query(ctx, moveReturning)
	if err != nil {
		return fmt.Errorf("move scans: %w", err)
	}
	for rows.Next() {
		var at int64
		var product, client sql.NullInt64
		var verdict string
		if err := rows.Scan(&at, &product, &verdict, &client); err != nil {
			rows.Close()
			return fmt.Errorf("move scans: %w", err)
		}
		d := dayOf(at)
		k := dayKey{d, product.Int64}
		c := days[k]
		if c == nil {
			c = &[6]int64{}
			days[k] = c
		}
		c[0]++
		for i, v := range rollupVerdicts {
			if verdict == string(v) {
				c[i+1]++
			}
		}
		if client.Valid {
			sk := sketchKey{monthOfDay(d), product.Int64}
			if seen[sk] == nil {
				seen[sk] = map[uint64]bool{}
			}
			if cl := uint64(client.Int64); !seen[sk][cl] {
				seen[sk][cl] = true
				clients[sk] = append(clients[sk], cl)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("move scans: %w", err)
	}
	keys := make([]dayKey, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b dayKey) int { return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.product, b.product)) })
	for lo := 0; lo < len(keys); lo += 500 {
		part := keys[lo:min(lo+500, len(keys))]
		values := make([]string, len(part))
		args := make([]any, 0, 8*len(part))
		for i, k := range part {
			values[i] = "(?, ?, ?, ?, ?, ?, ?, ?)"
			c := days[k]
			args = append(args, k.day, k.product, c[0], c[1], c[2], c[3], c[4], c[5])
		}
		if _, err := t.exec(ctx, `INSERT INTO scan_days (day, product_number, scans, suspicious, not_genuine, unknown, revoked, cert_invalid)
VALUES `+strings.Join(values, ", ")+onScanDay, args...); err != nil {
			return fmt.Errorf("scan days: %w", err)
		}
	}
	return t.addToSketches(ctx, clients)
}

// addToSketches adds clients to the sketches of their keys and writes back
// those that changed. On PostgreSQL the rows are created first and locked
// in key order, so that concurrent writers neither lose each other's
// clients nor deadlock.
func (t *tx) addToSketches(ctx context.Context, clients map[sketchKey][]uint64) error {
	if len(clients) == 0 {
		return nil
	}
	keys := make([]sketchKey, 0, len(clients))
	for k := range clients {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b sketchKey) int {
		return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.product, b.product))
	})
	const chunk = 300
	for lo := 0; lo < len(keys); lo += chunk {
		part := keys[lo:min(lo+chunk, len(keys))]
		values := make([]string, len(part))
		args := make([]any, 0, 2*len(part))
		for i, k := range part {
			values[i] = "(?, ?, ?)"
			args = append(args, k.month, k.product, []byte{})
		}
		if _, err := t.exec(ctx, `INSERT INTO scan_month_scanners (month, product_number, sketch) VALUES `+
			strings.Join(values, ", ")+` ON CONFLICT (month, product_number) DO NOTHING`, args...); err != nil {
			return fmt.Errorf("sketch rows: %w", err)
		}
		conds := make([]string, len(part))
		args = args[:0]
		for i, k := range part {
			conds[i] = "(month = ? AND product_number = ?)"
			args = append(args, k.month, k.product)
		}
		rows, err := t.query(ctx, `SELECT month, product_number, sketch FROM scan_month_scanners WHERE `+
			strings.Join(conds, " OR ")+` ORDER BY month, product_number`+t.s.d.ForUpdate(), args...)
		if err != nil {
			return fmt.Errorf("sketches: %w", err)
		}
		changed := map[sketchKey][]byte{}
		for rows.Next() {
			var k sketchKey
			var b []byte
			if err := rows.Scan(&k.month, &k.product, &b); err != nil {
				rows.Close()
				return fmt.Errorf("sketches: %w", err)
			}
			var sk hll.Sketch
			if err := sk.UnmarshalBinary(b); err != nil {
				rows.Close()
				return fmt.Errorf("sketch of month %d, product %d: %w", k.month, k.product, err)
			}
			grew := false
			for _, c := range clients[k] {
				if sk.Add(c) {
					grew = true
				}
			}
			if grew {
				changed[k], _ = sk.MarshalBinary()
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sketches: %w", err)
		}
		for _, k := range part {
			b, ok := changed[k]
			if !ok {
				continue
			}
			if _, err := t.exec(ctx, `UPDATE scan_month_scanners SET sketch = ? WHERE month = ? AND product_number = ?`,
				b, k.month, k.product); err != nil {
				return fmt.Errorf("sketch of month %d, product %d: %w", k.month, k.product, err)
			}
		}
	}
	return nil
}

// FinishRollups makes the distinct-scanner sketches of the scans recorded
// before the rollups existed (migration 00060 leaves a row in
// rollup_backfill for them), once: of several stores opening together, one
// does it and the others find nothing left. Open calls it after migrating.
// It fails when the database does; then nothing is changed and the next
// Open tries again.
func (s *Store) FinishRollups(ctx context.Context) error {
	// Look first without the write lock: on SQLite another process may
	// hold it for a while (a mint), and there is nearly never work here.
	var pending int64
	if err := s.queryRow(ctx, `SELECT count(*) FROM rollup_backfill`).Scan(&pending); err != nil {
		return fmt.Errorf("finish rollups: %w", err)
	}
	if pending == 0 {
		return nil
	}
	return s.inTx(ctx, "finish rollups", func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM rollup_backfill`)
		if err != nil {
			return fmt.Errorf("finish rollups: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return t.rebuildSketches(ctx)
	})
}

// RebuildRollups makes every rollup again from the scans, in one
// transaction: for scans loaded around RecordScans (a restore, a bulk load
// for measurements). Months whose scans retention removed lose their
// rollups too: do not run it after a prune. It fails when the database
// does, changing nothing.
func (s *Store) RebuildRollups(ctx context.Context) error {
	return s.inTx(ctx, "rebuild rollups", func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM scan_days`); err != nil {
			return fmt.Errorf("rebuild rollups: %w", err)
		}
		if _, err := t.exec(ctx, rebuildScanDays); err != nil {
			return fmt.Errorf("rebuild rollups: %w", err)
		}
		return t.rebuildSketches(ctx)
	})
}

// rebuildScanDays counts every scan into scan_days.
var rebuildScanDays = scanDaysSelect("scans", "product_number")

// rebuildSketches replaces every sketch with one made from the scans.
func (t *tx) rebuildSketches(ctx context.Context) error {
	if _, err := t.exec(ctx, `DELETE FROM scan_month_scanners`); err != nil {
		return fmt.Errorf("rebuild sketches: %w", err)
	}
	// Every scan, not DISTINCT: adding a client twice changes nothing,
	// and the database is spared a sort of all scans.
	sketches := map[sketchKey]*hll.Sketch{}
	err := t.eachClient(ctx, `SELECT (at + 25200000000) / 86400000000, COALESCE(product_number, 0), client_key
FROM scans WHERE client_key IS NOT NULL`, func(k sketchKey, c uint64) {
		sk := sketches[k]
		if sk == nil {
			sk = &hll.Sketch{}
			sketches[k] = sk
		}
		sk.Add(c)
	})
	if err != nil {
		return fmt.Errorf("rebuild sketches: %w", err)
	}
	for k, sk := range sketches {
		b, _ := sk.MarshalBinary()
		if _, err := t.exec(ctx, `INSERT INTO scan_month_scanners (month, product_number, sketch) VALUES (?, ?, ?)`,
			k.month, k.product, b); err != nil {
			return fmt.Errorf("rebuild sketches: %w", err)
		}
	}
	return nil
}

// eachClient runs q, whose rows are (Vietnam day, product, client key), and
// calls fn with each row's sketch key and client.
func (t *tx) eachClient(ctx context.Context, q string, fn func(sketchKey, uint64)) error {
	rows, err := t.query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d, p, c int64
		if err := rows.Scan(&d, &p, &c); err != nil {
			return err
		}
		fn(sketchKey{monthOfDay(d), p}, uint64(c))
	}
	return rows.Err()
}
