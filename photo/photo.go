// Package photo cleans the photos consumers attach to their reports: it
// accepts a JPEG or PNG of at most MaxBytes bytes and MaxPixels pixels
// (the size is read from the header before any pixel is decoded, so a
// small file claiming a huge image is refused cheaply), decodes it, turns
// it upright as its EXIF orientation says, and encodes it anew. What the
// camera wrote beside the pixels (EXIF with the GPS position, the camera's
// serial number, XMP, PNG text chunks) is not carried over.
package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// Limits of an accepted photo.
const (
	// MaxBytes bounds the file a consumer uploads (5 MiB).
	MaxBytes = 5 << 20
	// MaxPixels bounds width × height (25 million: a 6000×4000 phone
	// photo fits); MaxSide bounds either side.
	MaxPixels = 25_000_000
	MaxSide   = 12_000
)

// Content types of cleaned photos.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// Errors of Clean; each is wrapped with the detail.
var (
	ErrTooBig    = errors.New("photo file too large")
	ErrNotImage  = errors.New("not a JPEG or PNG image")
	ErrTooLarge  = errors.New("photo has too many pixels")
	ErrCancelled = errors.New("photo not cleaned: request ended")
)

// jpegQuality is the quality photos are encoded anew with.
const jpegQuality = 85

// slots bounds how many photos are decoded at once: one (a 25-megapixel
// photo takes about 40 MB decoded and 100 MB more when it must be turned).
var slots = make(chan struct{}, 1)

// Photo is a cleaned photo: its encoded bytes and their content type (JPEG
// or PNG, the type it was sent in).
type Photo struct {
	Data []byte
	Type string
}

// Clean checks data and encodes its image anew without metadata. It fails
// with ErrTooBig (more than MaxBytes), ErrNotImage (neither JPEG nor PNG,
// or damaged), ErrTooLarge (more than MaxPixels pixels or MaxSide on a
// side) or ErrCancelled (ctx ended while waiting for a decoding slot),
// each wrapped with what was found.
func Clean(ctx context.Context, data []byte) (Photo, error) {
	if len(data) > MaxBytes {
		return Photo{}, fmt.Errorf("%w: %d bytes, at most %d", ErrTooBig, len(data), MaxBytes)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return Photo{}, fmt.Errorf("%w (%s)", ErrNotImage, sniff(data, format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide ||
		int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Photo{}, fmt.Errorf("%w: %d×%d, at most %d million pixels and %d on a side",
			ErrTooLarge, cfg.Width, cfg.Height, MaxPixels/1_000_000, MaxSide)
	}
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return Photo{}, fmt.Errorf("%w: %w", ErrCancelled, ctx.Err())
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Photo{}, fmt.Errorf("%w (damaged %s: %v)", ErrNotImage, format, err)
	}
	var out bytes.Buffer
	if format == "png" {
		if err := png.Encode(&out, img); err != nil {
			return Photo{}, fmt.Errorf("photo: encode PNG: %w", err)
		}
		return Photo{Data: out.Bytes(), Type: PNG}, nil
	}
	img = upright(img, orientation(data))
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return Photo{}, fmt.Errorf("photo: encode JPEG: %w", err)
	}
	return Photo{Data: out.Bytes(), Type: JPEG}, nil
}

// sniff names what data looks like, for an error message.
func sniff(data []byte, format string) string {
	switch {
	case len(data) == 0:
		return "empty file"
	case format != "":
		return format + " image"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "GIF image"
	case len(data) > 12 && string(data[4:8]) == "ftyp":
		return "HEIC or MP4 file"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "PDF document"
	}
	return "unknown content"
}
