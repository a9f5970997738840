// Package imagetest makes the images that tests of QR reading need: stamps
// signed with a fixed test key, printed label sheets rasterised at a given
// resolution (print.Render, then pdftoppm), single labels, and the damage a
// phone photo does to them: rotation, blur, down-scaling, JPEG compression.
package imagetest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/skip2/go-qrcode"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// BaseURL is the public base URL of the test codes.
const BaseURL = "https://txng.example.vn"

// Signer returns the test signer (a fixed seed) and a key set in which its
// key is active.
func Signer(tb testing.TB) (*stamp.Signer, *stamp.KeySet) {
	tb.Helper()
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, "ocopstamp qrimage test seed")
	signer, err := stamp.NewSigner(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := stamp.NewKeySet(stamp.PublicKey{ID: signer.KeyID(), Key: signer.Public(), State: stamp.KeyActive,
		CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatal(err)
	}
	return signer, keys
}

// Stamps signs n stamps of product in one batch with serials from first on;
// ids derive from the serial, so runs repeat exactly.
func Stamps(signer *stamp.Signer, product uint32, n int, first uint64) (stamp.Batch, []stamp.Stamp) {
	b := stamp.Batch{
		ID:            uuid.NewSHA1(uuid.NameSpaceOID, []byte("qrimage batch "+strconv.Itoa(int(product)))),
		ProductNumber: product, FacilityCode: "HT-CS-0001", Count: n, KeyID: signer.KeyID(), FirstSerial: first,
	}
	stamps := make([]stamp.Stamp, n)
	for i := range stamps {
		var seed [8]byte
		binary.BigEndian.PutUint64(seed[:], first+uint64(i))
		id := uuid.NewSHA1(b.ID, seed[:])
		c := signer.Sign(product, id)
		stamps[i] = stamp.Stamp{ID: id, BatchID: b.ID, ProductNumber: product, Serial: first + uint64(i),
			KeyID: c.KeyID, Signature: c.Signature}
	}
	return b, stamps
}

// NeedPoppler skips the test (or fails it when env CI is set) when pdftoppm
// is missing.
func NeedPoppler(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("pdftoppm not found: install poppler-utils")
		}
		tb.Skip("pdftoppm not found: install poppler-utils to run this test")
	}
}

// SheetPNG prints the stamps on the named label template and returns the
// first sheet rasterised by pdftoppm at dpi, as PNG bytes.
func SheetPNG(tb testing.TB, template string, b stamp.Batch, stamps []stamp.Stamp, dpi int) []byte {
	tb.Helper()
	NeedPoppler(tb)
	tmpl, err := print.TemplateByName(template)
	if err != nil {
		tb.Fatal(err)
	}
	var pdf bytes.Buffer
	job := print.Job{Template: tmpl, BaseURL: BaseURL, Batch: b, ProductName: "Mật ong Vũ Quang (mẫu thử)",
		FacilityName: "HTX Ong mật Vũ Quang", Rank: stamp.Rank4, Stamps: stamps,
		PrintedAt: time.Date(2026, 11, 29, 9, 0, 0, 0, stamp.Vietnam)}
	if _, err := print.Render(&pdf, job); err != nil {
		tb.Fatal(err)
	}
	file := filepath.Join(tb.TempDir(), "sheet.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return Rasterise(tb, file, dpi)
}

// Rasterise renders the first page of a PDF file at dpi with pdftoppm and
// returns it as PNG bytes.
func Rasterise(tb testing.TB, pdf string, dpi int) []byte {
	tb.Helper()
	NeedPoppler(tb)
	out := filepath.Join(tb.TempDir(), "page")
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", pdf, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("pdftoppm: %v: %s", err, msg)
	}
	data, err := os.ReadFile(out + ".png")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// Label draws the QR code of text as a label photo would show it: black
// modules of px pixels on white paper, a 4-module quiet zone and margin
// extra pixels of paper around it.
func Label(tb testing.TB, text string, px, margin int) *image.Gray {
	tb.Helper()
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		tb.Fatal(err)
	}
	bm := q.Bitmap() // with a 4-module quiet zone
	n := len(bm)
	side := n*px + 2*margin
	img := image.NewGray(image.Rect(0, 0, side, side))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for y := range bm {
		for x := range bm[y] {
			if bm[y][x] {
				draw.Draw(img, image.Rect(margin+x*px, margin+y*px, margin+(x+1)*px, margin+(y+1)*px), image.Black, image.Point{}, draw.Src)
			}
		}
	}
	return img
}

