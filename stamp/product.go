package stamp

import (
	"fmt"
	"time"
)

// Product is a registered product of a facility. Number is the registry
// number carried in every stamp code of the product.
type Product struct {
	Number       uint32
	FacilityCode string
	Name         string
	Group        string // one of ProductGroups
	GTIN         string // optional GS1 GTIN-8/12/13/14, check digit verified
	Description  string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Validate checks the product's fields.
func (p Product) Validate() error {
	switch {
	case p.Number == 0:
		return Errorf(EInvalid, "product number must be a positive integer")
	case p.FacilityCode == "":
		return Errorf(EInvalid, "product %d: facility code is required", p.Number)
	case p.Name == "":
		return Errorf(EInvalid, "product %d: name is required", p.Number)
	case p.Group == "":
		return Errorf(EInvalid, "product %d: group is required", p.Number)
	}
	if p.GTIN != "" && !ValidGTIN(p.GTIN) {
		return Errorf(EInvalid, "product %d: GTIN %q is not 8, 12, 13 or 14 digits with a valid check digit", p.Number, p.GTIN)
	}
	if err := checkCode(fmt.Sprintf("product %d: facility code", p.Number), p.FacilityCode); err != nil {
		return err
	}
	what := fmt.Sprintf("product %d: ", p.Number)
	return checkFields(field{what + "name", p.Name, MaxNameLen},
		field{what + "group", p.Group, MaxShortLen},
		field{what + "description", p.Description, MaxDescLen})
}

// ValidGTIN reports whether s is a GS1 GTIN-8, -12, -13 or -14 whose check
// digit is correct.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	sum := 0
	for i := 0; i < len(s)-1; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		// weights alternate 3,1 from the digit next to the check digit
		if (len(s)-1-i)%2 == 1 {
			d *= 3
		}
		sum += d
	}
	last := s[len(s)-1]
	if last < '0' || last > '9' {
		return false
	}
	return (10-sum%10)%10 == int(last-'0')
}
