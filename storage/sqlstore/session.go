package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

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
			return stamp.Refusef(stamp.EInvalid, "Phiên làm việc: không có mã truy cập %d", "session: no token %d", ss.TokenID)
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
		return nil, stamp.Refusef(stamp.ENotFound, "Không có phiên làm việc này", "no such session")
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

var _ storage.MintJobs = (*Store)(nil)

// ClaimMintJob stores j unless its key is taken by a job that did not fail.
func (s *Store) ClaimMintJob(ctx context.Context, j *storage.MintJob) (*storage.MintJob, bool, error) {
	if j.Key == "" || j.Actor == "" {
		return nil, false, stamp.Errorf(stamp.EInvalid, "mint job: key and actor are required")
	}
	var out *storage.MintJob
	claimed := false
	err := s.inTx(ctx, "claim mint job", func(w *tx) error {
		old, err := scanMintJob(w.queryRow(ctx, `SELECT `+mintJobCols+` FROM console_mints WHERE mint_key = ?`, j.Key))
		if err == nil && old.Error == "" {
			out = old
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("claim mint job: %w", err)
		}
		if j.StartedAt.IsZero() {
			j.StartedAt = w.now
		}
		j.Done, j.BatchID, j.Error = 0, uuid.Nil, ""
		if old != nil {
			_, err = w.exec(ctx, `UPDATE console_mints SET actor = ?, count = ?, done = 0, batch_id = NULL, error = '', started_at = ? WHERE mint_key = ?`,
				j.Actor, j.Count, micros(j.StartedAt), j.Key)
		} else {
			_, err = w.exec(ctx, `INSERT INTO console_mints (mint_key, actor, count, started_at) VALUES (?, ?, ?, ?)`,
				j.Key, j.Actor, j.Count, micros(j.StartedAt))
		}
		if s.d.IsUniqueViolation(err) {
			return stamp.Errorf(stamp.EConflict, "mint job %s: claimed at the same time elsewhere", j.Key)
		}
		if err != nil {
			return fmt.Errorf("claim mint job: %w", err)
		}
		c := *j
		out, claimed = &c, true
		return nil
	})
	if stamp.ErrorCode(err) == stamp.EConflict {
		got, gerr := s.MintJob(ctx, j.Key)
		return got, false, gerr
	}
	if err != nil {
		return nil, false, err
	}
	return out, claimed, nil
}

const mintJobCols = "mint_key, actor, count, done, batch_id, error, started_at"

func scanMintJob(r scanner) (*storage.MintJob, error) {
	var j storage.MintJob
	var batch []byte
	var started int64
	if err := r.Scan(&j.Key, &j.Actor, &j.Count, &j.Done, &batch, &j.Error, &started); err != nil {
		return nil, err
	}
	if len(batch) == 16 {
		copy(j.BatchID[:], batch)
	}
	j.StartedAt = fromMicros(started)
	return &j, nil
}

// MintJob returns the job with the key, or ENotFound.
func (s *Store) MintJob(ctx context.Context, key string) (*storage.MintJob, error) {
	j, err := scanMintJob(s.queryRow(ctx, `SELECT `+mintJobCols+` FROM console_mints WHERE mint_key = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không có đợt phát hành này", "no such mint")
	}
	if err != nil {
		return nil, fmt.Errorf("mint job: %w", err)
	}
	return j, nil
}

// UpdateMintJob records a job's progress, batch or failure.
func (s *Store) UpdateMintJob(ctx context.Context, key string, done int64, batch uuid.UUID, errText string) error {
	q, args := `UPDATE console_mints SET done = ?, error = ? WHERE mint_key = ?`, []any{done, errText, key}
	if batch != uuid.Nil {
		q, args = `UPDATE console_mints SET done = ?, error = ?, batch_id = ? WHERE mint_key = ?`, []any{done, errText, batch[:], key}
	}
	_, err := s.write.ExecContext(ctx, s.d.Rebind(q), args...)
	if err != nil {
		return fmt.Errorf("update mint job: %w", err)
	}
	return nil
}
