package stamp

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// The office's fixed lists and how a typed name becomes one of them. Every
// front end (CSV import, the admin API, the CLI, reports, the web apps)
// normalises through these functions, so "huyện hương khê" is "Hương Khê"
// everywhere.

// Districts lists Hà Tĩnh's district-level units, used to check imports and
// report per district.
var Districts = []string{
	"Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Thị xã Kỳ Anh",
	"Hương Sơn", "Đức Thọ", "Vũ Quang", "Nghi Xuân", "Can Lộc",
	"Hương Khê", "Thạch Hà", "Cẩm Xuyên", "Kỳ Anh", "Lộc Hà",
}

// ProductGroups are the product groups of the OCOP criteria set.
var ProductGroups = []string{
	"Thực phẩm", "Đồ uống", "Thảo dược", "Vải và may mặc",
	"Lưu niệm - nội thất - trang trí", "Dịch vụ du lịch nông thôn",
}

// fold is the form names are compared in: NFC, trimmed, lower case.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(norm.NFC.String(s))) }

// CanonicalDistrict returns the listed spelling of a district (one of
// Districts) written in any letter case or Unicode form, with or without a
// leading "huyện".
func CanonicalDistrict(s string) (string, bool) {
	low := fold(s)
	for _, d := range Districts {
		dl := strings.ToLower(d)
		if low == dl || low == "huyện "+dl {
			return d, true
		}
	}
	return "", false
}

// ParseDistrict returns the canonical name of a Hà Tĩnh district as
// CanonicalDistrict does, and also a town or city by its short name ("Hồng
// Lĩnh", "Hà Tĩnh") unless a district has that name ("Kỳ Anh" is the
// district; the town is "Thị xã Kỳ Anh"). An unknown name is EInvalid
// listing the known ones.
func ParseDistrict(s string) (string, error) {
	if d, ok := CanonicalDistrict(s); ok {
		return d, nil
	}
	low := fold(s)
	for _, d := range Districts {
		dl := strings.ToLower(d)
		for _, prefix := range []string{"thành phố ", "thị xã "} {
			if short, ok := strings.CutPrefix(dl, prefix); ok && low == short {
				return d, nil
			}
		}
	}
	return "", UnknownDistrict(s)
}

// UnknownDistrict is the EInvalid error for a district name that is none of
// Districts.
func UnknownDistrict(s string) *Error {
	return Refusef(EInvalid, "Huyện %q không có trong danh mục; chọn một trong: %s", "unknown district %q: want one of %s", strings.TrimSpace(s), strings.Join(Districts, ", "))
}

// CanonicalGroup returns the listed spelling of a product group (one of
// ProductGroups) written in any letter case or Unicode form.
func CanonicalGroup(s string) (string, bool) {
	g := norm.NFC.String(strings.TrimSpace(s))
	for _, known := range ProductGroups {
		if strings.EqualFold(g, known) {
			return known, true
		}
	}
	return "", false
}

// ParseRank reads a rank: "3".."5", "3 sao", "3*", or 0 / "tham gia" /
// "participating", in any letter case.
func ParseRank(s string) (Rank, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, " sao"), "*")
	switch s {
	case "0", "tham gia", "participating":
		return RankParticipating, true
	case "3", "4", "5":
		return Rank(s[0] - '0'), true
	}
	return 0, false
}
