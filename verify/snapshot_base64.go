package verify

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// strictBase64 is bytes written in JSON as canonical standard base64 (with
// padding), as encoding/json writes []byte. Reading is strict, unlike
// encoding/json's: line breaks and non-zero padding bits are refused, so
// each byte string has exactly one spelling in a snapshot envelope.
type strictBase64 []byte

var errBase64 = errors.New("not canonical base64 (line breaks, or non-zero padding bits)")

// MarshalJSON writes b in standard base64.
func (b strictBase64) MarshalJSON() ([]byte, error) {
	return json.Marshal([]byte(b))
}

// UnmarshalJSON reads a JSON string of canonical standard base64.
func (b *strictBase64) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if strings.ContainsAny(s, "\r\n") {
		return errBase64
	}
	out, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return errBase64
	}
	*b = out
	return nil
}
