package stamp_test

import (
	"bytes"
	"encoding/base32"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestHeaderBytes(t *testing.T) {
	h := stamp.Header{
		KeyID:   stamp.KeyID{0xa1, 0xa2, 0xa3, 0xa4},
		Product: 0x05060708,
		StampID: uuid.UUID{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f},
	}
	want := []byte{0x01, 0xa1, 0xa2, 0xa3, 0xa4, 0x05, 0x06, 0x07, 0x08,
		0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f}
	got := h.Bytes()
	if !bytes.Equal(got[:], want) {
		t.Fatalf("Bytes() = %x, want %x", got, want)
	}
	msg := h.SignedMessage()
	if string(msg[:12]) != "OCOP-STAMP/1" || !bytes.Equal(msg[12:], want) || len(msg) != stamp.MessageSize {
		t.Fatalf("SignedMessage() = %x", msg)
	}
}

func TestSizes(t *testing.T) {
	if stamp.CodeSize != 89 || stamp.TextSize != 143 || stamp.HeaderSize != 25 || stamp.MessageSize != 37 {
		t.Fatal("sizes changed: that is a new format")
	}
	if n := stamp.Encoding.EncodedLen(stamp.CodeSize); n != stamp.TextSize {
		t.Fatalf("EncodedLen = %d", n)
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	s := testSigner(t)
	ks := keySetFor(t, s)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		var id uuid.UUID
		for j := range id {
			id[j] = byte(rng.Uint32())
		}
		c := s.Sign(rng.Uint32(), id)
		text := c.Text()
		if len(text) != stamp.TextSize || strings.ToUpper(text) != text || !strings.ContainsRune("AIQY", rune(text[142])) {
			t.Fatalf("Text() = %q: not 143 upper-case characters ending in A, I, Q or Y", text)
		}
		if std := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(c.Bytes()); std != text {
			t.Fatalf("Text() = %s, RFC 4648 gives %s", text, std)
		}
		for _, in := range []string{text, strings.ToLower(text), c.URL("https://txng.example.vn/"), " " + text + "\n"} {
			got, k, err := stamp.DecodeAndVerify(in, ks)
			if err != nil {
				t.Fatalf("DecodeAndVerify(%q): %v", in, err)
			}
			if got != c || k.ID != s.KeyID() {
				t.Fatalf("DecodeAndVerify(%q) = %+v, want %+v", in, got, c)
			}
		}
	}
}

func TestURL(t *testing.T) {
	c := testSigner(t).Sign(1, testStampID)
	for base, want := range map[string]string{
		"https://txng.example.vn":        "HTTPS://TXNG.EXAMPLE.VN/S/",
		"https://txng.example.vn/":       "HTTPS://TXNG.EXAMPLE.VN/S/",
		"http://127.0.0.1:8080/ocop//":   "HTTP://127.0.0.1:8080/OCOP/S/",
		"HTTPS://TXNG.HATINH.GOV.VN/QR/": "HTTPS://TXNG.HATINH.GOV.VN/QR/S/",
	} {
		u := c.URL(base)
		if u != want+c.Text() {
			t.Errorf("URL(%q) = %q", base, u)
		}
		if got, err := stamp.ParseCode(u); err != nil || got != c {
			t.Errorf("ParseCode(URL(%q)): %v", base, err)
		}
	}
	// 30-character base: 176 characters, within QR version 7-M's 178.
	if n := len(c.URL("https://txng.ocop.hatinh.gov.vn")); n > 178 {
		t.Errorf("URL of a 30-character base is %d characters", n)
	}
}

func TestExtractText(t *testing.T) {
	text := testSigner(t).Sign(1234567, testStampID).Text()
	lower := strings.ToLower(text)
	tests := []struct {
		name, in string
		want     error // nil: accepted
	}{
		{"bare", text, nil},
		{"lower", lower, nil},
		{"url", "https://x.vn/S/" + text, nil},
		{"url upper scheme lower marker", "HTTPS://X.VN/s/" + lower, nil},
		{"url mixed-case scheme", "hTtP://x.vn/S/" + text, nil},
		{"url empty host", "https:///S/" + text, nil},
		{"url several markers", "https://x.vn/S/abc/S/" + text, nil},
		{"tabs and newlines", "\t\r\n" + text + "\v\f ", nil},
		{"nbsp and ideographic space", "\u00a0\u3000" + text + "\u2029\u0085", nil},
		{"empty", "", stamp.ErrLength},
		{"too long", strings.Repeat("A", 2049), stamp.ErrLength},
		{"too long url", "https://x.vn/" + strings.Repeat("a", 2048) + "/S/" + text, stamp.ErrLength},
		{"142", text[:142], stamp.ErrLength},
		{"zero-width space", text + "\u200b", stamp.ErrLength}, // not White_Space
		{"byte order mark", "\ufeff" + text, stamp.ErrLength},
		{"url query", "https://x.vn/S/" + text + "?a=b", stamp.ErrLength},
		{"url fragment", "https://x.vn/S/" + text + "#x", stamp.ErrLength},
		{"trailing slash", "https://x.vn/S/" + text + "/", stamp.ErrLength},
		{"ftp", "ftp://x.vn/S/" + text, stamp.ErrAlphabet},
		{"no scheme", "x.vn/S/" + text, stamp.ErrAlphabet},
		{"marker only", "/S/" + text, stamp.ErrAlphabet},
		{"scheme with long s", "httpſ://x.vn/S/" + text, stamp.ErrAlphabet},
		{"invalid utf-8 before marker", strings.Repeat("\xff", 300) + "/S/", stamp.ErrAlphabet},
		{"invalid utf-8 before marker in url", "https://" + strings.Repeat("\xff", 300) + "/S/" + text, nil},
		{"dotless i before marker", "https://\u0131/S/" + text, nil},
		{"invalid utf-8 in text", text[:142] + "\xff", stamp.ErrAlphabet},
		{"non-ascii letter", text[:100] + "Ă" + text[101:], stamp.ErrAlphabet},
		{"padding char", text[:142] + "=", stamp.ErrAlphabet},
		{"digit 9", "9" + text[1:], stamp.ErrAlphabet},
		{"non-canonical last B", text[:142] + "B", stamp.ErrAlphabet},
		{"non-canonical last lower h", text[:142] + "h", stamp.ErrAlphabet},
		{"canonical last lower q", text[:142] + "q", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stamp.ExtractText(tt.in)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ExtractText: %v", err)
				}
				if len(got) != stamp.TextSize || strings.ToUpper(got) != got {
					t.Fatalf("ExtractText = %q: not 143 upper-case characters", got)
				}
				again, err := stamp.ExtractText(got)
				if err != nil || again != got {
					t.Fatalf("ExtractText is not idempotent: %q, %v", again, err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, stamp.ErrNotCode) {
				t.Fatalf("ExtractText error %v, want %v", err, tt.want)
			}
			if got != "" {
				t.Fatalf("ExtractText returned %q with an error", got)
			}
		})
	}
}

