// Package csvsafe writes CSV that a spreadsheet opens without running
// anything: every cell that a spreadsheet would read as a formula (it
// starts with =, +, -, @, a tab or a carriage return) gets a leading
// apostrophe, OWASP's rule against CSV (formula) injection. Every CSV the
// service writes goes through it.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strconv"
)

// Cell returns s neutralised: s itself when a spreadsheet reads it as text
// or as a plain number (-12, -0.5 stay numbers), else "'" + s.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s // a signed number
		}
		return "'" + s
	case '=', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Writer is a csv.Writer whose records are neutralised cell by cell.
type Writer struct {
	*csv.Writer
	rec []string
}

// NewWriter returns a Writer on w (CRLF line ends, as spreadsheets expect).
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{Writer: cw}
}

// Write writes one record, each cell neutralised (see Cell). It fails as
// csv.Writer.Write does.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, c := range record {
		w.rec = append(w.rec, Cell(c))
	}
	return w.Writer.Write(w.rec)
}

// WriteAll writes every record, neutralised, and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
