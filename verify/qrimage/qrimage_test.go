package qrimage_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
)

// TestSheet prints one full sheet of stamps, rasterises it with pdftoppm at
// 300 dpi and requires every code on the page, each verifying, in label
// order; the densest sheet also scanned at 200 dpi 3° askew and saved as
// JPEG.
func TestSheet(t *testing.T) {
	signer, keys := imagetest.Signer(t)
	cases := []struct {
		name, template string
		dpi            int
		damage         func(image.Image) image.Image // nil: labels come in reading order
	}{
		{"a4-65", "a4-65", 300, nil},
		{"a4-65 tilted 3° JPEG", "a4-65", 200, func(img image.Image) image.Image {
			return imagetest.Decode(t, imagetest.JPEG(t, imagetest.Rotate(img, 3), 70))
		}},
		{"a4-24", "a4-24", 300, nil},
	}
	if testing.Short() {
		cases = cases[:1]
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b, stamps := imagetest.Stamps(signer, 1006, perPage(t, c.template), 101)
			img, err := qrimage.ReadBytes(imagetest.SheetPNG(t, c.template, b, stamps, c.dpi))
			if err != nil {
				t.Fatal(err)
			}
			inOrder := c.damage == nil
			if !inOrder {
				img = c.damage(img)
			}
			codes := qrimage.Decode(img)
			if len(codes) != len(stamps) {
				t.Fatalf("found %d codes on a sheet of %d", len(codes), len(stamps))
			}
			if !inOrder { // rows of a tilted page slope: compare as sets
				sort.Slice(codes, func(i, j int) bool { return codes[i].Text < codes[j].Text })
				sort.Slice(stamps, func(i, j int) bool {
					return stamps[i].Code().URL(imagetest.BaseURL) < stamps[j].Code().URL(imagetest.BaseURL)
				})
			}
			for i, c := range codes {
				if want := stamps[i].Code().URL(imagetest.BaseURL); c.Text != want {
					t.Fatalf("code %d (at %d,%d) is %q, want label %d's %q", i, c.X, c.Y, c.Text, i, want)
				}
				if _, _, err := stamp.DecodeAndVerify(c.Text, keys); err != nil {
					t.Fatalf("code %d: %v", i, err)
				}
			}
		})
	}
}

func perPage(t *testing.T, template string) int {
	t.Helper()
	imagetest.NeedPoppler(t)
	return map[string]int{"a4-65": 65, "a4-24": 24}[template]
}

// fixedURL is a stamp URL that is the same in every run.
func fixedURL(t *testing.T, n int) string {
	signer, _ := imagetest.Signer(t)
	var seed [8]byte
	binary.BigEndian.PutUint64(seed[:], uint64(n))
	return signer.Sign(1006, uuid.NewSHA1(uuid.NameSpaceURL, seed[:])).URL(imagetest.BaseURL)
}

// TestPhoto decodes one label through the damage a phone photo does to it.
func TestPhoto(t *testing.T) {
	url := fixedURL(t, 1)
	label := imagetest.Label(t, url, 6, 40) // 6 px a module: a label filling a third of a phone frame
	jpeg := func(img image.Image, q int) image.Image { return imagetest.Decode(t, imagetest.JPEG(t, img, q)) }
	cases := []struct {
		name string
		img  func() image.Image
	}{
		{"upright", func() image.Image { return label }},
		{"rotated 7°", func() image.Image { return imagetest.Rotate(label, 7) }},
		{"rotated 90°", func() image.Image { return imagetest.Rotate(label, 90) }},
		{"upside down and 4° off", func() image.Image { return imagetest.Rotate(label, 184) }},
		{"rotated 33°", func() image.Image { return imagetest.Rotate(label, 33) }},
		{"blurred (5×5 box)", func() image.Image { return imagetest.BoxBlur(label, 2) }},
		{"blurred (7×7 box)", func() image.Image { return imagetest.BoxBlur(label, 3) }},
		{"very blurred (9×9 box)", func() image.Image { return imagetest.BoxBlur(label, 4) }},
		{"JPEG quality 60, rotated 7°", func() image.Image { return jpeg(imagetest.Rotate(label, 7), 60) }},
		{"scaled down to 3 px a module", func() image.Image { return imagetest.Scale(label, 0.5) }},
		{"scaled down to 2 px a module", func() image.Image { return imagetest.Scale(label, 0.33) }},
		{"dull and blurred", func() image.Image { return imagetest.Dim(imagetest.BoxBlur(label, 2), 90, 160) }},
		{"rotated, blurred, scaled, JPEG 60", func() image.Image {
			return jpeg(imagetest.Scale(imagetest.BoxBlur(imagetest.Rotate(label, 7), 2), 0.6), 60)
		}},
		{"small in a 12 MP blurred photo", func() image.Image {
			return imagetest.Paste(3000, 4000, []image.Image{imagetest.BoxBlur(imagetest.Rotate(imagetest.Scale(label, 3), 12), 6)}, []image.Point{{800, 1500}})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			codes := qrimage.Decode(c.img())
			if len(codes) != 1 || codes[0].Text != url {
				t.Fatalf("found %+v, want the one label", codes)
			}
		})
	}
}

