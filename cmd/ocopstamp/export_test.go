package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportCodes: "export codes" writes a batch's codes as CSV with a BOM
// to standard output or a file, records each export in the audit log as a
// print, each code verifies with "ocopstamp verify", and bad ranges or
// flags exit non-zero with a one-line reason (issue 15 §3).
func TestExportCodes(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	batch := strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "20", "--lot", "L-IN-NGOÀI"))

	code, out, errs := c.run("export", "codes", "--batch", batch, "--first", "3", "--last", "12")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "10 codes") || !strings.Contains(errs, "version 7, error correction M") {
		t.Errorf("export stderr %q", errs)
	}
	rows := csvRows(t, []byte(out))
	if len(rows) != 11 || rows[0][0] != "qr_payload" || rows[1][2] != "0000-00003-7" || rows[10][5] != "L-IN-NGOÀI" {
		t.Fatalf("export rows %q", rows)
	}
	keys := filepath.Join(c.dir, "keys", "keys.json")
	for _, r := range []([]string){rows[1], rows[10]} {
		c.ok("verify", "--keys-file", keys, r[0])
		c.ok("verify", "--keys-file", keys, r[1])
	}

	file := filepath.Join(c.dir, "codes.csv")
	c.ok("export", "codes", "--batch", batch, "-o", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if rows := csvRows(t, data); len(rows) != 21 {
		t.Fatalf("file export has %d rows, want 21", len(rows))
	}
	if audit := c.ok("audit", "--action", "batch.print", "--json"); strings.Count(audit, `"output": "codes.csv"`) != 2 {
		t.Errorf("audit lacks two exports: %s", audit)
	}

	bad := filepath.Join(c.dir, "bad.csv")
	c.fails(2, "--first 12 is after --last 3", "export", "codes", "--batch", batch, "--first", "12", "--last", "3", "-o", bad)
	c.fails(1, "outside batch", "export", "codes", "--batch", batch, "--last", "21", "-o", bad)
	c.fails(2, "--batch is required", "export", "codes")
	c.fails(2, "want what to export", "export", "labels")
	c.fails(2, "want what to export", "export")
	c.fails(1, "not found", "export", "codes", "--batch", "0193a0b4-0000-7000-8000-000000000000", "-o", bad)
	c.ok("revoke", "--stamp", "0000-00005-9", "--reason", "hỏng")
	c.fails(1, "revoked", "export", "codes", "--batch", batch, "-o", bad)
	if _, err := os.Stat(bad); err == nil {
		t.Error("a refused export left a file behind")
	}
	c.ok("export", "codes", "--batch", batch, "--force", "--reason", "nhà in cần cả lô", "-o", bad)
}

// csvRows reads a code export, checking its byte order mark.
func csvRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("no UTF-8 byte order mark: %q", data[:min(10, len(data))])
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestExportEPCIS: "export epcis" writes the window's events as one
// EPCISDocument to standard output or a file; bad windows exit 2 (issue 15
// §1).
func TestExportEPCIS(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	c.ok("mint", "--product", "1006", "--count", "3", "--lot", "L-EPCIS")
	c.ok("revoke", "--stamp", "0000-00002-1", "--reason", "hỏng")
	code, out, errs := c.run("export", "epcis", "--since", "1h")
	if code != 0 || !strings.Contains(errs, "2 EPCIS events") {
		t.Fatalf("export epcis: exit %d, stderr %q", code, errs)
	}
	var doc struct {
		Type string `json:"type"`
		Body struct {
			Events []struct {
				BizStep string            `json:"bizStep"`
				EPCs    []string          `json:"epcList"`
				ILMD    map[string]string `json:"ilmd"`
			} `json:"eventList"`
		} `json:"epcisBody"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("export epcis wrote no JSON: %v\n%s", err, out)
	}
	ev := doc.Body.Events
	if doc.Type != "EPCISDocument" || len(ev) != 2 || ev[0].BizStep != "commissioning" || len(ev[0].EPCs) != 3 ||
		ev[0].ILMD["cbvmda:lotNumber"] != "L-EPCIS" || ev[1].BizStep != "decommissioning" {
		t.Fatalf("document %+v", doc)
	}
	file := filepath.Join(c.dir, "events.json")
	c.ok("export", "epcis", "--since", "2020-01-01", "--until", "now", "-o", file)
	if data, err := os.ReadFile(file); err != nil || !bytes.Contains(data, []byte(`"schemaVersion": "2.0"`)) {
		t.Fatalf("file export: %v", err)
	}
	// Without --base-url the stored one names the stamps, as it is in the QR codes.
	code, out, errs = c.bare("export", "epcis", "--since", "1h")
	if code != 0 || !strings.Contains(out, `"https://txng.example.vn/id/stamp/0000-00001-`) || strings.Contains(out, "127.0.0.1") {
		t.Errorf("export epcis with the stored base URL: exit %d, %s\n%s", code, errs, out)
	}
	c.fails(2, "since", "export", "epcis", "--since", "last week")
	c.fails(2, "until", "export", "epcis", "--until", "later")
	c.fails(2, "is not before --until", "export", "epcis", "--since", "2026-01-02", "--until", "2026-01-01")
	if out := c.ok("export", "epcis", "--since", "2020-01-01", "--until", "2020-01-02"); !strings.Contains(out, `"eventList": []`) {
		t.Errorf("an empty window: %s", out)
	}
}
