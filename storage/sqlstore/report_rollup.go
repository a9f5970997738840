package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ocop-hatinh/ocopstamp/internal/hll"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// scanDays counts the period's scans by verdict per product from the daily
// rollups (product 0: unattributed). Distinct scanners come after, from
// the sketches (sketchScanners).
func (t *reportTx) scanDays(ctx context.Context, a *storage.ReportActivity, from, to int64) error {
	return t.each(ctx, "scan days", `SELECT product_number, CAST(sum(scans) AS BIGINT), CAST(sum(suspicious) AS BIGINT),
  CAST(sum(not_genuine) AS BIGINT), CAST(sum(unknown) AS BIGINT), CAST(sum(revoked) AS BIGINT), CAST(sum(cert_invalid) AS BIGINT)
FROM scan_days WHERE day >= ? AND day < ? GROUP BY product_number`, []any{dayOf(from), dayOf(to)}, func(r scanner) error {
		var p int64
		var v storage.Activity
		if err := r.Scan(&p, &v.Scans, &v.Suspicious, &v.NotGenuine, &v.Unknown, &v.RevokedScan, &v.CertInvalid); err != nil {
			return err
		}
		if p == 0 {
			a.Unattributed.Add(v)
			return nil
		}
		addProduct(a, p, func(x *storage.Activity) { x.Add(v) })
		return nil
	})
}

// sketchScanners sets the distinct scanners of every level from the
// sketches of months [fromMonth, toMonth): each product's months merged,
// then the products merged into their facility, commune, district, the
// unattributed scans (product 0 and numbers the registry does not hold)
// and the total. owner maps a product to its (facility, district, commune)
// as rollUp found them.
func (t *reportTx) sketchScanners(ctx context.Context, a *storage.ReportActivity, fromMonth, toMonth int, owner map[uint32][3]string) error {
	products := map[int64]*hll.Sketch{}
	err := t.each(ctx, "scanner sketches", `SELECT product_number, sketch FROM scan_month_scanners WHERE month >= ? AND month < ?`,
		[]any{fromMonth, toMonth}, func(r scanner) error {
			var p int64
			var b []byte
			if err := r.Scan(&p, &b); err != nil {
				return err
			}
			var sk hll.Sketch
			if err := sk.UnmarshalBinary(b); err != nil {
				return fmt.Errorf("product %d: %w", p, err)
			}
			if have := products[p]; have != nil {
				have.Merge(&sk)
			} else {
				products[p] = &sk
			}
			return nil
		})
	if err != nil {
		return err
	}
	levels := map[[2]string]*hll.Sketch{}
	merge := func(level, key string, sk *hll.Sketch) {
		k := [2]string{level, key}
		if levels[k] == nil {
			levels[k] = &hll.Sketch{}
		}
		levels[k].Merge(sk)
	}
	for p, sk := range products {
		merge("total", "", sk)
		o, ok := owner[uint32(p)]
		if p == 0 || !ok {
			merge("unattributed", "", sk)
			continue
		}
		v := a.Products[uint32(p)]
		v.Scanners = sk.Count()
		a.Products[uint32(p)] = v
		merge("facility", o[0], sk)
		merge("district", o[1], sk)
		merge("commune", o[2], sk)
	}
	set := func(m map[string]storage.Activity, key string, n int64) {
		v := m[key]
		v.Scanners = n
		m[key] = v
	}
	for k, sk := range levels {
		n := sk.Count()
		switch k[0] {
		case "total":
			a.Total.Scanners = n
		case "unattributed":
			a.Unattributed.Scanners = n
		case "facility":
			set(a.Facilities, k[1], n)
		case "district":
			set(a.Districts, k[1], n)
		case "commune":
			set(a.Communes, k[1], n)
		}
	}
	return nil
}

// consumerReports counts the period's consumer reports per product named
// by the reported code (none named: unattributed), from the
// consumer_reports_at index.
func (t *reportTx) consumerReports(ctx context.Context, a *storage.ReportActivity, from, to int64) error {
	return t.each(ctx, "consumer reports", `SELECT product_number, count(*) FROM consumer_reports
WHERE at >= ? AND at < ? GROUP BY product_number`, []any{from, to}, func(r scanner) error {
		var p sql.NullInt64
		var n int64
		if err := r.Scan(&p, &n); err != nil {
			return err
		}
		if !p.Valid || p.Int64 == 0 {
			a.Unattributed.ConsumerReports += n
			return nil
		}
		addProduct(a, p.Int64, func(x *storage.Activity) { x.ConsumerReports += n })
		return nil
	})
}
