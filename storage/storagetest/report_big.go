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

// ReportBig loads 1,000,000 stamps and 10,000,000 scans of one month (and
// 2,000,000 of the month before) into s with SQL generate_series (unless a
// kept schema holds them already), then times the monthly report against
// two baselines measured in the same run: reading the month's scans once
// (count(*)), and the scans per product computed by joining every scan to
// its stamp and batch (what the report would cost without
// scans.product_number).
func ReportBig(t *testing.T, s *postgres.Store, clock *Clock) {
	ctx := context.Background()
	db := s.WriteDB()
	var have int64
	repMust(t, db.QueryRowContext(ctx, `SELECT count(*) FROM scans`).Scan(&have))
	if have < bigScans+bigPrevScans {
		loadBig(t, s, clock)
	}
	var size string
	repMust(t, db.QueryRowContext(ctx, `SELECT pg_size_pretty(pg_total_relation_size('scans'))`).Scan(&size))
	t.Logf("scans table with indexes: %s", size)

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
	base := timeIt("baseline: count(*) of the month's scans", 3, func() error {
		return db.QueryRowContext(ctx, `SELECT count(*) FROM scans WHERE at >= $1 AND at < $2`, from, to).Scan(&n)
	})
	if n != bigScans {
		t.Fatalf("November holds %d scans, want %d", n, bigScans)
	}
	join := timeIt("alternative: scans per product by joining stamps, batches", 1, func() error {
		rows, err := db.QueryContext(ctx, `SELECT b.product_number, count(*) FROM scans sc
JOIN stamps s ON s.id = sc.stamp_id
JOIN batches b ON b.first_serial = (SELECT max(b2.first_serial) FROM batches b2 WHERE b2.first_serial <= s.serial)
WHERE sc.at >= $1 AND sc.at < $2 GROUP BY b.product_number`, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	})
	var a *storage.ReportActivity
	act := timeIt("ReportActivity (November)", 2, func() error {
		var err error
		a, err = s.ReportActivity(ctx, ICT(2026, 11, 1, 0, 0, 0, 0), ICT(2026, 12, 1, 0, 0, 0, 0))
		return err
	})
	if a.Total.Scans != bigScans || len(a.Products) != bigProducts {
		t.Fatalf("report counts %d scans of %d products, want %d of %d", a.Total.Scans, len(a.Products), bigScans, bigProducts)
	}
	t.Logf("November: %d scans, %d distinct scanners, %d suspected", a.Total.Scans, a.Total.Scanners, a.Total.Suspected())
	var r *report.Report
	full := timeIt("report.Build (November and October, registry)", 2, func() error {
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
	t.Logf("ratios: ReportActivity / count(*) = %.1f; join alternative / count(*) = %.1f; Build / count(*) = %.1f; PDF %v",
		act.Seconds()/base.Seconds(), join.Seconds()/base.Seconds(), full.Seconds()/base.Seconds(), pdf.Round(time.Millisecond))
	explain(t, s, from, to)
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
	t1 := time.Now()
	load(bigPrevScans, ICT(2026, 10, 1, 0, 0, 0, 0), 31, 777)
	load(bigScans, ICT(2026, 11, 1, 0, 0, 0, 0), 30, 0)
	t.Logf("loaded %d scans in %v", bigScans+bigPrevScans, time.Since(t1).Round(time.Millisecond))
	t1 = time.Now()
	for _, def := range indexes {
		_, err := db.ExecContext(ctx, def)
		repMust(t, err)
	}
	_, err = db.ExecContext(ctx, `VACUUM ANALYZE scans`)
	repMust(t, err)
	t.Logf("indexes %d and VACUUM ANALYZE in %v", len(indexes), time.Since(t1).Round(time.Millisecond))
}

// explain logs the plan of the report's per-product scan query.
func explain(t *testing.T, s *postgres.Store, from, to int64) {
	ctx := context.Background()
	for _, q := range []string{
		`SELECT product_number, count(*), count(DISTINCT client_key), sum(CASE WHEN verdict = 'suspicious' THEN 1 ELSE 0 END)
FROM scans WHERE at >= $1 AND at < $2 GROUP BY product_number`,
	} {
		rows, err := s.WriteDB().QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+q, from, to)
		repMust(t, err)
		var plan []string
		for rows.Next() {
			var l string
			repMust(t, rows.Scan(&l))
			plan = append(plan, l)
		}
		rows.Close()
		t.Logf("plan of %s\n%s", q, strings.Join(plan, "\n"))
	}
}
