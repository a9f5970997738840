package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes the report as aligned plain-text tables for a terminal:
// a title, then each table under its heading with Vietnamese and English
// column names, then the notes. It fails with w's error.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s\n%s\n\n", r.titleVI(), r.titleEN())
	for _, t := range r.tables(false) {
		fmt.Fprintf(ew, "== %s (%s) ==\n", t.vi, t.en)
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', tabwriter.AlignRight)
		vi, en := make([]string, len(t.cols)), make([]string, len(t.cols))
		for i, c := range t.cols {
			vi[i], en[i] = c.vi, c.en
		}
		fmt.Fprintln(tw, strings.Join(vi, "\t")+"\t")
		fmt.Fprintln(tw, strings.Join(en, "\t")+"\t")
		for _, row := range append(t.rows, t.foot...) {
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = strings.ReplaceAll(c.display(), "\t", " ")
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		tw.Flush()
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
