package print

import (
	"fmt"
	"math"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Template describes a sheet of label stock. Lengths are in millimetres,
// measured from the top-left corner of the page.
type Template struct {
	Name        string
	Description string
	PageW       float64
	PageH       float64
	MarginLeft  float64 // page edge to the first column
	MarginTop   float64 // page edge to the first row
	LabelW      float64
	LabelH      float64
	GapX        float64 // between columns
	GapY        float64 // between rows
	Cols        int
	Rows        int
}

// MinModule is the smallest QR module (mm) a template may print: below it,
// office laser and inkjet printers blur modules together.
const MinModule = 0.33

// A4 page size in millimetres.
const (
	A4W = 210.0
	A4H = 297.0
)

// templates are the presets for common A4 label stock.
var templates = []Template{
	{
		Name:        "a4-24",
		Description: "A4, 24 nhãn 70×37 mm (3 cột × 8 hàng), không lề; kiểu Avery 3474, Tanex/Tomy A4-24",
		PageW:       A4W, PageH: A4H, MarginLeft: 0, MarginTop: 0.5,
		LabelW: 70, LabelH: 37, Cols: 3, Rows: 8,
	},
	{
		Name:        "a4-40",
		Description: "A4, 40 nhãn 52,5×29,7 mm (4 cột × 10 hàng), không lề; kiểu Avery 3651, Tanex/Tomy A4-40",
		PageW:       A4W, PageH: A4H, MarginLeft: 0, MarginTop: 0,
		LabelW: 52.5, LabelH: 29.7, Cols: 4, Rows: 10,
	},
	{
		Name:        "a4-65",
		Description: "A4, 65 nhãn 38,1×21,2 mm (5 cột × 13 hàng), lề trên 10,7 mm, khe 2,5 mm; kiểu Avery L7651",
		PageW:       A4W, PageH: A4H, MarginLeft: 4.75, MarginTop: 10.7,
		LabelW: 38.1, LabelH: 21.2, GapX: 2.5, Cols: 5, Rows: 13,
	},
	{
		Name:        "a4-21",
		Description: "A4, 21 nhãn 63,5×38,1 mm (3 cột × 7 hàng), lề trên 15,15 mm, khe 2,5 mm; kiểu Avery L7160",
		PageW:       A4W, PageH: A4H, MarginLeft: 7.25, MarginTop: 15.15,
		LabelW: 63.5, LabelH: 38.1, GapX: 2.5, Cols: 3, Rows: 7,
	},
	{
		Name:        "a4-14",
		Description: "A4, 14 nhãn 99,1×38,1 mm (2 cột × 7 hàng), lề trên 15,15 mm, khe 2,5 mm; kiểu Avery L7163",
		PageW:       A4W, PageH: A4H, MarginLeft: 4.65, MarginTop: 15.15,
		LabelW: 99.1, LabelH: 38.1, GapX: 2.5, Cols: 2, Rows: 7,
	},
}

// DefaultTemplate names the preset used when none is chosen.
const DefaultTemplate = "a4-65"

// Templates returns the presets, in a stable order.
func Templates() []Template { return append([]Template(nil), templates...) }

// TemplateByName returns the preset called name (case-insensitive). It fails
// with an ENotFound *stamp.Error listing the known names.
func TemplateByName(name string) (Template, error) {
	names := make([]string, 0, len(templates))
	for _, t := range templates {
		if strings.EqualFold(t.Name, strings.TrimSpace(name)) {
			return t, nil
		}
		names = append(names, t.Name)
	}
	return Template{}, stamp.Errorf(stamp.ENotFound, "no label template %q; known: %s", name, strings.Join(names, ", "))
}

// PerPage returns the number of labels on one sheet.
func (t Template) PerPage() int { return t.Cols * t.Rows }

// gridW and gridH return the extent of the label grid.
func (t Template) gridW() float64 { return float64(t.Cols)*t.LabelW + float64(t.Cols-1)*t.GapX }
func (t Template) gridH() float64 { return float64(t.Rows)*t.LabelH + float64(t.Rows-1)*t.GapY }

// MarginBottom returns the space below the last row.
func (t Template) MarginBottom() float64 { return t.PageH - t.MarginTop - t.gridH() }

// MarginRight returns the space right of the last column.
func (t Template) MarginRight() float64 { return t.PageW - t.MarginLeft - t.gridW() }

// cell returns the top-left corner of the label in row r, column c.
func (t Template) cell(r, c int) (x, y float64) {
	return t.MarginLeft + float64(c)*(t.LabelW+t.GapX), t.MarginTop + float64(r)*(t.LabelH+t.GapY)
}

// fitTolerance absorbs rounding in published label dimensions (mm).
const fitTolerance = 0.05

// Validate checks that the labels fit on the page and that a stamp QR code
// under baseURL prints with modules of at least MinModule with room for the
// serial beside or below it. It returns an EInvalid *stamp.Error whose one-line
// message says what does not fit and by how much.
func (t Template) Validate(baseURL string) error {
	_, err := t.geometry(baseURL)
	return err
}

// geometry validates t and returns the label layout for baseURL.
func (t Template) geometry(baseURL string) (labelGeom, error) {
	if err := t.validateGrid(); err != nil {
		return labelGeom{}, err
	}
	bad := func(format string, args ...any) (labelGeom, error) {
		return labelGeom{}, stamp.Errorf(stamp.EInvalid, "template %s: "+format, append([]any{t.displayName()}, args...)...)
	}
	ver, err := qrVersions(baseURL)
	if err != nil {
		return labelGeom{}, err
	}
	g := layoutLabel(t.LabelW, t.LabelH, ver)
	if g.module < MinModule {
		return bad("QR modules would be %.3f mm, %.3f mm below the %.2f mm minimum (a %d-module code on a %.1f×%.1f mm label)",
			g.module, MinModule-g.module, MinModule, ver.modules(), t.LabelW, t.LabelH)
	}
	if short := minTextWidth() - g.textW; short > 0 {
		where := "beside"
		if g.stacked {
			where = "under"
		}
		return bad("labels leave %.1f mm %s the QR code for text, %.1f mm short of the %.1f mm the serial needs",
			g.textW, where, short, minTextWidth())
	}
	if short := minTextHeight() - g.textH; short > 0 {
		return bad("labels leave %.1f mm for text, %.1f mm short of the %.1f mm the rank, name and serial need",
			g.textH, short, minTextHeight())
	}
	return g, nil
}

func (t Template) displayName() string {
	if t.Name == "" {
		return "custom"
	}
	return t.Name
}

// validateGrid checks the lengths and that the labels fit on the page.
func (t Template) validateGrid() error {
	bad := func(format string, args ...any) error {
		return stamp.Errorf(stamp.EInvalid, "template %s: "+format, append([]any{t.displayName()}, args...)...)
	}
	for _, v := range []struct {
		what string
		v    float64
		min  float64
	}{
		{"page width", t.PageW, 1}, {"page height", t.PageH, 1},
		{"label width", t.LabelW, 1}, {"label height", t.LabelH, 1},
		{"left margin", t.MarginLeft, 0}, {"top margin", t.MarginTop, 0},
		{"column gap", t.GapX, 0}, {"row gap", t.GapY, 0},
	} {
		if math.IsNaN(v.v) || math.IsInf(v.v, 0) || v.v < v.min {
			return bad("%s %.2f mm is not a length of at least %g mm", v.what, v.v, v.min)
		}
	}
	if t.PageW > 1200 || t.PageH > 1200 {
		return bad("page %.0f×%.0f mm is larger than 1200 mm", t.PageW, t.PageH)
	}
	if t.Cols < 1 || t.Rows < 1 || t.Cols*t.Rows > 1000 {
		return bad("grid %d×%d: want 1 to 1000 labels a sheet", t.Cols, t.Rows)
	}
	if over := -t.MarginRight(); over > fitTolerance {
		return bad("%d columns of %.2f mm with %.2f mm gaps after a %.2f mm margin need %.2f mm; the page is %.2f mm wide: %.2f mm too wide",
			t.Cols, t.LabelW, t.GapX, t.MarginLeft, t.MarginLeft+t.gridW(), t.PageW, over)
	}
	if over := -t.MarginBottom(); over > fitTolerance {
		return bad("%d rows of %.2f mm with %.2f mm gaps after a %.2f mm margin need %.2f mm; the page is %.2f mm high: %.2f mm too high",
			t.Rows, t.LabelH, t.GapY, t.MarginTop, t.MarginTop+t.gridH(), t.PageH, over)
	}
	return nil
}

// String returns a one-line summary, e.g. for --list-templates.
func (t Template) String() string {
	return fmt.Sprintf("%-8s %2d/sheet  %5.1f×%4.1f mm  %s", t.Name, t.PerPage(), t.LabelW, t.LabelH, t.Description)
}
