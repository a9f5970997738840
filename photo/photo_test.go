package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
)

// TestCleanStripsGPS: a JPEG whose EXIF holds a GPS position comes out as
// a JPEG of the same picture without the EXIF segment or the position.
func TestCleanStripsGPS(t *testing.T) {
	in := phototest.JPEG(t, phototest.Picture(64, 48), 1)
	if !bytes.Contains(in, phototest.GPSLatitude) || !bytes.Contains(in, []byte("Exif")) {
		t.Fatal("the test photo does not carry its GPS block")
	}
	p, err := Clean(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != JPEG || bytes.Contains(p.Data, phototest.GPSLatitude) || bytes.Contains(p.Data, []byte("Exif")) {
		t.Fatalf("cleaned photo (%s, %d bytes) still carries EXIF or GPS", p.Type, len(p.Data))
	}
	img, err := jpeg.Decode(bytes.NewReader(p.Data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 64 || b.Dy() != 48 {
		t.Fatalf("size %v", b)
	}
}

// TestCleanTurnsUpright: orientation 6 (held turned right) gives the
// picture turned a quarter clockwise; 3 upside down; 8 a quarter back.
func TestCleanTurnsUpright(t *testing.T) {
	for _, c := range []struct {
		o          uint16
		w, h       int
		redX, redY int // where the red quarter lands (a point inside it)
	}{{1, 80, 40, 10, 10}, {6, 40, 80, 30, 10}, {3, 80, 40, 70, 30}, {8, 40, 80, 10, 70}} {
		p, err := Clean(context.Background(), phototest.JPEG(t, phototest.Picture(80, 40), c.o))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(p.Data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Fatalf("orientation %d: size %v, want %d×%d", c.o, b, c.w, c.h)
		}
		if r, _, b, _ := img.At(c.redX, c.redY).RGBA(); r>>8 < 150 || b>>8 > 80 {
			t.Errorf("orientation %d: (%d,%d) is not red", c.o, c.redX, c.redY)
		}
	}
}

// TestCleanPNG: a PNG stays a PNG; its text chunks are dropped. The
// fake-finder image of issue 11 (hostile to QR reading) is an ordinary
// picture here.
func TestCleanPNG(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, imagetest.FakeFinders(300, 300, 2)); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	// A tEXt chunk after IHDR (8-byte signature + 25-byte IHDR chunk).
	text := []byte("tEXtLocation\x0018.345,105.905")
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(text)-4))
	chunk = append(chunk, text...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(text))
	data = append(append(append([]byte{}, data[:33]...), chunk...), data[33:]...)
	p, err := Clean(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != PNG || bytes.Contains(p.Data, []byte("105.905")) {
		t.Fatalf("PNG: %s, text kept %v", p.Type, bytes.Contains(p.Data, []byte("105.905")))
	}
}

// TestCleanRefuses: too many bytes, not an image, a damaged one, too many
// pixels (decided from the header), a side too long.
func TestCleanRefuses(t *testing.T) {
	good := phototest.JPEG(t, phototest.Picture(16, 16), 1)
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"too big", append(append([]byte{}, good...), make([]byte, MaxBytes)...), ErrTooBig},
		{"empty", nil, ErrNotImage},
		{"text", []byte("hello, this is not a photo"), ErrNotImage},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ErrNotImage},
		{"truncated jpeg", good[:len(good)/2], ErrNotImage},
		{"bomb 20000×20000", phototest.HugePNG(20000, 20000), ErrTooLarge},
		{"bomb 6000×6000", phototest.HugePNG(6000, 6000), ErrTooLarge},
		{"side 13000×10", phototest.HugePNG(13000, 10), ErrTooLarge},
		{"zero", phototest.HugePNG(0, 10), ErrNotImage},
	} {
		_, err := Clean(context.Background(), c.data)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// TestCleanWaitsForSlot: while another photo is being decoded, a request
// whose context ends gets ErrCancelled instead of waiting on.
func TestCleanWaitsForSlot(t *testing.T) {
	slots <- struct{}{}
	defer func() { <-slots }()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Clean(ctx, phototest.JPEG(t, phototest.Picture(8, 8), 1)); !errors.Is(err, ErrCancelled) {
		t.Fatalf("%v, want ErrCancelled", err)
	}
}
