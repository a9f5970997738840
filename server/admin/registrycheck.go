package admin

import (
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// The checks below are those the CSV import makes, for entries typed one
// at a time (the admin API and the CLI's facility/product/pos commands).

// CheckFacility validates f and replaces its district by the canonical
// name (stamp.Districts). An unknown district or a missing field is EInvalid.
func CheckFacility(f *stamp.Facility) error {
	f.Code = strings.TrimSpace(f.Code)
	if err := canonicalDistrict(&f.District); err != nil {
		return err
	}
	return f.Validate()
}

// CheckProduct validates p: a known product group (stamp.ProductGroups) and
// a valid GTIN when one is given. A mistake is EInvalid.
func CheckProduct(p *stamp.Product) error {
	if err := p.Validate(); err != nil {
		return err
	}
	g, ok := stamp.CanonicalGroup(p.Group)
	if !ok {
		return stamp.Errorf(stamp.EInvalid, "product %d: unknown product group %q: want one of %s",
			p.Number, p.Group, strings.Join(stamp.ProductGroups, "; "))
	}
	p.Group = g
	return nil
}

// CheckPointOfSale validates p and replaces its district by the canonical
// name. A mistake is EInvalid.
func CheckPointOfSale(p *stamp.PointOfSale) error {
	if err := canonicalDistrict(&p.District); err != nil {
		return err
	}
	return p.Validate()
}

func canonicalDistrict(d *string) error {
	if strings.TrimSpace(*d) == "" {
		return nil // Validate names the missing field
	}
	c, err := stamp.ParseDistrict(*d)
	if err != nil {
		return err
	}
	*d = c
	return nil
}
