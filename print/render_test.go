package print

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// popplerText runs pdftotext on page (0: all pages) of pdf and checks with
// pdfinfo that poppler reads the file without complaint.
func popplerText(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	needPoppler(t, "pdftotext", "pdfinfo")
	file := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	info := exec.Command("pdfinfo", file)
	info.Stderr = &stderr
	if out, err := info.Output(); err != nil || stderr.Len() > 0 {
		t.Fatalf("pdfinfo: %v %s\n%s", err, stderr.String(), out)
	}
	args := []string{"-layout"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	cmd := exec.Command("pdftotext", append(args, file, "-")...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftotext: %v %s", err, stderr.String())
	}
	return string(out)
}

func render(t *testing.T, job Job) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Render(&buf, job)
	if err != nil {
		t.Fatal(err)
	}
	if st.Bytes != int64(buf.Len()) {
		t.Errorf("Stats.Bytes %d, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes(), st
}

func TestRenderText(t *testing.T) {
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 100, 1)
	tm, _ := TemplateByName("a4-65")
	job := testJob(tm, b, stamps)
	job.ProductName = norm.NFD.String("  " + testProduct + "\n") // decomposed, padded: printed as NFC
	pdf, st := render(t, job)
	if st.Pages != 2 || st.Labels != 100 {
		t.Errorf("stats %+v, want 2 pages, 100 labels", st)
	}
	all := popplerText(t, pdf, 0)
	first := popplerText(t, pdf, 1)
	for _, want := range []string{
		testProduct, testFacilty, "Tờ 1/2", "OCOP ★★★★", "TEM OCOP",
		"Lô tem " + b.ID.String(), "lô SX NM-2026-11", "In 29/11/2026 09:30",
		"Sê-ri " + stamp.FormatSerial(1) + " – " + stamp.FormatSerial(65) + " (65 tem)",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("sheet 1 lacks %q", want)
		}
	}
	if !strings.Contains(all, "Tờ 2/2") || !strings.Contains(all, stamp.FormatSerial(66)+" – "+stamp.FormatSerial(100)+" (35 tem)") {
		t.Errorf("sheet 2 lacks its number or serial range")
	}
	if strings.Contains(all, norm.NFD.String("Nước")) && !strings.Contains(all, "Nước") {
		t.Errorf("product name printed decomposed")
	}
	for _, s := range stamps {
		if n := strings.Count(all, stamp.FormatSerial(s.Serial)); n < 1 {
			t.Errorf("serial %s not printed", stamp.FormatSerial(s.Serial))
		}
	}
}

func TestRenderRanksAndLongNames(t *testing.T) {
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 3, 1)
	for _, c := range []struct {
		rank stamp.Rank
		tmpl string
		want string
	}{
		{stamp.Rank3, "a4-24", "OCOP ★★★"},
		{stamp.Rank5, "a4-14", "OCOP ★★★★★"},
		{stamp.RankParticipating, "a4-65", "Tham gia OCOP"},
	} {
		tm, _ := TemplateByName(c.tmpl)
		job := testJob(tm, b, stamps)
		job.Rank = c.rank
		job.ProductName = strings.Repeat("Mật ong hoa cà phê rừng Hương Sơn nguyên chất loại đặc biệt ", 4)
		text := popplerText(t, mustRender(t, job), 0)
		if !strings.Contains(text, c.want) {
			t.Errorf("%s rank %d: no %q in\n%s", c.tmpl, c.rank, c.want, text)
		}
		if !strings.Contains(text, "…") {
			t.Errorf("%s: long name not shortened with an ellipsis", c.tmpl)
		}
	}
}

func mustRender(t *testing.T, job Job) []byte {
	t.Helper()
	pdf, _ := render(t, job)
	return pdf
}

