package stamp_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestSerialExamples(t *testing.T) {
	// the examples of docs/code-format.md, "The printed serial"
	for n, want := range map[uint64]string{
		0: "0000-00000-0", 1: "0000-00001-3", 1234: "0000-01234-0", 120034567: "1200-34567-9",
		stamp.MaxSerial: "9999-99999-0",
	} {
		if got := stamp.FormatSerial(n); got != want {
			t.Errorf("FormatSerial(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestSerialRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		n := rng.Uint64N(stamp.MaxSerial + 1)
		if i < 20 {
			n = uint64(i) // and the small ones
		}
		s := stamp.FormatSerial(n)
		if len(s) != 12 || s[4] != '-' || s[10] != '-' {
			t.Fatalf("FormatSerial(%d) = %q: not NNNN-NNNNN-C", n, s)
		}
		for _, typed := range []string{s, strings.ReplaceAll(s, "-", ""), strings.ReplaceAll(s, "-", " "), " " + strings.ReplaceAll(s, "-", ".") + "\t"} {
			got, err := stamp.ParseSerial(typed)
			if err != nil || got != n {
				t.Fatalf("ParseSerial(%q) = %d, %v; want %d", typed, got, err, n)
			}
		}
	}
}

// TestSerialTypos checks that every single-digit error and every swap of
// adjacent different digits is caught, over many serials.
func TestSerialTypos(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 300; i++ {
		d := []byte(strings.ReplaceAll(stamp.FormatSerial(rng.Uint64N(stamp.MaxSerial+1)), "-", ""))
		for pos := range d {
			for digit := byte('0'); digit <= '9'; digit++ {
				if digit == d[pos] {
					continue
				}
				typo := append([]byte(nil), d...)
				typo[pos] = digit
				if _, err := stamp.ParseSerial(string(typo)); stamp.ErrorCode(err) != stamp.EInvalid {
					t.Fatalf("single-digit error %s (from %s) accepted", typo, d)
				}
			}
			if pos+1 < len(d) && d[pos] != d[pos+1] {
				typo := append([]byte(nil), d...)
				typo[pos], typo[pos+1] = typo[pos+1], typo[pos]
				if _, err := stamp.ParseSerial(string(typo)); stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), "check digit") {
					t.Fatalf("swap %s (from %s) accepted: %v", typo, d, err)
				}
			}
		}
	}
}

func TestParseSerialRejects(t *testing.T) {
	for in, want := range map[string]string{
		"":              "want 10 digits, got 0",
		"0000-01234":    "want 10 digits, got 9",
		"0000-01234-00": "want 10 digits, got 11",
		"0000-0I234-0":  "only digits",
		"0000_01234_0":  "only digits",
		"００００-01234-0":  "only digits", // full-width digits
		"0000-01234-1":  "check digit",
	} {
		_, err := stamp.ParseSerial(in)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSerial(%q) = %v, want EInvalid mentioning %q", in, err, want)
		}
	}
}
