package print

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// QuietModules is the white border kept around every code, in modules, inside
// the label (the printed label edge is not a reliable quiet zone).
const QuietModules = 2

// qrVer holds the QR versions for a base URL: normal is the version skip2
// picks for a stamp URL; reserve is the version the label layout makes room
// for. They differ only when a stamp URL nearly fills its version: skip2
// splits runs of seven or more digits into numeric segments, which costs up to
// 12.5 bits, so an unlucky code text can need the next version.
type qrVer struct{ normal, reserve int }

// modules returns the side of the reserved symbol in modules.
func (v qrVer) modules() int { return 17 + 4*v.reserve }

// sampleURL returns a stamp URL under baseURL with the longest plain
// alphanumeric encoding, extended by extra characters.
func sampleURL(baseURL string, extra int) string {
	return stamp.Code{}.URL(baseURL) + strings.Repeat("A", extra)
}

// qrVersions checks baseURL and returns the QR versions its stamp URLs use.
// It fails with an EInvalid *stamp.Error for a base URL that decoders would
// not accept or that does not fit in a QR code.
func qrVersions(baseURL string) (qrVer, error) {
	b := strings.TrimRight(baseURL, "/")
	lower := strings.ToLower(b)
	host := strings.TrimPrefix(strings.TrimPrefix(lower, "https://"), "http://")
	switch {
	case b == "":
		return qrVer{}, stamp.Errorf(stamp.EInvalid, "public base URL is required (e.g. https://txng.example.vn)")
	case host == lower || host == "":
		return qrVer{}, stamp.Errorf(stamp.EInvalid, "public base URL %q must start with https:// or http:// and name a host", baseURL)
	case len(b) > 200:
		return qrVer{}, stamp.Errorf(stamp.EInvalid, "public base URL is %d characters; at most 200", len(b))
	}
	for _, r := range b {
		if r <= ' ' || r >= 0x7f {
			return qrVer{}, stamp.Errorf(stamp.EInvalid, "public base URL %q: %q is not allowed; use plain ASCII without spaces", baseURL, r)
		}
	}
	if _, err := stamp.ExtractText(stamp.Code{}.URL(b)); err != nil {
		return qrVer{}, stamp.Errorf(stamp.EInvalid, "public base URL %q: stamp URLs under it would not decode: %v", baseURL, err)
	}
	normal, err := qrcode.New(sampleURL(b, 0), qrcode.Medium)
	if err != nil {
		return qrVer{}, stamp.Errorf(stamp.EInvalid, "public base URL %q is too long for a QR code", baseURL)
	}
	v := qrVer{normal: normal.VersionNumber, reserve: normal.VersionNumber}
	// Three more alphanumeric characters (16.5 bits) cover one digit-run split.
	if more, err := qrcode.New(sampleURL(b, 3), qrcode.Medium); err == nil {
		v.reserve = more.VersionNumber
	}
	return v, nil
}

// encodeQR encodes content at the given version, or at the smallest version
// that holds it when skip2's segmentation needs more (see qrVer), and
// returns its modules (bm[y][x], true = dark) without a quiet zone, re-masked
// if need be (see qrmask.go).
func encodeQR(content string, version int) ([][]bool, error) {
	q, err := qrcode.NewWithForcedVersion(content, version, qrcode.Medium)
	if err != nil {
		if q, err = qrcode.New(content, qrcode.Medium); err != nil {
			return nil, fmt.Errorf("encode QR code: %w", err)
		}
	}
	// skip2 ignores option changes after the first render: set them first.
	q.DisableBorder = true
	bm := q.Bitmap()
	avoidFalseFinders(bm, q.VersionNumber)
	return bm, nil
}

// appendRuns appends the rectangle operators of bm in module units: one
// "x y w 1 re" per horizontal run of dark modules, y growing downwards.
func appendRuns(ops []byte, bm [][]bool) []byte {
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			ops = strconv.AppendInt(ops, int64(start), 10)
			ops = append(ops, ' ')
			ops = strconv.AppendInt(ops, int64(y), 10)
			ops = append(ops, ' ')
			ops = strconv.AppendInt(ops, int64(x-start), 10)
			ops = append(ops, " 1 re\n"...)
		}
	}
	return ops
}

// QRVersion returns the QR version the labels reserve for stamp URLs under
// baseURL (7 for a base URL of up to 29 characters), or qrVersions' error.
func QRVersion(baseURL string) (int, error) {
	v, err := qrVersions(baseURL)
	return v.reserve, err
}

// QRSpec describes the QR codes of stamp URLs under one base URL as the
// labels print them: what a print house must reproduce.
type QRSpec struct {
	Version      int    // the version of a stamp URL's code (7 for a base URL of up to 29 characters)
	Reserve      int    // the version the labels make room for (Version, or the next when a code text may need it)
	Level        string // error correction level: always "M" (15 % of the codewords restorable)
	Modules      int    // side of a Version code in modules, quiet zone excluded
	QuietModules int    // light border the labels keep around a code, in modules
	Mode         string // how the payload is encoded: "alphanumeric" (upper case; runs of digits may be numeric segments)
}

// QRSpecFor returns the QRSpec of stamp URLs under baseURL, or an EInvalid
// *stamp.Error for a base URL that does not fit a QR code or that decoders
// would not accept.
func QRSpecFor(baseURL string) (QRSpec, error) {
	v, err := qrVersions(baseURL)
	if err != nil {
		return QRSpec{}, err
	}
	return QRSpec{Version: v.normal, Reserve: v.reserve, Level: "M", Modules: 17 + 4*v.normal,
		QuietModules: QuietModules, Mode: "alphanumeric"}, nil
}

// Symbol returns the modules (bm[y][x], true = dark, no quiet zone) of the
// QR code that a label prints for payload under baseURL: the same encoder,
// version, level and mask choice as Render. It fails with QRSpecFor's error,
// or with a wrapped error when payload does not fit a QR code.
func Symbol(payload, baseURL string) ([][]bool, error) {
	v, err := qrVersions(baseURL)
	if err != nil {
		return nil, err
	}
	return encodeQR(payload, v.normal)
}

// ModuleSize returns the side of one QR module (mm) that template t prints
// for stamp URLs under baseURL, or Validate's error.
func (t Template) ModuleSize(baseURL string) (float64, error) {
	g, err := t.geometry(baseURL)
	return g.module, err
}