func TestRenderDeterministic(t *testing.T) {
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 150, 1)
	tm, _ := TemplateByName("a4-40")
	job := testJob(tm, b, stamps)
	job.Workers = 2
	one := mustRender(t, job)
	job.Workers = 1
	two := mustRender(t, job)
	if !bytes.Equal(one, two) {
		t.Fatal("the same job gave different bytes")
	}
	job.PrintedAt = job.PrintedAt.Add(time.Minute)
	if bytes.Equal(one, mustRender(t, job)) {
		t.Error("a different print time gave the same bytes")
	}
}

func TestRenderChunks(t *testing.T) {
	defer func(n int) { chunkLabels = n }(chunkLabels)
	chunkLabels = 100 // 65 labels a sheet: one sheet a chunk
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 300, 1)
	tm, _ := TemplateByName("a4-65")
	pdf, st := render(t, testJob(tm, b, stamps))
	if st.Pages != 5 {
		t.Fatalf("%d pages, want 5", st.Pages)
	}
	text := popplerText(t, pdf, 5)
	if !strings.Contains(text, "Tờ 5/5") || !strings.Contains(text, stamp.FormatSerial(300)) {
		t.Errorf("last sheet of a merged document:\n%s", text)
	}
	chunkLabels = 1000
	if bytes.Equal(pdf, mustRender(t, testJob(tm, b, stamps))) {
		t.Error("chunked and whole documents are byte-identical; the merge was not exercised")
	}
}

func TestRenderSubRange(t *testing.T) {
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 100, 1)
	tm, _ := TemplateByName("a4-21")
	var progress [][2]int
	job := testJob(tm, b, stamps[30:70])
	job.Progress = func(done, total int) { progress = append(progress, [2]int{done, total}) }
	pdf, st := render(t, job)
	if st.Pages != 2 || st.Labels != 40 {
		t.Errorf("stats %+v, want 2 pages, 40 labels", st)
	}
	text := popplerText(t, pdf, 1)
	if want := "Sê-ri " + stamp.FormatSerial(31) + " – " + stamp.FormatSerial(51); !strings.Contains(text, want) {
		t.Errorf("sheet 1 lacks %q", want)
	}
	if len(progress) != 2 || progress[0] != [2]int{21, 40} || progress[1] != [2]int{40, 40} {
		t.Errorf("progress %v", progress)
	}
}

func TestCalibration(t *testing.T) {
	for _, name := range []string{"a4-65", "a4-40"} {
		tm, _ := TemplateByName(name)
		job := Job{Template: tm, BaseURL: testBaseURL, PrintedAt: testPrintedAt, Calibration: true, OffsetX: 1.5, OffsetY: -0.5}
		pdf, st := render(t, job)
		if st.Pages != 1 || st.Labels != 0 {
			t.Errorf("%s: stats %+v", name, st)
		}
		text := popplerText(t, pdf, 0)
		for _, want := range []string{"TRANG CĂN CHỈNH MÁY IN – mẫu " + name, "X = +1,5 mm, Y = −0,5 mm", "100 mm", "hàng 1, cột 1"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: calibration sheet lacks %q", name, want)
			}
		}
	}
}

