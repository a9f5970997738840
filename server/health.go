package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// keysDoc is the published key set, serialised once.
type keysDoc struct {
	body []byte
	etag string
}

func newKeysDoc(ks *stamp.KeySet) (keysDoc, error) {
	body, err := ks.MarshalJSON()
	if err != nil {
		return keysDoc{}, fmt.Errorf("server: key set: %w", err)
	}
	sum := sha256.Sum256(body)
	return keysDoc{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}, nil
}

// keysHandler answers GET /.well-known/ocop-stamp-keys.json: the public keys
// (stamp.KeySet.MarshalJSON: nothing private), cacheable for five minutes so
// that a key's compromise reaches offline verifiers soon.
func (s *Server) keysHandler(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", s.keys.etag)
	h.Set("Access-Control-Allow-Origin", "*")
	if inm := c.GetHeader("If-None-Match"); inm != "" && etagMatch(inm, s.keys.etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", s.keys.body)
}

func etagMatch(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// healthz answers 200 while the process runs.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz pings every dependency in Deps.Ready within Config.ReadyTimeout:
// 200 when all answer, 503 naming the ones that did not (details are
// logged, not shown).
func (s *Server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.ReadyTimeout)
	defer cancel()
	names := make([]string, 0, len(s.deps.Ready))
	for n := range s.deps.Ready {
		names = append(names, n)
	}
	sort.Strings(names)
	checks := map[string]string{}
	ok := true
	for _, n := range names {
		if err := s.deps.Ready[n].Ping(ctx); err != nil {
			s.log.Warn("readiness check failed", "check", n, "err", err)
			checks[n], ok = "unavailable", false
			continue
		}
		checks[n] = "ok"
	}
	if !ok {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "checks": checks})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "checks": checks})
}

const robotsTxt = "User-agent: *\nDisallow: /s/\nDisallow: /S/\nDisallow: /serial\nDisallow: /api/\n"

// robots keeps crawlers off the lookup routes: every lookup is a scan.
func (s *Server) robots(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(robotsTxt))
}
