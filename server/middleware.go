package server

import (
	"errors"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"
)

// Request bounds. The lookup routes are read-only GETs: a body is never
// needed; routes that take one are few and small (AllowBody raises the
// limit for a route that needs more).
const (
	maxURIBytes    = 4096
	maxBodyBytes   = 8 << 10
	maxHeaderBytes = 32 << 10
)

// recovery turns a handler panic into a logged 500 with a generic message.
// http.ErrAbortHandler is re-raised: net/http uses it to drop a connection.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			panic(v)
		}
		s.metrics.panics.Inc()
		s.log.Error("panic in handler", "route", c.FullPath(), "method", c.Request.Method, "panic", v, "stack", string(debug.Stack()))
		if !c.Writer.Written() {
			c.Writer.Header().Del("Content-Type")
			s.writeError(c, formatJSON, "en", failInternal)
		}
		c.Abort()
	}()
	c.Next()
}

// securityHeaders sets the headers every answer carries: a CSP that allows
// only the inlined style sheet, no sniffing, no framing, no referrer (a
// stamp URL must not leak to other sites). The values are built once
// (s.secHeaders): each slice has no spare capacity, so a handler that adds
// to one of these headers gets a new slice and never writes into the
// shared one.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	for k, v := range s.secHeaders {
		h[k] = v
	}
}

// newSecHeaders returns the values securityHeaders sets, under their
// canonical names.
func newSecHeaders(csp string) map[string][]string {
	m := map[string][]string{}
	for k, v := range map[string]string{
		"Content-Security-Policy":    csp,
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "no-referrer",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
	} {
		m[http.CanonicalHeaderKey(k)] = []string{v}[:1:1]
	}
	return m
}

// limitRequest refuses over-long URIs (414) and bodies (413) before any
// handler runs, and caps what a handler could read from the body.
func (s *Server) limitRequest(c *gin.Context) {
	r := c.Request
	if s.mounted(r.URL.Path) {
		return // a mounted handler applies its own limits
	}
	if len(r.RequestURI) > maxURIBytes || len(r.URL.RawQuery) > maxURIBytes {
		s.writeError(c, s.errorFormat(c), PickLang(c), failURITooLong)
		c.Abort()
		return
	}
	limit := int64(maxBodyBytes)
	if n, ok := s.bodyLimits[r.Method+" "+c.FullPath()]; ok {
		limit = n
	}
	if r.ContentLength > limit {
		s.writeError(c, s.errorFormat(c), PickLang(c), failBodyTooBig)
		c.Abort()
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(c.Writer, r.Body, limit)
	}
}

// AllowBody lets requests to one route (method and gin path, e.g. "POST",
// "/api/v1/admin/inspections") carry bodies of up to n bytes instead of
// 8 KiB. Call it before serving.
func (s *Server) AllowBody(method, path string, n int64) {
	if s.bodyLimits == nil {
		s.bodyLimits = map[string]int64{}
	}
	s.bodyLimits[method+" "+path] = n
}
