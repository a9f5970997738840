package report

import (
	"fmt"
	"strconv"
	"strings"
)

// table is one section of a rendered report: every format draws the same
// tables, so their columns agree.
type table struct {
	key    string // section key, the first column of the CSV
	vi, en string // heading
	cols   []column
	rows   [][]cell
	foot   [][]cell // totals rows, set apart
	// after is an explanation shown under the table (HTML, PDF, text).
	after Note
}

// column is a table column with a bilingual heading.
type column struct {
	vi, en string
	num    bool    // right-aligned number
	width  float64 // relative width in the PDF
}

// header returns the CSV form of the heading: "Huyện (district)".
func (c column) header() string { return c.vi + " (" + c.en + ")" }

// cell is a table cell: text, or a count, or a change between months.
type cell struct {
	text string
	n    int64
	kind int
	prev int64 // for cellChange: the previous month's value
}

const (
	cellText   = iota
	cellNum    // a count
	cellChange // a count with its change from prev, "1.234 (+56)" on screen
	cellPct    // the change from prev to n in per cent
	cellDiff   // a signed difference, "+56"
	cellID     // a registry number, plain digits
)

func txt(s string) cell         { return cell{text: s} }
func num(n int64) cell          { return cell{n: n, kind: cellNum} }
func id(n uint32) cell          { return cell{n: int64(n), kind: cellID} }
func numi(n int) cell           { return cell{n: int64(n), kind: cellNum} }
func change(n, prev int64) cell { return cell{n: n, prev: prev, kind: cellChange} }
func pct(n, prev int64) cell    { return cell{n: n, prev: prev, kind: cellPct} }
func (c cell) isNum() bool      { return c.kind != cellText }
func textCells(ss ...string) []cell {
	out := make([]cell, len(ss))
	for i, s := range ss {
		out[i] = txt(s)
	}
	return out
}

// display returns the cell as people read it: 1.234.567 with Vietnamese
// thousands separators, a change as "1.234 (+56)", a percentage as
// "+12,5%" ("—" when the previous month was 0).
func (c cell) display() string {
	switch c.kind {
	case cellNum:
		return thousands(c.n)
	case cellChange:
		d := c.n - c.prev
		if d == 0 {
			return thousands(c.n)
		}
		return fmt.Sprintf("%s (%s)", thousands(c.n), signed(d))
	case cellDiff:
		return signed(c.n)
	case cellID:
		return strconv.FormatInt(c.n, 10)
	case cellPct:
		p, ok := percent(c.n, c.prev)
		if !ok {
			return "—"
		}
		s := strconv.FormatFloat(p, 'f', 1, 64)
		if p > 0 {
			s = "+" + s
		}
		return strings.Replace(s, ".", ",", 1) + "%"
	}
	return c.text
}

// raw returns the cell as a machine reads it (CSV): plain digits, a change
// as its current value, a percentage with a decimal point ("" when the
// previous month was 0).
func (c cell) raw() string {
	switch c.kind {
	case cellNum, cellChange, cellDiff, cellID:
		return strconv.FormatInt(c.n, 10)
	case cellPct:
		p, ok := percent(c.n, c.prev)
		if !ok {
			return ""
		}
		return strconv.FormatFloat(p, 'f', 1, 64)
	}
	return c.text
}

// percent returns the change from prev to n in per cent; false when prev
// is 0.
func percent(n, prev int64) (float64, bool) {
	if prev == 0 {
		return 0, false
	}
	return float64(n-prev) * 100 / float64(prev), true
}

// thousands writes n with "." between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func signed(n int64) string {
	if n > 0 {
		return "+" + thousands(n)
	}
	return thousands(n)
}
