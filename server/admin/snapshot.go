package admin

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// snapshotMaxAge is how long a built snapshot is served again while the
// registry version has not changed.
const snapshotMaxAge = 10 * time.Minute

// snapshotCache keeps the last snapshot built, by registry version.
type snapshotCache struct {
	mu      sync.Mutex
	version int64
	built   time.Time
	data    []byte
	sum     verify.SnapshotSummary
}

// snapshot answers GET /api/v1/snapshot (inspector and up) with the signed
// registry snapshot that "ocopstamp verify --registry FILE" reads offline.
// It is rebuilt when the registry changed or the last one is 10 minutes
// old; every download is audited (registry.snapshot) as the CLI's is.
func (h *handler) snapshot(c *gin.Context) {
	ctx := c.Request.Context()
	if h.d.Signer == nil || h.d.Keys == nil {
		abort(c, http.StatusServiceUnavailable, stamp.EUnavailable, "server has no signing key: export the snapshot with 'ocopstamp snapshot'")
		return
	}
	ver, err := h.d.Store.RegistryVersion(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	now := h.now()
	sc := &h.snap
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.data == nil || sc.version != ver || now.Sub(sc.built) > snapshotMaxAge {
		data, sum, err := verify.BuildSnapshot(ctx, h.d.Store, h.d.Signer, h.d.Keys, now)
		if err != nil {
			h.fail(c, err)
			return
		}
		sc.data, sc.sum, sc.version, sc.built = data, sum, sum.RegistryVersion, now
	}
	after, _ := json.Marshal(sc.sum)
	err = h.d.Store.AppendAudit(ctx, stamp.AuditEntry{Actor: actor(c), Action: "registry.snapshot",
		Subject: "snapshot:" + sc.sum.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z"), After: string(after)})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="ocop-registry-snapshot.json"`)
	c.Data(http.StatusOK, "application/json", sc.data)
}
