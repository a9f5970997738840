package qrimage_test

import (
	"image"
	"math"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
)

// sheet300 is a full a4-65 sheet rasterised at 300 dpi, grey.
func sheet300(b *testing.B) (*image.Gray, int) {
	b.Helper()
	signer, _ := imagetest.Signer(b)
	batch, stamps := imagetest.Stamps(signer, 1006, 65, 101)
	img, err := qrimage.ReadBytes(imagetest.SheetPNG(b, "a4-65", batch, stamps, 300))
	if err != nil {
		b.Fatal(err)
	}
	return imagetest.ToGray(img), len(stamps)
}

// BenchmarkDecodeSheet300dpi decodes a whole 300-dpi sheet of 65 labels
// without knowing its layout (what verify does with a scan).
func BenchmarkDecodeSheet300dpi(b *testing.B) {
	img, n := sheet300(b)
	cpu := imagetest.CPUTime()
	b.ResetTimer()
	for range b.N {
		if got := len(qrimage.Decode(img)); got != n {
			b.Fatalf("decoded %d of %d", got, n)
		}
	}
	b.StopTimer()
	report(b, n, imagetest.CPUTime()-cpu)
}

// BenchmarkSheetCellsBaseline is the baseline: knowing the template, crop
// each label cell and decode it alone with gozxing's QR reader (one core),
// the reliable path libraries.md measured.
func BenchmarkSheetCellsBaseline(b *testing.B) {
	img, n := sheet300(b)
	tmpl, _ := print.TemplateByName("a4-65")
	px := func(mm float64) int { return int(math.Round(mm * 300 / 25.4)) }
	reader := qrcode.NewQRCodeReader()
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	cpu := imagetest.CPUTime()
	b.ResetTimer()
	for range b.N {
		ok := 0
		for i := range n {
			r, c := i/tmpl.Cols, i%tmpl.Cols
			x := tmpl.MarginLeft + float64(c)*(tmpl.LabelW+tmpl.GapX)
			y := tmpl.MarginTop + float64(r)*(tmpl.LabelH+tmpl.GapY)
			left, top := px(x), px(y)
			w, h := min(px(tmpl.LabelW), img.Rect.Dx()-left), min(px(tmpl.LabelH), img.Rect.Dy()-top)
			src, err := gozxing.NewPlanarYUVLuminanceSource(img.Pix, img.Stride, img.Rect.Dy(), left, top, w, h, false)
			if err != nil {
				b.Fatal(err)
			}
			bmp, _ := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
			if _, err := reader.Decode(bmp, hints); err == nil {
				ok++
			}
		}
		if ok != n {
			b.Fatalf("decoded %d of %d cells", ok, n)
		}
	}
	b.StopTimer()
	report(b, n, imagetest.CPUTime()-cpu)
}

// report adds codes/s (wall clock) and CPU milliseconds per code.
func report(b *testing.B, perOp int, cpu time.Duration) {
	b.ReportMetric(float64(perOp*b.N)/b.Elapsed().Seconds(), "codes/s")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1000/float64(perOp*b.N), "cpu-ms/code")
	}
}
