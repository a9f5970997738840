package verify

import (
	"context"
	"testing"

	"github.com/google/uuid"
	dto "github.com/prometheus/client_model/go"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// statsDown is a store whose scan figures cannot be read, as when the view
// was served from the cache and the database is down.
type statsDown struct{ countingStore }

func (s *statsDown) ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error) {
	return stamp.ScanStats{}, &stamp.Error{Code: stamp.EUnavailable, Message: "database is down"}
}

// TestLookupWithoutScanStats: a stamp whose view is known but whose scan
// figures the store cannot give (unavailable) is answered with its verdict
// and no scan figures, and counted, instead of failing the lookup (which the
// server turned into a 503 during a database outage). Any other error still
// fails the lookup.
func TestLookupWithoutScanStats(t *testing.T) {
	ctx := context.Background()
	s := storagetest.OpenSQLite(t)
	reg := seedRegistry(t, s)
	down := &statsDown{countingStore{Store: s}}
	svc := &Service{Keys: reg.keys, Views: s, Store: down}
	r, err := svc.Lookup(ctx, reg.good[0].Code().Text(), Client{})
	if err != nil {
		t.Fatalf("lookup with scan figures unavailable: %v", err)
	}
	if r.Verdict != stamp.Genuine || r.Scans != nil {
		t.Fatalf("verdict %s, scans %+v: want genuine without scan figures", r.Verdict, r.Scans)
	}
	var m dto.Metric
	if err := svc.metricsOnce().noStats.Write(&m); err != nil {
		t.Fatal(err)
	}
	if n := m.GetCounter().GetValue(); n != 1 {
		t.Fatalf("ocopstamp_lookups_without_scan_stats_total = %v, want 1", n)
	}

	broken := &statsBroken{countingStore{Store: s}}
	svc = &Service{Keys: reg.keys, Views: s, Store: broken}
	if _, err := svc.Lookup(ctx, reg.good[0].Code().Text(), Client{}); err == nil {
		t.Fatal("a scan-figure error that is not an outage was hidden")
	}
}

// statsBroken fails ScanStats with an internal error.
type statsBroken struct{ countingStore }

func (s *statsBroken) ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error) {
	return stamp.ScanStats{}, &stamp.Error{Code: stamp.EInternal, Message: "corrupt row"}
}
