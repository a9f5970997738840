package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/verify"
)

// snapshot answers GET /api/v1/snapshot (inspector and up) with the signed
// registry snapshot that "ocopstamp verify --registry FILE" reads offline
// (office.Snapshot: rebuilt when the registry changed or the last one is
// 10 minutes old; every download is audited as registry.snapshot, before a
// byte is sent).
func (h *handler) snapshot(c *gin.Context) {
	var data []byte
	err := h.off.Snapshot(c.Request.Context(), who(c), func(b []byte, _ verify.SnapshotSummary) error {
		data = b
		return nil
	})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="ocop-registry-snapshot.json"`)
	c.Data(http.StatusOK, "application/json", data)
}
