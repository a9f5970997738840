package admin

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/errkind"
)

// ErrorBody and APIError are the lookup server's error answer, so that
// every route of a server answers errors in one shape:
//
//	{"error": {"status": 403, "code": "forbidden", "message": "…"}}
type (
	ErrorBody = server.ErrorBody
	APIError  = server.APIError
)

// abort answers status with an error body and stops the handler chain.
func abort(c *gin.Context, status int, code, msg string) {
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(status, ErrorBody{Error: APIError{Status: status, Code: code, Message: msg}})
}

// fail answers err: a user's mistake (a *stamp.Error of a 4xx kind) with its
// status, its English message and, when the refusal has one, its Vietnamese
// text as message_vi; anything else is logged and answered 503 when a
// dependency was down or slow (errkind, by type), 500 otherwise, with a
// generic message.
func (h *handler) fail(c *gin.Context, err error) {
	kind := errkind.Of(err)
	if status := server.StatusOf(kind); status < 500 {
		c.Header("Cache-Control", "no-store")
		c.AbortWithStatusJSON(status, ErrorBody{Error: APIError{Status: status, Code: kind,
			Message: stamp.ErrorMessage(err), MessageVI: stamp.ErrorMessageVI(err)}})
		return
	}
	if c.Request.Context().Err() != nil {
		h.log.Debug("admin: client gone", "route", c.FullPath(), "err", err)
		abort(c, http.StatusServiceUnavailable, stamp.EUnavailable, "request cancelled")
		return
	}
	var se *stamp.Error
	if kind == stamp.EUnavailable && errors.As(err, &se) {
		// Said on purpose (no signing key, no base URL): not transient.
		abort(c, http.StatusServiceUnavailable, stamp.EUnavailable, se.Message)
		return
	}
	if kind == stamp.EUnavailable {
		h.log.Warn("admin: dependency unavailable", "route", c.FullPath(), "err", err)
		c.Header("Retry-After", "5")
		abort(c, http.StatusServiceUnavailable, stamp.EUnavailable, "service temporarily unavailable; please retry later")
		return
	}
	h.log.Error("admin: internal error", "route", c.FullPath(), "method", c.Request.Method, "err", err)
	abort(c, http.StatusInternalServerError, stamp.EInternal, "internal error (details are in the server log)")
}

// invalid answers 400 with msg.
func invalid(c *gin.Context, format string, args ...any) {
	abort(c, http.StatusBadRequest, stamp.EInvalid, stamp.Errorf(stamp.EInvalid, format, args...).Message)
}
