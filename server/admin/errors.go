package admin

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// ErrorBody is the JSON body of every error answer, the same shape as the
// lookup server's (server.ErrorBody):
//
//	{"error": {"status": 403, "code": "forbidden", "message": "…"}}
type ErrorBody struct {
	Error APIError `json:"error"`
}

// APIError describes what went wrong. Code is one of invalid, unauthorized,
// forbidden, not_found, conflict, too_large, rate_limited, internal,
// unavailable; Message is one English sentence safe to show.
type APIError struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes beyond stamp's.
const (
	codeTooLarge    = "too_large"
	codeRateLimited = "rate_limited"
	codeUnavailable = "unavailable"
)

var statusOf = map[string]int{
	stamp.EInvalid:      http.StatusBadRequest,
	stamp.EUnauthorized: http.StatusUnauthorized,
	stamp.EForbidden:    http.StatusForbidden,
	stamp.ENotFound:     http.StatusNotFound,
	stamp.EConflict:     http.StatusConflict,
}

// abort answers status with an error body and stops the handler chain.
func abort(c *gin.Context, status int, code, msg string) {
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(status, ErrorBody{Error: APIError{Status: status, Code: code, Message: msg}})
}

// fail answers err: a *stamp.Error with its code's status and message;
// anything else is logged and answered 503 when a dependency was down or
// slow, 500 otherwise, with a generic message.
func (h *handler) fail(c *gin.Context, err error) {
	code := stamp.ErrorCode(err)
	if status, ok := statusOf[code]; ok {
		abort(c, status, code, stamp.ErrorMessage(err))
		return
	}
	if c.Request.Context().Err() != nil {
		h.log.Debug("admin: client gone", "route", c.FullPath(), "err", err)
		abort(c, http.StatusServiceUnavailable, codeUnavailable, "request cancelled")
		return
	}
	if unavailable(err) {
		h.log.Warn("admin: dependency unavailable", "route", c.FullPath(), "err", err)
		c.Header("Retry-After", "5")
		abort(c, http.StatusServiceUnavailable, codeUnavailable, "service temporarily unavailable; please retry later")
		return
	}
	h.log.Error("admin: internal error", "route", c.FullPath(), "method", c.Request.Method, "err", err)
	abort(c, http.StatusInternalServerError, stamp.EInternal, "internal error (details are in the server log)")
}

// invalid answers 400 with msg.
func invalid(c *gin.Context, format string, args ...any) {
	abort(c, http.StatusBadRequest, stamp.EInvalid, stamp.Errorf(stamp.EInvalid, format, args...).Message)
}

// unavailable reports whether err says a dependency was down or too slow.
func unavailable(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone) ||
		errors.As(err, &ne) || strings.Contains(err.Error(), "database is closed") ||
		strings.Contains(err.Error(), "connection refused")
}
