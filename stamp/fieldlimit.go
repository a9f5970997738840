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
		return Refusef(EInvalid, "Trường %s dài %d ký tự; tối đa %d ký tự", "%s is %d characters long; at most %d", what, utf8.RuneCountInString(s), MaxCodeLen)
	}
	for _, r := range s {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == '/'
		if !ok {
			return Refusef(EInvalid, "Trường %s %q chỉ được gồm chữ cái không dấu, chữ số và - _ . / (có ký tự %U)", "%s %q: only ASCII letters, digits and - _ . / are allowed (found %U)", what, s, r)
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
		return Refusef(EInvalid, "Trường %s không phải văn bản UTF-8 hợp lệ", "%s is not valid UTF-8", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Refusef(EInvalid, "Trường %s dài %d ký tự; tối đa %d ký tự", "%s is %d characters long; at most %d", what, n, max)
	}
	for _, r := range s {
		if strings.ContainsRune(allowed, r) {
			continue
		}
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs) {
			return Refusef(EInvalid, "Trường %s: không được dùng ký tự %U (ký tự điều khiển, ký tự ẩn hoặc chưa được gán)", "%s: character %U is not allowed (control, invisible or unassigned)", what, r)
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
