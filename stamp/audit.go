package stamp

import "time"

// AuditEntry records one write: who did what to which subject, when, and the
// state before and after (JSON) where it applies. Entries are append-only.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   string // OS user or admin token name
	Action  string // e.g. "facility.create", "batch.mint", "batch.print"
	Subject string // e.g. "product:1001", "batch:<uuid>"
	Before  string
	After   string
}
