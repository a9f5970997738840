package report

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/dejavu/dejavusanscondensed"
	"github.com/go-fonts/dejavu/dejavusanscondensedbold"
	"golang.org/x/text/unicode/norm"
)

// PDF page geometry (A4 landscape, millimetres) and type sizes (points).
const (
	pageW, pageH = 297.0, 210.0
	margin       = 10.0
	contentW     = pageW - 2*margin
	bottom       = pageH - margin - 6 // the footer sits below

	fontFamily = "DejaVuCond" // DejaVu Sans Condensed: every Vietnamese letter
	sizeTitle  = 14.0
	sizeH2     = 10.5
	sizeBody   = 7.0
	sizeSmall  = 6.5
	lineH      = 3.1 // one line of sizeBody text
	cellPad    = 1.0
)

// pdfWriter draws a report on one Fpdf (not safe for concurrent use; every
// WritePDF makes its own).
type pdfWriter struct {
	pdf *fpdf.Fpdf
	r   *Report
}

// WritePDF writes the report as an A4 landscape PDF: a summary page (totals
// compared with the previous month, bar charts of scans and of suspected
// fakes by district), then every table, then the notes. Text is set in
// DejaVu Sans Condensed (embedded, subset) after NFC normalisation. The
// output depends only on the report: creation and modification dates are its
// GeneratedAt. It fails with the PDF library's or w's error.
func (r *Report) WritePDF(w io.Writer) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(fontFamily, "", dejavusanscondensed.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", dejavusanscondensedbold.TTF)
	pdf.SetCreationDate(r.GeneratedAt)
	pdf.SetModificationDate(r.GeneratedAt)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(nfc(r.titleVI()), true)
	pdf.SetAuthor(nfc(Issuer), true)
	pdf.SetCreator("ocopstamp report", true)
	pdf.SetLang("vi")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AliasNbPages("{nb}")
	p := &pdfWriter{pdf: pdf, r: r}
	pdf.SetFooterFunc(p.footer)
	p.summaryPage()
	pdf.AddPage()
	for _, t := range r.tables(false)[1:] { // the summary table is on the first page
		p.table(t)
	}
	p.notes()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return pdf.Output(w)
}

// nfc returns s composed: decomposed marks would print stacked.
func nfc(s string) string { return norm.NFC.String(s) }

func (p *pdfWriter) font(style string, size float64) { p.pdf.SetFont(fontFamily, style, size) }

func (p *pdfWriter) color(hex string) (int, int, int) {
	var r, g, b int
	fmt.Sscanf(strings.TrimPrefix(hex, "#"), "%02x%02x%02x", &r, &g, &b)
	return r, g, b
}

