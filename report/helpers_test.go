package report_test

import (
	"context"
	"os"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// fixtureReport builds a report of the storage fixture on a fresh SQLite
// store.
func fixtureReport(t *testing.T, month, district string) *report.Report {
	t.Helper()
	s := storagetest.OpenSQLite(t)
	clock := &storagetest.Clock{}
	s.Now = clock.Now
	storagetest.LoadReportFixture(t, s, clock)
	q, err := report.ParseQuery(month, district, storagetest.ReportFixtureNow)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(context.Background(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// keep writes b to $OCOPSTAMP_REPORT_KEEP/name when that is set, to look at
// the outputs by eye.
func keep(t *testing.T, name string, b []byte) {
	if dir := os.Getenv("OCOPSTAMP_REPORT_KEEP"); dir != "" {
		if err := os.WriteFile(dir+"/"+name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
