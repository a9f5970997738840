package print

// labelGeom places the QR box and the text area inside one label; all lengths
// in mm from the label's top-left corner. The QR box includes the quiet zone.
type labelGeom struct {
	ver          qrVer
	box          float64 // side of the QR box
	boxX, boxY   float64
	module       float64 // module size for a code of ver.reserve
	stacked      bool    // text below the code rather than beside it
	textX, textY float64
	textW, textH float64
	labelH       float64
}

// maxFont returns the largest base text size (points) for the label: about a
// third of its height in millimetres, between 6 and maxFontPt.
func (g labelGeom) maxFont() float64 {
	return clamp(0.34*g.labelH, 6, maxFontPt)
}

// Layout constants (mm, points).
const (
	maxModule   = 0.5  // larger codes only take room from the text
	maxPad      = 1.5  // blank band inside the label edge (die-cut and feed tolerance)
	sideRatio   = 1.35 // labels at least this much wider than high get text beside the code
	textGap     = 0.8  // between the code's quiet zone and the text
	minFontPt   = 4.5  // smallest text printed
	maxFontPt   = 11.0 // base size on large labels
	fillRatio   = 0.92 // text fills at most this share of the text area's height
	lineSpacing = 1.2  // line height as a multiple of the font size
	serialRel   = 1.15 // serial size relative to the base size
)

// serialSample has the width of every printed serial.
const serialSample = "0000-00000-0"

// layoutLabel places a code of version ver on a w×h mm label.
func layoutLabel(w, h float64, ver qrVer) labelGeom {
	g := labelGeom{ver: ver, labelH: h}
	pad := min(maxPad, 0.07*min(w, h))
	n := float64(ver.modules() + 2*QuietModules)
	if w >= sideRatio*h {
		g.box = min(h-2*pad, maxModule*n, 0.62*w)
		g.boxX, g.boxY = pad, (h-g.box)/2
		g.textX = pad + g.box + textGap
		g.textY = pad
		g.textW = w - g.textX - pad
		g.textH = h - 2*pad
	} else {
		g.stacked = true
		th := max(minTextHeight()+0.2, 0.28*h)
		g.box = min(w-2*pad, h-2*pad-th, maxModule*n)
		g.boxX, g.boxY = (w-g.box)/2, pad
		g.textX, g.textY = pad, pad+g.box
		g.textW = w - 2*pad
		g.textH = h - pad - g.textY
	}
	g.module = g.box / n
	return g
}

// minTextWidth is the width (mm) the serial needs at the smallest size.
func minTextWidth() float64 {
	return measure().width(bold, minFontPt, serialSample)
}

// minTextHeight is the height (mm) of a rank line, one name line and the
// serial at the smallest size.
func minTextHeight() float64 {
	return (2 + serialRel) * minFontPt * lineSpacing * ptMM
}
