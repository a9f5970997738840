package server

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// clientIPKey holds the client address in a mounted handler's request
// context.
type clientIPKey struct{}

// Mount serves h for prefix and every path under it (the office's web
// console). The mounted handler gets the server's recovery, metrics and
// security headers, which it may override, but not the lookup routes' body
// and URI limits: it applies its own. RequestClientIP gives it the client
// address the server believes (trusted proxies only). Call Mount before
// serving.
func (s *Server) Mount(prefix string, h http.Handler) {
	prefix = strings.TrimSuffix(prefix, "/")
	s.mounts = append(s.mounts, prefix)
	wrap := func(c *gin.Context) {
		r := c.Request.WithContext(context.WithValue(c.Request.Context(), clientIPKey{}, c.ClientIP()))
		h.ServeHTTP(c.Writer, r)
	}
	s.engine.Any(prefix, wrap)
	s.engine.Any(prefix+"/*rest", wrap)
}

// mounted reports whether path belongs to a mounted handler.
func (s *Server) mounted(path string) bool {
	for _, p := range s.mounts {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// RequestClientIP returns the client address of a request to a mounted
// handler as the server determined it, else the TCP peer's address.
func RequestClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok && ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
