package postgres_test

import (
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestReportBig times the monthly report over 10,000,000 scans (with
// OCOPSTAMP_BIG=1; it takes a few minutes).
func TestReportBig(t *testing.T) {
	clock := &storagetest.Clock{}
	s := storagetest.ReportBigStore(t)
	s.Now = clock.Now
	storagetest.ReportBig(t, s, clock)
}
