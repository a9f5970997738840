package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Format is an output format of a report.
type Format string

// Formats.
const (
	CSV  Format = "csv"  // UTF-8 with a BOM, one section per table
	JSON Format = "json" // the Report as JSON
	HTML Format = "html" // one self-contained page
	PDF  Format = "pdf"  // A4 landscape, summary page with charts, then the tables
	Text Format = "text" // aligned plain-text tables for a terminal
)

// Formats lists every format.
var Formats = []Format{CSV, JSON, HTML, PDF, Text}

// ParseFormat returns the format named s (any letter case; "txt" for text).
// An unknown name is EInvalid.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if f == "txt" {
		f = Text
	}
	for _, known := range Formats {
		if f == known {
			return f, nil
		}
	}
	return "", stamp.Errorf(stamp.EInvalid, "format %q: want csv, json, html, pdf or text", s)
}

// ContentType returns the MIME type of the format, for HTTP responses.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case JSON:
		return "application/json; charset=utf-8"
	case HTML:
		return "text/html; charset=utf-8"
	case PDF:
		return "application/pdf"
	}
	return "text/plain; charset=utf-8"
}

// Ext returns the file name extension of the format, without the dot.
func (f Format) Ext() string {
	if f == Text {
		return "txt"
	}
	return string(f)
}

// FileName returns an ASCII file name for the report in format f, e.g.
// "bao-cao-ocop-2026-11-huong-khe.pdf", for a download.
func (r *Report) FileName(f Format) string {
	return Query{Month: r.Month, District: r.District}.FileName(f)
}

// FileName returns the file name of the report q asks for in format f (see
// Report.FileName), known before the report is built: an HTTP handler sets
// Content-Disposition with it before writing the body.
func (q Query) FileName(f Format) string {
	name := "bao-cao-ocop-" + q.Month.String()
	if q.District != "" {
		name += "-" + slug(q.District)
	}
	return name + "." + f.Ext()
}

// slug returns s in lower-case ASCII with dashes: "Thị xã Kỳ Anh" →
// "thi-xa-ky-anh".
func slug(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, _ := transform.String(t, s)
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(plain) {
		switch {
		case r == 'đ':
			r = 'd'
		case r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)):
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Render writes the report to w in format f. It fails with w's error, or
// EInvalid for an unknown format.
func (r *Report) Render(w io.Writer, f Format) error {
	switch f {
	case CSV:
		return r.WriteCSV(w)
	case JSON:
		return r.WriteJSON(w)
	case HTML:
		return r.WriteHTML(w)
	case PDF:
		return r.WritePDF(w)
	case Text:
		return r.WriteText(w)
	}
	return stamp.Errorf(stamp.EInvalid, "format %q: want csv, json, html, pdf or text", string(f))
}

// Write builds the report q asks for from src and writes it to w in format
// f: the one call an HTTP handler needs. Nothing is written when building
// fails, so the caller can still answer with an error status.
func Write(ctx context.Context, w io.Writer, src storage.Reports, q Query, f Format) error {
	if _, err := ParseFormat(string(f)); err != nil {
		return err
	}
	r, err := Build(ctx, src, q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, f); err != nil {
		return fmt.Errorf("render %s report: %w", f, err)
	}
	_, err = buf.WriteTo(w)
	return err
}