func TestErrorDetails(t *testing.T) {
	text := testSigner(t).Sign(1, testStampID).Text()
	for in, want := range map[string]string{
		text[:10]:                        "10 characters, want 143",
		text[:100] + "Ă" + text[101:]:    `character 101 is "Ă"`,
		text[:5] + "\x00" + text[6:]:     `character 6 is '\x00'`,
		text[:142] + "\xff":              `character 143 is '\ufffd'`,
		text[:142] + "B":                 `non-canonical last character 'B'`,
		"ftp://x/S/" + text:              "http:// or https://",
		strings.Repeat(" A", 2000) + "x": "more than 2048",
	} {
		_, err := stamp.ParseCode(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCode(%.20q…) error %q, want it to contain %q", in, err, want)
		}
	}
}

func TestCodeError(t *testing.T) {
	e := &stamp.CodeError{Kind: stamp.ErrVersion, Detail: "version byte 0x02"}
	if e.Error() != "not a stamp code: unsupported version (version byte 0x02)" {
		t.Errorf("Error() = %q", e.Error())
	}
	if !e.Malformed() || !errors.Is(e, stamp.ErrNotCode) || errors.Is(e, stamp.ErrLength) {
		t.Error("a version error must be malformed and match only ErrVersion and ErrNotCode")
	}
	for _, kind := range []error{stamp.ErrUnknownKey, stamp.ErrBadSignature} {
		e := &stamp.CodeError{Kind: kind}
		if e.Malformed() || errors.Is(e, stamp.ErrNotCode) || e.Error() != kind.Error() {
			t.Errorf("%v: a well-formed code's error must not be malformed", kind)
		}
		wrapped := errorsJoin(e)
		if !errors.Is(wrapped, kind) || stamp.ErrorCode(wrapped) != stamp.EInvalid || stamp.ErrorMessage(wrapped) != kind.Error() {
			t.Errorf("%v: wrapped, it loses its kind or code", kind)
		}
	}
}

func errorsJoin(err error) error { return errors.Join(errors.New("lookup"), err) }

func TestVerify(t *testing.T) {
	a := testSigner(t)
	b, _ := stamp.NewSigner(seedKey("ocopstamp code-v1 test vector key B"))
	c := a.Sign(9, testStampID)
	if _, err := c.Verify(nil); !errors.Is(err, stamp.ErrUnknownKey) {
		t.Errorf("Verify(nil) = %v, want unknown key", err)
	}
	if _, err := c.Verify(keySetFor(t, b)); !errors.Is(err, stamp.ErrUnknownKey) || !strings.Contains(err.Error(), a.KeyID().String()) {
		t.Errorf("Verify with another key set = %v, want unknown key naming %s", err, a.KeyID())
	}
	k, err := c.Verify(keySetFor(t, a, b))
	if err != nil || k.ID != a.KeyID() || k.State != stamp.KeyRetired {
		t.Errorf("Verify under a retired key = %v, %v; want it verified with the retired key", k, err)
	}
	forged := c
	forged.Product = 10
	k, err = forged.Verify(keySetFor(t, a))
	if !errors.Is(err, stamp.ErrBadSignature) || k == nil {
		t.Errorf("Verify of a changed header = %v, %v; want bad signature with the key", k, err)
	}
	// DecodeAndVerify returns the parsed code even when verification fails.
	got, k, err := stamp.DecodeAndVerify(c.Text(), keySetFor(t, b))
	if got != c || k != nil || !errors.Is(err, stamp.ErrUnknownKey) {
		t.Errorf("DecodeAndVerify with an unknown key = %v, %v, %v", got, k, err)
	}
}

// TestDecoderMatchesStdlib checks the hand-written base32 decoder against
// encoding/base32 on random codes.
func TestDecoderMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		raw := make([]byte, stamp.CodeSize)
		for j := range raw {
			raw[j] = byte(rng.Uint32())
		}
		raw[0] = stamp.CodeVersion
		text := stamp.Encoding.EncodeToString(raw)
		c, err := stamp.ParseCode(text)
		if err != nil {
			t.Fatalf("ParseCode(%s): %v", text, err)
		}
		if !bytes.Equal(c.Bytes(), raw) {
			t.Fatalf("ParseCode(%s) = %x, want %x", text, c.Bytes(), raw)
		}
	}
}
