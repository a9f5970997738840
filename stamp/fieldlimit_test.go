package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestRegistryFieldLimits: the hostile registry text of issue 11 is refused
// with a clear message: control characters, bidi overrides, a
// million-character name, full-width look-alikes in codes.
func TestRegistryFieldLimits(t *testing.T) {
	good := stamp.Facility{Code: "HT-CS-0001", Name: "HTX Mật ong Hương Trà", Kind: "hợp tác xã", District: "Hương Khê",
		Commune: "xã Hương Trà", Address: "thôn 3, xã Hương Trà", Phone: "0239 3855 123", Representative: "Nguyễn Văn An"}
	if err := good.Validate(); err != nil {
		t.Fatalf("a plain facility: %v", err)
	}
	cases := map[string]struct {
		change func(*stamp.Facility)
		says   string
	}{
		"NUL":                {func(f *stamp.Facility) { f.Name += "\x00" }, "U+0000"},
		"ESC":                {func(f *stamp.Facility) { f.Name = "\x1b[2J" + f.Name }, "U+001B"},
		"BEL":                {func(f *stamp.Facility) { f.Address += "\a" }, "U+0007"},
		"RLO":                {func(f *stamp.Facility) { f.Name = "\u202e" + f.Name }, "U+202E"},
		"LRI":                {func(f *stamp.Facility) { f.Representative += "\u2066x" }, "U+2066"},
		"zero width":         {func(f *stamp.Facility) { f.Name += "\u200b" }, "U+200B"},
		"million":            {func(f *stamp.Facility) { f.Name = strings.Repeat("A", 1_000_000) }, "1000000 characters long; at most 200"},
		"full-width code":    {func(f *stamp.Facility) { f.Code = "ＨＴ-CS-0001" }, "only ASCII"},
		"Vietnamese code":    {func(f *stamp.Facility) { f.Code = "HT-CƠ-SỞ-1" }, "only ASCII"},
		"long code":          {func(f *stamp.Facility) { f.Code = strings.Repeat("X", 33) }, "at most 32"},
		"invalid UTF-8":      {func(f *stamp.Facility) { f.Kind = "\xff" }, "not valid UTF-8"},
		"line break in name": {func(f *stamp.Facility) { f.Name += "\nDòng 2" }, "U+000A"},
	}
	for name, c := range cases {
		f := good
		c.change(&f)
		err := f.Validate()
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), c.says) || len(err.Error()) > 400 {
			t.Errorf("%s: %v, want EInvalid saying %q", name, err, c.says)
		}
	}
	p := stamp.Product{Number: 7, FacilityCode: "HT-CS-0001", Name: "Cam\u202e", Group: "Thực phẩm"}
	if err := p.Validate(); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("product with a bidi override: %v", err)
	}
	pos := stamp.PointOfSale{Name: "Điểm bán", District: "Hương Khê", Phone: "\x07"}
	if err := pos.Validate(); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("point of sale with BEL: %v", err)
	}
}

// TestFreeTextAndCertificationLimits: free text keeps its line breaks but
// not terminal escapes or bidi overrides; certification and commune text
// follow the registry rule (issue 11, item 5).
func TestFreeTextAndCertificationLimits(t *testing.T) {
	if err := stamp.CheckFreeText("notes", "Tem mờ.\r\nMã QR bị dán đè.\tKi-ốt 12", 2000); err != nil {
		t.Errorf("several lines of Vietnamese: %v", err)
	}
	for s, says := range map[string]string{
		"Tem mờ\x1b[2J":          "U+001B",
		"Tem \u202emờ":           "U+202E",
		"a\x00b":                 "U+0000",
		strings.Repeat("ư", 201): "201 characters long; at most 200",
		"\xff":                   "not valid UTF-8",
	} {
		err := stamp.CheckFreeText("notes", s, 200)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), says) {
			t.Errorf("CheckFreeText(%q): %v, want EInvalid saying %q", s, err, says)
		}
	}
	good := stamp.Certification{ProductNumber: 7, Rank: stamp.Rank4, DecisionNumber: "2101/QĐ-UBND",
		DecisionDate: stamp.NewDate(2026, 10, 1), ProcessConfirmed: "Quy trình VietGAP được UBND huyện xác nhận"}
	if err := good.Validate(); err != nil {
		t.Fatalf("a plain certification: %v", err)
	}
	for name, change := range map[string]func(*stamp.Certification){
		"ESC in decision number":   func(c *stamp.Certification) { c.DecisionNumber += "\x1b[31m" },
		"RLO in process":           func(c *stamp.Certification) { c.ProcessConfirmed = "\u202e" + c.ProcessConfirmed },
		"long status reason":       func(c *stamp.Certification) { c.StatusReason = strings.Repeat("x", 501) },
		"long decision number":     func(c *stamp.Certification) { c.DecisionNumber = strings.Repeat("1", 101) },
		"line break in the reason": func(c *stamp.Certification) { c.StatusReason = "a\nb" },
	} {
		c := good
		change(&c)
		if err := c.Validate(); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("%s: %v, want EInvalid", name, err)
		}
	}
	com := stamp.Commune{Code: "99001", Name: "xã Hương Trà\u202e", Kind: stamp.CommuneKindCommune, FormerDistrict: "Hương Khê"}
	if err := com.Validate(); stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), "U+202E") {
		t.Errorf("commune with a bidi override: %v", err)
	}
}
