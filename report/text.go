package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// WriteText writes the report as aligned plain-text tables for a terminal:
// a title, then each table under its heading with Vietnamese and English
// column names, then the notes. It fails with w's error.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s\n%s\n\n", r.titleVI(), r.titleEN())
	for _, t := range r.tables(false) {
		fmt.Fprintf(ew, "== %s (%s) ==\n", t.vi, t.en)
		vi, en := make([]cell, len(t.cols)), make([]cell, len(t.cols))
		for i, c := range t.cols {
			vi[i], en[i] = txt(c.vi), txt(c.en)
		}
		writeAligned(ew, t.cols, append([][]cell{vi, en}, append(t.rows, t.foot...)...))
		if len(t.rows) == 0 {
			fmt.Fprintln(ew, "(không có / none)")
		}
		if t.after.VI != "" {
			fmt.Fprintf(ew, "%s\n%s\n", t.after.VI, t.after.EN)
		}
		fmt.Fprintln(ew)
	}
	fmt.Fprintln(ew, "Ghi chú (notes):")
	for _, n := range r.Notes {
		fmt.Fprintf(ew, "- %s\n  %s\n", n.VI, n.EN)
	}
	return ew.err
}

// errWriter keeps the first write error and drops later writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// writeAligned writes rows as columns two spaces apart: numbers' columns
// right-aligned, text left-aligned. Widths count runes of NFC text, which is
// one terminal column per Vietnamese letter.
func writeAligned(w io.Writer, cols []column, rows [][]cell) {
	text := make([][]string, len(rows))
	width := make([]int, len(cols))
	for i, row := range rows {
		text[i] = make([]string, len(row))
		for j, c := range row {
			s := norm.NFC.String(strings.ReplaceAll(c.display(), "\n", " "))
			text[i][j] = s
			width[j] = max(width[j], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	for _, row := range text {
		b.Reset()
		for j, s := range row {
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(s))
			if j > 0 {
				b.WriteString("  ")
			}
			if cols[j].num {
				b.WriteString(pad + s)
			} else if j < len(row)-1 {
				b.WriteString(s + pad)
			} else {
				b.WriteString(s)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
