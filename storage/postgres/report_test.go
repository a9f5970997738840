package postgres_test

import (
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

func TestReports(t *testing.T) {
	storagetest.RunReports(t, func(t *testing.T, now func() time.Time) storagetest.ReportStore {
		s := storagetest.OpenPostgres(t)
		s.Now = now
		return s
	})
}

// TestReportBig times the monthly report over 10,000,000 scans (with
// OCOPSTAMP_BIG=1; it takes a few minutes).
func TestReportBig(t *testing.T) {
	clock := &storagetest.Clock{}
	s := storagetest.ReportBigStore(t)
	s.Now = clock.Now
	storagetest.ReportBig(t, s, clock)
}
