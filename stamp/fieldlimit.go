package stamp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of registry text (facilities, products, points of sale), in
// characters. Every consumer page and report shows these fields: a
// million-character name made every page of its product weigh 1 MB.
const (
	MaxCodeLen  = 32   // registry codes: plain ASCII (see checkCode)
	MaxNameLen  = 200  // names
	MaxShortLen = 100  // kind, group, district, commune, phone, representative
	MaxLongLen  = 500  // address
	MaxDescLen  = 2000 // product description
)

// checkCode refuses a registry code that is not 1 to MaxCodeLen characters
// of plain ASCII letters, digits and - _ . / (full-width look-alikes and
// other scripts included: a code must read the same everywhere).
func checkCode(what, s string) error {
	if len(s) > MaxCodeLen {
		return Refusef(EInvalid, "%[4]s dài %[2]d ký tự; tối đa %[3]d ký tự", "%[1]s is %[2]d characters long; at most %[3]d", what, utf8.RuneCountInString(s), MaxCodeLen, fieldVI(what))
	}
	for _, r := range s {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == '/'
		if !ok {
			return Refusef(EInvalid, "%[4]s %[2]q chỉ được gồm chữ cái không dấu, chữ số và - _ . / (có ký tự %[3]U)", "%[1]s %[2]q: only ASCII letters, digits and - _ . / are allowed (found %[3]U)", what, s, r, fieldVI(what))
		}
	}
	return nil
}

// checkText refuses text that is not valid UTF-8, is longer than max
// characters, or holds control characters (NUL, ESC, BEL, line breaks,
// ...), invisible format characters (bidi overrides such as U+202E and
// U+2066, zero-width characters), private-use or unassigned code points.
func checkText(what, s string, max int) error { return checkTextAllowing(what, s, max, "") }

// CheckLine applies the registry text rule to one line people type (the
// office's contact): control characters (line breaks included), invisible,
// private-use or unassigned characters are EInvalid, and so is text longer
// than max characters or not valid UTF-8.
func CheckLine(what, s string, max int) error { return checkText(what, s, max) }

// CheckFreeText applies the registry text rule to free text that people
// type in several lines (consumer reports, inspection notes, inbox notes):
// line breaks and tabs are allowed, every other control, invisible,
// private-use or unassigned character is EInvalid, and so is text longer
// than max characters or not valid UTF-8.
func CheckFreeText(what, s string, max int) error { return checkTextAllowing(what, s, max, "\n\r\t") }

// checkTextAllowing is checkText with the control characters in allowed
// let through.
func checkTextAllowing(what, s string, max int, allowed string) error {
	if !utf8.ValidString(s) {
		return Refusef(EInvalid, "%[2]s không phải văn bản UTF-8 hợp lệ", "%[1]s is not valid UTF-8", what, fieldVI(what))
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Refusef(EInvalid, "%[4]s dài %[2]d ký tự; tối đa %[3]d ký tự", "%[1]s is %[2]d characters long; at most %[3]d", what, n, max, fieldVI(what))
	}
	for _, r := range s {
		if strings.ContainsRune(allowed, r) {
			continue
		}
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs) {
			return Refusef(EInvalid, "%[3]s: không được dùng ký tự %[2]U (ký tự điều khiển, ký tự ẩn hoặc chưa được gán)", "%[1]s: character %[2]U is not allowed (control, invisible or unassigned)", what, r, fieldVI(what))
		}
	}
	return nil
}

// checkFields applies checkText to each (what, value, max) triple in
// turn and returns the first error.
func checkFields(fields ...field) error {
	for _, f := range fields {
		if err := checkText(f.what, f.value, f.max); err != nil {
			return err
		}
	}
	return nil
}

type field struct {
	what, value string
	max         int
}

// fieldVI names a checked field in Vietnamese for a refusal: what is the
// English name the caller gives ("facility HT-CS-1: name", "print
// reason"), an optional "<thing> <id>: " prefix and a field. A field not
// in fieldNamesVI keeps its English name, in quotes.
func fieldVI(what string) string {
	prefix, name := "", what
	if i := strings.LastIndex(what, ": "); i >= 0 {
		prefix, name = what[:i], what[i+2:]
	}
	vi, ok := fieldNamesVI[name]
	if !ok {
		vi = "trường \"" + name + "\""
	}
	if prefix == "" {
		r, n := utf8.DecodeRuneInString(vi)
		return string(unicode.ToUpper(r)) + vi[n:]
	}
	for _, t := range thingsVI {
		if rest, ok := strings.CutPrefix(prefix, t[0]); ok {
			return t[1] + rest + ": " + vi
		}
	}
	return prefix + ": " + vi
}

// thingsVI are the things whose fields are checked, as refusals name them.
var thingsVI = [][2]string{{"point of sale", "Điểm bán"}, {"facility", "Cơ sở"}, {"product", "Sản phẩm"},
	{"certification", "Chứng nhận"}, {"commune", "Xã, phường"}}

// fieldNamesVI are the checked fields' Vietnamese names.
var fieldNamesVI = map[string]string{
	"name": "tên", "kind": "loại hình", "district": "huyện cũ", "commune": "xã, phường", "address": "địa chỉ",
	"phone": "điện thoại", "representative": "người đại diện", "group": "nhóm sản phẩm", "description": "mô tả",
	"facility code": "mã cơ sở", "decision number": "số quyết định", "status reason": "lý do đổi tình trạng",
	"process confirmation": "quy trình sản xuất được xác nhận", "former district": "huyện cũ",
	"print reason": "lý do in", "note": "ghi chú", "notes": "ghi chú", "office name": "tên văn phòng",
	"where bought": "nơi mua", "contact": "liên hệ", "code": "mã", "language": "ngôn ngữ",
	"inspection place": "địa điểm kiểm tra", "inspection notes": "ghi chú kiểm tra", "inspection code": "mã tem kiểm tra",
}
