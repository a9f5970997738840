package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestReportCommand(t *testing.T) {
	c := newCLI(t)
	c.importSamples()
	c.ok("keygen")
	c.ok("mint", "--product", "1006", "--count", "25")
	month := time.Now().In(stamp.Vietnam).Format("2006-01")

	// JSON to standard output: this month's 25 stamps, in progress.
	var got struct {
		Month      string `json:"month"`
		InProgress bool   `json:"in_progress"`
		Total      struct {
			This struct{ Minted int64 } `json:"this"`
		} `json:"total"`
		Districts []struct{ District string } `json:"districts"`
	}
	out := c.ok("report", "--month", month, "--format", "json")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, out)
	}
	if got.Month != month || !got.InProgress || got.Total.This.Minted != 25 || len(got.Districts) != len(stamp.Districts) {
		t.Fatalf("report %+v", got)
	}

	// A file, atomically, format from its extension, one district.
	dir := t.TempDir()
	file := filepath.Join(dir, "bao-cao.csv")
	c.ok("report", "--month", month, "--district", "huyện hương sơn", "--out", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\uFEFF") {
		t.Fatalf("CSV does not start with a BOM: %q", b[:10])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF")))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	found := false
	for _, rec := range recs {
		if rec[0] == "district" && rec[1] == "Hương Sơn" {
			found = true
		}
	}
	if !found {
		t.Fatalf("CSV has no Hương Sơn district row:\n%s", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left %d files in the folder, want only the report", len(entries))
	}

	// Text by default; an empty month is a report of zeros.
	out = c.ok("report", "--month", "2025-01")
	if !strings.Contains(out, "Theo huyện") || !strings.Contains(out, "Hương Sơn") {
		t.Fatalf("text report:\n%s", out)
	}
}

func TestReportCommandErrors(t *testing.T) {
	c := newCLI(t)
	c.fails(2, "want YYYY-MM", "report", "--month", "2026-13")
	c.fails(2, "want YYYY-MM", "report", "--month", "11/2026")
	c.fails(2, "is in the future", "report", "--month", "2999-01")
	c.fails(2, `unknown district "Hà Nội"`, "report", "--month", "2026-01", "--district", "Hà Nội")
	c.fails(2, `format "xls"`, "report", "--month", "2026-01", "--format", "xls")
	c.fails(2, "cannot tell the format", "report", "--month", "2026-01", "--out", filepath.Join(t.TempDir(), "r.xlsx"))
	c.fails(2, "unexpected argument", "report", "2026-01")
	c.fails(1, "write", "report", "--month", "2026-01", "--out", filepath.Join(t.TempDir(), "no", "such", "r.pdf"))
}
