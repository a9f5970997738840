package report

import (
	"embed"
	"html/template"
	"io"
	"time"
)

//go:embed report.html.tmpl
var templates embed.FS

var pageTemplate = template.Must(template.New("report.html.tmpl").ParseFS(templates, "report.html.tmpl"))

// WriteHTML writes the report as one HTML page with no external assets
// (inline CSS, bar charts as CSS widths): Vietnamese headings with English
// beside them. It fails with w's error.
func (r *Report) WriteHTML(w io.Writer) error {
	return pageTemplate.Execute(w, r.view())
}

// page is what the HTML template shows.
type page struct {
	TitleVI, TitleEN string
	Issuer           string
	Month            string
	Scope            string
	GeneratedAt      string
	InProgress       bool
	Charts           []chart
	Summary          viewTable
	Tables           []viewTable
	Notes            []Note
}

type viewTable struct {
	Key, VI, EN string
	Cols        []column
	Rows, Foot  [][]viewCell
	After       Note
}

type viewCell struct {
	Text string
	Num  bool
}

// chart is a horizontal bar chart of one figure per district.
type chart struct {
	VI, EN string
	Color  template.CSS
	Bars   []bar
}

type bar struct {
	Label string
	Value int64
	Text  string
	Pct   float64 // of the chart's largest value, 0–100
}

// Exported accessors for the template (column's fields are unexported).
func (c column) VI() string { return c.vi }
func (c column) EN() string { return c.en }
func (c column) Num() bool  { return c.num }

func viewRows(rows [][]cell) [][]viewCell {
	out := make([][]viewCell, len(rows))
	for i, row := range rows {
		out[i] = make([]viewCell, len(row))
		for j, c := range row {
			out[i][j] = viewCell{Text: c.display(), Num: c.isNum()}
		}
	}
	return out
}

func (r *Report) view() page {
	p := page{TitleVI: r.titleVI(), TitleEN: r.titleEN(), Issuer: Issuer, Month: r.Month.String(),
		Scope: r.scopeVI(), GeneratedAt: r.GeneratedAt.Format(time.DateTime), InProgress: r.InProgress,
		Charts: r.charts(), Notes: r.Notes}
	for _, t := range r.tables(false) {
		p.Tables = append(p.Tables, viewTable{Key: t.key, VI: t.vi, EN: t.en, Cols: t.cols, Rows: viewRows(t.rows),
			Foot: viewRows(t.foot), After: t.after})
	}
	p.Summary, p.Tables = p.Tables[0], p.Tables[1:] // the summary comes before the charts
	return p
}

// charts returns the summary's bar charts: scans and suspected fakes per
// district.
func (r *Report) charts() []chart {
	mk := func(vi, en string, color template.CSS, get func(Figures) int64) chart {
		c := chart{VI: vi, EN: en, Color: color}
		var top int64
		for _, d := range r.Districts {
			top = max(top, get(d.This))
		}
		for _, d := range r.Districts {
			v := get(d.This)
			b := bar{Label: d.District, Value: v, Text: thousands(v)}
			if top > 0 {
				b.Pct = float64(v) * 100 / float64(top)
			}
			c.Bars = append(c.Bars, b)
		}
		return c
	}
	return []chart{
		mk("Lượt quét theo huyện", "Scans by district", "#2b6cb0", func(f Figures) int64 { return f.Scans }),
		mk("Nghi giả theo huyện", "Suspected fakes by district", "#c53030", func(f Figures) int64 { return f.Suspected }),
	}
}