// Paste returns a w×h paper-grey canvas with each image drawn at its point.
func Paste(w, h int, imgs []image.Image, at []image.Point) *image.Gray {
	canvas := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(canvas, canvas.Bounds(), image.NewUniform(color.Gray{Y: 235}), image.Point{}, draw.Src)
	for i, img := range imgs {
		draw.Draw(canvas, img.Bounds().Sub(img.Bounds().Min).Add(at[i]), img, img.Bounds().Min, draw.Src)
	}
	return canvas
}

// ToGray converts any image to grey.
func ToGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	return g
}

// Rotate turns img by deg degrees counter-clockwise about its centre, with
// bilinear sampling, onto a canvas large enough to hold it; the corners
// are filled with paper white.
func Rotate(img image.Image, deg float64) *image.Gray {
	src := ToGray(img)
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	a := deg * math.Pi / 180
	sin, cos := math.Sin(a), math.Cos(a)
	nw := int(math.Ceil(math.Abs(float64(w)*cos) + math.Abs(float64(h)*sin)))
	nh := int(math.Ceil(math.Abs(float64(w)*sin) + math.Abs(float64(h)*cos)))
	out := image.NewGray(image.Rect(0, 0, nw, nh))
	cx, cy := float64(w)/2, float64(h)/2
	ncx, ncy := float64(nw)/2, float64(nh)/2
	for y := 0; y < nh; y++ {
		for x := 0; x < nw; x++ {
			dx, dy := float64(x)+0.5-ncx, float64(y)+0.5-ncy
			sx := cos*dx - sin*dy + cx - 0.5
			sy := sin*dx + cos*dy + cy - 0.5
			out.Pix[y*out.Stride+x] = bilinear(src, sx, sy)
		}
	}
	return out
}

func bilinear(g *image.Gray, x, y float64) byte {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 255
		}
		return float64(g.Pix[y*g.Stride+x])
	}
	v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
	return byte(math.Round(v))
}

// BoxBlur averages every pixel with its neighbours within radius r (a
// (2r+1)×(2r+1) box), as an out-of-focus camera would.
func BoxBlur(img image.Image, r int) *image.Gray {
	src := ToGray(img)
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	tmp := make([]int, w*h)
	// horizontal pass, then vertical: a separable box filter.
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			s, n := 0, 0
			for dx := -r; dx <= r; dx++ {
				if xx := x + dx; xx >= 0 && xx < w {
					s += int(src.Pix[y*src.Stride+xx])
					n++
				}
			}
			tmp[y*w+x] = s / n
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			s, n := 0, 0
			for dy := -r; dy <= r; dy++ {
				if yy := y + dy; yy >= 0 && yy < h {
					s += tmp[yy*w+x]
					n++
				}
			}
			out.Pix[y*out.Stride+x] = byte(s / n)
		}
	}
	return out
}

// Scale resizes img by factor f (< 1 shrinks) with bilinear sampling.
func Scale(img image.Image, f float64) *image.Gray {
	src := ToGray(img)
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	nw, nh := max(1, int(float64(w)*f)), max(1, int(float64(h)*f))
	out := image.NewGray(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		for x := 0; x < nw; x++ {
			out.Pix[y*out.Stride+x] = bilinear(src, (float64(x)+0.5)/f-0.5, (float64(y)+0.5)/f-0.5)
		}
	}
	return out
}

// Dim maps the grey levels of img into [lo, hi]: a dull photo under shop
// lighting.
func Dim(img image.Image, lo, hi byte) *image.Gray {
	src := ToGray(img)
	out := image.NewGray(src.Bounds())
	for i, v := range src.Pix {
		out.Pix[i] = lo + byte(int(v)*int(hi-lo)/255)
	}
	return out
}

// JPEG encodes img as a JPEG of the given quality.
func JPEG(tb testing.TB, img image.Image, quality int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// PNG encodes img as PNG.
func PNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Decode decodes PNG or JPEG bytes.
func Decode(tb testing.TB, data []byte) image.Image {
	tb.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	return img
}
