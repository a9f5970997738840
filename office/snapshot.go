package office

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// snapshotMaxAge is how long a built snapshot is handed out again while
// the registry version has not changed.
const snapshotMaxAge = 10 * time.Minute

// snapshotCache keeps the last snapshot built, by registry version.
type snapshotCache struct {
	mu      sync.Mutex
	version int64
	built   time.Time
	data    []byte
	sum     verify.SnapshotSummary
}

// Snapshot builds the signed registry snapshot that "ocopstamp verify
// --registry FILE" reads offline (verify.BuildSnapshot), hands it to
// deliver, and audits the delivery (registry.snapshot) once deliver
// succeeded. A snapshot is built again when the registry changed or the
// last one is 10 minutes old. No signing key or key set is EUnavailable; a
// failed audit after delivery is returned wrapped ("snapshot delivered but
// not audited"). Inspector role.
func (o *Office) Snapshot(ctx context.Context, who stamp.Actor, deliver func(data []byte, sum verify.SnapshotSummary) error) error {
	if err := allow(who, stamp.RoleInspector, "the registry snapshot"); err != nil {
		return err
	}
	if o.Signer == nil || o.Keys == nil {
		return stamp.Errorf(stamp.EUnavailable, "server has no signing key: export the snapshot with 'ocopstamp snapshot'")
	}
	ver, err := o.Store.RegistryVersion(ctx)
	if err != nil {
		return err
	}
	now := o.now()
	sc := &o.snap
	sc.mu.Lock()
	if sc.data == nil || sc.version != ver || now.Sub(sc.built) > snapshotMaxAge {
		data, sum, err := verify.BuildSnapshot(ctx, o.Store, o.Signer, o.Keys, now)
		if err != nil {
			sc.mu.Unlock()
			return err
		}
		sc.data, sc.sum, sc.version, sc.built = data, sum, sum.RegistryVersion, now
	}
	data, sum := sc.data, sc.sum
	sc.mu.Unlock()
	if err := deliver(data, sum); err != nil {
		return err
	}
	after, _ := json.Marshal(sum)
	return o.Store.AppendAudit(ctx, stamp.AuditEntry{At: now.UTC(), Actor: who.Name, Action: "registry.snapshot",
		Subject: "snapshot:" + sum.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z"), After: string(after)})
}
