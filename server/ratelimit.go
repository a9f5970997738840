package server

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ocop-hatinh/ocopstamp/internal/clientlimit"
)

// newLimiter returns the lookup limiter: perSecond lookups a client
// address, burst at once (internal/clientlimit, the one per-client limiter
// of every HTTP surface).
func newLimiter(perSecond float64, burst int, now func() time.Time) *clientlimit.Limiter {
	return clientlimit.New(time.Duration(float64(time.Second)/perSecond), burst, now)
}

// rateLimit answers 429 with Retry-After when the client (its address as
// the trusted proxies let the server see it) is over the lookup rate.
func (s *Server) rateLimit(c *gin.Context) { s.limit(c, s.limiter) }

// serialRateLimit is rateLimit with the smaller typed-serial bucket, for
// /serial with a serial and /api/v1/serials/ (the empty form is free).
func (s *Server) serialRateLimit(c *gin.Context) {
	if c.Request.URL.Path == "/serial" && c.Query("s") == "" {
		return
	}
	s.limit(c, s.serialLimiter)
}

func (s *Server) limit(c *gin.Context, l *clientlimit.Limiter) {
	if l == nil || l.Take(c.ClientIP()) {
		return
	}
	s.metrics.rateLimited.Inc()
	c.Header("Retry-After", strconv.Itoa(l.RetryAfter(c.ClientIP())))
	s.writeError(c, s.errorFormat(c), PickLang(c), failTooMany)
	c.Abort()
}
