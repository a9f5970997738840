package stamp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// FuzzParseCode feeds arbitrary input to the decoder, seeded with every test
// vector. It checks that nothing panics, that every failure is a
// *stamp.CodeError of a malformed kind, that an accepted input re-encodes to
// its canonical upper-case text which parses back to the same code, that
// ExtractText agrees with ParseCode and is idempotent, and that verification
// of any parsed code ends in one of the defined outcomes.
//
//	go test -run XXX -fuzz FuzzParseCode -fuzztime 20s ./stamp
func FuzzParseCode(f *testing.F) {
	vs := loadVectors(f)
	for _, v := range vs {
		f.Add(v.Text)
	}
	f.Add(strings.Repeat("\xff", 300) + "/S/")
	f.Add("https://x/S/")
	ks := keySetOf(f, vs[0].PublicKeyHex)
	f.Fuzz(func(t *testing.T, in string) {
		text, xerr := stamp.ExtractText(in)
		c, err := stamp.ParseCode(in)
		if xerr != nil {
			if !sameKind(err, xerr) {
				t.Fatalf("ExtractText failed with %v but ParseCode with %v", xerr, err)
			}
		} else {
			if len(text) != stamp.TextSize || strings.ToUpper(text) != text {
				t.Fatalf("ExtractText = %q: not 143 upper-case characters", text)
			}
			if again, err := stamp.ExtractText(text); err != nil || again != text {
				t.Fatalf("ExtractText not idempotent: %q -> %q, %v", text, again, err)
			}
			if err != nil && !errors.Is(err, stamp.ErrVersion) {
				t.Fatalf("ExtractText accepted %q but ParseCode failed with %v", in, err)
			}
		}
		if err != nil {
			var ce *stamp.CodeError
			if !errors.As(err, &ce) || !ce.Malformed() {
				t.Fatalf("ParseCode error %T %v is not a malformed *CodeError", err, err)
			}
			return
		}
		out := c.Text()
		if out != text {
			t.Fatalf("Text() = %q, but the input's text is %q", out, text)
		}
		if back, err := stamp.ParseCode(out); err != nil || back != c {
			t.Fatalf("ParseCode(Text()) = %v, %v; want %v", back, err, c)
		}
		if back, err := stamp.ParseCode(c.URL("https://txng.example.vn")); err != nil || back != c {
			t.Fatalf("ParseCode(URL()) = %v, %v", back, err)
		}
		if _, err := c.Verify(ks); err != nil && !errors.Is(err, stamp.ErrUnknownKey) && !errors.Is(err, stamp.ErrBadSignature) {
			t.Fatalf("Verify: %v", err)
		}
	})
}

// sameKind reports whether two code errors have the same Kind.
func sameKind(a, b error) bool {
	var ca, cb *stamp.CodeError
	return errors.As(a, &ca) && errors.As(b, &cb) && ca.Kind == cb.Kind
}
