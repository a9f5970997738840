package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/ocop-hatinh/ocopstamp/office"
)

// DefaultAuditWindow is how far back the audit log is read when no start
// is given.
const DefaultAuditWindow = 7 * 24 * time.Hour

// Bounds of one audit log read.
const (
	defaultAuditLimit = 1000
	maxAuditLimit     = 10_000
)

// audit answers GET /audit?since=…&limit=… (viewer and up): entries at or
// after since (default 7 days ago), oldest first. The log is append-only:
// no route changes or deletes entries, and the database refuses to.
func (h *handler) audit(c *gin.Context) {
	now := h.now()
	since := now.Add(-DefaultAuditWindow)
	if s := c.Query("since"); s != "" {
		t, err := office.ParseSince(s, now)
		if err != nil {
			h.fail(c, err)
			return
		}
		since = t
	}
	limit := defaultAuditLimit
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxAuditLimit {
			invalid(c, "limit %q: want a number from 1 to %d", s, maxAuditLimit)
			return
		}
		limit = n
	}
	es, err := h.d.Store.AuditLog(c.Request.Context(), since, limit)
	if err != nil {
		h.fail(c, err)
		return
	}
	out := make([]any, 0, len(es))
	for _, e := range es {
		out = append(out, office.AuditView(e))
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"since": since.UTC(), "entries": out, "truncated": len(es) == limit})
}
