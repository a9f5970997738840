// Command vectorgen writes the stamp code format v1 test vectors
// (testdata/code-v1-vectors.json) to standard output:
//
//	go run ./stamp/internal/vectorgen > testdata/code-v1-vectors.json
//
// Its output depends on nothing but the fixed key seeds and stamp ids below,
// so running it again must reproduce the checked-in file byte for byte (a
// test checks that). docs/code-format.md describes the fields.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"strings"

	"github.com/google/uuid"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func main() {
	out, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vectorgen:", err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}

// Vector is one test vector; see docs/code-format.md, "Test vectors".
type Vector struct {
	Name             string  `json:"name"`
	Comment          string  `json:"comment"`
	PublicKeyHex     string  `json:"public_key_hex"`
	Text             string  `json:"text"`
	Expect           string  `json:"expect"`
	ErrorKind        string  `json:"error_kind,omitempty"`
	KeyIDHex         string  `json:"key_id_hex,omitempty"`
	ProductNumber    *uint32 `json:"product_number,omitempty"`
	StampID          string  `json:"stamp_id,omitempty"`
	CanonicalText    string  `json:"canonical_text,omitempty"`
	CodeHex          string  `json:"code_hex,omitempty"`
	SignedMessageHex string  `json:"signed_message_hex,omitempty"`
}

// Seeds of the vector keys: each private key is ed25519.NewKeyFromSeed of
// SHA-256 of its string.
const (
	SeedA = "ocopstamp code-v1 test vector key A"
	SeedB = "ocopstamp code-v1 test vector key B"
	SeedX = "ocopstamp code-v1 test vector key X (in no key set)"
)

func key(seed string) ed25519.PrivateKey {
	s := sha256.Sum256([]byte(seed))
	return ed25519.NewKeyFromSeed(s[:])
}

func signer(seed string) *stamp.Signer {
	s, err := stamp.NewSigner(key(seed))
	if err != nil {
		panic(err)
	}
	return s
}

// wellFormed describes a decodable code: the header fields come from c.
func wellFormed(name, comment string, pub ed25519.PublicKey, text, expect string, c stamp.Code) Vector {
	p := c.Product
	m := c.Header.SignedMessage()
	return Vector{
		Name: name, Comment: comment, PublicKeyHex: hex.EncodeToString(pub), Text: text, Expect: expect,
		KeyIDHex: c.KeyID.String(), ProductNumber: &p, StampID: c.StampID.String(),
		CanonicalText: c.Text(), CodeHex: hex.EncodeToString(c.Bytes()), SignedMessageHex: hex.EncodeToString(m),
	}
}

func malformed(name, comment string, pub ed25519.PublicKey, text, kind string) Vector {
	return Vector{Name: name, Comment: comment, PublicKeyHex: hex.EncodeToString(pub), Text: text,
		Expect: "malformed", ErrorKind: kind}
}

// order is the Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493.
var order, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// addOrder returns the signature with S replaced by S + L: the same point
// equation holds, but RFC 8032 requires S < L.
func addOrder(sig [stamp.SignatureSize]byte) [stamp.SignatureSize]byte {
	le := sig[32:]
	be := make([]byte, 32)
	for i := range le {
		be[31-i] = le[i]
	}
	s := new(big.Int).SetBytes(be)
	s.Add(s, order)
	sb := s.FillBytes(make([]byte, 32))
	for i := range sb {
		sig[32+i] = sb[31-i]
	}
	return sig
}

func encode(raw []byte) string { return stamp.Encoding.EncodeToString(raw) }

func generate() ([]byte, error) {
	a, b, x := signer(SeedA), signer(SeedB), signer(SeedX)
	pa, pb := a.Public(), b.Public()
	id := uuid.MustParse

	c1 := a.Sign(1, id("0190f1d2-3c4b-7a69-8e5d-4c3b2a190817"))
	cMax := a.Sign(0xFFFFFFFF, id("ffffffff-ffff-ffff-ffff-ffffffffffff"))
	cNil := a.Sign(42, uuid.Nil)
	c := a.Sign(1234567, id("0192a0b1-c2d3-7e4f-a5b6-c7d8e9f0a1b2"))
	cB := b.Sign(7, id("0193c4d5-e6f7-7089-9a1b-2c3d4e5f6071"))
	t := c.Text()
	var vs []Vector
	add := func(v Vector) { vs = append(vs, v) }

	// valid
	add(wellFormed("valid/product-1", "product number 1", pa, c1.Text(), "valid", c1))
	add(wellFormed("valid/product-max", "largest product number 0xFFFFFFFF and an all-ones stamp id", pa, cMax.Text(), "valid", cMax))
	add(wellFormed("valid/nil-stamp-id", "all-zero stamp id; the format does not judge ids", pa, cNil.Text(), "valid", cNil))
	add(wellFormed("valid/product-1234567", "a typical code, canonical text", pa, t, "valid", c))
	add(wellFormed("valid/lower-case", "the same code in lower case", pa, strings.ToLower(t), "valid", c))
	add(wellFormed("valid/mixed-case", "letters in alternating case", pa, alternateCase(t), "valid", c))
	add(wellFormed("valid/url-qr", "the QR payload: upper-case base URL, /S/, text", pa, c.URL("https://txng.example.vn"), "valid", c))
	add(wellFormed("valid/url-lower-case", "the URL typed in lower case", pa, "https://txng.example.vn/s/"+strings.ToLower(t), "valid", c))
	add(wellFormed("valid/url-http-path", "http scheme, a port and a path before /S/", pa, "http://127.0.0.1:8080/ocop/S/"+t, "valid", c))
	add(wellFormed("valid/white-space", "surrounding ASCII white space is ignored", pa, " \t"+t+"\r\n", "valid", c))
	add(wellFormed("valid/url-white-space", "a URL with surrounding white space", pa, "\n  "+c.URL("https://txng.example.vn")+"  \n", "valid", c))
	add(wellFormed("valid/unicode-white-space", "surrounding Unicode White_Space (U+00A0, U+3000, U+2028) is ignored", pa, "\u00a0"+t+"\u3000\u2028", "valid", c))
	add(wellFormed("valid/key-b", "a second key (after a rotation) with its own key id", pb, cB.Text(), "valid", cB))

	// bad signature
	flip := c
	flip.Signature[10] ^= 0x01
	add(wellFormed("bad-signature/bit-flip", "one bit flipped in signature byte 10", pa, flip.Text(), "bad_signature", flip))
	flipLast := c
	flipLast.Signature[63] ^= 0x80
	add(wellFormed("bad-signature/bit-flip-last", "top bit of the last signature byte flipped", pa, flipLast.Text(), "bad_signature", flipLast))
	prod := c
	prod.Product++
	add(wellFormed("bad-signature/product-changed", "product number changed after signing", pa, prod.Text(), "bad_signature", prod))
	sid := c
	sid.StampID[15] ^= 0x01
	add(wellFormed("bad-signature/stamp-id-changed", "stamp id changed after signing", pa, sid.Text(), "bad_signature", sid))
	noPrefix := c
	hb := c.Header.Bytes()
	copy(noPrefix.Signature[:], ed25519.Sign(key(SeedA), hb[:]))
	add(wellFormed("bad-signature/no-domain-prefix", "signed over the 25 header bytes without the \"OCOP-STAMP/1\" prefix", pa, noPrefix.Text(), "bad_signature", noPrefix))
	zero := c
	zero.Signature = [stamp.SignatureSize]byte{}
	add(wellFormed("bad-signature/zero", "an all-zero signature", pa, zero.Text(), "bad_signature", zero))
	unreduced := c
	unreduced.Signature = addOrder(c.Signature)
	add(wellFormed("bad-signature/s-not-reduced", "S replaced by S + L: RFC 8032 verifiers reject S >= L", pa, unreduced.Text(), "bad_signature", unreduced))
	wrong := b.Sign(1234567, c.StampID)
	wrong.KeyID = a.KeyID()
	m := wrong.Header.SignedMessage()
	copy(wrong.Signature[:], ed25519.Sign(key(SeedB), m))
	add(wellFormed("bad-signature/wrong-private-key", "header names key A but key B signed it", pa, wrong.Text(), "bad_signature", wrong))

	// unknown key
	cx := x.Sign(1234567, c.StampID)
	add(wellFormed("unknown-key/other-key", "signed by a key that is in no key set", pa, cx.Text(), "unknown_key", cx))
	cb := b.Sign(1234567, c.StampID)
	add(wellFormed("unknown-key/key-b-not-in-set", "genuine under key B, but the key set holds only key A", pa, cb.Text(), "unknown_key", cb))

	// malformed
	add(malformed("malformed/empty", "empty input", pa, "", "length"))
	add(malformed("malformed/white-space-only", "only white space", pa, " \t\r\n", "length"))
	add(malformed("malformed/truncated", "last character missing (142 characters)", pa, t[:stamp.TextSize-1], "length"))
	add(malformed("malformed/extra-character", "one character too many (144 characters)", pa, t+"A", "length"))
	add(malformed("malformed/padded", "base32 with '=' padding", pa, stamp.Encoding.WithPadding('=').EncodeToString(c.Bytes()), "length"))
	add(malformed("malformed/split", "a space inside the text", pa, t[:70]+" "+t[70:], "length"))
	add(malformed("malformed/digit-0", "'0' is not in the alphabet", pa, replace(t, 20, "0"), "alphabet"))
	add(malformed("malformed/digit-1", "'1' is not in the alphabet", pa, replace(t, 40, "1"), "alphabet"))
	add(malformed("malformed/digit-8", "'8' is not in the alphabet", pa, replace(t, 60, "8"), "alphabet"))
	add(malformed("malformed/inner-space", "a space replacing a character", pa, replace(t, 80, " "), "alphabet"))
	add(malformed("malformed/non-ascii", "'Ă' replacing a character: 143 characters, not 143 bytes", pa, replace(t, 100, "Ă"), "alphabet"))
	add(malformed("malformed/non-canonical-last-character", "last character with a non-zero unused bit ('"+t[142:]+"' + 1)", pa, replace(t, 142, string(t[142]+1)), "alphabet"))
	add(malformed("malformed/version-0x02", "version byte 0x02, otherwise well formed and signed", pa, versioned(key(SeedA), 0x02, c), "version"))
	add(malformed("malformed/version-0x00", "version byte 0x00", pa, versioned(key(SeedA), 0x00, c), "version"))
	add(malformed("malformed/url-wrong-scheme", "ftp: URL", pa, "ftp://txng.example.vn/S/"+t, "alphabet"))
	add(malformed("malformed/url-no-scheme", "host without a scheme", pa, "txng.example.vn/S/"+t, "alphabet"))
	add(malformed("malformed/url-query", "a query string after the text", pa, "https://txng.example.vn/S/"+t+"?src=qr", "length"))
	add(malformed("malformed/url-wrong-marker", "path /T/ instead of /S/: not a URL form, so the whole input is the text", pa, "https://txng.example.vn/T/"+t, "length"))

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(vs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func replace(s string, i int, r string) string { return s[:i] + r + s[i+1:] }

func alternateCase(s string) string {
	b := []byte(s)
	for i := range b {
		if i%2 == 1 && b[i] >= 'A' && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// versioned returns the text of c with its version byte set to v and signed
// again by priv, so that only the version is wrong.
func versioned(priv ed25519.PrivateKey, v byte, c stamp.Code) string {
	raw := c.Bytes()
	raw[0] = v
	msg := append([]byte(stamp.SignaturePrefix), raw[:stamp.HeaderSize]...)
	copy(raw[stamp.HeaderSize:], ed25519.Sign(priv, msg))
	return encode(raw)
}
