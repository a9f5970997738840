package print

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// scanDPI is the resolution the acceptance test scans sheets at.
const scanDPI = 200

// TestScanBack prints a batch of 1,000 stamps with every preset, rasterises
// each sheet with pdftoppm at 200 dpi, crops every label cell from the known
// grid and decodes it with gozxing: every label must give exactly its own
// stamp URL, and the code must verify against the signer's key set.
func TestScanBack(t *testing.T) {
	needPoppler(t, "pdftoppm")
	n := 1000
	if testing.Short() {
		n = 100
	}
	// Several fpdf chunks a document, so that the merge is scanned too.
	defer func(n int) { chunkLabels = n }(chunkLabels)
	chunkLabels = 300
	signer, keys := testKeys(t)
	b, stamps := fabricate(signer, n, 4001)
	for i, tmpl := range Templates() {
		t.Run(tmpl.Name, func(t *testing.T) {
			job := testJob(tmpl, b, stamps)
			if i == 1 {
				job.OffsetX, job.OffsetY = 1.2, -0.8 // a printer correction moves every label
			}
			var pdf bytes.Buffer
			st, err := Render(&pdf, job)
			if err != nil {
				t.Fatal(err)
			}
			if want := (n + tmpl.PerPage() - 1) / tmpl.PerPage(); st.Pages != want || st.Labels != n {
				t.Fatalf("stats %+v, want %d pages, %d labels", st, want, n)
			}
			got, turned := scanSheets(t, pdf.Bytes(), job)
			ok := 0
			for i, s := range stamps {
				want := s.Code().URL(testBaseURL)
				switch {
				case got[i] == "":
					t.Errorf("label %d (serial %s, sheet %d) did not decode", i, stamp.FormatSerial(s.Serial), i/tmpl.PerPage()+1)
					continue
				case got[i] != want:
					t.Errorf("label %d decoded as %q, want %q", i, got[i], want)
					continue
				}
				c, _, err := stamp.DecodeAndVerify(got[i], keys)
				if err != nil || c.StampID != s.ID {
					t.Errorf("label %d: verify: %v (stamp id %s, want %s)", i, err, c.StampID, s.ID)
					continue
				}
				ok++
			}
			t.Logf("%s: %d/%d labels scanned back at %d dpi, %d of them turned a quarter (%d sheets, %d bytes, %.0f bytes/label)",
				tmpl.Name, ok, n, scanDPI, turned, st.Pages, st.Bytes, float64(st.Bytes)/float64(n))
			if turned*200 > n {
				t.Errorf("%d of %d labels read only turned a quarter; re-masking (qrmask.go) should leave at most 1 in 200", turned, n)
			}

		})
	}
}

// scanSheets rasterises every sheet of pdf and decodes each label cell that
// holds a stamp; it returns the decoded texts in label order ("" when a cell
// does not decode). Sheets are rasterised and decoded on all cores.
func scanSheets(t *testing.T, pdf []byte, job Job) (texts []string, turned int) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "sheets.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	per := job.PerPage()
	pages := (len(job.Stamps) + per - 1) / per
	out := make([]string, len(job.Stamps))
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	var retries atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reader := qrcode.NewQRCodeReader()
			for p := range work {
				img, err := rasterise(file, p+1)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					continue
				}
				for i := p * per; i < min((p+1)*per, len(job.Stamps)); i++ {
					x, y := job.cell((i-p*per)/job.Cols, (i-p*per)%job.Cols)
					var turned bool
					out[i], turned = img.decodeCell(reader, x+job.OffsetX, y+job.OffsetY, job.LabelW, job.LabelH)
					if turned {
						retries.Add(1)
					}
				}
			}
		}()
	}
	for p := range pages {
		work <- p
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	return out, int(retries.Load())
}

// grayImage is an 8-bit grey raster (PGM) of one sheet.
type grayImage struct {
	w, h int
	pix  []byte
}

// rasterise renders page of file at scanDPI in grey.
func rasterise(file string, page int) (*grayImage, error) {
	p := strconv.Itoa(page)
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(scanDPI), "-gray", "-f", p, "-l", p, file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("pdftoppm page %d: %v: %s", page, err, stderr.String())
	}
	if stderr.Len() > 0 {
		return nil, fmt.Errorf("pdftoppm page %d complains: %s", page, stderr.String())
	}
	return parsePGM(data)
}

// parsePGM reads a binary PGM ("P5", maxval 255) as pdftoppm writes it.
func parsePGM(data []byte) (*grayImage, error) {
	var fields []string
	i := 0
	for len(fields) < 4 && i < len(data) {
		for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
			i++
		}
		j := i
		for j < len(data) && data[j] != ' ' && data[j] != '\n' && data[j] != '\r' && data[j] != '\t' {
			j++
		}
		fields = append(fields, string(data[i:j]))
		i = j
	}
	i++ // the single white-space byte before the raster
	if len(fields) != 4 || fields[0] != "P5" || fields[3] != "255" {
		return nil, fmt.Errorf("not an 8-bit binary PGM: %q", fields)
	}
	w, err1 := strconv.Atoi(fields[1])
	h, err2 := strconv.Atoi(fields[2])
	if err1 != nil || err2 != nil || len(data)-i < w*h {
		return nil, fmt.Errorf("bad PGM size %q×%q with %d bytes", fields[1], fields[2], len(data)-i)
	}
	return &grayImage{w: w, h: h, pix: data[i : i+w*h]}, nil
}

// decodeCell decodes the QR code in the w×h mm cell at (x, y) mm; it
// returns "" when none decodes. When the cell as scanned does not decode, it
// tries once more turned a quarter, as a phone held the other way would see
// it: ZXing-family readers stop at the first three finder-like patterns they
// confirm, so the scan direction matters (see qrmask.go); turned reports
// that the second try was needed.
func (img *grayImage) decodeCell(reader gozxing.Reader, x, y, w, h float64) (text string, turned bool) {
	px := func(mm float64) int { return int(math.Round(mm * scanDPI / 25.4)) }
	left, top := max(0, px(x)), max(0, px(y))
	right, bottom := min(img.w, px(x+w)), min(img.h, px(y+h))
	cw, ch := right-left, bottom-top
	if cw <= 0 || ch <= 0 {
		return "", false
	}
	if t := decodeLuminance(reader, img.pix, img.w, img.h, left, top, cw, ch); t != "" {
		return t, false
	}
	rot := make([]byte, cw*ch) // turned clockwise: ch wide, cw high
	for yy := 0; yy < ch; yy++ {
		row := img.pix[(top+yy)*img.w+left:]
		for xx := 0; xx < cw; xx++ {
			rot[xx*ch+(ch-1-yy)] = row[xx]
		}
	}
	return decodeLuminance(reader, rot, ch, cw, 0, 0, ch, cw), true
}

func decodeLuminance(reader gozxing.Reader, pix []byte, w, h, left, top, cw, ch int) string {
	src, err := gozxing.NewPlanarYUVLuminanceSource(pix, w, h, left, top, cw, ch, false)
	if err != nil {
		return ""
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return ""
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := reader.Decode(bmp, hints)
	reader.Reset()
	if err != nil {
		return ""
	}
	return res.GetText()
}
