package print

import (
	"math"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestParseGrid(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	for _, c := range []struct {
		spec string
		want Template
	}{
		{"label=38.1x21.2 grid=5x13 margin=4.75x10.7 gap=2.5x0",
			Template{Name: "custom", PageW: 210, PageH: 297, MarginLeft: 4.75, MarginTop: 10.7, LabelW: 38.1, LabelH: 21.2, GapX: 2.5, Cols: 5, Rows: 13}},
		{"label=52,5x29,7, page=a4, name=tem-40",
			Template{Name: "tem-40", PageW: 210, PageH: 297, LabelW: 52.5, LabelH: 29.7, Cols: 4, Rows: 10}},
		{"label=70×37;grid=3×8",
			Template{Name: "custom", PageW: 210, PageH: 297, MarginTop: 0.5, LabelW: 70, LabelH: 37, Cols: 3, Rows: 8}},
		{"label=50x30 page=a5 gap=2x2",
			Template{Name: "custom", PageW: 148, PageH: 210, MarginLeft: 23, MarginTop: 10, LabelW: 50, LabelH: 30, GapX: 2, GapY: 2, Cols: 2, Rows: 6}},
		{"page=100x150 label=100x150",
			Template{Name: "custom", PageW: 100, PageH: 150, LabelW: 100, LabelH: 150, Cols: 1, Rows: 1}},
	} {
		got, err := ParseGrid(c.spec)
		if err != nil {
			t.Errorf("ParseGrid(%q): %v", c.spec, err)
			continue
		}
		w := c.want
		if got.Name != w.Name || got.Cols != w.Cols || got.Rows != w.Rows || !near(got.PageW, w.PageW) || !near(got.PageH, w.PageH) ||
			!near(got.LabelW, w.LabelW) || !near(got.LabelH, w.LabelH) || !near(got.GapX, w.GapX) || !near(got.GapY, w.GapY) ||
			!near(got.MarginLeft, w.MarginLeft) || !near(got.MarginTop, w.MarginTop) {
			t.Errorf("ParseGrid(%q) =\n %+v\nwant\n %+v", c.spec, got, w)
		}
		if got.Description == "" {
			t.Errorf("ParseGrid(%q): no description", c.spec)
		}
	}
	for _, c := range []struct{ spec, want string }{
		{"", "label=WIDTHxHEIGHT is required"},
		{"label=38x21 colour=red", `unknown key "colour"`},
		{"label=38", "want two lengths"},
		{"label=38x21 grid=5.5x3", "whole numbers"},
		{"label=abcxdef", "want two numbers"},
		{"label=300x21", "does not fit"},
		{"label=38.1x21.2 grid=6x13", "too wide"},
		{"label=38.1x21.2 grid=5x14 margin=0x10", "too high"},
		{"label=38x21 oops", "not key=value"},
	} {
		_, err := ParseGrid(c.spec)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseGrid(%q) = %v, want EInvalid with %q", c.spec, err, c.want)
		}
	}
}