func (p *pdfWriter) footer() {
	pdf := p.pdf
	pdf.SetY(pageH - margin - 3)
	p.font("", sizeSmall)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(contentW*0.8, 4, nfc(p.r.titleVI()), "", 0, "L", false, 0, "")
	pdf.CellFormat(contentW*0.2, 4, fmt.Sprintf("Trang %d/{nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
}

// summaryPage draws the title, the totals table and the two charts.
func (p *pdfWriter) summaryPage() {
	pdf, r := p.pdf, p.r
	pdf.AddPage()
	p.font("B", sizeTitle)
	for _, l := range p.split(r.titleVI(), contentW) {
		pdf.CellFormat(contentW, 6.5, l, "", 1, "L", false, 0, "")
	}
	p.font("", 9.5)
	pdf.SetTextColor(70, 70, 70)
	pdf.CellFormat(contentW, 5, nfc(r.titleEN()), "", 1, "L", false, 0, "")
	pdf.CellFormat(contentW, 5, nfc(fmt.Sprintf("%s · lập lúc (generated) %s", Issuer, r.GeneratedAt.Format("02/01/2006 15:04"))), "", 1, "L", false, 0, "")
	if r.InProgress {
		pdf.SetTextColor(160, 90, 0)
		pdf.CellFormat(contentW, 5, nfc("Tháng chưa kết thúc: số liệu tính đến lúc lập báo cáo (the month has not ended)."), "", 1, "L", false, 0, "")
	}
	pdf.SetTextColor(0, 0, 0)
	top := pdf.GetY() + 3
	// Left: totals against the previous month; right: the charts.
	leftW := 128.0
	pdf.SetXY(margin, top)
	p.tableAt(r.summaryTable(), margin, leftW, false)
	chartX := margin + leftW + 8
	chartW := contentW - leftW - 8
	y := top
	for _, c := range r.charts() {
		y = p.chart(c, chartX, y, chartW) + 4
	}
}

// chart draws a horizontal bar chart with fpdf rectangles at (x, y) and
// returns the y below it.
func (p *pdfWriter) chart(c chart, x, y, w float64) float64 {
	pdf := p.pdf
	p.font("B", 9)
	pdf.SetXY(x, y)
	pdf.CellFormat(w, 5, nfc(c.VI+" / "+c.EN), "", 1, "L", false, 0, "")
	y += 6
	const labelW, valueW, barH, rowH = 34.0, 16.0, 3.2, 4.4
	trackW := w - labelW - valueW
	cr, cg, cb := p.color(string(c.Color))
	p.font("", sizeBody)
	for _, b := range c.Bars {
		pdf.SetXY(x, y)
		pdf.CellFormat(labelW, rowH, p.fit(b.Label, labelW), "", 0, "L", false, 0, "")
		pdf.SetFillColor(237, 242, 247)
		pdf.Rect(x+labelW, y+(rowH-barH)/2, trackW, barH, "F")
		if b.Pct > 0 {
			pdf.SetFillColor(cr, cg, cb)
			pdf.Rect(x+labelW, y+(rowH-barH)/2, max(trackW*b.Pct/100, 0.4), barH, "F")
		}
		pdf.SetXY(x+labelW+trackW, y)
		pdf.CellFormat(valueW, rowH, b.Text, "", 0, "R", false, 0, "")
		y += rowH
	}
	return y
}

// fit shortens s with "…" to fit in w mm in the current font.
func (p *pdfWriter) fit(s string, w float64) string {
	s = nfc(s)
	w -= 2 * cellPad
	if p.pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// split wraps s into lines that fit w mm in the current font (at least one
// line, possibly empty).
func (p *pdfWriter) split(s string, w float64) []string {
	lines := p.pdf.SplitText(nfc(s), w)
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}

// table starts a section: its heading below the previous table when at
// least minRoom mm are left on the page, else on a new page; then the table.
func (p *pdfWriter) table(t table) {
	const minRoom = 45
	switch y := p.pdf.GetY(); {
	case y+minRoom > bottom:
		p.pdf.AddPage()
	case y > margin+1: // below another table
		p.pdf.SetY(y + 6)
	}
	p.heading(t, false)
	p.tableAt(t, margin, contentW, true)
}

func (p *pdfWriter) heading(t table, cont bool) {
	pdf := p.pdf
	p.font("B", sizeH2)
	title := t.vi
	if cont {
		title += " (tiếp / continued)"
	}
	pdf.SetX(margin)
	pdf.CellFormat(contentW, 6, nfc(title), "", 1, "L", false, 0, "")
	if !cont {
		p.font("", 8.5)
		pdf.SetTextColor(70, 70, 70)
		pdf.CellFormat(contentW, 4.5, nfc(t.en), "", 1, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.Ln(1.5)
}

// widths scales the columns' relative widths to fill w.
func widths(cols []column, w float64) []float64 {
	var sum float64
	for _, c := range cols {
		sum += max(c.width, 8)
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = max(c.width, 8) * w / sum
	}
	return out
}

// tableAt draws t at x, width w, from the current y: a header row (Vietnamese
// bold, English below), the rows with wrapped text, and the totals rows,
// breaking pages (and repeating the header) when breaks is true.
func (p *pdfWriter) tableAt(t table, x, w float64, breaks bool) {
	pdf := p.pdf
	ws := widths(t.cols, w)
	header := func() {
		p.font("B", sizeSmall)
		heads := make([][]string, len(t.cols))
		nvi := make([]int, len(t.cols)) // lines of the Vietnamese heading
		n := 0
		for i, c := range t.cols {
			vi := p.split(c.vi, ws[i])
			nvi[i] = len(vi)
			heads[i] = append(vi, p.splitStyle("", c.en, ws[i])...)
			n = max(n, len(heads[i]))
		}
		h := float64(n)*2.8 + 2*cellPad
		y := pdf.GetY()
		pdf.SetFillColor(226, 232, 240)
		cx := x
		for i, c := range t.cols {
			pdf.Rect(cx, y, ws[i], h, "FD")
			align := "L"
			if c.num {
				align = "R"
			}
			for j, l := range heads[i] {
				style := "B"
				if j >= nvi[i] {
					style = ""
					pdf.SetTextColor(80, 80, 80)
				}
				p.font(style, sizeSmall)
				pdf.SetXY(cx, y+cellPad+float64(j)*2.8)
				pdf.CellFormat(ws[i], 2.8, l, "", 0, align, false, 0, "")
				pdf.SetTextColor(0, 0, 0)
			}
			cx += ws[i]
		}
		pdf.SetXY(x, y+h)
	}
	pdf.SetDrawColor(180, 190, 200)
	pdf.SetLineWidth(0.15)
	header()
	draw := func(row []cell, bold bool, shade bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.font(style, sizeBody)
		lines := make([][]string, len(row))
		n := 1
		for i, c := range row {
			if c.isNum() {
				lines[i] = []string{c.display()}
			} else {
				lines[i] = p.split(c.display(), ws[i])
			}
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lineH + cellPad
		if breaks && pdf.GetY()+h > bottom {
			pdf.AddPage()
			p.heading(t, true)
			header()
			p.font(style, sizeBody)
		}
		y := pdf.GetY()
		cx := x
		for i, c := range row {
			switch {
			case bold:
				pdf.SetFillColor(237, 242, 247)
				pdf.Rect(cx, y, ws[i], h, "FD")
			case shade:
				pdf.SetFillColor(248, 250, 252)
				pdf.Rect(cx, y, ws[i], h, "FD")
			default:
				pdf.Rect(cx, y, ws[i], h, "D")
			}
			align := "L"
			if c.isNum() {
				align = "R"
			}
			for j, l := range lines[i] {
				pdf.SetXY(cx, y+cellPad/2+float64(j)*lineH)
				pdf.CellFormat(ws[i], lineH, l, "", 0, align, false, 0, "")
			}
			cx += ws[i]
		}
		pdf.SetXY(x, y+h)
	}
	for i, row := range t.rows {
		draw(row, false, i%2 == 1)
	}
	if len(t.rows) == 0 {
		p.font("", sizeBody)
		pdf.SetX(x)
		pdf.CellFormat(w, lineH+cellPad, nfc("Không có (none)"), "1", 1, "L", false, 0, "")
	}
	for _, row := range t.foot {
		draw(row, true, false)
	}
	if t.after.VI != "" {
		pdf.Ln(1.5)
		p.font("", sizeBody)
		for _, s := range []string{t.after.VI, t.after.EN} {
			for _, l := range p.split(s, w) {
				if breaks && pdf.GetY()+lineH > bottom {
					pdf.AddPage()
				}
				pdf.SetX(x)
				pdf.CellFormat(w, lineH, l, "", 1, "L", false, 0, "")
			}
		}
	}
}

// splitStyle wraps s in style (then restores the body font's style).
func (p *pdfWriter) splitStyle(style, s string, w float64) []string {
	p.font(style, sizeSmall)
	defer p.font("B", sizeSmall)
	return p.split(s, w)
}

// notes draws the notes on the last page(s).
func (p *pdfWriter) notes() {
	pdf := p.pdf
	if pdf.GetY()+40 > bottom {
		pdf.AddPage()
	} else {
		pdf.SetY(pdf.GetY() + 6)
	}
	p.font("B", sizeH2)
	pdf.CellFormat(contentW, 6, nfc("Ghi chú / Notes"), "", 1, "L", false, 0, "")
	for _, n := range p.r.Notes {
		for k, s := range []string{n.VI, n.EN} {
			style := ""
			if k == 1 {
				pdf.SetTextColor(80, 80, 80)
			}
			p.font(style, 8)
			for i, l := range p.split(s, contentW-5) {
				if pdf.GetY()+3.8 > bottom {
					pdf.AddPage()
				}
				pdf.SetX(margin)
				bullet := ""
				if i == 0 && k == 0 {
					bullet = "•"
				}
				pdf.CellFormat(5, 3.8, bullet, "", 0, "L", false, 0, "")
				pdf.CellFormat(contentW-5, 3.8, l, "", 1, "L", false, 0, "")
			}
			pdf.SetTextColor(0, 0, 0)
		}
		pdf.Ln(1.2)
	}
}
