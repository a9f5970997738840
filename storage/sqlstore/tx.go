package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// tx is a write transaction on one connection of the write pool, with the
// helpers every write needs: rebinding, audit entries, version bumps and
// the change feed.
type tx struct {
	*sql.Tx
	conn *sql.Conn
	s    *Store
	now  time.Time
	// changes are what the write changed for lookups (changed); when any,
	// the registry version is bumped and the feed written before commit.
	changes []storage.RegistryChange
}

// maxFeedRows is the most change rows one write records; a write touching
// more entities (a large import) records one ChangeAll instead.
const maxFeedRows = 256

// changed records that the write changes entity of kind (storage.Change*)
// for lookups: the registry version is bumped and the change fed to the
// caches when the transaction commits.
func (t *tx) changed(kind, entity string) {
	t.changes = append(t.changes, storage.RegistryChange{Kind: kind, Entity: entity})
}

// bumpVersion increments the registry version, records the write's changes
// under the new version, and deletes the feed's rows older than
// storage.ChangeFeedVersions versions. Writers serialise on the counter row
// until they commit, so versions become visible in order.
func (t *tx) bumpVersion(ctx context.Context) error {
	var v int64
	if err := t.queryRow(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'registry_version' RETURNING value`).Scan(&v); err != nil {
		return fmt.Errorf("bump registry version: %w", err)
	}
	changes := t.changes
	seen := make(map[storage.RegistryChange]bool, len(changes))
	var rows []storage.RegistryChange
	for _, c := range changes {
		if c.Kind == storage.ChangeAll {
			rows = nil
			break
		}
		if !seen[c] {
			seen[c] = true
			rows = append(rows, c)
		}
	}
	if len(rows) == 0 || len(rows) > maxFeedRows {
		rows = []storage.RegistryChange{{Kind: storage.ChangeAll}}
	}
	for _, c := range rows {
		if _, err := t.exec(ctx, `INSERT INTO registry_changes (version, kind, entity) VALUES (?, ?, ?)`, v, c.Kind, c.Entity); err != nil {
			return fmt.Errorf("record registry change: %w", err)
		}
	}
	if v%16 == 0 {
		if _, err := t.exec(ctx, `DELETE FROM registry_changes WHERE version <= ?`, v-storage.ChangeFeedVersions); err != nil {
			return fmt.Errorf("trim registry changes: %w", err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction and commits it when fn returns nil.
// Anything fn returns is returned unchanged (a *stamp.Error stays one);
// failures to begin or commit are wrapped with what.
func (s *Store) inTx(ctx context.Context, what string, fn func(t *tx) error) (err error) {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", what, err)
	}
	t := &tx{Tx: sqlTx, conn: conn, s: s, now: s.now()}
	defer func() {
		if err != nil {
			if rerr := sqlTx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) && !autoRolledBack(rerr) {
				err = errors.Join(err, fmt.Errorf("%s: rollback: %w", what, rerr))
			}
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if len(t.changes) > 0 {
		if err := t.bumpVersion(ctx); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}

// autoRolledBack reports whether a failed rollback only found the
// transaction already gone: SQLite rolls back by itself on some errors (a
// full disk, out of memory), and saying "cannot rollback" then hides the
// real cause.
func autoRolledBack(err error) bool {
	return strings.Contains(err.Error(), "no transaction is active")
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.ExecContext(ctx, t.s.d.Rebind(q), args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(ctx, t.s.d.Rebind(q), args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.s.d.Rebind(q), args...)
}

func (t *tx) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.PrepareContext(ctx, t.s.d.Rebind(q))
}

// audit appends an audit entry; before and after are marshalled to JSON
// unless nil ("") or already a string (taken as JSON).
func (t *tx) audit(ctx context.Context, actor, action, subject string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	return t.appendAudit(ctx, stamp.AuditEntry{At: t.now, Actor: actor, Action: action, Subject: subject, Before: b, After: a})
}

func (t *tx) appendAudit(ctx context.Context, e stamp.AuditEntry) error {
	e = nfcAudit(e)
	_, err := t.exec(ctx, `INSERT INTO audit_log (at, actor, action, subject, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)`,
		e.At.UnixMicro(), e.Actor, e.Action, e.Subject, e.Before, e.After)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	return string(b), nil
}

// requireActor rejects a write without an actor.
func requireActor(actor string) error {
	if actor == "" {
		return stamp.Refusef(stamp.EInvalid, "Cần xác định người thực hiện khi ghi vào danh mục", "actor is required for a registry write")
	}
	return nil
}
