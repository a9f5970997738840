package stamp

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer: the one error vocabulary. The HTTP
// layer maps them to status codes in one place (server.StatusOf); the CLI
// prints the message and exits non-zero. storage/errkind tells an
// unavailable dependency from a bug by the error's type.
const (
	EInvalid      = "invalid"      // the caller's input is wrong (400)
	ENotFound     = "not_found"    // no such thing (404)
	EConflict     = "conflict"     // duplicate or state conflict (409)
	EUnauthorized = "unauthorized" // missing or bad credentials (401)
	EForbidden    = "forbidden"    // credentials lack the role (403)
	EUnavailable  = "unavailable"  // a dependency is down, full, busy or too slow (503)
	EInternal     = "internal"     // a bug (500)
)

// Error is an application error whose messages are safe to show to the
// user. Message is the stable English text (the admin API's "message", the
// CLI's one-line reason, logs); MessageVI is the same refusal in Vietnamese
// for the office console, or "" where the refusal has none (a
// configuration or internal-consistency error no console screen reaches).
// Both are written where the refusal is made, by Refusef; there is no
// second table of office wording.
type Error struct {
	Code      string
	Message   string
	MessageVI string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted English
// message only. Refusals that a person can meet in the office console use
// Refusef instead; TestRefusalsHaveVietnamese fails on a new Errorf refusal
// in the office layer, the registry rules or the store.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Refusef returns an *Error with the given code and the refusal in both
// languages, formatted with the same args: vi is the Vietnamese text
// (administrative register, numbers and identifiers kept as they are; it
// may use explicit argument indexes like %[2]s to reorder) and en the
// English one. A test checks that both formats use the same arguments.
func Refusef(code, vi, en string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(en, args...), MessageVI: fmt.Sprintf(vi, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInvalid for
// a stamp code error, "" for nil and EInternal for anything else.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var ce *CodeError
	if errors.As(err, &ce) {
		return EInvalid
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err: the *Error's message,
// the code error's text, or "internal error" for anything else, so that
// internal details never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	var ce *CodeError
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return "internal error"
}

// RefuseWith returns an *Error with the given code whose messages are the
// formatted prefix in each language, ": ", and the inner refusal err's
// message in that language (its English one where err has no Vietnamese
// text), as in "Sản phẩm 7: GTIN … sai chữ số kiểm tra".
func RefuseWith(code string, err error, vi, en string, args ...any) *Error {
	inVI := ErrorMessageVI(err)
	if inVI == "" {
		inVI = ErrorMessage(err)
	}
	return &Error{Code: code, Message: fmt.Sprintf(en, args...) + ": " + ErrorMessage(err),
		MessageVI: fmt.Sprintf(vi, args...) + ": " + inVI}
}

// ErrorMessageVI returns the Vietnamese text of err's *Error, or "" when
// err has none (no *Error, or an *Error made by Errorf): the caller then
// shows ErrorMessage alone. It never returns internal details.
func ErrorMessageVI(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.MessageVI
	}
	return ""
}
