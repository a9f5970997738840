// Package phototest makes the photos that tests of consumer report photos
// need: a phone-like JPEG whose EXIF carries a GPS position and an
// orientation, and a PNG header claiming a huge image (a decompression
// bomb).
package phototest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// GPSLatitude is the GPS latitude the test EXIF carries (18° 20' 42.42"
// N, in Hà Tĩnh) as three big-endian rationals: what must not survive.
var GPSLatitude = []byte{0, 0, 0, 18, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0x10, 0x92, 0, 0, 0, 100}

// exifSegment returns an APP1 Exif segment with the orientation o and a
// GPS block (GPSLatitudeRef "N", GPSLatitude).
func exifSegment(o uint16) []byte {
	var t bytes.Buffer
	be := binary.BigEndian
	w := func(v any) { _ = binary.Write(&t, be, v) }
	t.WriteString("MM")
	w(uint16(42))
	w(uint32(8))
	// IFD0 at 8: orientation, GPS IFD pointer; the GPS IFD follows at 38.
	w(uint16(2))
	w([]uint16{0x0112, 3})
	w(uint32(1))
	w([]uint16{o, 0})
	w([]uint16{0x8825, 4})
	w(uint32(1))
	w(uint32(38))
	w(uint32(0))
	// GPS IFD at 38: latitude ref inline, latitude at 68.
	w(uint16(2))
	w([]uint16{0x0001, 2})
	w(uint32(2))
	t.WriteString("N\x00\x00\x00")
	w([]uint16{0x0002, 5})
	w(uint32(3))
	w(uint32(68))
	w(uint32(0))
	t.Write(GPSLatitude)
	body := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	be.PutUint16(seg[2:], uint16(len(body)+2))
	return append(seg, body...)
}

// Picture is a w×h picture whose top-left quarter is red, the rest blue.
func Picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 200, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{220, 0, 0, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// JPEG encodes img as a JPEG carrying an EXIF segment (orientation o and
// a GPS block holding GPSLatitude) after its SOI, as a phone camera writes.
func JPEG(t testing.TB, img image.Image, o uint16) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	return append(append(append([]byte{}, data[:2]...), exifSegment(o)...), data[2:]...)
}

// HugePNG is a PNG header claiming w×h pixels, followed by no pixel data:
// a decompression bomb is refused on this header alone.
func HugePNG(w, h uint32) []byte {
	ihdr := append([]byte("IHDR"), binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)...)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	out := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, 13)...)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}