// TestSeveralCodes finds four different labels of different sizes and
// angles, and a second copy of the first: five occurrences, in reading
// order.
func TestSeveralCodes(t *testing.T) {
	var urls []string
	var labels []image.Image
	for i := range 4 {
		urls = append(urls, fixedURL(t, 10+i))
		labels = append(labels, imagetest.Rotate(imagetest.Label(t, urls[i], 4+i, 20), float64(i*25)))
	}
	labels = append(labels, imagetest.Rotate(imagetest.Label(t, urls[0], 5, 20), 80))
	img := imagetest.Paste(1800, 1400, labels, []image.Point{{50, 50}, {700, 80}, {100, 700}, {900, 650}, {1300, 100}})
	codes := qrimage.Decode(imagetest.Decode(t, imagetest.JPEG(t, img, 80)))
	want := []string{urls[0], urls[1], urls[0], urls[2], urls[3]} // rows: top three, then bottom two
	if len(codes) != len(want) {
		t.Fatalf("found %d codes, want %d: %+v", len(codes), len(want), codes)
	}
	for i, c := range codes {
		if c.Text != want[i] {
			t.Errorf("code %d at (%d,%d) is %q, want %q", i, c.X, c.Y, c.Text, want[i])
		}
	}
	if codes[0].Size < 150 || codes[0].Size > 220 {
		t.Errorf("first code's size %d px, want about 180", codes[0].Size)
	}
}

// TestNoCode finds nothing in noise, and nothing in a blank page.
func TestNoCode(t *testing.T) {
	noise := image.NewGray(image.Rect(0, 0, 800, 600))
	rnd := rand.New(rand.NewSource(1))
	for i := range noise.Pix {
		noise.Pix[i] = byte(100 + rnd.Intn(100))
	}
	for name, img := range map[string]image.Image{"noise": noise, "blank": image.NewGray(image.Rect(0, 0, 300, 200)), "empty": image.NewGray(image.Rectangle{})} {
		if codes := qrimage.Decode(img); len(codes) != 0 {
			t.Errorf("%s: found %+v", name, codes)
		}
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	label := imagetest.PNG(t, imagetest.Label(t, fixedURL(t, 1), 4, 8))
	cases := []struct {
		name, file string
		want       error
		says       string
	}{
		{"text", write("codes.txt", []byte("HTTPS://TXNG.EXAMPLE.VN/S/AAAA\n")), qrimage.ErrNotImage, "unrecognised"},
		{"pdf", write("sheet.pdf", []byte("%PDF-1.7\n...")), qrimage.ErrNotImage, "pdftoppm"},
		{"empty", write("empty.png", nil), qrimage.ErrNotImage, "empty file"},
		{"truncated", write("cut.png", label[:len(label)/2]), qrimage.ErrNotImage, "damaged"},
		{"heic", write("photo.heic", append([]byte{0, 0, 0, 24}, "ftypheic...."...)), qrimage.ErrNotImage, "HEIC"},
		{"huge", write("huge.png", hugePNG(t)), qrimage.ErrTooLarge, "million"},
		{"missing", filepath.Join(dir, "nope.jpg"), fs.ErrNotExist, "no such file"},
		{"directory", dir, nil, "is a directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := qrimage.DecodeFile(c.file)
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("error %v, want %v saying %q", err, c.want, c.says)
			}
		})
	}
	codes, err := qrimage.DecodeFile(write("label.png", label))
	if err != nil || len(codes) != 1 {
		t.Fatalf("label.png: %v, %+v", err, codes)
	}
}

// hugePNG returns a PNG whose header claims 20000×20000 pixels (its pixel
// data is a single row: Read must refuse it from the header alone).
func hugePNG(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b[16:], 20000) // IHDR width
	binary.BigEndian.PutUint32(b[20:], 20000) // IHDR height
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}
