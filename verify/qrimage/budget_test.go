package qrimage_test

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
)

// TestHostileImageBudget is issue 11's hostile image: a few kilobytes of PNG
// tiled with fake finder patterns kept verify busy for minutes. Within the
// default work limits it is refused as too complex.
func TestHostileImageBudget(t *testing.T) {
	cases := []struct {
		name string
		img  image.Image
		why  string
	}{
		// ~2,500 candidates: every triple of neighbours looks like a symbol.
		{"grids", imagetest.FakeFinders(400, 400, 2), "grid samplings"},
		// More candidates than a pass may hold.
		{"candidates", imagetest.FakeFinders(1600, 1600, 1), "finder pattern candidates"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			png := imagetest.PNG(t, c.img)
			if len(png) > 16<<10 {
				t.Fatalf("the hostile image weighs %d bytes", len(png))
			}
			img, err := qrimage.ReadBytes(png)
			if err != nil {
				t.Fatal(err)
			}
			codes, err := qrimage.DecodeContext(context.Background(), img, qrimage.Limits{})
			if !errors.Is(err, qrimage.ErrTooComplex) || !strings.Contains(err.Error(), c.why) || codes != nil {
				t.Fatalf("got %d codes, err %v; want ErrTooComplex (%s)", len(codes), err, c.why)
			}
			if codes := qrimage.Decode(img); codes != nil {
				t.Fatalf("Decode found %d codes", len(codes))
			}
		})
	}
}

// countdownCtx is a context whose Err turns to Canceled after n calls: a
// deterministic stand-in for a SIGTERM arriving while an image decodes.
type countdownCtx struct {
	context.Context
	n atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestDecodeChecksContext: with work limits far above what the hostile
// image needs, only frequent context checks end the decoding when the
// context ends (SIGTERM for `ocopstamp verify`); without them it ran for
// minutes. A time limit ends it as too complex.
func TestDecodeChecksContext(t *testing.T) {
	img := imagetest.FakeFinders(800, 800, 2)
	huge := qrimage.Limits{MaxCandidates: 1 << 30, MaxGrids: 1 << 30}
	ctx := &countdownCtx{Context: context.Background()}
	ctx.n.Store(200)
	if _, err := qrimage.DecodeContext(ctx, img, huge); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	huge.Timeout = time.Nanosecond
	if _, err := qrimage.DecodeContext(context.Background(), img, huge); !errors.Is(err, qrimage.ErrTooComplex) ||
		!strings.Contains(err.Error(), "not decoded within 1ns") {
		t.Fatalf("err %v, want ErrTooComplex: not decoded within 1ns", err)
	}
}

// zeros is an endless reader of zero bytes that counts what it gave
// (/dev/zero).
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

// TestReadRefusesEarly: input that is not an image is refused after its
// first bytes; `verify /dev/zero` used to read 256 MiB (600 MB of memory)
// before refusing it.
func TestReadRefusesEarly(t *testing.T) {
	z := &zeros{}
	_, err := qrimage.Read(z)
	if !errors.Is(err, qrimage.ErrNotImage) || z.n > 1<<20 {
		t.Fatalf("read %d bytes, err %v; want ErrNotImage within 1 MiB", z.n, err)
	}
	// A PNG header announcing too many pixels is refused before its data.
	hdr := imagetest.PNG(t, image.NewGray(image.Rect(0, 0, 1, 1)))[:33]
	big := append([]byte(nil), hdr...)
	binary.BigEndian.PutUint32(big[16:], 1<<16) // width and height 65,536
	binary.BigEndian.PutUint32(big[20:], 1<<16)
	binary.BigEndian.PutUint32(big[29:], crc32.ChecksumIEEE(big[12:29]))
	_, err = qrimage.Read(io.MultiReader(strings.NewReader(string(big)), &zeros{}))
	if !errors.Is(err, qrimage.ErrTooLarge) {
		t.Fatalf("err %v, want ErrTooLarge", err)
	}
}
