package print

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// sheetRenderer draws the sheets of one job.
type sheetRenderer struct {
	job      Job
	g        labelGeom
	k        float64 // points per mm
	product  string  // NFC, single-spaced
	facility string
	text     []textLine
	bars     barLayout
	marks    string        // crop marks, the same on every sheet
	marksTpl fpdf.Template // marks as a form XObject of the current document
}

// barLayout places the header and footer in the page margins.
type barLayout struct {
	size         float64 // points
	header       bool
	headerBase   float64 // baselines, mm from the page top
	footer       bool
	footerBase   float64
	left, right  float64 // text extent, mm
	headerSingle bool    // only one margin has room: all text in one line
}

// Sheet text style.
const (
	barMaxPt   = 7.0
	barMinPt   = 5.0
	barGap     = markLen + 0.8 // between the bar text and the labels, clear of the crop marks (mm)
	barInset   = 4.0           // smallest distance from the page's side edges (mm)
	markLen    = 2.0           // crop mark arm length (mm)
	markWidth  = 0.15          // mm
	markGray   = 0.45          // 0 black … 1 white
	barGray    = 60
	descentRel = 0.24
)

func newSheetRenderer(job Job, g labelGeom) *sheetRenderer {
	r := &sheetRenderer{job: job, g: g, k: 1 / ptMM,
		product: cleanText(job.ProductName), facility: cleanText(job.FacilityName)}
	if !job.Calibration {
		r.text = labelText(g, r.product, r.facility, job.Rank)
	}
	r.bars = layoutBars(job.Template)
	r.marks = r.cropMarks()
	return r
}

// layoutBars decides where the header and footer go: in the top and bottom
// margins when they leave room for at least barMinPt text.
func layoutBars(t Template) barLayout {
	fit := func(margin float64) float64 {
		return min(barMaxPt, (margin-barGap)/(ptMM*(capHeight+descentRel+0.35)))
	}
	b := barLayout{left: max(t.MarginLeft, barInset), right: t.PageW - max(t.MarginRight(), barInset)}
	top, bottom := fit(t.MarginTop), fit(t.MarginBottom())
	b.header, b.footer = top >= barMinPt, bottom >= barMinPt
	switch {
	case b.header && b.footer:
		b.size = min(top, bottom)
	case b.header:
		b.size, b.headerSingle = top, true
	case b.footer:
		b.size, b.headerSingle = bottom, true
	}
	b.headerBase = t.MarginTop - barGap - descentRel*b.size*ptMM
	b.footerBase = t.PageH - t.MarginBottom() + barGap + capHeight*b.size*ptMM
	return b
}

// newDoc returns an fpdf document set up for deterministic output.
func (r *sheetRenderer) newDoc() *fpdf.Fpdf {
	t := r.job.Template
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: t.PageW, Ht: t.PageH}})
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(r.job.PrintedAt)
	pdf.SetModificationDate(r.job.PrintedAt)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	addFonts(pdf)
	// The crop marks are the same on every sheet: one form XObject a chunk.
	r.marksTpl = pdf.CreateTemplate(func(tpl *fpdf.Tpl) { tpl.RawWriteStr(r.marks) })
	return pdf
}

// sheet draws sheet p (0-based) of pages with its stamps and their codes.
func (r *sheetRenderer) sheet(pdf *fpdf.Fpdf, p, pages int, stamps []stamp.Stamp, codes []byte) {
	t := r.job.Template
	pdf.AddPage()
	pdf.UseTemplate(r.marksTpl)
	r.drawBars(pdf, p, pages, stamps)
	pdf.RawWriteBuf(bytes.NewReader(codes))
	// Line by line across the labels: one font change a line, and runs of
	// the same text compress well.
	for _, l := range r.text {
		pdf.SetFont(fontFamily, l.style, l.size)
		pdf.SetTextColor(l.gray, l.gray, l.gray)
		for i, s := range stamps {
			x, y := t.cell(i/t.Cols, i%t.Cols)
			text := l.text
			if l.serial {
				text = stamp.FormatSerial(s.Serial)
			}
			pdf.Text(x+r.job.OffsetX+l.x, y+r.job.OffsetY+l.base, text)
		}
	}
}

// placeQR appends to b the operators that draw the code with modules bm as
// label i of a sheet: one path of rectangles, one per horizontal run of dark modules,
// filled once, in the label's QR box. A code larger than the layout reserved
// (see qrVer) is drawn with smaller modules so that it keeps its quiet zone.
// It is safe for concurrent use.
func (r *sheetRenderer) placeQR(b []byte, i int, bm [][]bool) []byte {
	t := r.job.Template
	x, y := t.cell(i/t.Cols, i%t.Cols)
	bx, by := x+r.job.OffsetX+r.g.boxX, y+r.job.OffsetY+r.g.boxY
	n := len(bm)
	m := r.g.module
	if n > r.g.ver.modules() {
		m = r.g.box / float64(n+2*QuietModules)
	}
	off := (r.g.box - float64(n)*m) / 2
	x0, y0 := bx+off, by+off
	b = append(b, "q 0 g "...)
	b = strconv.AppendFloat(b, m*r.k, 'f', 4, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, -m*r.k, 'f', 4, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, x0*r.k, 'f', 3, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, (t.PageH-y0)*r.k, 'f', 3, 64)
	b = append(b, " cm\n"...)
	b = appendRuns(b, bm)
	return append(b, "f Q\n"...)
}

