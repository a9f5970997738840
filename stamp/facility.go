package stamp

import "time"

// Facility is a producer ("chủ cơ sở"): a cooperative, enterprise or
// household registered with the OCOP programme.
type Facility struct {
	Code           string // registry code, unique, e.g. "HT-CS-0001"
	Name           string
	Kind           string // "hợp tác xã", "doanh nghiệp", "hộ kinh doanh", ...
	District       string // one of Districts: the former district (before July 2025)
	Commune        string // commune or ward name as written
	CommuneCode    string // administrative unit code of the commune or ward (see Commune); "" when not yet known
	Address        string
	Phone          string
	Representative string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Validate checks the fields a registry entry needs.
func (f Facility) Validate() error {
	switch {
	case f.Code == "":
		return Refusef(EInvalid, "Chưa nhập mã cơ sở", "facility code is required")
	case f.Name == "":
		return Refusef(EInvalid, "Cơ sở %s: chưa nhập tên", "facility %s: name is required", f.Code)
	case f.District == "" && f.CommuneCode == "":
		return Refusef(EInvalid, "Cơ sở %s: chưa chọn xã, phường (hoặc huyện cũ)", "facility %s: commune_code (or the former district) is required", f.Code)
	case f.CommuneCode != "" && !ValidCommuneCode(f.CommuneCode):
		return Refusef(EInvalid, "Cơ sở %s: mã xã, phường %q phải gồm năm chữ số", "facility %s: commune code %q: want five digits", f.Code, f.CommuneCode)
	}
	if err := checkCode("facility code", f.Code); err != nil {
		return err
	}
	return checkFields(field{"facility " + f.Code + ": name", f.Name, MaxNameLen},
		field{"facility " + f.Code + ": kind", f.Kind, MaxShortLen},
		field{"facility " + f.Code + ": district", f.District, MaxShortLen},
		field{"facility " + f.Code + ": commune", f.Commune, MaxShortLen},
		field{"facility " + f.Code + ": address", f.Address, MaxLongLen},
		field{"facility " + f.Code + ": phone", f.Phone, MaxShortLen},
		field{"facility " + f.Code + ": representative", f.Representative, MaxShortLen})
}
