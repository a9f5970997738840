package print

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestWriteCodesMatchesLabels: every row's qr_payload is exactly what the
// label of the same stamp in the PDF encodes, as gozxing reads it back from
// the rasterised sheet.
func TestWriteCodesMatchesLabels(t *testing.T) {
	needPoppler(t, "pdftoppm")
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 30, 9001)
	tmpl, err := TemplateByName("a4-24")
	if err != nil {
		t.Fatal(err)
	}
	job := testJob(tmpl, b, stamps)
	var out bytes.Buffer
	st, err := WriteCodes(&out, job)
	if err != nil {
		t.Fatal(err)
	}
	if st.Labels != 30 || st.Bytes != int64(out.Len()) {
		t.Errorf("stats %+v for %d bytes", st, out.Len())
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte(utf8BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 31 {
		t.Fatalf("%d records, want a header and 30 rows", len(recs))
	}
	var pdf bytes.Buffer
	if _, err := Render(&pdf, job); err != nil {
		t.Fatal(err)
	}
	got, _ := scanSheets(t, pdf.Bytes(), job)
	for i, r := range recs[1:] {
		if got[i] != r[0] {
			t.Errorf("label %d decodes to %q, the export says %q", i, got[i], r[0])
		}
		if r[2] != stamp.FormatSerial(stamps[i].Serial) {
			t.Errorf("row %d serial %q", i, r[2])
		}
	}
}

// TestWriteCodesRefuses: bad input is EInvalid before any byte; a failing
// writer is an error.
func TestWriteCodesRefuses(t *testing.T) {
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 3, 1)
	job := testJob(Template{}, b, stamps)
	for name, j := range map[string]Job{
		"no stamps":    {BaseURL: testBaseURL, Batch: b, ProductName: testProduct},
		"bad base URL": {BaseURL: "ftp://x", Batch: b, ProductName: testProduct, Stamps: stamps},
		"out of order": {BaseURL: testBaseURL, Batch: b, ProductName: testProduct, Stamps: []stamp.Stamp{stamps[1], stamps[0]}},
		"no product":   {BaseURL: testBaseURL, Batch: b, Stamps: stamps},
	} {
		var out bytes.Buffer
		if _, err := WriteCodes(&out, j); stamp.ErrorCode(err) != stamp.EInvalid || out.Len() > 0 {
			t.Errorf("%s: %v, wrote %d bytes", name, err, out.Len())
		}
	}
	if _, err := WriteCodes(&failWriter{n: 10}, job); err == nil {
		t.Error("a failing writer was not reported")
	}
}

// TestPrintHouseDoc: docs/print-house.md names every column in order and
// the QR settings the labels use for a base URL of up to 29 characters.
func TestPrintHouseDoc(t *testing.T) {
	doc, err := os.ReadFile("../docs/print-house.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	at := 0
	for _, c := range CodeColumns {
		i := strings.Index(text[at:], "| `"+c+"` |")
		if i < 0 {
			t.Fatalf("docs/print-house.md lacks column %s in the table, in order", c)
		}
		at += i
	}
	spec, err := QRSpecFor("https://abcdefghijklmnopqr.vn") // 29 characters
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("| error correction | **%s**", spec.Level),
		fmt.Sprintf("| version | **%d** (%d × %d modules) for a base URL of up to 29 characters", spec.Version, spec.Modules, spec.Modules),
		fmt.Sprintf("at least **%d modules**", spec.QuietModules),
		fmt.Sprintf("at least **%.2f mm**", MinModule),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("docs/print-house.md lacks %q", want)
		}
	}
	for _, tmpl := range Templates() {
		m, err := tmpl.ModuleSize("https://txng.example.vn")
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%.2g mm", m)
		if m == maxModule {
			want = fmt.Sprintf("%.1f mm on its larger presets", m)
		}
		if !strings.Contains(text, want) || !strings.Contains(text, "`"+tmpl.Name+"`") {
			t.Errorf("docs/print-house.md lacks the module size of %s: %q", tmpl.Name, want)
		}
	}
}
