package print

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Page sizes ParseGrid knows by name (mm).
var pageSizes = map[string][2]float64{
	"a4": {A4W, A4H}, "a5": {148, 210}, "a3": {297, 420}, "letter": {215.9, 279.4},
}

// ParseGrid reads a custom label grid from key=value fields separated by
// spaces, semicolons or commas (a comma between digits is a decimal comma):
//
//	label=38.1x21.2 grid=5x13 page=a4 margin=4.75x10.7 gap=2.5x0 name=tem-nho
//
// label (width×height) is required. page is a name (a4, a5, a3, letter) or
// width×height, A4 by default. grid is columns×rows; without it as many
// labels as fit are used. margin is left×top; without it the grid is centred.
// gap is between columns × between rows, 0×0 by default. Lengths are in mm.
// It fails with an EInvalid *stamp.Error naming the bad field, or saying what
// does not fit and by how much; the QR and text checks need the base URL and
// are left to Template.Validate.
func ParseGrid(spec string) (Template, error) {
	t := Template{Name: "custom", PageW: A4W, PageH: A4H}
	bad := func(format string, args ...any) (Template, error) {
		return Template{}, stamp.Errorf(stamp.EInvalid, "label grid: "+format, args...)
	}
	var haveLabel, haveGrid, haveMargin bool
	for _, f := range gridFields(spec) {
		key, val, ok := strings.Cut(f, "=")
		if !ok {
			return bad("%q is not key=value (keys: label, grid, page, margin, gap, name)", f)
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "label", "grid", "page", "margin", "gap", "name":
		default:
			return bad("unknown key %q (keys: label, grid, page, margin, gap, name)", key)
		}
		switch key {
		case "name":
			if val == "" {
				return bad("name is empty")
			}
			t.Name = val
			continue
		case "page":
			if p, ok := pageSizes[strings.ToLower(val)]; ok {
				t.PageW, t.PageH = p[0], p[1]
				continue
			}
		}
		a, b, err := pair(val)
		if err != nil {
			return bad("%s=%s: %v", key, val, err)
		}
		switch key {
		case "label":
			t.LabelW, t.LabelH, haveLabel = a, b, true
		case "page":
			t.PageW, t.PageH = a, b
		case "margin":
			t.MarginLeft, t.MarginTop, haveMargin = a, b, true
		case "gap":
			t.GapX, t.GapY = a, b
		case "grid":
			if a != math.Trunc(a) || b != math.Trunc(b) || a < 1 || b < 1 || a*b > 1000 {
				return bad("grid=%s: want columns×rows, whole numbers, at most 1000 labels", val)
			}
			t.Cols, t.Rows, haveGrid = int(a), int(b), true
		}
	}
	if !haveLabel {
		return bad("label=WIDTHxHEIGHT is required, e.g. label=38.1x21.2")
	}
	if t.LabelW <= 0 || t.LabelH <= 0 || t.PageW <= 0 || t.PageH <= 0 || t.GapX < 0 || t.GapY < 0 || t.MarginLeft < 0 || t.MarginTop < 0 {
		return bad("lengths must be positive (gaps and margins may be 0)")
	}
	if !haveGrid {
		left, top := t.MarginLeft, t.MarginTop
		t.Cols = int((t.PageW - 2*left + t.GapX + fitTolerance) / (t.LabelW + t.GapX))
		t.Rows = int((t.PageH - 2*top + t.GapY + fitTolerance) / (t.LabelH + t.GapY))
		if t.Cols < 1 || t.Rows < 1 {
			return bad("a %s×%s mm label does not fit on a %s×%s mm page", mm(t.LabelW), mm(t.LabelH), mm(t.PageW), mm(t.PageH))
		}
	}
	if !haveMargin {
		t.MarginLeft = max(0, (t.PageW-t.gridW())/2)
		t.MarginTop = max(0, (t.PageH-t.gridH())/2)
	}
	t.Description = fmt.Sprintf("%s×%s mm, %d nhãn %s×%s mm (%d cột × %d hàng), lề %s×%s mm, khe %s×%s mm",
		mm(t.PageW), mm(t.PageH), t.PerPage(), mm(t.LabelW), mm(t.LabelH), t.Cols, t.Rows,
		mm(t.MarginLeft), mm(t.MarginTop), mm(t.GapX), mm(t.GapY))
	if err := t.validateGrid(); err != nil {
		return Template{}, err
	}
	return t, nil
}

var keyComma = regexp.MustCompile(`,\s*([A-Za-z]+=)`)

// gridFields splits a spec into key=value fields.
func gridFields(spec string) []string {
	spec = keyComma.ReplaceAllString(spec, " $1")
	return strings.FieldsFunc(spec, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == ';' })
}

// pair reads "AxB" (also "A×B", "A*B"), with a decimal point or comma.
func pair(s string) (float64, float64, error) {
	s = strings.NewReplacer("×", "x", "X", "x", "*", "x", ",", ".").Replace(s)
	a, b, ok := strings.Cut(s, "x")
	if !ok {
		return 0, 0, fmt.Errorf("want two lengths as AxB")
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return 0, 0, fmt.Errorf("want two numbers as AxB")
	}
	return x, y, nil
}
