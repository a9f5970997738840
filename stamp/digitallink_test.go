package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestParseDigitalLinkPath(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want stamp.DigitalLink
		path string // canonical
	}{
		{"/01/08934588012228", stamp.DigitalLink{GTIN: "08934588012228"}, "/01/08934588012228"},
		{"/01/8934588012228", stamp.DigitalLink{GTIN: "08934588012228"}, "/01/08934588012228"},
		{"/01/96385074/", stamp.DigitalLink{GTIN: "00000096385074"}, "/01/00000096385074"},
		{"/01/08934588012228/10/L2026-11", stamp.DigitalLink{GTIN: "08934588012228", Lot: "L2026-11"}, "/01/08934588012228/10/L2026-11"},
		{"/01/08934588012228/10/A%2fB", stamp.DigitalLink{GTIN: "08934588012228", Lot: "A/B"}, "/01/08934588012228/10/A%2FB"},
		{"/01/08934588012228/10/A!B", stamp.DigitalLink{GTIN: "08934588012228", Lot: "A!B"}, "/01/08934588012228/10/A%21B"},
		{"/01/08934588012228/21/0000-01234-0", stamp.DigitalLink{GTIN: "08934588012228", Serial: "0000-01234-0"}, "/01/08934588012228/21/0000-01234-0"},
		{"/01/08934588012228/21/0000012340", stamp.DigitalLink{GTIN: "08934588012228", Serial: "0000-01234-0"}, "/01/08934588012228/21/0000-01234-0"},
		{"/01/08934588012228/10/L1/21/0000.01234.0", stamp.DigitalLink{GTIN: "08934588012228", Lot: "L1", Serial: "0000-01234-0"}, "/01/08934588012228/10/L1/21/0000-01234-0"},
	} {
		d, err := stamp.ParseDigitalLinkPath(tc.in)
		if err != nil || d != tc.want || d.Path() != tc.path {
			t.Errorf("ParseDigitalLinkPath(%q) = %+v (path %s), %v; want %+v (path %s)", tc.in, d, d.Path(), err, tc.want, tc.path)
		}
	}
}

func TestParseDigitalLinkPathErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/01/08934588012227", "a GTIN-14 starting 0893458801222 ends in 8"},
		{"/01/8934588012227", "a GTIN-13 starting 893458801222 ends in 8"},
		{"/01/", "want /01/{GTIN}"},
		{"/01", "want /01/{GTIN}"},
		{"/02/08934588012228", "want /01/{GTIN}"},
		{"/01/089345880122%32", "only digits"},
		{"/01/08934588012228/10", "AI (10) has no value"},
		{"/01/08934588012228/10/", "AI (10) has no value"},
		{"/01/08934588012228/17/261231", "AI (17) is not a key qualifier"},
		{"/01/08934588012228/22/X", "AI (22) is not a key qualifier"},
		{"/01/08934588012228/21/0000-01234-0/10/L1", "AI (10) after AI (21)"},
		{"/01/08934588012228/10/A/10/B", "AI (10) after AI (10)"},
		{"/01/08934588012228/21/0000-01234-0/21/0000-01234-0", "AI (21) after AI (21)"},
		{"/01/08934588012228/10/abcdefghij0123456789X", "want 1 to 20 characters"},
		{"/01/08934588012228/10/L%C3%94", "GS1 character set 82"},
		{"/01/08934588012228/10/a%20b", "GS1 character set 82"},
		{"/01/08934588012228/10/a%2", "bad percent-encoding"},
		{"/01/08934588012228/10/a%zz", "bad percent-encoding"},
		{"/01/08934588012228/21/0000-01234-6", "AI (21): serial"},
		{"/01/08934588012228/21/ABC", "AI (21): serial"},
	} {
		_, err := stamp.ParseDigitalLinkPath(tc.in)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseDigitalLinkPath(%q) = %v; want EInvalid containing %q", tc.in, err, tc.want)
		}
	}
}

func TestDigitalLinkURI(t *testing.T) {
	d := stamp.StampDigitalLink("08934588012228", 12345)
	if got := d.URI("https://txng.example.vn/"); got != "https://txng.example.vn/01/08934588012228/21/0000-12345-9" {
		t.Errorf("URI = %s", got)
	}
	for v, ok := range map[string]bool{"L2026-11": true, "A/B!": true, "": false, "L Ô": false, "a~b": false, `a"b`: false, strings.Repeat("1", 21): false} {
		if stamp.ValidAIValue(v) != ok {
			t.Errorf("ValidAIValue(%q) = %v", v, !ok)
		}
	}
}

// FuzzParseDigitalLinkPath: no input panics; a failure is EInvalid; an
// accepted path's canonical form parses to the same link and is its own
// canonical form.
func FuzzParseDigitalLinkPath(f *testing.F) {
	for _, s := range []string{"/01/8934588012228", "/01/08934588012228/10/A%2FB/21/0000012340", "/01/96385074/21/x", "/01//10/%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := stamp.ParseDigitalLinkPath(in)
		if err != nil {
			if stamp.ErrorCode(err) != stamp.EInvalid {
				t.Fatalf("%q: %v is not EInvalid", in, err)
			}
			return
		}
		again, err := stamp.ParseDigitalLinkPath(d.Path())
		if err != nil || again != d || again.Path() != d.Path() {
			t.Fatalf("%q: canonical %q parses to %+v, %v", in, d.Path(), again, err)
		}
	})
}
