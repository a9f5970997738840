package stamp

import "time"

// Facility is a producer ("chủ cơ sở"): a cooperative, enterprise or
// household registered with the OCOP programme.
type Facility struct {
	Code           string // registry code, unique, e.g. "HT-CS-0001"
	Name           string
	Kind           string // "hợp tác xã", "doanh nghiệp", "hộ kinh doanh", ...
	District       string // one of Districts
	Commune        string
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
		return Errorf(EInvalid, "facility code is required")
	case f.Name == "":
		return Errorf(EInvalid, "facility %s: name is required", f.Code)
	case f.District == "":
		return Errorf(EInvalid, "facility %s: district is required", f.Code)
	}
	return nil
}
