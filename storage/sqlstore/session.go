package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

var _ storage.Sessions = (*Store)(nil)

// CreateSession stores s; its CreatedAt and SeenAt default to the store's
// clock.
func (s *Store) CreateSession(ctx context.Context, ss *storage.Session) error {
	if ss.TokenID <= 0 || ss.Hash == [32]byte{} {
		return stamp.Errorf(stamp.EInvalid, "session: token id and hash are required")
	}
	return s.inTx(ctx, "create session", func(w *tx) error {
		var one int
		err := w.queryRow(ctx, `SELECT 1 FROM api_tokens WHERE id = ?`, ss.TokenID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Errorf(stamp.EInvalid, "session: no token %d", ss.TokenID)
		}
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		if ss.CreatedAt.IsZero() {
			ss.CreatedAt = w.now
		}
		if ss.SeenAt.IsZero() {
			ss.SeenAt = ss.CreatedAt
		}
		_, err = w.exec(ctx, `INSERT INTO console_sessions (hash, token_id, created_at, seen_at, client) VALUES (?, ?, ?, ?, ?)`,
			ss.Hash[:], ss.TokenID, micros(ss.CreatedAt), micros(ss.SeenAt), ss.Client)
		if s.d.IsUniqueViolation(err) {
			return stamp.Errorf(stamp.EConflict, "session: hash already stored")
		}
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
}

// SessionByHash returns the session with the hash, or ENotFound.
func (s *Store) SessionByHash(ctx context.Context, hash [32]byte) (*storage.Session, error) {
	ss := storage.Session{Hash: hash}
	var created, seen int64
	err := s.queryRow(ctx, `SELECT token_id, created_at, seen_at, client FROM console_sessions WHERE hash = ?`, hash[:]).
		Scan(&ss.TokenID, &created, &seen, &ss.Client)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Errorf(stamp.ENotFound, "no such session")
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	ss.CreatedAt, ss.SeenAt = fromMicros(created), fromMicros(seen)
	return &ss, nil
}

// TouchSession moves the session's last request forward to at.
func (s *Store) TouchSession(ctx context.Context, hash [32]byte, at time.Time) error {
	_, err := s.write.ExecContext(ctx, s.d.Rebind(`UPDATE console_sessions SET seen_at = ? WHERE hash = ? AND seen_at < ?`),
		micros(at), hash[:], micros(at))
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession removes one session.
func (s *Store) DeleteSession(ctx context.Context, hash [32]byte) error {
	if _, err := s.write.ExecContext(ctx, s.d.Rebind(`DELETE FROM console_sessions WHERE hash = ?`), hash[:]); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteTokenSessions removes every session of token id.
func (s *Store) DeleteTokenSessions(ctx context.Context, tokenID int64) (int64, error) {
	return s.deleteSessions(ctx, `token_id = ?`, tokenID)
}

// DeleteSessionsSeenBefore removes sessions idle since before t.
func (s *Store) DeleteSessionsSeenBefore(ctx context.Context, t time.Time) (int64, error) {
	return s.deleteSessions(ctx, `seen_at < ?`, micros(t))
}

func (s *Store) deleteSessions(ctx context.Context, where string, arg any) (int64, error) {
	res, err := s.write.ExecContext(ctx, s.d.Rebind(`DELETE FROM console_sessions WHERE `+where), arg)
	if err != nil {
		return 0, fmt.Errorf("delete sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete sessions: %w", err)
	}
	return n, nil
}
