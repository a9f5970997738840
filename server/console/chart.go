package console

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// chartData is the overview's bar chart of scans and suspected fakes by
// commune or ward, drawn as inline SVG on the server, with the same figures
// as a table for screen readers and for printing.
type chartData struct {
	SVG  template.HTML
	Rows []chartRow
}

type chartRow struct {
	Name             string
	Scans, Suspected int64
}

// maxChartRows bounds the bars; the rest are summed into "other".
const maxChartRows = 12

// communeChart sums act's per-facility figures by the facilities' commune or
// ward (their former district when the commune is not recorded).
func communeChart(t map[string]string, facs []stamp.Facility, act *storage.ReportActivity) chartData {
	where := map[string]string{}
	for _, f := range facs {
		where[f.Code] = cmp.Or(f.Commune, f.District)
	}
	sums := map[string]*chartRow{}
	for code, a := range act.Facilities {
		name := cmp.Or(where[code], t["unknownPlace"])
		row := sums[name]
		if row == nil {
			row = &chartRow{Name: name}
			sums[name] = row
		}
		row.Scans += a.Scans
		row.Suspected += a.Suspected()
	}
	var rows []chartRow
	for _, r := range sums {
		if r.Scans > 0 || r.Suspected > 0 {
			rows = append(rows, *r)
		}
	}
	slices.SortFunc(rows, func(a, b chartRow) int {
		return cmp.Or(cmp.Compare(b.Scans, a.Scans), strings.Compare(a.Name, b.Name))
	})
	if len(rows) > maxChartRows {
		other := chartRow{Name: t["otherPlaces"]}
		for _, r := range rows[maxChartRows-1:] {
			other.Scans += r.Scans
			other.Suspected += r.Suspected
		}
		rows = append(rows[:maxChartRows-1], other)
	}
	return chartData{SVG: barSVG(t, rows), Rows: rows}
}

// barSVG draws one row per place: the scans bar and, below it, the
// suspected bar, scaled to the largest scan count. Text is escaped.
func barSVG(t map[string]string, rows []chartRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const (
		width = 600
		label = 170
		rowH  = 34
		barW  = width - label - 60
		top   = 28
		scanC = "#1b6e3a"
		suspC = "#b3261e"
		textC = "#1a1a1a"
	)
	var hi int64 = 1
	for _, r := range rows {
		hi = max(hi, r.Scans, r.Suspected)
	}
	h := top + rowH*len(rows) + 8
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="14">`, width, h)
	fmt.Fprintf(&b, `<title id="chart-title">%s</title>`, esc(t["chartTitle"]))
	fmt.Fprintf(&b, `<rect x="%d" y="4" width="12" height="12" fill="%s"/><text x="%d" y="15" fill="%s">%s</text>`, label, scanC, label+16, textC, esc(t["scans"]))
	fmt.Fprintf(&b, `<rect x="%d" y="4" width="12" height="12" fill="%s"/><text x="%d" y="15" fill="%s">%s</text>`, label+120, suspC, label+136, textC, esc(t["suspected"]))
	for i, r := range rows {
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="%s">%s</text>`, label-8, y+19, textC, esc(shorten(r.Name, 18)))
		w1 := int(float64(barW) * float64(r.Scans) / float64(hi))
		w2 := int(float64(barW) * float64(r.Suspected) / float64(hi))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="13" fill="%s"/>`, label, y+2, max(w1, 1), scanC)
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s">%s</text>`, label+max(w1, 1)+4, y+13, textC, groupDigits(fmt.Sprint(r.Scans)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="13" fill="%s"/>`, label, y+17, max(w2, 1), suspC)
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s">%s</text>`, label+max(w2, 1)+4, y+28, textC, groupDigits(fmt.Sprint(r.Suspected)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
