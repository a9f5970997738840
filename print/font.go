package print

import (
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/dejavu/dejavusanscondensed"
	"github.com/go-fonts/dejavu/dejavusanscondensedbold"
	"golang.org/x/text/unicode/norm"
)

// fontFamily is DejaVu Sans Condensed: it has every Vietnamese letter, "★"
// and "…", and its condensed widths suit narrow labels. Its digits all have
// the same width, so every serial takes the same room.
const fontFamily = "DejaVuCond"

// Font styles.
const (
	regular = ""
	bold    = "B"
)

// ptMM converts points to millimetres.
const ptMM = 25.4 / 72

// addFonts registers the embedded fonts with pdf.
func addFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontFamily, regular, dejavusanscondensed.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, bold, dejavusanscondensedbold.TTF)
}

// measurer measures text widths with a private, locked Fpdf (an Fpdf is not
// safe for concurrent use).
type measurer struct {
	mu  sync.Mutex
	pdf *fpdf.Fpdf
}

var measure = sync.OnceValue(func() *measurer {
	pdf := fpdf.New("P", "mm", "A4", "")
	addFonts(pdf)
	return &measurer{pdf: pdf}
})

// width returns the width in mm of s set in style at sizePt points.
func (m *measurer) width(style string, sizePt float64, s string) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pdf.SetFont(fontFamily, style, sizePt)
	return m.pdf.GetStringWidth(s)
}

// cleanText returns s in NFC (decomposed marks print as stacked accents) with
// runs of white space and control characters collapsed to one space.
func cleanText(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// ellipsis shortens s so that it fits in w mm, ending it with "…".
func (m *measurer) ellipsis(style string, sizePt float64, s string, w float64) string {
	if m.width(style, sizePt, s) <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // largest n with r[:n]+"…" fitting
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.width(style, sizePt, strings.TrimRight(string(r[:mid]), " ,.;:–-")+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(r[:lo]), " ,.;:–-") + "…"
}

// wrap breaks s into at most maxLines lines of width w mm at spaces (never
// before a lone dash); the last line is shortened with an ellipsis when s
// does not fit. A word longer than a line is cut with an ellipsis.
func (m *measurer) wrap(style string, sizePt float64, s string, w float64, maxLines int) []string {
	var words []string
	for _, f := range strings.Fields(s) {
		// A dash ends the line before it rather than starting the next.
		if n := len(words); n > 0 && (f == "–" || f == "—" || f == "-") {
			words[n-1] += " " + f
			continue
		}
		words = append(words, f)
	}
	var lines []string
	for len(words) > 0 {
		if len(lines) == maxLines-1 {
			return append(lines, m.ellipsis(style, sizePt, strings.Join(words, " "), w))
		}
		n := 1
		for n < len(words) && m.width(style, sizePt, strings.Join(words[:n+1], " ")) <= w {
			n++
		}
		lines = append(lines, m.ellipsis(style, sizePt, strings.Join(words[:n], " "), w))
		words = words[n:]
	}
	return lines
}
