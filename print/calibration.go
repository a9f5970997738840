package print

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// calibration writes one alignment sheet: every label outlined, the QR box of
// each dashed, a cross at each code's centre, and instructions with a 100 mm
// scale to check that the printer does not resize the page.
func (r *sheetRenderer) calibration(w io.Writer) (Stats, error) {
	t, job, g := r.job.Template, r.job, r.g
	pdf := r.newDoc()
	pdf.AddPage()
	pdf.RawWriteStr(r.marks)
	dx, dy := job.OffsetX, job.OffsetY
	pt := func(x, y float64) string { return fmt.Sprintf("%.2f %.2f", x*r.k, (t.PageH-y)*r.k) }
	paper := "giấy thường A4"
	if t.PageW != A4W || t.PageH != A4H {
		paper = fmt.Sprintf("giấy thường khổ %s×%s mm", mm(t.PageW), mm(t.PageH))
	}
	lines := []struct {
		style string
		size  float64
		text  string
	}{
		{bold, 10, "TRANG CĂN CHỈNH MÁY IN – mẫu " + t.Name},
		{regular, 7.5, fmt.Sprintf("%d nhãn %s×%s mm (%d cột × %d hàng), lề trái %s mm, lề trên %s mm",
			t.PerPage(), mm(t.LabelW), mm(t.LabelH), t.Cols, t.Rows, mm(t.MarginLeft), mm(t.MarginTop))},
		{regular, 8, "1. In trang này lên " + paper + " với tỷ lệ 100 % (tắt “Vừa trang” / “Fit to page”)."},
		{regular, 8, "2. Đặt trang in lên trên một tờ nhãn trắng và soi ngược sáng: mỗi khung phải trùng một nhãn."},
		{regular, 8, "3. Nếu lệch, đo độ lệch rồi in lại với --offset-x / --offset-y (mm; dương: sang phải / xuống dưới)."},
		{bold, 8, fmt.Sprintf("Độ lệch đang dùng: X = %s mm, Y = %s mm", signedMM(dx), signedMM(dy))},
		{regular, 7.5, "Thước kiểm tra tỷ lệ: đoạn dưới đây phải dài đúng 100 mm."},
	}
	// The instructions go in a white box at the centre of the page.
	const lead = 1.45
	bh := 6.0 + 12 // margins, and the scale at the bottom
	for _, l := range lines {
		bh += l.size * ptMM * lead
	}
	bw := min(170.0, t.PageW-10)
	bx, by := (t.PageW-bw)/2+dx, (t.PageH-bh)/2+dy

	var outlines, boxes, crosses strings.Builder
	for row := 0; row < t.Rows; row++ {
		for col := 0; col < t.Cols; col++ {
			x, y := t.cell(row, col)
			x, y = x+dx, y+dy
			fmt.Fprintf(&outlines, "%s %.2f %.2f re\n", pt(x, y+t.LabelH), t.LabelW*r.k, t.LabelH*r.k)
			fmt.Fprintf(&boxes, "%s %.2f %.2f re\n", pt(x+g.boxX, y+g.boxY+g.box), g.box*r.k, g.box*r.k)
			cx, cy := x+g.boxX+g.box/2, y+g.boxY+g.box/2
			fmt.Fprintf(&crosses, "%s m %s l %s m %s l\n", pt(cx-2, cy), pt(cx+2, cy), pt(cx, cy-2), pt(cx, cy+2))
			if x+t.LabelW > bx && x < bx+bw && y+t.LabelH > by && y < by+bh {
				continue // under the instructions
			}
			pdf.SetFont(fontFamily, regular, 6)
			pdf.SetTextColor(90, 90, 90)
			pdf.Text(x+g.textX, y+g.textY+2.5, fmt.Sprintf("hàng %d, cột %d", row+1, col+1))
		}
	}
	pdf.RawWriteStr(fmt.Sprintf("q 0 G %.3f w\n%sS Q", 0.2*r.k, outlines.String()))
	pdf.RawWriteStr(fmt.Sprintf("q 0.35 G %.3f w [%.2f %.2f] 0 d\n%sS Q", 0.15*r.k, 1*r.k, 1*r.k, boxes.String()))
	pdf.RawWriteStr(fmt.Sprintf("q 0 G %.3f w\n%sS Q", 0.15*r.k, crosses.String()))
	pdf.RawWriteStr(fmt.Sprintf("q 1 g 0 G %.3f w %s %.2f %.2f re B Q", 0.3*r.k, pt(bx, by+bh), bw*r.k, bh*r.k))
	y := by + 7
	for _, l := range lines {
		pdf.SetFont(fontFamily, l.style, l.size)
		pdf.SetTextColor(0, 0, 0)
		pdf.Text(bx+5, y, l.text)
		y += l.size * ptMM * lead
	}
	// 100 mm scale with a tick every 10 mm.
	rx, ry := bx+(bw-100)/2, by+bh-6
	var ruler strings.Builder
	fmt.Fprintf(&ruler, "%s m %s l\n", pt(rx, ry), pt(rx+100, ry))
	for i := 0; i <= 10; i++ {
		h := 1.5
		if i%5 == 0 {
			h = 3
		}
		fmt.Fprintf(&ruler, "%s m %s l\n", pt(rx+float64(i)*10, ry), pt(rx+float64(i)*10, ry-h))
	}
	pdf.RawWriteStr(fmt.Sprintf("q 0 G %.3f w 0 J\n%sS Q", 0.25*r.k, ruler.String()))
	pdf.SetFont(fontFamily, regular, 6)
	for _, i := range []int{0, 50, 100} {
		s := fmt.Sprintf("%d", i)
		pdf.Text(rx+float64(i)-measure().width(regular, 6, s)/2, ry+2.8, s)
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return Stats{}, fmt.Errorf("print: write PDF: %w", err)
	}
	m := newMerger(w, t.PageW, t.PageH)
	if err := m.add(buf.Bytes()); err != nil {
		return Stats{}, fmt.Errorf("print: %w", err)
	}
	if err := m.finish(r.info()); err != nil {
		return Stats{}, fmt.Errorf("print: %w", err)
	}
	return Stats{Pages: 1, Bytes: m.w.n}, nil
}

// mm formats a length the Vietnamese way (decimal comma), without trailing zeros.
func mm(v float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
	return strings.ReplaceAll(s, ".", ",")
}

func signedMM(v float64) string {
	if v >= 0 {
		return "+" + mm(v)
	}
	return "−" + mm(-v)
}
