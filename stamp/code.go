package stamp

import (
	"crypto/ed25519"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Stamp code format v1; docs/code-format.md is the specification.
const (
	CodeVersion   = 0x01
	HeaderSize    = 25                         // version | key id | product number | stamp id
	CodeSize      = HeaderSize + SignatureSize // 89
	SignatureSize = ed25519.SignatureSize      // 64
	TextSize      = 143                        // unpadded base32 of CodeSize bytes
	// SignaturePrefix is prepended to the header to form the signed message.
	SignaturePrefix = "OCOP-STAMP/1"
	// URLMarker separates the base URL from the code text in a QR payload.
	URLMarker = "/S/"
)

// Encoding is RFC 4648 base32, upper case, without padding.
var Encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Sentinel errors for the ways a text can fail to be a genuine stamp code.
// Every decoding failure is a *CodeError whose Kind is one of these;
// ErrLength, ErrAlphabet and ErrVersion also match ErrNotCode.
var (
	ErrNotCode      = errors.New("not a stamp code")
	ErrLength       = errors.New("not a stamp code: wrong length")
	ErrAlphabet     = errors.New("not a stamp code: character outside the base32 alphabet")
	ErrVersion      = errors.New("not a stamp code: unsupported version")
	ErrUnknownKey   = errors.New("unknown signing key")
	ErrBadSignature = errors.New("bad signature")
)

// CodeError says why a text is not a valid stamp code. Kind is one of the
// sentinel errors above; Detail adds where.
type CodeError struct {
	Kind   error
	Detail string
}

func (e *CodeError) Error() string {
	if e.Detail == "" {
		return e.Kind.Error()
	}
	return e.Kind.Error() + " (" + e.Detail + ")"
}

// Unwrap lets errors.Is match Kind, and ErrNotCode for malformed texts.
func (e *CodeError) Unwrap() []error {
	switch e.Kind {
	case ErrLength, ErrAlphabet, ErrVersion:
		return []error{e.Kind, ErrNotCode}
	}
	return []error{e.Kind}
}

// Malformed reports whether the text was not even shaped like a code
// (length, alphabet, version), as opposed to a well-formed code that does not
// verify.
func (e *CodeError) Malformed() bool { return errors.Is(e, ErrNotCode) }

func codeErr(kind error, format string, args ...any) *CodeError {
	return &CodeError{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

// KeyID identifies a public key: the first 4 bytes of SHA-256 of the raw
// 32-byte Ed25519 public key.
type KeyID [4]byte

// String returns the key id as 8 lower-case hex digits.
func (id KeyID) String() string { return fmt.Sprintf("%x", id[:]) }

// Header is the signed part of a code.
type Header struct {
	KeyID   KeyID
	Product uint32    // registry product number
	StampID uuid.UUID // the stamp's id
}

// Bytes returns the 25-byte wire form of h.
func (h Header) Bytes() [HeaderSize]byte {
	var b [HeaderSize]byte
	b[0] = CodeVersion
	copy(b[1:5], h.KeyID[:])
	binary.BigEndian.PutUint32(b[5:9], h.Product)
	copy(b[9:25], h.StampID[:])
	return b
}

// SignedMessage returns SignaturePrefix followed by the header bytes: the
// exact message an Ed25519 signature of a code covers.
func (h Header) SignedMessage() []byte {
	m := h.signedMessage()
	return m[:]
}

// MessageSize is the length of the signed message: prefix and header.
const MessageSize = len(SignaturePrefix) + HeaderSize

func (h Header) signedMessage() [MessageSize]byte {
	var m [MessageSize]byte
	copy(m[:], SignaturePrefix)
	hb := h.Bytes()
	copy(m[len(SignaturePrefix):], hb[:])
	return m
}

// Code is a decoded stamp code: a header and its signature. A Code returned by
// ParseCode is well formed but not yet verified; call Verify.
type Code struct {
	Header
	Signature [SignatureSize]byte
}

// Bytes returns the 89-byte wire form of c.
func (c Code) Bytes() []byte {
	b := c.bytes()
	return b[:]
}

func (c Code) bytes() [CodeSize]byte {
	var b [CodeSize]byte
	hb := c.Header.Bytes()
	copy(b[:], hb[:])
	copy(b[HeaderSize:], c.Signature[:])
	return b
}

// Text returns the 143-character upper-case base32 text of c.
func (c Code) Text() string {
	b := c.bytes()
	var t [TextSize]byte
	Encoding.Encode(t[:], b[:])
	return string(t[:])
}

// URL returns the QR payload for c under baseURL, upper-cased so that the QR
// stays in alphanumeric mode: BASE + "/S/" + text.
func (c Code) URL(baseURL string) string {
	return strings.ToUpper(strings.TrimRight(baseURL, "/")) + URLMarker + c.Text()
}

// Verify checks c's signature against the key set. It returns a *CodeError of
// kind ErrUnknownKey when the key id is not in keys and ErrBadSignature when
// the signature does not verify. It does not consult the registry.
func (c Code) Verify(keys *KeySet) (*PublicKey, error) {
	k := keys.Lookup(c.KeyID)
	if k == nil {
		return nil, codeErr(ErrUnknownKey, "key id %s", c.KeyID)
	}
	m := c.Header.signedMessage()
	if !ed25519.Verify(k.Key, m[:], c.Signature[:]) {
		return k, &CodeError{Kind: ErrBadSignature}
	}
	return k, nil
}

// MaxInputSize bounds the input a decoder examines: a longer input (after
// trimming white space) is rejected with ErrLength without further work.
const MaxInputSize = 2048

// ExtractText returns the 143-character upper-case code text from s: the bare
// text or an http(s) URL ending in "/S/" + text, in any letter case, with
// surrounding white space ignored. The text it returns is canonical: 143
// characters of the alphabet whose last character's unused bits are zero; only
// the version byte is left for ParseCode to check. It returns a *CodeError of
// kind ErrLength or ErrAlphabet otherwise.
func ExtractText(s string) (string, error) {
	text, err := extractText(s)
	if err != nil {
		return "", err
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 'a' && c <= 'z' {
			return strings.ToUpper(text), nil
		}
	}
	return text, nil
}

// extractText does the work of ExtractText without upper-casing, returning a
// substring of s: 143 bytes, each in the base32 alphabet in either case.
func extractText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxInputSize {
		return "", codeErr(ErrLength, "%d bytes, more than %d", len(s), MaxInputSize)
	}
	if i := lastMarker(s); i >= 0 {
		if !hasPrefixFold(s[:i], "https://") && !hasPrefixFold(s[:i], "http://") {
			return "", codeErr(ErrAlphabet, "a URL must start with http:// or https://")
		}
		s = s[i+len(URLMarker):]
	}
	if n := utf8.RuneCountInString(s); n != TextSize {
		return "", codeErr(ErrLength, "%d characters, want %d", n, TextSize)
	}
	for i := 0; i < len(s); i++ {
		if decodeMap[s[i]] == invalid {
			r, _ := utf8.DecodeRuneInString(s[i:])
			return "", codeErr(ErrAlphabet, "character %d is %s", i+1, printable(r))
		}
	}
	// 143 characters carry 715 bits: the 712 of 89 bytes and 3 unused bits
	// at the end, which must be zero so that every code has one text.
	if decodeMap[s[TextSize-1]]&unusedBits != 0 {
		return "", codeErr(ErrAlphabet, "non-canonical last character %q: it must be A, I, Q or Y", s[TextSize-1])
	}
	return s, nil
}

// unusedBits masks the bits of the last character that carry no data.
const unusedBits = 1<<(TextSize*5-CodeSize*8) - 1

// lastMarker returns the index of the last "/S/" or "/s/" in s, or -1.
func lastMarker(s string) int {
	for i := len(s) - len(URLMarker); i >= 0; i-- {
		if s[i] == '/' && (s[i+1] == 'S' || s[i+1] == 's') && s[i+2] == '/' {
			return i
		}
	}
	return -1
}

// hasPrefixFold reports whether s begins with the lower-case ASCII prefix p in
// any ASCII letter case.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

func printable(r rune) string {
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return fmt.Sprintf("%+q", r)
	}
	return strconv.Quote(string(r))
}

// invalid marks a byte outside the base32 alphabet in decodeMap.
const invalid = 0xff

// decodeMap maps both letter cases of the base32 alphabet to their 5-bit
// values and every other byte to invalid.
var decodeMap = func() (m [256]byte) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	for i := range m {
		m[i] = invalid
	}
	for i := 0; i < len(alphabet); i++ {
		m[alphabet[i]] = byte(i)
		m[alphabet[i]|0x20] = byte(i) // lower case; digits map to themselves
	}
	return m
}()

