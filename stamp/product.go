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
	GTIN         string // optional GS1 GTIN-8/12/13/14 (ParseGTIN); stored in its 14-digit form, unique
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
	if _, err := CanonicalGTIN(p.GTIN); err != nil {
		return Errorf(EInvalid, "product %d: %s", p.Number, ErrorMessage(err))
	}
	if err := checkCode(fmt.Sprintf("product %d: facility code", p.Number), p.FacilityCode); err != nil {
		return err
	}
	what := fmt.Sprintf("product %d: ", p.Number)
	return checkFields(field{what + "name", p.Name, MaxNameLen},
		field{what + "group", p.Group, MaxShortLen},
		field{what + "description", p.Description, MaxDescLen})
}
