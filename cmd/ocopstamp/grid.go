package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/print"
)

// parseGrid reads a custom label grid: comma- or newline-separated key=value
// pairs, lengths in millimetres, sizes as WxH. "@FILE" reads the pairs from a
// file (one per line, # comments allowed). Keys: page (default 210x297),
// margin (left x top, default 0x0), label (required), cols and rows
// (required), gap (default 0x0), name.
//
//	page=210x297,margin=10x12,label=48x25,cols=4,rows=10,gap=2x2
func parseGrid(spec string) (print.Template, error) {
	if strings.HasPrefix(spec, "@") {
		b, err := os.ReadFile(spec[1:])
		if err != nil {
			return print.Template{}, usagef("--grid: %v", unwrapPathErr(err))
		}
		spec = string(b)
	}
	t := print.Template{Name: "custom", Description: "custom grid", PageW: print.A4W, PageH: print.A4H}
	seen := map[string]bool{}
	fields := strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == '\n' || r == ';' })
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" || strings.HasPrefix(f, "#") {
			continue
		}
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return t, usagef("--grid: %q is not key=value", f)
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		seen[k] = true
		var err error
		switch k {
		case "page":
			t.PageW, t.PageH, err = pair(v)
		case "margin":
			t.MarginLeft, t.MarginTop, err = pair(v)
		case "label":
			t.LabelW, t.LabelH, err = pair(v)
		case "gap":
			t.GapX, t.GapY, err = pair(v)
		case "cols":
			t.Cols, err = strconv.Atoi(v)
		case "rows":
			t.Rows, err = strconv.Atoi(v)
		case "name":
			t.Name = v
		default:
			return t, usagef("--grid: unknown key %q (want page, margin, label, gap, cols, rows, name)", k)
		}
		if err != nil {
			return t, usagef("--grid: %s=%q: want a number, or WxH in millimetres for sizes", k, v)
		}
	}
	for _, k := range []string{"label", "cols", "rows"} {
		if !seen[k] {
			return t, usagef("--grid: %s is required", k)
		}
	}
	if t.Cols < 1 || t.Rows < 1 || t.LabelW <= 0 || t.LabelH <= 0 || t.PageW <= 0 || t.PageH <= 0 || t.GapX < 0 || t.GapY < 0 {
		return t, usagef("--grid: sizes, columns and rows must be positive")
	}
	t.Description = fmt.Sprintf("custom: %d×%d labels %g×%g mm on %g×%g mm", t.Cols, t.Rows, t.LabelW, t.LabelH, t.PageW, t.PageH)
	return t, nil
}

func pair(v string) (float64, float64, error) {
	a, b, ok := strings.Cut(strings.ToLower(v), "x")
	if !ok {
		return 0, 0, fmt.Errorf("want WxH")
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(a), 64)
	if err != nil {
		return 0, 0, err
	}
	y, err := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return x, y, err
}
