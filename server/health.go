package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
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

const robotsTxt = "User-agent: *\nDisallow: /s/\nDisallow: /S/\nDisallow: /serial\nDisallow: /api/\n"

// robots keeps crawlers off the lookup routes: every lookup is a scan.
func (s *Server) robots(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(robotsTxt))
}
