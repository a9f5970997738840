package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

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
		"ends in 8":        func(p *stamp.Product) { p.GTIN = "8934588012227" },
	} {
		p := ok
		change(&p)
		err := p.Validate()
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want EInvalid mentioning %q", err, want)
		}
	}
}
