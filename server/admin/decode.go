package admin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// maxBody bounds a JSON request body (the lookup server may cap it lower).
const maxBody = 64 << 10

// decode reads the request body as exactly one JSON object into v, refusing
// unknown fields. On failure it answers 400 (413 for an over-long body) with
// a message naming the problem and returns false.
func decode(c *gin.Context, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		abort(c, http.StatusRequestEntityTooLarge, server.CodeTooLarge, fmt.Sprintf("request body over %d bytes", mbe.Limit))
		return false
	}
	if err != nil {
		status, msg := server.BodyReadFailure(err)
		abort(c, status, stamp.EInvalid, msg)
		return false
	}
	if err := decodeJSON(body, v); err != nil {
		abort(c, http.StatusBadRequest, stamp.EInvalid, err.Error())
		return false
	}
	return true
}

// decodeJSON decodes body into v strictly and returns a one-line message for
// a person on failure.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("request body is empty: want a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errors.New(jsonMessage(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("request body holds more than one JSON value: want one object")
	}
	if k := duplicateKey(body); k != "" {
		return errDuplicateKey(k)
	}
	return nil
}

// jsonMessage explains a decoding error.
func jsonMessage(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var se *stamp.Error
	switch {
	case errors.As(err, &se):
		return se.Message
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return fmt.Sprintf("request body: want a JSON object, got %s", typ.Value)
		}
		return fmt.Sprintf("field %q: want %s, got %s", field, jsonType(typ.Type), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the body ends too early"
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return "unknown field " + f
	}
	return "malformed JSON: " + strings.TrimPrefix(msg, "json: ")
}

func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		return fmt.Sprintf("a whole number from 0 to %d", uint64(1)<<(t.Bits())-1)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "a " + t.Kind().String()
}
