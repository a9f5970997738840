package print

import (
	"strconv"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// textLine is one line of label text, placed relative to the label's
// top-left corner (x: left edge, base: baseline, mm).
type textLine struct {
	style  string
	size   float64 // points
	text   string  // "" on the serial line: each label prints its own
	serial bool
	x      float64
	base   float64
	gray   int // 0 black … 255 white
}

// Label captions.
const (
	captionText = "TEM TRUY XUẤT NGUỒN GỐC"
	readableFS  = 6.0 // below this base size a long name is cut rather than shrunk further
	capHeight   = 0.73
)

// rankTexts returns the ways to print rank, preferred first.
func rankTexts(r stamp.Rank) []string {
	if r == stamp.RankParticipating {
		return []string{"Tham gia OCOP"}
	}
	n := strconv.Itoa(int(r))
	return []string{"OCOP " + strings.Repeat("★", int(r)), "OCOP " + n + " sao"}
}

// rankFit chooses the rank text and its size for a line w mm wide: the stars
// when they fit at no less than 80 % of fs, else the words, shrunk to fit.
func rankFit(m *measurer, r stamp.Rank, fs, w float64) (float64, string) {
	texts := rankTexts(r)
	for _, t := range texts {
		if size := min(fs, fs*w/m.width(bold, fs, t)); size >= 0.8*fs {
			return size, t
		}
	}
	t := texts[len(texts)-1]
	size := max(minFontPt, min(fs, fs*w/m.width(bold, fs, t)))
	return size, m.ellipsis(bold, size, t, w)
}

// labelText lays out the text every label of a job shares; the serial line
// is left blank for each label to fill. product and facility must be clean
// (see cleanText).
func labelText(g labelGeom, product, facility string, rank stamp.Rank) []textLine {
	m := measure()
	lh := func(size float64) float64 { return size * lineSpacing * ptMM }
	room := fillRatio * g.textH
	fs, name := fitName(m, g, product, room)
	var lines []textLine
	add := func(style string, size float64, text string, gray int) {
		lines = append(lines, textLine{style: style, size: size, text: text, gray: gray})
	}
	used := lh(fs)*float64(1+len(name)) + lh(serialSize(m, g, fs))
	capSize := max(minFontPt, 0.72*fs)
	if used+lh(capSize) <= room && m.width(regular, capSize, captionText) <= g.textW {
		add(regular, capSize, captionText, 70)
		used += lh(capSize)
	}
	rankSize, rankText := rankFit(m, rank, fs, g.textW)
	add(bold, rankSize, rankText, 0)
	for _, l := range name {
		add(regular, fs, l, 0)
	}
	facSize := 0.8 * fs
	if w := m.width(regular, facSize, facility); w > g.textW {
		facSize *= g.textW / w
	}
	if facility != "" && facSize >= max(minFontPt, 0.6*fs) && used+lh(facSize) <= room {
		add(regular, facSize, facility, 70)
	}
	lines = append(lines, textLine{style: bold, size: serialSize(m, g, fs), serial: true})

	total := 0.0
	for _, l := range lines {
		total += lh(l.size)
	}
	top := g.textY + (g.textH-total)/2
	for i := range lines {
		l := &lines[i]
		h := lh(l.size)
		l.base = top + (h+capHeight*l.size*ptMM)/2
		top += h
		l.x = g.textX
		if g.stacked {
			text := l.text
			if l.serial {
				text = serialSample
			}
			l.x = g.textX + (g.textW-m.width(l.style, l.size, text))/2
		}
	}
	return lines
}

// serialSize returns the serial's size for base size fs: larger than the
// other text, but never wider than the text area.
func serialSize(m *measurer, g labelGeom, fs float64) float64 {
	fit := g.textW / m.width(bold, 1, serialSample)
	return max(minFontPt, min(serialRel*fs, fit))
}

// fitName chooses the base text size and the product name's lines: the
// largest size at which the whole name fits with the rank and the serial in
// height room, preferring two lines to three unless that costs more than a
// quarter of the size. Below readableFS a name that still does not fit is cut
// with an ellipsis.
func fitName(m *measurer, g labelGeom, product string, room float64) (float64, []string) {
	lh := func(size float64) float64 { return size * lineSpacing * ptMM }
	maxLines := 3
	if g.stacked {
		maxLines = 2
	}
	passes := []struct {
		lines int
		minFS float64
	}{{2, max(readableFS, 0.75*g.maxFont())}, {maxLines, minFontPt}}
	for i, pass := range passes {
		for fs := g.maxFont(); fs >= pass.minFS-1e-9; fs -= 0.25 {
			for n := pass.lines; n >= 1; n-- {
				name := m.wrap(regular, fs, product, g.textW, n)
				if lh(fs)*float64(1+len(name))+lh(serialSize(m, g, fs)) > room {
					continue
				}
				full := !strings.HasSuffix(name[len(name)-1], "…") || strings.HasSuffix(product, "…")
				if full || (i == len(passes)-1 && fs <= readableFS) {
					return fs, name
				}
			}
		}
	}
	return minFontPt, m.wrap(regular, minFontPt, product, g.textW, 1)
}
