package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestParseGTIN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"96385074", "00000096385074"},       // GTIN-8 (GS1 example)
		{"036000291452", "00036000291452"},   // GTIN-12, UPC-A
		{"4006381333931", "04006381333931"},  // GTIN-13 (GS1 example)
		{"5449000000996", "05449000000996"},  // GTIN-13, Belgian prefix 54
		{"9780201379624", "09780201379624"},  // GTIN-13 = ISBN-13, prefix 978
		{"8934588012228", "08934588012228"},  // GTIN-13, Vietnamese prefix 893
		{"8935049501503", "08935049501503"},  // GTIN-13, Vietnamese prefix 893
		{"8934563138165", "08934563138165"},  // GTIN-13, Vietnamese prefix 893
		{"8936036020304", "08936036020304"},  // GTIN-13, Vietnamese prefix 893
		{"08934588012228", "08934588012228"}, // already canonical
		{"18934588012225", "18934588012225"}, // GTIN-14, indicator 1 (a carton of 8934588012228)
		{"50012345678900", "50012345678900"}, // GTIN-14
		{" 8934588012228\t", "08934588012228"},
	} {
		g, err := stamp.ParseGTIN(tc.in)
		if err != nil || g.String() != tc.want {
			t.Errorf("ParseGTIN(%q) = %q, %v; want %s", tc.in, g, err, tc.want)
		}
	}
}

func TestParseGTINErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"8934588012227", "GTIN 8934588012227: wrong check digit 7, a GTIN-13 starting 893458801222 ends in 8"},
		{"96385075", "a GTIN-8 starting 9638507 ends in 4"},
		{"036000291453", "a GTIN-12 starting 03600029145 ends in 2"},
		{"18934588012226", "a GTIN-14 starting 1893458801222 ends in 5"},
		{"", `GTIN "" has 0 digits: want 8, 12, 13 or 14`},
		{"893458801222", "a GTIN-12 starting 89345880122 ends in 6"}, // a GTIN-13 missing its check digit
		{"89345880122", `has 11 digits: want 8, 12, 13 or 14 (a spreadsheet may have dropped leading zeros)`},
		{"893458801222812", "has 15 digits"},
		{"8.93459E+12", "scientific notation"},
		{"8,93459E+12", "scientific notation"},
		{"893-4588-01222-8", `character 4 is '-'`},
		{"８９３４５８８０１２２２８", "only digits"}, // full-width digits
		{"0000000000000", "zeros only"},
		{"00000000", "zeros only"},
	} {
		_, err := stamp.ParseGTIN(tc.in)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseGTIN(%q) = %v; want EInvalid containing %q", tc.in, err, tc.want)
		}
	}
}

func TestGTINCheckDigit(t *testing.T) {
	for body, want := range map[string]byte{"893458801222": '8', "9638507": '4', "0": '0', "1": '7', "": '0', "1893458801222": '5'} {
		if got := stamp.GTINCheckDigit(body); got != want {
			t.Errorf("GTINCheckDigit(%q) = %c, want %c", body, got, want)
		}
	}
}

func TestCanonicalGTIN(t *testing.T) {
	if g, err := stamp.CanonicalGTIN("  "); g != "" || err != nil {
		t.Errorf(`CanonicalGTIN("  ") = %q, %v; want "", nil`, g, err)
	}
	if g, err := stamp.CanonicalGTIN("96385074"); g != "00000096385074" || err != nil {
		t.Errorf("CanonicalGTIN(GTIN-8) = %q, %v", g, err)
	}
	if _, err := stamp.CanonicalGTIN("96385075"); err == nil {
		t.Error("CanonicalGTIN accepts a wrong check digit")
	}
}

// FuzzParseGTIN checks ParseGTIN's properties on any input: it never
// panics; an accepted input is 8/12/13/14 digits (spaces aside) whose
// canonical form is 14 digits ending in its own check digit, that parses to
// itself and that ends with the input's digits; a rejected all-digit input
// of a GTIN length is rejected either for zeros only or because its last
// digit is not the check digit of the others, which the message names.
//
//	go test -run XXX -fuzz FuzzParseGTIN -fuzztime 20s ./stamp
func FuzzParseGTIN(f *testing.F) {
	for _, s := range []string{"96385074", "036000291452", "8934588012228", "8934588012227", "18934588012225", "", "0", "8.9E+12", "00000000000000", " 12345670 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		g, err := stamp.ParseGTIN(in)
		d := strings.TrimSpace(in)
		if err != nil {
			if stamp.ErrorCode(err) != stamp.EInvalid {
				t.Fatalf("ParseGTIN(%q): %v is not EInvalid", in, err)
			}
			if n := len(d); (n == 8 || n >= 12 && n <= 14) && strings.Trim(d, "0123456789") == "" && strings.Trim(d, "0") != "" {
				want := string(stamp.GTINCheckDigit(d[:n-1]))
				if d[n-1:] == want || !strings.Contains(err.Error(), "ends in "+want) {
					t.Fatalf("ParseGTIN(%q) = %v: digits of a GTIN length refused without naming check digit %s", in, err, want)
				}
			}
			return
		}
		s := g.String()
		if len(s) != stamp.GTINLen || !strings.HasSuffix(s, d) || strings.Trim(s, "0123456789") != "" {
			t.Fatalf("ParseGTIN(%q) = %q: not the input padded to 14 digits", in, s)
		}
		if stamp.GTINCheckDigit(s[:13]) != s[13] {
			t.Fatalf("ParseGTIN(%q) = %q: check digit wrong", in, s)
		}
		if again, err := stamp.ParseGTIN(s); err != nil || again != g {
			t.Fatalf("ParseGTIN(%q) = %q, %v; not idempotent", s, again, err)
		}
	})
}

// TestGTINCheckDigitProperty: a body of any GTIN length with its check
// digit appended parses, and every single-digit change of it is refused
// (the mod-10 scheme with weights 3 and 1 sees every single-digit error).
func TestGTINCheckDigitProperty(t *testing.T) {
	bodies := []string{"8934588", "89345880122", "893458801222", "1893458801222", "0000009638507"}
	for _, b := range bodies {
		for _, n := range []int{7, 11, 12, 13} {
			body := (strings.Repeat("1", 13) + b)[13+len(b)-n:]
			full := body + string(stamp.GTINCheckDigit(body))
			if _, err := stamp.ParseGTIN(full); err != nil {
				t.Fatalf("%s with its check digit: %v", body, err)
			}
			for i := 0; i < len(full); i++ {
				for c := byte('0'); c <= '9'; c++ {
					if c == full[i] {
						continue
					}
					x := []byte(full)
					x[i] = c
					if _, err := stamp.ParseGTIN(string(x)); err == nil {
						t.Fatalf("ParseGTIN(%s) accepted: one digit changed from %s", x, full)
					}
				}
			}
		}
	}
}
