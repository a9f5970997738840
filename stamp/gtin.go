package stamp

import (
	"fmt"
	"strings"
)

// GTIN is a GS1 Global Trade Item Number in its canonical form: 14 digits,
// the shorter GTIN-8, GTIN-12 and GTIN-13 padded with leading zeros (GS1
// General Specifications §3.3.2), the last digit a valid check digit. The
// zero value is "no GTIN". Products store and GS1 Digital Link URIs carry
// this form.
type GTIN string

// GTINLen is the length of a canonical GTIN.
const GTINLen = 14

// ParseGTIN reads a GTIN-8, -12, -13 or -14 (surrounding spaces ignored)
// and returns it in its canonical 14-digit form. A wrong length, a
// character that is not a digit, a number a spreadsheet wrote in
// scientific notation, an all-zero number or a wrong check digit is
// EInvalid; the check digit message names the digit the number needs.
func ParseGTIN(s string) (GTIN, error) {
	t := strings.TrimSpace(s)
	if strings.ContainsAny(t, "Ee") && strings.ContainsAny(t, ".,+") {
		return "", Refusef(EInvalid, "GTIN %q có vẻ đã bị bảng tính ghi thành số dạng khoa học: hãy định dạng cột là văn bản rồi nhập lại các chữ số", "GTIN %q looks like a number a spreadsheet wrote in scientific notation: format the column as text and type the digits again", s)
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return "", Refusef(EInvalid, "GTIN %q chỉ được gồm chữ số (ký tự thứ %d là %q)", "GTIN %q: only digits are allowed (character %d is %q)", s, i+1, rune(t[i]))
		}
	}
	switch len(t) {
	case 8, 12, 13, 14:
	default:
		return "", Refusef(EInvalid, "GTIN %q có %d chữ số; cần 8, 12, 13 hoặc 14 chữ số (bảng tính có thể đã bỏ mất các số 0 ở đầu)", "GTIN %q has %d digits: want 8, 12, 13 or 14 (a spreadsheet may have dropped leading zeros)", s, len(t))
	}
	if strings.Trim(t, "0") == "" {
		return "", Refusef(EInvalid, "GTIN %q toàn chữ số 0, không phải mã GS1 cấp", "GTIN %q: a GTIN of zeros only is not a number GS1 allocates", s)
	}
	want := GTINCheckDigit(t[:len(t)-1])
	if t[len(t)-1] != want {
		return "", Refusef(EInvalid, "GTIN %s sai chữ số kiểm tra %c: GTIN-%d bắt đầu bằng %s phải kết thúc bằng %c", "GTIN %s: wrong check digit %c, a GTIN-%d starting %s ends in %c",
			t, t[len(t)-1], len(t), t[:len(t)-1], want)
	}
	return GTIN(strings.Repeat("0", GTINLen-len(t)) + t), nil
}

// GTINCheckDigit returns the GS1 mod-10 check digit ('0'…'9') of digits,
// the GTIN without its last digit: from the right, digits are weighted 3,
// 1, 3, …; the check digit brings the sum to a multiple of ten. digits must
// hold only ASCII digits (it panics otherwise: callers check first).
func GTINCheckDigit(digits string) byte {
	sum := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			panic(fmt.Sprintf("stamp.GTINCheckDigit: %q is not a digit", c))
		}
		d := int(c - '0')
		if (len(digits)-i)%2 == 1 { // the digit next to the check digit weighs 3
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// String returns the 14 digits ("" for no GTIN).
func (g GTIN) String() string { return string(g) }

// CanonicalGTIN returns s (a GTIN-8/12/13/14 or "") in its 14-digit form,
// "" for "", and ParseGTIN's error otherwise.
func CanonicalGTIN(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	g, err := ParseGTIN(s)
	return string(g), err
}
