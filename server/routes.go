package server

import "github.com/gin-gonic/gin"

// KeysPath is where the public key set is published.
const KeysPath = "/.well-known/ocop-stamp-keys.json"

// routes registers every route for GET and HEAD (HEAD is answered like GET
// without a body). Any other method gets 405 with an Allow header.
func (s *Server) routes(e *gin.Engine) {
	get := func(path string, h ...gin.HandlerFunc) {
		e.GET(path, h...)
		e.HEAD(path, h...)
	}
	get("/", s.home)
	get("/s/*code", s.rateLimit, s.stampPage)
	get("/S/*code", s.rateLimit, s.stampPage)
	get("/serial", s.rateLimit, s.serialRateLimit, s.serialPage)
	get("/api/v1/stamps/*code", s.rateLimit, s.stampAPI)
	get("/api/v1/serials/*serial", s.rateLimit, s.serialRateLimit, s.serialAPI)
	get(KeysPath, s.keysHandler)
	get("/healthz", s.healthz)
	get("/readyz", s.readyz)
	get("/metrics", s.metricsHandler())
	get("/robots.txt", s.robots)
	if s.deps.Reports != nil {
		s.reportRoutes(e)
	}
}
