package stamp

import "time"

// PointOfSale is an OCOP showroom or point of sale ("điểm giới thiệu và bán
// sản phẩm OCOP"), shown to consumers as a place to buy genuine products.
type PointOfSale struct {
	ID        int64
	Name      string
	District  string
	Commune   string
	Address   string
	Phone     string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the fields a point of sale needs.
func (p PointOfSale) Validate() error {
	switch {
	case p.Name == "":
		return Errorf(EInvalid, "point of sale: name is required")
	case p.District == "":
		return Errorf(EInvalid, "point of sale %s: district is required", p.Name)
	}
	return nil
}
