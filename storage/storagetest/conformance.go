package storagetest

import (
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Backend is one storage.Store implementation under test: Open returns a
// fresh, empty store whose clock is now (time.Now when nil), closed and
// dropped when the test ends.
type Backend struct {
	Name string
	Open func(t testing.TB, now func() time.Time) storage.Store
}

// Backends lists every back-end the suite runs on. A third database is one
// more entry here (and its package under storage/).
var Backends = []Backend{
	{"sqlite", func(t testing.TB, now func() time.Time) storage.Store {
		s := OpenSQLite(t)
		s.Now = now
		return s
	}},
	{"postgres", func(t testing.TB, now func() time.Time) storage.Store {
		s := OpenPostgres(t)
		s.Now = now
		return s
	}},
}

// Conformance is the one entry point of the storage conformance suite: the
// registry, batches, scans and audit (Run), the office controls (RunAdmin),
// the monthly reports (RunReports) and their rollups (RunRollups), the snapshot reads (RunSnapshots),
// on every back-end given. A PostgreSQL back-end skips, or fails under CI,
// without OCOPSTAMP_TEST_POSTGRES (PostgresURL).
func Conformance(t *testing.T, backends ...Backend) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			open := func(t *testing.T) storage.Store { return b.Open(t, nil) }
			t.Run("Store", func(t *testing.T) { Run(t, open) })
			t.Run("Admin", func(t *testing.T) { RunAdmin(t, open) })
			t.Run("Reports", func(t *testing.T) {
				RunReports(t, func(t *testing.T, now func() time.Time) storage.Store { return b.Open(t, now) })
			})
			t.Run("Rollups", func(t *testing.T) {
				RunRollups(t, func(t *testing.T, now func() time.Time) storage.Store { return b.Open(t, now) })
			})
			t.Run("Snapshots", func(t *testing.T) { RunSnapshots(t, open) })
		})
	}
}
