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

// Error is an application error whose Message is safe to show to the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
