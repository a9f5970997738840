package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestValidGTIN(t *testing.T) {
	for _, s := range []string{
		"96385074",       // GTIN-8
		"036000291452",   // GTIN-12 (UPC-A)
		"4006381333931",  // GTIN-13
		"8934588012228",  // GTIN-13, Vietnamese prefix 893
		"00012345600012", // GTIN-14
		"10614141000415", // GTIN-14 with indicator digit 1
	} {
		if !stamp.ValidGTIN(s) {
			t.Errorf("ValidGTIN(%q) = false", s)
		}
	}
	for _, s := range []string{
		"", "1234567", "123456789", "96385075", "4006381333932", "8934588012227",
		"400638133393A", "4006381333 31", "40063813339312345", "0001234560001x", "+006381333931",
	} {
		if stamp.ValidGTIN(s) {
			t.Errorf("ValidGTIN(%q) = true", s)
		}
	}
}

// TestValidGTINSingleErrors: a GS1 check digit catches every single wrong digit.
func TestValidGTINSingleErrors(t *testing.T) {
	good := "8934588012228"
	for i := 0; i < len(good); i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == good[i] {
				continue
			}
			b := []byte(good)
			b[i] = d
			if stamp.ValidGTIN(string(b)) {
				t.Errorf("ValidGTIN(%s) = true (one digit changed from %s)", b, good)
			}
		}
	}
}

func TestProductValidate(t *testing.T) {
	ok := stamp.Product{Number: 12, FacilityCode: "HT-001", Name: "Kẹo cu đơ", Group: stamp.ProductGroups[0], GTIN: "8934588012228"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	noGTIN := ok
	noGTIN.GTIN = ""
	if err := noGTIN.Validate(); err != nil {
		t.Errorf("a product without a GTIN: %v", err)
	}
	for want, change := range map[string]func(*stamp.Product){
		"positive integer": func(p *stamp.Product) { p.Number = 0 },
		"facility code":    func(p *stamp.Product) { p.FacilityCode = "" },
		"name is required": func(p *stamp.Product) { p.Name = "" },
		"group":            func(p *stamp.Product) { p.Group = "" },
		"GTIN":             func(p *stamp.Product) { p.GTIN = "8934588012227" },
	} {
		p := ok
		change(&p)
		err := p.Validate()
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want EInvalid mentioning %q", err, want)
		}
	}
}