func TestRenderRefuses(t *testing.T) {
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 5, 1)
	tm, _ := TemplateByName("a4-65")
	swapped := append([]stamp.Stamp(nil), stamps...)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	other := append([]stamp.Stamp(nil), stamps...)
	other[3].BatchID = uuid.New()
	product := append([]stamp.Stamp(nil), stamps...)
	product[4].ProductNumber = 7
	for _, c := range []struct {
		name string
		edit func(*Job)
		want string
	}{
		{"no stamps", func(j *Job) { j.Stamps = nil }, "no stamps"},
		{"out of order", func(j *Job) { j.Stamps = swapped }, "not in serial order"},
		{"another batch", func(j *Job) { j.Stamps = other }, "belongs to batch"},
		{"another product", func(j *Job) { j.Stamps = product }, "is for product 7"},
		{"bad rank", func(j *Job) { j.Rank = 2 }, "rank 2"},
		{"no product name", func(j *Job) { j.ProductName = " \t" }, "product name"},
		{"no print time", func(j *Job) { j.PrintedAt = time.Time{} }, "print time"},
		{"offset", func(j *Job) { j.OffsetY = 25 }, "offset"},
		{"template too big", func(j *Job) { j.Cols = 6 }, "too wide"},
		{"modules too small", func(j *Job) { j.LabelH, j.Rows = 15, 18 }, "QR modules would be"},
		{"no base URL", func(j *Job) { j.BaseURL = "" }, "base URL"},
	} {
		job := testJob(tm, b, stamps)
		c.edit(&job)
		var buf bytes.Buffer
		_, err := Render(&buf, job)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want EInvalid with %q", c.name, err, c.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written before the error", c.name, buf.Len())
		}
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestRenderWriterFails(t *testing.T) {
	defer func(n int) { chunkLabels = n }(chunkLabels)
	chunkLabels = 65
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 400, 1)
	tm, _ := TemplateByName("a4-65")
	for _, n := range []int{0, 1000, 200_000} {
		_, err := Render(&failWriter{n: n}, testJob(tm, b, stamps))
		if !errors.Is(err, errDiskFull) {
			t.Errorf("writer failing after %d bytes: %v", n, err)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		norm.NFD.String("Nước mắm"):   "Nước mắm",
		"  Cam  bù\tHương\nSơn  ":     "Cam bù Hương Sơn",
		"Mật ong\u0000 rừng":          "Mật ong rừng",
		norm.NFD.String("Nhung hươu"): "Nhung hươu",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBytesPerLabel checks the size of a 1,000-label print on the presets
// with the most and the least text a label.
func TestBytesPerLabel(t *testing.T) {
	if testing.Short() {
		t.Skip("prints 2,000 labels")
	}
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 1000, 1)
	for _, name := range []string{"a4-14", "a4-65"} {
		tm, _ := TemplateByName(name)
		_, st := render(t, testJob(tm, b, stamps))
		per := float64(st.Bytes) / float64(st.Labels)
		t.Logf("%s: %d bytes, %.0f a label", name, st.Bytes, per)
		if per > 2048 {
			t.Errorf("%s: %.0f bytes a label, want at most 2 KB", name, per)
		}
	}
}

func TestChunks(t *testing.T) {
	defer func(n int) { chunkLabels = n }(chunkLabels)
	chunkLabels = 4096
	for _, c := range []struct {
		pages, per int
		want       [][2]int
	}{
		{1, 65, [][2]int{{0, 1}}},
		{8, 65, [][2]int{{0, 8}}},
		{31, 65, [][2]int{{0, 31}}},
		{32, 65, [][2]int{{0, 24}, {24, 32}}},
		{100, 65, [][2]int{{0, 63}, {63, 92}, {92, 100}}},
		{10, 600, [][2]int{{0, 6}, {6, 9}, {9, 10}}},
		{5, 5000, [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}},
	} {
		got := chunks(c.pages, c.per)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("chunks(%d, %d) = %v, want %v", c.pages, c.per, got, c.want)
		}
	}
}

func TestWrap(t *testing.T) {
	m := measure()
	w := m.width(regular, 10, "Nước mắm Vũ Quang –") + 0.1
	got := m.wrap(regular, 10, "Nước mắm Vũ Quang – thượng hạng", w, 3)
	if len(got) != 2 || got[0] != "Nước mắm Vũ Quang –" || got[1] != "thượng hạng" {
		t.Errorf("wrap = %q", got)
	}
	got = m.wrap(regular, 10, "Nước mắm Vũ Quang – thượng hạng loại đặc biệt", m.width(regular, 10, "Nước mắm Vũ Quang"), 2)
	if len(got) != 2 || got[0] != "Nước mắm Vũ" || !strings.HasSuffix(got[1], "…") {
		t.Errorf("wrap = %q", got)
	}
}
