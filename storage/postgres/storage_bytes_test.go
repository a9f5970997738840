package postgres_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestScanStorageBytes records 200,000 scans through RecordScans (batches
// of 4,096, 2,000 products, 40,000 clients, one month) and logs the bytes a
// scan takes in the partitions with their indexes and in the rollups: the
// figures of docs/operations.md's storage model. With OCOPSTAMP_BIG=1.
func TestScanStorageBytes(t *testing.T) {
	if os.Getenv(storagetest.BigEnv) != "1" {
		t.Skip("set " + storagetest.BigEnv + "=1 to measure the bytes per scan")
	}
	ctx := context.Background()
	s := storagetest.OpenPostgres(t)
	const n, batch = 200_000, 4096
	start := storagetest.ICT(2026, 11, 1, 0, 0, 0, 0)
	evs := make([]stamp.ScanEvent, 0, batch)
	t0 := time.Now()
	for i := range n {
		evs = append(evs, stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: uuid.New(), At: start.Add(time.Duration(i) * 13 * time.Second),
			Channel: stamp.ChannelWeb, ClientHash: fmt.Sprintf("%016x%048d", uint64(i%40_000)*0x9E3779B97F4A7C15, 0),
			Verdict: string(stamp.Unknown), ProductNumber: uint32(1 + i%2000)})
		if len(evs) == batch || i == n-1 {
			if err := s.RecordScans(ctx, evs); err != nil {
				t.Fatal(err)
			}
			evs = evs[:0]
		}
	}
	t.Logf("recorded %d scans in %v", n, time.Since(t0).Round(time.Millisecond))
	var scans, days, sketches int64
	err := s.WriteDB().QueryRowContext(ctx, `SELECT (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'scans'::regclass),
  pg_total_relation_size('scan_days'), pg_total_relation_size('scan_month_scanners')`).Scan(&scans, &days, &sketches)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("scans with indexes: %d bytes = %.0f a scan; scan_days %d bytes (%d products × 30 days); sketches %d bytes (2,000 products, ~20 clients each)",
		scans, float64(scans)/n, days, 2000, sketches)
}