// cropMarks returns the path of short hairlines that extend every label edge
// outwards from each corner, in points. On stock without gaps they meet as
// small crosses on the die cuts; a printer that feeds off-true shows them on
// the labels.
func (r *sheetRenderer) cropMarks() string {
	t := r.job.Template
	type seg struct{ x1, y1, x2, y2 float64 }
	seen := map[[4]int64]bool{}
	var segs []seg
	addSeg := func(x1, y1, x2, y2 float64) {
		x1, x2 = clamp(x1, 0, t.PageW), clamp(x2, 0, t.PageW)
		y1, y2 = clamp(y1, 0, t.PageH), clamp(y2, 0, t.PageH)
		if x1 == x2 && y1 == y2 {
			return
		}
		key := [4]int64{int64(math.Round(x1 * 100)), int64(math.Round(y1 * 100)), int64(math.Round(x2 * 100)), int64(math.Round(y2 * 100))}
		if !seen[key] {
			seen[key] = true
			segs = append(segs, seg{x1, y1, x2, y2})
		}
	}
	for row := 0; row < t.Rows; row++ {
		for col := 0; col < t.Cols; col++ {
			x, y := t.cell(row, col)
			x, y = x+r.job.OffsetX, y+r.job.OffsetY
			for _, c := range [4][2]float64{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				cx, cy := x+c[0]*t.LabelW, y+c[1]*t.LabelH
				dx, dy := 2*c[0]-1, 2*c[1]-1 // outwards
				addSeg(cx, cy, cx+dx*markLen, cy)
				addSeg(cx, cy, cx, cy+dy*markLen)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "q %.2f G %.3f w 0 J\n", markGray, markWidth*r.k)
	for _, s := range segs {
		fmt.Fprintf(&b, "%.2f %.2f m %.2f %.2f l\n", s.x1*r.k, (t.PageH-s.y1)*r.k, s.x2*r.k, (t.PageH-s.y2)*r.k)
	}
	b.WriteString("S Q")
	return b.String()
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }

// drawBars writes the header and footer of sheet p.
func (r *sheetRenderer) drawBars(pdf *fpdf.Fpdf, p, pages int, stamps []stamp.Stamp) {
	b := r.bars
	if !b.header && !b.footer {
		return
	}
	job := r.job
	sheet := fmt.Sprintf("Tờ %d/%d", p+1, pages)
	serials := fmt.Sprintf("Sê-ri %s – %s (%d tem)", stamp.FormatSerial(stamps[0].Serial), stamp.FormatSerial(stamps[len(stamps)-1].Serial), len(stamps))
	batch := "Lô tem " + job.Batch.ID.String()
	if lot := cleanText(job.Batch.Lot); lot != "" {
		batch += " · lô SX " + lot
	}
	printed := "In " + job.PrintedAt.In(stamp.Vietnam).Format("02/01/2006 15:04")
	title := "TEM OCOP · " + r.product
	if r.facility != "" {
		title += " · " + r.facility
	}
	if b.headerSingle {
		base := b.headerBase
		if !b.header {
			base = b.footerBase
		}
		r.bar(pdf, base, title+" · "+batch+" · "+serials, sheet+" · "+printed)
		return
	}
	r.bar(pdf, b.headerBase, title, sheet)
	r.bar(pdf, b.footerBase, batch+" · "+serials, printed)
}

// bar writes left-aligned and right-aligned text on one baseline, cutting the
// left text short when both do not fit.
func (r *sheetRenderer) bar(pdf *fpdf.Fpdf, base float64, left, right string) {
	b := r.bars
	m := measure()
	dx, dy := r.job.OffsetX, r.job.OffsetY
	rw := m.width(regular, b.size, right)
	left = m.ellipsis(regular, b.size, left, b.right-b.left-rw-3)
	pdf.SetFont(fontFamily, regular, b.size)
	pdf.SetTextColor(barGray, barGray, barGray)
	pdf.Text(b.left+dx, base+dy, left)
	pdf.Text(b.right-rw+dx, base+dy, right)
}

// info returns the document's title and subject.
func (r *sheetRenderer) info() docInfo {
	j := r.job
	if j.Calibration {
		return docInfo{Title: "Trang căn chỉnh máy in – mẫu " + j.Name, Date: j.PrintedAt}
	}
	first, last := j.Stamps[0].Serial, j.Stamps[len(j.Stamps)-1].Serial
	return docInfo{
		Title: fmt.Sprintf("Tem truy xuất OCOP – %s – lô %s", r.product, j.Batch.ID),
		Subject: fmt.Sprintf("%s; %d tem, sê-ri %s – %s; mẫu nhãn %s", r.facility, len(j.Stamps),
			stamp.FormatSerial(first), stamp.FormatSerial(last), j.Name),
		Date: j.PrintedAt,
	}
}
