package stamp

import "time"

// PointOfSale is an OCOP showroom or point of sale ("điểm giới thiệu và bán
// sản phẩm OCOP"), shown to consumers as a place to buy genuine products.
type PointOfSale struct {
	ID          int64
	Name        string
	District    string // the former district (before July 2025)
	Commune     string
	CommuneCode string // administrative unit code of the commune or ward; "" when not yet known
	Address     string
	Phone       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks the fields a point of sale needs.
func (p PointOfSale) Validate() error {
	switch {
	case p.Name == "":
		return Refusef(EInvalid, "Điểm bán: chưa nhập tên", "point of sale: name is required")
	case p.District == "" && p.CommuneCode == "":
		return Refusef(EInvalid, "Điểm bán %s: chưa chọn xã, phường (hoặc huyện cũ)", "point of sale %s: commune_code (or the former district) is required", p.Name)
	case p.CommuneCode != "" && !ValidCommuneCode(p.CommuneCode):
		return Refusef(EInvalid, "Điểm bán %s: mã xã, phường %q phải gồm năm chữ số", "point of sale %s: commune code %q: want five digits", p.Name, p.CommuneCode)
	}
	return checkFields(field{"point of sale: name", p.Name, MaxNameLen},
		field{"point of sale: district", p.District, MaxShortLen},
		field{"point of sale: commune", p.Commune, MaxShortLen},
		field{"point of sale: address", p.Address, MaxLongLen},
		field{"point of sale: phone", p.Phone, MaxShortLen})
}
