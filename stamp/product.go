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
		return Refusef(EInvalid, "Số sản phẩm phải là số nguyên dương", "product number must be a positive integer")
	case p.FacilityCode == "":
		return Refusef(EInvalid, "Sản phẩm %d: chưa nhập mã cơ sở", "product %d: facility code is required", p.Number)
	case p.Name == "":
		return Refusef(EInvalid, "Sản phẩm %d: chưa nhập tên", "product %d: name is required", p.Number)
	case p.Group == "":
		return Refusef(EInvalid, "Sản phẩm %d: chưa chọn nhóm sản phẩm", "product %d: group is required", p.Number)
	}
	if _, err := CanonicalGTIN(p.GTIN); err != nil {
		return RefuseWith(EInvalid, err, "Sản phẩm %d", "product %d", p.Number)
	}
	if err := checkCode(fmt.Sprintf("product %d: facility code", p.Number), p.FacilityCode); err != nil {
		return err
	}
	what := fmt.Sprintf("product %d: ", p.Number)
	return checkFields(field{what + "name", p.Name, MaxNameLen},
		field{what + "group", p.Group, MaxShortLen},
		field{what + "description", p.Description, MaxDescLen})
}
