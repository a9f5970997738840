package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// BenchmarkScanStatsPartitions times ScanStats (the scan history a lookup
// judges copies by, one index probe per month partition) with the scans of
// 4 and of 40 months kept: what keeping scans for years costs an uncached
// lookup, and what --scan-retention-months saves.
func BenchmarkScanStatsPartitions(b *testing.B) {
	for _, months := range []int{4, 40} {
		b.Run(fmt.Sprintf("months=%d", months), func(b *testing.B) {
			ctx := context.Background()
			s := storagetest.OpenPostgres(b)
			first := storagetest.ICT(2030, 1, 1, 0, 0, 0, 0)
			ids := make([]uuid.UUID, 100)
			for i := range ids {
				ids[i] = uuid.New()
			}
			for m := 0; m < months; m += 4 {
				if err := s.EnsureScanPartitions(ctx, first.AddDate(0, m, 0)); err != nil {
					b.Fatal(err)
				}
			}
			var evs []stamp.ScanEvent
			for m := range months {
				for i, id := range ids {
					evs = append(evs, stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: id, At: first.AddDate(0, m, 1).Add(time.Duration(i) * time.Minute),
						ClientHash: fmt.Sprint(i % 7), Verdict: "unknown"})
				}
			}
			if err := s.RecordScans(ctx, evs); err != nil {
				b.Fatal(err)
			}
			k := 0
			for b.Loop() {
				k++
				if _, err := s.ScanStats(ctx, ids[k%len(ids)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
