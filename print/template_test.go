package print

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestPresetsValidate(t *testing.T) {
	if len(Templates()) < 3 {
		t.Fatalf("%d presets, want at least 3", len(Templates()))
	}
	seen := map[string]bool{}
	for _, tm := range Templates() {
		if seen[tm.Name] {
			t.Errorf("preset %s listed twice", tm.Name)
		}
		seen[tm.Name] = true
		if err := tm.Validate(testBaseURL); err != nil {
			t.Errorf("%s: %v", tm.Name, err)
		}
		g, _ := tm.geometry(testBaseURL)
		if g.ver.normal != 7 || g.module < MinModule {
			t.Errorf("%s: QR version %d, module %.3f mm", tm.Name, g.ver.normal, g.module)
		}
		if got, err := TemplateByName(strings.ToUpper(tm.Name)); err != nil || got != tm {
			t.Errorf("TemplateByName(%s) = %v, %v", tm.Name, got.Name, err)
		}
		if tm.String() == "" || tm.Description == "" {
			t.Errorf("%s: no description", tm.Name)
		}
	}
	if _, err := TemplateByName(DefaultTemplate); err != nil {
		t.Fatal(err)
	}
	if _, err := TemplateByName("a4-99"); stamp.ErrorCode(err) != stamp.ENotFound || !strings.Contains(err.Error(), "a4-65") {
		t.Errorf("unknown template: %v", err)
	}
}

func TestQRVersions(t *testing.T) {
	for _, c := range []struct {
		base            string
		normal, reserve int
	}{
		{"https://txng.example.vn", 7, 7},
		{"https://txng.hatinh.gov.vn/", 7, 7},
		{"https://" + strings.Repeat("a", 21), 7, 7},               // 29 characters
		{"https://" + strings.Repeat("a", 22), 7, 8},               // 30: one digit-run split could need version 8
		{"https://" + strings.Repeat("a", 26), 8, 8},               // 34
		{"http://localhost:8080", 7, 7},                            // digits and a colon stay alphanumeric
		{"https://txng.example.vn/truy_xuat", 8, 8},                // "_" is not alphanumeric: byte mode
		{"HTTPS://TXNG.EXAMPLE.VN", 7, 7},                          // already upper case
		{"https://txng.example.vn" + strings.Repeat("/", 5), 7, 7}, // trailing slashes dropped
	} {
		v, err := qrVersions(c.base)
		if err != nil || v.normal != c.normal || v.reserve != c.reserve {
			t.Errorf("qrVersions(%q) = %+v, %v; want %d/%d", c.base, v, err, c.normal, c.reserve)
		}
	}
	for _, base := range []string{"", "txng.example.vn", "ftp://x.vn", "https://", "https://tem ocop.vn", "https://tèm.vn", "https://" + strings.Repeat("a", 300)} {
		if _, err := qrVersions(base); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("qrVersions(%q): %v, want EInvalid", base, err)
		}
	}
}

func TestValidateRefuses(t *testing.T) {
	a4 := func(f func(*Template)) Template {
		tm, _ := TemplateByName("a4-65")
		f(&tm)
		return tm
	}
	for _, c := range []struct {
		name string
		tm   Template
		base string
		want []string // fragments of the one-line message
	}{
		{"too wide", a4(func(t *Template) { t.Cols = 6 }), testBaseURL, []string{"6 columns", "need 245.85 mm", "35.85 mm too wide"}},
		{"too high", a4(func(t *Template) { t.MarginTop = 25 }), testBaseURL, []string{"13 rows", "3.60 mm too high"}},
		{"modules too small", a4(func(t *Template) { t.LabelW, t.LabelH, t.MarginLeft, t.GapX, t.Cols, t.Rows = 30, 14, 0, 0, 7, 20 }),
			testBaseURL, []string{"QR modules would be 0.246 mm, 0.084 mm below the 0.33 mm minimum"}},
		{"long base URL", a4(func(t *Template) {}), "https://" + strings.Repeat("x", 100), []string{"QR modules would be", "below the 0.33 mm minimum", "53-module"}},
		{"no room for the serial", a4(func(t *Template) { t.LabelW, t.LabelH, t.MarginLeft, t.GapX, t.Cols, t.Rows = 32, 22, 0, 0, 6, 13 }),
			testBaseURL, []string{"for text", "short of"}},
		{"no grid", a4(func(t *Template) { t.Cols = 0 }), testBaseURL, []string{"grid 0×13"}},
		{"negative gap", a4(func(t *Template) { t.GapY = -1 }), testBaseURL, []string{"row gap -1.00 mm"}},
		{"bad base URL", a4(func(t *Template) {}), "txng.example.vn", []string{"https://"}},
	} {
		err := c.tm.Validate(c.base)
		if stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("%s: %v, want EInvalid", c.name, err)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: message is not one line: %q", c.name, msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", c.name, msg, w)
			}
		}
	}
}

func TestSquareLabelsStackText(t *testing.T) {
	tm, err := ParseGrid("label=30x30 gap=3x3")
	if err != nil {
		t.Fatal(err)
	}
	g, err := tm.geometry(testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	if !g.stacked || g.module < MinModule || g.textY < g.boxY+g.box {
		t.Errorf("30×30 mm label layout %+v: want the text under a code of modules >= %.2f mm", g, MinModule)
	}
}