// ParseCode decodes s (see ExtractText) into a Code without verifying the
// signature. It returns a *CodeError of kind ErrLength, ErrAlphabet or
// ErrVersion for anything that is not a well-formed v1 code, including a text
// whose last character carries non-zero unused bits (so every code has
// exactly one text).
func ParseCode(s string) (Code, error) {
	text, err := extractText(s)
	if err != nil {
		return Code{}, err
	}
	var raw [CodeSize]byte
	var acc uint32
	bits, j := 0, 0
	for i := 0; i < TextSize; i++ {
		acc = acc<<5 | uint32(decodeMap[text[i]])
		bits += 5
		if bits >= 8 {
			bits -= 8
			raw[j] = byte(acc >> bits)
			j++
		}
	}
	if raw[0] != CodeVersion {
		return Code{}, codeErr(ErrVersion, "version byte 0x%02x, want 0x%02x", raw[0], CodeVersion)
	}
	var c Code
	copy(c.KeyID[:], raw[1:5])
	c.Product = binary.BigEndian.Uint32(raw[5:9])
	copy(c.StampID[:], raw[9:25])
	copy(c.Signature[:], raw[HeaderSize:CodeSize])
	return c, nil
}

// DecodeAndVerify parses s and verifies its signature against keys: the whole
// offline check. On failure the returned error is a *CodeError; the Code is
// returned whenever parsing succeeded, so callers can report its key id.
func DecodeAndVerify(s string, keys *KeySet) (Code, *PublicKey, error) {
	c, err := ParseCode(s)
	if err != nil {
		return c, nil, err
	}
	k, err := c.Verify(keys)
	return c, k, err
}
