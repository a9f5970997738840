package stamp

import (
	"crypto/ed25519"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

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
	hb := h.Bytes()
	m := make([]byte, 0, len(SignaturePrefix)+HeaderSize)
	m = append(m, SignaturePrefix...)
	return append(m, hb[:]...)
}

// Code is a decoded stamp code: a header and its signature. A Code returned by
// ParseCode is well formed but not yet verified; call Verify.
type Code struct {
	Header
	Signature [SignatureSize]byte
}

// Bytes returns the 89-byte wire form of c.
func (c Code) Bytes() []byte {
	hb := c.Header.Bytes()
	b := make([]byte, 0, CodeSize)
	b = append(b, hb[:]...)
	return append(b, c.Signature[:]...)
}

// Text returns the 143-character upper-case base32 text of c.
func (c Code) Text() string { return Encoding.EncodeToString(c.Bytes()) }

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
	if !ed25519.Verify(k.Key, c.Header.SignedMessage(), c.Signature[:]) {
		return k, &CodeError{Kind: ErrBadSignature}
	}
	return k, nil
}

// ExtractText returns the 143-character code text from s: the bare text or a
// URL ending in "/S/" + text, in any letter case, with surrounding white space
// ignored. It returns a *CodeError (ErrLength or ErrAlphabet) otherwise.
func ExtractText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 2048 {
		return "", codeErr(ErrLength, "%d characters", len(s))
	}
	if i := strings.LastIndex(strings.ToUpper(s), URLMarker); i >= 0 {
		prefix := strings.ToLower(s[:i])
		if !strings.HasPrefix(prefix, "https://") && !strings.HasPrefix(prefix, "http://") {
			return "", codeErr(ErrAlphabet, "a URL must start with http:// or https://")
		}
		s = s[i+len(URLMarker):]
	}
	if len(s) != TextSize {
		return "", codeErr(ErrLength, "%d characters, want %d", len([]rune(s)), TextSize)
	}
	var b [TextSize]byte
	for i := 0; i < TextSize; i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= '2' && c <= '7':
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		default:
			return "", codeErr(ErrAlphabet, "character %d is %q", i+1, printable(c))
		}
		b[i] = c
	}
	return string(b[:]), nil
}

func printable(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("\\x%02x", c)
	}
	return string(c)
}

// ParseCode decodes s (see ExtractText) into a Code without verifying the
// signature. It returns a *CodeError of kind ErrLength, ErrAlphabet or
// ErrVersion for anything that is not a well-formed v1 code, including a text
// whose unused trailing bits are not zero (so every code has exactly one text).
func ParseCode(s string) (Code, error) {
	text, err := ExtractText(s)
	if err != nil {
		return Code{}, err
	}
	var raw [CodeSize + 1]byte
	n, err := Encoding.Decode(raw[:], []byte(text))
	if err != nil || n != CodeSize {
		return Code{}, codeErr(ErrAlphabet, "base32: %v", err)
	}
	// 143 characters carry 715 bits; the last 3 must be zero.
	if Encoding.EncodeToString(raw[:CodeSize]) != text {
		return Code{}, codeErr(ErrAlphabet, "non-canonical last character %q", text[TextSize-1])
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
