package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// ErrorBody and APIError are the lookup server's error answer, so that
// every route of a server answers errors in one shape:
//
//	{"error": {"status": 403, "code": "forbidden", "message": "…"}}
type (
	ErrorBody = server.ErrorBody
	APIError  = server.APIError
)

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
	if server.Unavailable(err) {
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
