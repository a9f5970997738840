package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

var now = time.Date(2026, 12, 15, 2, 0, 0, 0, time.UTC)

func TestParseMonth(t *testing.T) {
	m, err := report.ParseMonth(" 2026-11 ", now)
	if err != nil || m.String() != "2026-11" {
		t.Fatalf("ParseMonth = %v, %v", m, err)
	}
	if !m.Start().Equal(time.Date(2026, 10, 31, 17, 0, 0, 0, time.UTC)) || m.End().Sub(m.Start()) != 30*24*time.Hour {
		t.Errorf("November is [%s, %s), want midnight to midnight Vietnam time", m.Start(), m.End())
	}
	if m.LastDay() != stamp.NewDate(2026, 11, 30) || m.Prev().String() != "2026-10" {
		t.Errorf("last day %s, previous %s", m.LastDay(), m.Prev())
	}
	if jan := (report.Month{Year: 2026, Month: 1}); jan.Prev().String() != "2025-12" {
		t.Errorf("before 2026-01: %s", jan.Prev())
	}
	// December 2026 has begun in Vietnam at 2026-11-30 17:00 UTC.
	if _, err := report.ParseMonth("2026-12", time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("the current month is refused: %v", err)
	}
	for in, msg := range map[string]string{
		"2026-13": "want YYYY-MM", "2026-1": "want YYYY-MM", "11/2026": "want YYYY-MM", "": "want YYYY-MM",
		"2027-01": "is in the future", "1999-12": "before 2000",
	} {
		_, err := report.ParseMonth(in, now)
		if stamp.ErrorCode(err) != stamp.EInvalid || !contains(err, msg) {
			t.Errorf("ParseMonth(%q) = %v, want EInvalid %q", in, err, msg)
		}
	}
}

func contains(err error, s string) bool { return err != nil && strings.Contains(err.Error(), s) }

func TestParseFormat(t *testing.T) {
	for _, in := range []string{"csv", "JSON", " html ", "pdf", "text", "txt"} {
		if _, err := report.ParseFormat(in); err != nil {
			t.Errorf("ParseFormat(%q): %v", in, err)
		}
	}
	if _, err := report.ParseFormat("xlsx"); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("ParseFormat(xlsx) = %v", err)
	}
	if report.PDF.ContentType() != "application/pdf" || report.CSV.ContentType() != "text/csv; charset=utf-8" {
		t.Errorf("content types")
	}
}
