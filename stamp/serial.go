package stamp

import (
	"fmt"
	"strconv"
	"strings"
)

// A serial is the short number printed under a QR so that a person can type it
// when the code will not scan: 9 digits in two groups and a Damm check digit,
// e.g. "0000-01234-5". The check digit catches every single-digit error and
// every swap of adjacent digits.

var damm = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

func dammDigit(digits string) byte {
	var interim byte
	for i := 0; i < len(digits); i++ {
		interim = damm[interim][digits[i]-'0']
	}
	return interim
}

// MaxSerial is the largest serial that prints in the fixed 9-digit form.
const MaxSerial = 999_999_999

// FormatSerial returns the printed form of serial n ("NNNN-NNNNN-C").
func FormatSerial(n uint64) string {
	d := fmt.Sprintf("%09d", n)
	return d[:4] + "-" + d[4:] + "-" + string('0'+dammDigit(d))
}

// ParseSerial reads a typed serial: 10 digits (the last one the check digit)
// with any spaces, dashes or dots between them. It fails with an EInvalid
// *Error when the form or the check digit is wrong.
func ParseSerial(s string) (uint64, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '\t':
		default:
			return 0, Refusef(EInvalid, "Số sê-ri %q chỉ được gồm chữ số", "serial %q: only digits are allowed", s)
		}
	}
	d := b.String()
	if len(d) != 10 {
		return 0, Refusef(EInvalid, "Số sê-ri %q cần 10 chữ số, nhưng có %d", "serial %q: want 10 digits, got %d", s, len(d))
	}
	if dammDigit(d) != 0 {
		return 0, Refusef(EInvalid, "Số sê-ri %q sai chữ số kiểm tra; vui lòng kiểm tra lại", "serial %q: check digit does not match; please re-check the number", s)
	}
	n, err := strconv.ParseUint(d[:9], 10, 64)
	if err != nil {
		return 0, Errorf(EInvalid, "serial %q: %v", s, err)
	}
	return n, nil
}
