package sqlstore

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// AuditLog lists entries at or after since, oldest first, at most limit (all
// when limit <= 0).
func (s *Store) AuditLog(ctx context.Context, since time.Time, limit int) ([]stamp.AuditEntry, error) {
	if limit <= 0 {
		limit = math.MaxInt32
	}
	rows, err := s.query(ctx, `SELECT id, at, actor, action, subject, before_json, after_json FROM audit_log
WHERE at >= ? ORDER BY at, id LIMIT ?`, micros(since), limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return collect(rows, func(r scanner) (stamp.AuditEntry, error) {
		var e stamp.AuditEntry
		var at int64
		err := r.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &e.Before, &e.After)
		e.At = fromMicros(at)
		return e, err
	}, "audit log")
}

// AppendAudit records e (its time defaults to the store's clock). A missing
// actor or action is EInvalid.
func (s *Store) AppendAudit(ctx context.Context, e stamp.AuditEntry) error {
	if err := requireActor(e.Actor); err != nil {
		return err
	}
	if e.Action == "" {
		return stamp.Errorf(stamp.EInvalid, "audit entry: action is required")
	}
	return s.inTx(ctx, "append audit", func(t *tx) error {
		if e.At.IsZero() {
			e.At = t.now
		}
		return t.appendAudit(ctx, e)
	})
}
