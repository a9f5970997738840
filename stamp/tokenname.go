package stamp

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// checkTokenLookalikes refuses token names that could pass for another in
// the audit log: compatibility forms (full-width letters, ligatures: the
// name's NFKC and NFC forms must agree), dashes other than the ASCII hyphen
// (U+2010 looks like '-'), and letters outside the Latin script (a
// Cyrillic 'о' looks like 'o'). Vietnamese letters are Latin.
func checkTokenLookalikes(name string) error {
	if norm.NFKC.String(name) != norm.NFC.String(name) {
		return Refusef(EInvalid, "Tên mã truy cập %q: hãy gõ bằng ký tự thông thường (không dùng ký tự toàn khổ hay dạng tương thích)", "token name %q: write it in plain characters (no full-width or compatibility forms)", name)
	}
	for _, r := range name {
		switch {
		case r != '-' && unicode.Is(unicode.Pd, r):
			return Refusef(EInvalid, "Tên mã truy cập %q: dấu gạch %U trông giống '-'; hãy dùng dấu gạch nối thông thường", "token name %q: the dash %U looks like '-'; use the plain hyphen", name, r)
		case unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r):
			return Refusef(EInvalid, "Tên mã truy cập %q: chữ %q (%U) không phải chữ Latinh dù trông giống; hãy dùng chữ Latinh", "token name %q: the letter %q (%U) is not Latin and may look like one; use Latin letters", name, r, r)
		}
	}
	return nil
}

// TokenNameKey returns the form under which token names must be unique:
// NFKC, lower case. "T-OFFICE" and "t-office" are one name.
func TokenNameKey(name string) string {
	return strings.ToLower(norm.NFKC.String(name))
}
