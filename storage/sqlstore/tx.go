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
)

// tx is a write transaction on one connection of the write pool, with the
// helpers every write needs: rebinding, audit entries, version bumps.
type tx struct {
	*sql.Tx
	conn *sql.Conn
	s    *Store
	now  time.Time
	bump bool // bump the registry version before commit
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
	if t.bump {
		if _, err := t.exec(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'registry_version'`); err != nil {
			return fmt.Errorf("%s: bump registry version: %w", what, err)
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
		return stamp.Errorf(stamp.EInvalid, "actor is required for a registry write")
	}
	return nil
}
