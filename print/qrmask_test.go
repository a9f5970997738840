package print

import (
	"image"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/skip2/go-qrcode"
)

// matrix converts a bitmap to gozxing's BitMatrix.
func matrix(bm [][]bool) *gozxing.BitMatrix {
	m, _ := gozxing.NewSquareBitMatrix(len(bm))
	for y, row := range bm {
		for x, v := range row {
			if v {
				m.Set(x, y)
			}
		}
	}
	return m
}

// TestRemask checks that re-masking keeps every symbol's content: for
// versions 1 to 12, each of the eight masks decodes (without detection, with
// error correction reporting no correction needed) to the original text.
func TestRemask(t *testing.T) {
	dec := decoder.NewDecoder()
	for v := 1; v <= 12; v++ {
		content := "HTTPS://X.VN/S/ABC"
		q, err := qrcode.NewWithForcedVersion(content, v, qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		q.DisableBorder = true
		bm := q.Bitmap()
		orig := readMask(bm)
		if orig < 0 {
			t.Fatalf("version %d: mask not readable", v)
		}
		d := dataMasksFor(v)
		cur := orig
		for m := range maskFuncs {
			remask(bm, d, cur, m)
			cur = m
			if got := readMask(bm); got != m {
				t.Errorf("version %d: mask %d reads back as %d", v, m, got)
			}
			res, err := dec.Decode(matrix(bm), nil)
			if err != nil || res.GetText() != content {
				t.Errorf("version %d mask %d: %v", v, m, err)
				continue
			}
			if n := res.GetErrorsCorrected(); n != 0 {
				t.Errorf("version %d mask %d: %d codewords needed correction", v, m, n)
			}
		}
	}
}

// TestNoFalseFinders renders stamp codes as printed (after re-masking) at
// several resolutions and reads them with gozxing's full reader: before
// re-masking about 1 in 100 failed at every resolution because a finder-like
// pattern in the data stopped the finder search early.
func TestNoFalseFinders(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 100
	}
	signer, _ := testKeys(t)
	_, stamps := fabricate(signer, n, 70001)
	reader := gzqr.NewQRCodeReader()
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	failed := 0
	for _, s := range stamps {
		url := s.Code().URL(testBaseURL)
		q, err := qrcode.NewWithForcedVersion(url, 7, qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		q.DisableBorder = true
		bm := q.Bitmap()
		avoidFalseFinders(bm, 7)
		if sc := newFinderScan(bm).score(); sc.diagonal > 0 {
			t.Errorf("%s: a false finder passing every check remains (%+v)", url, sc)
		}
		for _, px := range []int{3, 4, 7} {
			img := pureImage(bm, px)
			bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
			res, err := reader.Decode(bmp, hints)
			reader.Reset()
			if err != nil || res.GetText() != url {
				failed++
				t.Errorf("%d px/module: %v", px, err)
			}
		}
	}
	t.Logf("%d codes, %d reads failed", n, failed)
}

// pureImage draws bm at px pixels a module with a 4-module quiet zone.
func pureImage(bm [][]bool, px int) *image.Gray {
	n := len(bm)
	side := (n + 8) * px
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for r, row := range bm {
		for c, v := range row {
			if !v {
				continue
			}
			for y := (r + 4) * px; y < (r+5)*px; y++ {
				for x := (c + 4) * px; x < (c+5)*px; x++ {
					img.Pix[y*side+x] = 0
				}
			}
		}
	}
	return img
}

func TestAppendRuns(t *testing.T) {
	bm := [][]bool{
		{true, true, false, true},
		{false, false, false, false},
		{false, true, true, true},
		{false, false, false, true},
	}
	if got, want := string(appendRuns(nil, bm)), "0 0 2 1 re\n3 0 1 1 re\n1 2 3 1 re\n3 3 1 1 re\n"; got != want {
		t.Errorf("appendRuns = %q, want %q", got, want)
	}
}
