package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/report"
)

func render(t *testing.T, r *report.Report, f report.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, f); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	keep(t, r.FileName(f), b.Bytes())
	return b.Bytes()
}

// csvSections parses a report CSV: section key → header and rows.
func csvSections(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Fatalf("CSV does not start with a UTF-8 BOM: % x", b[:3])
	}
	cr := csv.NewReader(bytes.NewReader(b[3:]))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	out := map[string][][]string{}
	var header []string
	for _, rec := range recs {
		if rec[0] == "Mục (section)" {
			header = rec
			continue
		}
		if len(out[rec[0]]) == 0 {
			out[rec[0]] = append(out[rec[0]], header)
		}
		if len(rec) != len(header) {
			t.Fatalf("CSV %s row has %d fields, its header %d: %q", rec[0], len(rec), len(header), rec)
		}
		out[rec[0]] = append(out[rec[0]], rec)
	}
	return out
}

// field returns the value of the column named col in the row of a section
// whose second field is key.
func field(t *testing.T, sec [][]string, key, col string) string {
	t.Helper()
	i := slices.Index(sec[0], col)
	if i < 0 {
		t.Fatalf("no column %q in %q", col, sec[0])
	}
	for _, row := range sec[1:] {
		if row[1] == key {
			return row[i]
		}
	}
	t.Fatalf("no row %q", key)
	return ""
}

func TestCSV(t *testing.T) {
	r := fixtureReport(t, "2026-11", "")
	secs := csvSections(t, render(t, r, report.CSV))
	for _, key := range []string{"report", "summary", "district", "producer", "product", "rank", "certification", "point_of_sale", "note"} {
		if len(secs[key]) < 2 {
			t.Errorf("CSV section %s missing or empty", key)
		}
	}
	if _, ok := secs["district_change"]; ok {
		t.Errorf("CSV has the on-screen month-on-month table; its rows carry previous-month columns instead")
	}
	d := secs["district"]
	for col, want := range map[string]string{
		"Lượt quét (scans)": "9", "Người quét (distinct scanners)": "6", "Nghi giả (suspected fakes)": "3",
		"Tem đã in (printed)": "185", "Tem thu hồi (revoked)": "34", "Lượt quét tháng trước (scans, previous month)": "2",
		"Điểm bán (points of sale)": "2",
	} {
		if got := field(t, d, "Hương Khê", col); got != want {
			t.Errorf("district Hương Khê %s = %q, want %q", col, got, want)
		}
	}
	if got := field(t, d, "Toàn tỉnh (province total)", "Người quét (distinct scanners)"); got != "8" {
		t.Errorf("total scanners %q, want 8", got)
	}
	p := secs["product"]
	if got := field(t, p, "Hương Khê", "Sản phẩm (product)"); got != "Mật ong rừng Hương Khê (mẫu)" {
		t.Errorf("first Hương Khê product %q: Vietnamese text not intact", got)
	}
	if got := field(t, secs["producer"], "Can Lộc", "Tên cơ sở (producer)"); got != "Công ty Nước mắm Thạch Kim (dữ liệu mẫu)" {
		t.Errorf("Can Lộc producer %q", got)
	}
	c := secs["certification"]
	if len(c) != 4 || c[1][3] != "1002" || field(t, c, "Hương Khê", "Tình trạng (state)") != "expired" {
		t.Errorf("certification section %q", c)
	}
	if got := field(t, secs["summary"], "Tem phát hành (stamps minted)", "Tỷ lệ thay đổi (change %)"); got != "-27.3" {
		t.Errorf("minted change %% %q, want -27.3", got)
	}
}

func TestJSON(t *testing.T) {
	r := fixtureReport(t, "2026-11", "Hương Khê")
	var got report.Report
	if err := json.Unmarshal(render(t, r, report.JSON), &got); err != nil {
		t.Fatal(err)
	}
	if got.Month != r.Month || got.District != "Hương Khê" || got.Total != r.Total || len(got.Products) != 4 || got.AsOf != r.AsOf {
		t.Fatalf("JSON round trip: %+v", got)
	}
}

func TestHTML(t *testing.T) {
	r := fixtureReport(t, "2026-11", "")
	h := string(render(t, r, report.HTML))
	for _, want := range []string{
		"<!DOCTYPE html>", `<html lang="vi">`, "<table>", `id="district"`, `id="product"`, `id="certification"`,
		"Theo huyện cũ (trước 1/7/2025)", "By former district", `id="commune"`, "Theo xã, phường", "Lượt quét theo huyện", "Mật ong rừng Hương Khê (mẫu)",
		"Chưa có điểm bán", "Toàn tỉnh (province total)", "Mã giả mạo",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if n := strings.Count(h, "<table>"); n != 9 {
		t.Errorf("HTML has %d tables, want 9", n)
	}
	for _, external := range []string{"<link", "<script", "src=", "http://", "https://"} {
		if strings.Contains(h, external) {
			t.Errorf("HTML refers to an external asset (%q)", external)
		}
	}
}

func TestPDF(t *testing.T) {
	r := fixtureReport(t, "2026-11", "")
	b := render(t, r, report.PDF)
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:8])
	}
	if again := render(t, r, report.PDF); !bytes.Equal(b, again) {
		t.Errorf("two renders of one report differ")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	file := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"Báo cáo tháng 11/2026", "Hương Khê", "Thành phố Hà Tĩnh", "Lượt quét theo huyện",
		"Nghi giả theo huyện", "Mật ong rừng Hương Khê (mẫu)", "Ghi chú / Notes", "Trang 1/"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestText(t *testing.T) {
	r := fixtureReport(t, "2026-11", "")
	s := string(render(t, r, report.Text))
	for _, want := range []string{"== Theo huyện cũ (trước 1/7/2025) (By former district (before July 2025)) ==", "== Theo xã, phường (By commune or ward) ==", "Hương Khê", "Ghi chú (notes):"} {
		if !strings.Contains(s, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestFileName(t *testing.T) {
	r := &report.Report{Month: report.Month{Year: 2026, Month: 11}, District: "Thị xã Kỳ Anh"}
	if got := r.FileName(report.PDF); got != "bao-cao-ocop-2026-11-thi-xa-ky-anh.pdf" {
		t.Errorf("FileName = %q", got)
	}
	r.District = "Đức Thọ"
	if got := r.FileName(report.Text); got != "bao-cao-ocop-2026-11-duc-tho.txt" {
		t.Errorf("FileName = %q", got)
	}
}
