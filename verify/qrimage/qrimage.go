// Package qrimage finds and decodes every QR code in a photo or a scan: one
// label shot with a phone, several packages on a shelf, or a whole printed
// sheet of labels. It is what `ocopstamp verify` runs on image files; it
// knows nothing of stamp codes and returns the QR texts with their places.
//
// Decoding uses github.com/makiuchi-d/gozxing: its hybrid binarizer, finder
// pattern scan, grid sampler and decoder. The grouping of finder patterns
// into symbols is done here, among each pattern's nearest neighbours, since
// gozxing's multi-code reader tries every triple of patterns (a million on
// a 65-label sheet). Where finder patterns remain that no decoded code
// accounts for, overlapping windows around them are decoded one by one,
// enlarged when their modules are small. An image in which nothing decodes
// is tried again halved and quartered, with a global threshold, smoothed
// and contrast-stretched, thresholded, sharpened, and turned by quarter
// turns, until a code decodes.
package qrimage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG for image.Decode
	_ "image/png"  // registers PNG for image.Decode
	"io"
	"os"
)

// Code is one QR code found in an image.
type Code struct {
	// Text is the decoded content.
	Text string `json:"text"`
	// X and Y are the code's centre in pixels of the image as given (origin
	// top left).
	X int `json:"x"`
	Y int `json:"y"`
	// Size is the code's approximate side in pixels.
	Size int `json:"size"`
}

// ErrNotImage is returned for input that is not a PNG or JPEG image.
var ErrNotImage = errors.New("not a PNG or JPEG image")

// ErrTooLarge is returned for an image with more than MaxPixels pixels.
var ErrTooLarge = errors.New("image too large")

// MaxPixels bounds the images Read accepts (a 300-dpi A3 scan has 17.4
// million pixels, a 48-megapixel phone photo 48 million).
const MaxPixels = 64 << 20

// MaxFileSize bounds the bytes Read accepts.
const MaxFileSize = 256 << 20

// Read decodes a PNG or JPEG image from r (at most MaxFileSize bytes). It
// fails with an error matching ErrNotImage when r holds neither,
// ErrTooLarge when the image has more than MaxPixels pixels (checked before
// its pixels are decoded) or r more than MaxFileSize bytes, and a wrapped
// read error otherwise.
//
// The header is checked as it is read: input that is not an image (say
// /dev/zero) is refused after a few kilobytes, not read to the size limit.
func Read(r io.Reader) (image.Image, error) {
	var head bytes.Buffer
	lr := &io.LimitedReader{R: r, N: MaxFileSize + 1}
	tee := &readRecorder{r: lr, buf: &head}
	cfg, _, err := image.DecodeConfig(tee)
	if tee.err != nil {
		return nil, fmt.Errorf("read image: %w", tee.err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", ErrNotImage, sniff(head.Bytes()))
	}
	if err := checkSize(cfg); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.MultiReader(bytes.NewReader(head.Bytes()), lr))
	if err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%w: more than %d MiB", ErrTooLarge, MaxFileSize>>20)
	}
	return ReadBytes(data)
}

// readRecorder keeps what is read through it, and the read error other
// than io.EOF.
type readRecorder struct {
	r   io.Reader
	buf *bytes.Buffer
	err error
}

func (t *readRecorder) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf.Write(p[:n])
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}

// checkSize refuses an image of more than MaxPixels pixels.
func checkSize(cfg image.Config) error {
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return fmt.Errorf("%w: %d×%d pixels, at most %d million", ErrTooLarge, cfg.Width, cfg.Height, MaxPixels>>20)
	}
	return nil
}

// ReadFile reads a PNG or JPEG file. Errors are those of Read, or the
// *fs.PathError of opening the file.
func ReadFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &os.PathError{Op: "read", Path: path, Err: errors.New("is a directory")}
	}
	return Read(f)
}

// ReadBytes decodes a PNG or JPEG image held in memory; see Read.
func ReadBytes(data []byte) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", ErrNotImage, sniff(data))
	}
	if err := checkSize(cfg); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w (damaged: %v)", ErrNotImage, err)
	}
	return img, nil
}

// DecodeFile reads a PNG or JPEG file and returns every QR code in it (none
// is not an error). Errors are those of ReadFile.
func DecodeFile(path string) ([]Code, error) {
	return DecodeFileContext(context.Background(), path, Limits{})
}

// DecodeFileContext is DecodeFile within lim (see DecodeContext). Errors
// are those of ReadFile and DecodeContext.
func DecodeFileContext(ctx context.Context, path string, lim Limits) ([]Code, error) {
	img, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return DecodeContext(ctx, img, lim)
}

// sniff names what a file that is not an image seems to be, for the error.
func sniff(head []byte) string {
	switch {
	case len(head) == 0:
		return "empty file"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "a PDF document: rasterise it first, e.g. pdftoppm -r 300 -png"
	case len(head) >= 12 && string(head[4:8]) == "ftyp" && (string(head[8:12]) == "heic" || string(head[8:12]) == "heix" || string(head[8:12]) == "mif1"):
		return "a HEIC photo: set the camera to JPEG or convert it"
	case bytes.HasPrefix(head, []byte("RIFF")) && len(head) >= 12 && string(head[8:12]) == "WEBP":
		return "a WebP image: convert it to PNG or JPEG"
	case bytes.HasPrefix(head, []byte("GIF8")):
		return "a GIF image: convert it to PNG or JPEG"
	case bytes.HasPrefix(head, []byte("\x89PNG")) || bytes.HasPrefix(head, []byte("\xff\xd8")):
		return "a damaged PNG or JPEG file"
	}
	return "unrecognised content"
}
