package stamp

import (
	"strings"
	"time"
)

// Commune is a commune or ward (xã, phường) of the province: since 1 July
// 2025 the only level of local government below the province. Code is the
// official administrative unit code (mã đơn vị hành chính, five digits);
// FormerDistrict names the district it came from (one of Districts), kept
// to compare reports with the years before the reform.
type Commune struct {
	Code           string
	Name           string // "Sơn Tây", without the "xã"/"phường" prefix
	Kind           string // CommuneKindCommune or CommuneKindWard
	FormerDistrict string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Kinds of commune-level unit.
const (
	CommuneKindCommune = "xã"
	CommuneKindWard    = "phường"
)

// FullName returns "xã Sơn Tây" or "phường Thành Sen".
func (c Commune) FullName() string {
	if c.Kind == "" || strings.HasPrefix(strings.ToLower(c.Name), c.Kind+" ") {
		return c.Name
	}
	return c.Kind + " " + c.Name
}

// ValidCommuneCode reports whether s looks like an administrative unit code:
// exactly five ASCII digits.
func ValidCommuneCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseCommuneKind reads "xã"/"phường" in any letter case, or the English
// "commune"/"ward".
func ParseCommuneKind(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "xã", "xa", "commune":
		return CommuneKindCommune, true
	case "phường", "phuong", "ward":
		return CommuneKindWard, true
	}
	return "", false
}

// Validate checks a commune: a five-digit code, a name, a kind. A mistake
// is EInvalid naming the field.
func (c Commune) Validate() error {
	switch {
	case !ValidCommuneCode(c.Code):
		return Refusef(EInvalid, "Mã xã, phường %q không hợp lệ; cần mã đơn vị hành chính gồm năm chữ số", "commune code %q: want the five-digit administrative unit code (mã đơn vị hành chính)", c.Code)
	case strings.TrimSpace(c.Name) == "":
		return Refusef(EInvalid, "Xã, phường %s: chưa nhập tên", "commune %s: name is required", c.Code)
	case c.Kind != CommuneKindCommune && c.Kind != CommuneKindWard:
		return Refusef(EInvalid, "Xã, phường %s: loại %q không hợp lệ; chỉ nhận \"xã\" hoặc \"phường\"", "commune %s: type %q: want \"xã\" or \"phường\"", c.Code, c.Kind)
	}
	return checkFields(field{"commune " + c.Code + ": name", c.Name, MaxShortLen},
		field{"commune " + c.Code + ": former district", c.FormerDistrict, MaxShortLen})
}
