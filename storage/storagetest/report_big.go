package storagetest

import (
	"context"
	"crypto/md5"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
)

// Size of the big report data set.
const (
	bigProducts      = 200
	bigStampsPerProd = 5_000 // 1,000,000 stamps
	bigScans         = 10_000_000
	bigPrevScans     = 2_000_000
	bigSmallScans    = 1_000_000 // September: the 1 M month the 10 M one is compared with
	bigClients       = 2_000_000
)

// bigStampID is the id of the k-th stamp of the big data set (k from 1):
// MD5 of k in decimal, as SQL's decode(md5(k::text), 'hex') computes it.
func bigStampID(k int) uuid.UUID { return uuid.UUID(md5.Sum([]byte(fmt.Sprint(k)))) }

// BigSchemaEnv names a PostgreSQL schema that ReportBig keeps between runs
// (created when missing, loaded once, never dropped), for repeated
// measurements; unset, ReportBig uses a fresh schema dropped afterwards.
const BigSchemaEnv = "OCOPSTAMP_BIG_SCHEMA"

// ReportBigStore returns the store ReportBig runs on: a fresh schema, or the
// kept one OCOPSTAMP_BIG_SCHEMA names. It skips unless OCOPSTAMP_BIG=1.
func ReportBigStore(t *testing.T) *postgres.Store {
	if os.Getenv(BigEnv) != "1" {
		t.Skip("set " + BigEnv + "=1 to load 10,000,000 scans and time the monthly report")
	}
	schema := os.Getenv(BigSchemaEnv)
	if schema == "" {
		return OpenPostgres(t)
	}
	base := PostgresURL(t)
	repMust(t, adminExec(context.Background(), base, "CREATE SCHEMA IF NOT EXISTS "+pgxIdent(schema)))
	s, err := postgres.Open(context.Background(), WithSearchPath(base, schema))
	repMust(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func pgxIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// ReportBig loads 1,000,000 stamps and 10,000,000 scans of one month
// (November 2026), 2,000,000 of the month before and 1,000,000 of
// September into s with SQL generate_series (unless a kept schema holds
// them already) and makes their rollups, then times the monthly report of
// the 10 M month against the 1 M month's and against reading the month's
// scans once (count(*)), all in the same run. The report reads the rollups:
// its time should not grow with the month's scans.
func ReportBig(t *testing.T, s *postgres.Store, clock *Clock) {
	ctx := context.Background()
	db := s.WriteDB()
	var have int64
	repMust(t, db.QueryRowContext(ctx, `SELECT count(*) FROM scans`).Scan(&have))
	if have < bigScans+bigPrevScans+bigSmallScans {
		loadBig(t, s, clock)
	}
	var size, rollups string
	repMust(t, db.QueryRowContext(ctx, `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'scans'::regclass`).Scan(&size))
	repMust(t, db.QueryRowContext(ctx, `SELECT pg_size_pretty(pg_total_relation_size('scan_days') + pg_total_relation_size('scan_month_scanners'))`).Scan(&rollups))
	t.Logf("scans partitions with indexes: %s; rollups: %s", size, rollups)

	from, to := ICT(2026, 11, 1, 0, 0, 0, 0).UnixMicro(), ICT(2026, 12, 1, 0, 0, 0, 0).UnixMicro()
	timeIt := func(what string, runs int, fn func() error) time.Duration {
		best := time.Duration(1 << 62)
		for range runs {
			t2 := time.Now()
			repMust(t, fn())
			best = min(best, time.Since(t2))
		}
		t.Logf("%-58s best of %d: %v", what, runs, best.Round(time.Millisecond))
		return best
	}
	var n int64
	base := timeIt("baseline: count(*) of November's scans", 3, func() error {
		return db.QueryRowContext(ctx, `SELECT count(*) FROM scans WHERE at >= $1 AND at < $2`, from, to).Scan(&n)
	})
	if n != bigScans {
		t.Fatalf("November holds %d scans, want %d", n, bigScans)
	}
	activity := func(m time.Month, want int64) (*storage.ReportActivity, time.Duration) {
		var a *storage.ReportActivity
		d := timeIt(fmt.Sprintf("ReportActivity (%s, %d scans)", m, want), 5, func() error {
			var err error
			a, err = s.ReportActivity(ctx, ICT(2026, m, 1, 0, 0, 0, 0), ICT(2026, m+1, 1, 0, 0, 0, 0))
			return err
		})
		if a.Total.Scans != want || len(a.Products) != bigProducts {
			t.Fatalf("%s: report counts %d scans of %d products, want %d of %d", m, a.Total.Scans, len(a.Products), want, bigProducts)
		}
		return a, d
	}
	small, smallD := activity(time.September, bigSmallScans)
	a, act := activity(time.November, bigScans)
	t.Logf("September: %d scans, %d distinct scanners; November: %d scans, %d distinct scanners, %d suspected",
		small.Total.Scans, small.Total.Scanners, a.Total.Scans, a.Total.Scanners, a.Total.Suspected())
	var raw *storage.ReportActivity
	scansD := timeIt("ReportActivityFromScans (November, what it cost before rollups)", 1, func() error {
		var err error
		raw, err = s.ReportActivityFromScans(ctx, ICT(2026, 11, 1, 0, 0, 0, 0), ICT(2026, 12, 1, 0, 0, 0, 0))
		return err
	})
	if raw.Total.Scans != a.Total.Scans {
		t.Errorf("November from scans %d, from rollups %d", raw.Total.Scans, a.Total.Scans)
	}
	t.Logf("distinct scanners November: rollups %d, scans %d (error %.2f%%)", a.Total.Scanners, raw.Total.Scanners,
		100*float64(a.Total.Scanners-raw.Total.Scanners)/float64(raw.Total.Scanners))
	var r *report.Report
	full := timeIt("report.Build (November and October, registry)", 3, func() error {
		q, err := report.ParseQuery("2026-11", "", ICT(2026, 12, 15, 9, 0, 0, 0))
		if err != nil {
			return err
		}
		r, err = report.Build(ctx, s, q)
		return err
	})
	pdf := timeIt("render PDF", 3, func() error {
		var b strings.Builder
		return r.Render(&b, report.PDF)
	})
	t.Logf("ratios: ReportActivity 10 M / 1 M = %.2f; ReportActivity / count(*) = %.3f; from scans / count(*) = %.1f; Build / count(*) = %.3f; PDF %v",
		act.Seconds()/smallD.Seconds(), act.Seconds()/base.Seconds(), scansD.Seconds()/base.Seconds(), full.Seconds()/base.Seconds(), pdf.Round(time.Millisecond))
}

// loadBig stores the big data set: 52 producers, 200 products, 1,000,000
// stamps, then the scans, with the scans' indexes dropped during the load and
// built again after it. Scans are in time order, as the recorder writes
// them; a client scans 5 stamps in a row, so (product, client) pairs are
// nearly all distinct: the hardest case for distinct scanners.
func loadBig(t *testing.T, s *postgres.Store, clock *Clock) {
	ctx := context.Background()
	db := s.WriteDB()
	clock.Set(ICT(2026, 1, 2, 8, 0, 0, 0))
	t0 := time.Now()
	for i := range 52 {
		repMust(t, s.CreateFacility(ctx, actor, stamp.Facility{Code: fmt.Sprintf("HT-CS-%04d", i+1),
			Name: fmt.Sprintf("Cơ sở mẫu số %d (dữ liệu mẫu)", i+1), District: stamp.Districts[i%len(stamp.Districts)]}))
	}
	for p := 1; p <= bigProducts; p++ {
		repMust(t, s.CreateProduct(ctx, actor, stamp.Product{Number: uint32(p), FacilityCode: fmt.Sprintf("HT-CS-%04d", (p-1)%52+1),
			Name: fmt.Sprintf("Sản phẩm mẫu %d", p), Group: stamp.ProductGroups[p%len(stamp.ProductGroups)]}))
		_, err := s.AddCertification(ctx, actor, stamp.Certification{ProductNumber: uint32(p), Rank: stamp.Rank(3 + p%3),
			DecisionNumber: fmt.Sprintf("QĐ %d (mẫu)", p), DecisionDate: stamp.NewDate(2024, 1, 1).AddDays(p * 3)})
		repMust(t, err)
	}
	// Stamps: product p's batch holds serials (p-1)*5000+1 … p*5000.
	key := stamp.KeyID{1, 2, 3, 4}
	k := 0
	clock.Set(ICT(2026, 10, 20, 8, 0, 0, 0))
	for p := 1; p <= bigProducts; p++ {
		b := &stamp.Batch{ID: uuid.Must(uuid.NewV7()), ProductNumber: uint32(p), Count: bigStampsPerProd, KeyID: key, MintedBy: actor}
		sent := false
		repMust(t, s.CreateBatch(ctx, b, func() ([]stamp.Stamp, error) {
			if sent {
				return nil, nil
			}
			sent = true
			out := make([]stamp.Stamp, bigStampsPerProd)
			for i := range out {
				k++
				out[i] = stamp.Stamp{ID: bigStampID(k), KeyID: key}
			}
			return out, nil
		}))
		if p == 1 && b.FirstSerial != 1 {
			t.Fatalf("first serial %d, want 1", b.FirstSerial)
		}
	}
	t.Logf("registry and %d stamps in %v", k, time.Since(t0).Round(time.Millisecond))

	// Drop the scans' indexes for the load; build them again after.
	var indexes []string
	rows, err := db.QueryContext(ctx, `SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = 'scans' AND indexname <> 'scans_pkey'`)
	repMust(t, err)
	for rows.Next() {
		var name, def string
		repMust(t, rows.Scan(&name, &def))
		indexes = append(indexes, def)
		_, err := db.ExecContext(ctx, "DROP INDEX "+pgxIdent(name))
		repMust(t, err)
	}
	repMust(t, rows.Err())
	rows.Close()

	load := func(n int, from time.Time, days int, offset int) {
		const chunk = 2_000_000
		span := int64(days) * 86400 * 1_000_000
		for lo := 1; lo <= n; lo += chunk {
			hi := min(lo+chunk-1, n)
			t1 := time.Now()
			_, err := db.ExecContext(ctx, `INSERT INTO scans (stamp_id, at, channel, client_hash, client_key, verdict, product_number)
SELECT decode(md5(k::text), 'hex'), $1 + (g - 1) * $2, 'web', h, ('x' || substr(h, 1, 15))::bit(60)::bigint,
  CASE WHEN g % 1000 = 0 THEN 'suspicious' WHEN g % 5000 = 1 THEN 'unknown' WHEN g % 7000 = 2 THEN 'not_genuine'
       WHEN g % 3000 = 3 THEN 'revoked' ELSE 'genuine' END,
  (k - 1) / $5 + 1
FROM generate_series($6::bigint, $7::bigint) g,
  LATERAL (SELECT 1 + (g * 104729) % $8 AS k, encode(sha256(convert_to(((g / 5 + $3) % $4)::text, 'UTF8')), 'hex') AS h) s`,
				from.UnixMicro(), span/int64(n), offset, bigClients, bigStampsPerProd, lo, hi, bigProducts*bigStampsPerProd)
			repMust(t, err)
			t.Logf("scans %d–%d in %v", lo, hi, time.Since(t1).Round(time.Millisecond))
		}
	}
	repMust(t, s.EnsureScanPartitions(ctx, ICT(2026, 9, 1, 0, 0, 0, 0)))
	t1 := time.Now()
	load(bigSmallScans, ICT(2026, 9, 1, 0, 0, 0, 0), 30, 333)
	load(bigPrevScans, ICT(2026, 10, 1, 0, 0, 0, 0), 31, 777)
	load(bigScans, ICT(2026, 11, 1, 0, 0, 0, 0), 30, 0)
	t.Logf("loaded %d scans in %v", bigScans+bigPrevScans+bigSmallScans, time.Since(t1).Round(time.Millisecond))
	t1 = time.Now()
	for _, def := range indexes {
		_, err := db.ExecContext(ctx, def)
		repMust(t, err)
	}
	_, err = db.ExecContext(ctx, `VACUUM ANALYZE scans`)
	repMust(t, err)
	t.Logf("indexes %d and VACUUM ANALYZE in %v", len(indexes), time.Since(t1).Round(time.Millisecond))
	t1 = time.Now()
	repMust(t, s.RebuildRollups(ctx))
	t.Logf("rollups made from the scans in %v", time.Since(t1).Round(time.Millisecond))
}
