package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

var _ storage.Admin = (*Store)(nil)

const tokenCols = "id, name, role, lookup, hash, created_at, created_by, expires_at, revoked_at, revoked_by, last_used_at"

func scanToken(r scanner) (storage.Token, error) {
	var t storage.Token
	var hash []byte
	var created int64
	var expires, revoked, used sql.NullInt64
	err := r.Scan(&t.ID, &t.Name, &t.Role, &t.Lookup, &hash, &created, &t.CreatedBy, &expires, &revoked, &t.RevokedBy, &used)
	copy(t.Hash[:], hash)
	t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt = fromMicros(created), timePtr(expires), timePtr(revoked), timePtr(used)
	return t, err
}

func tokenSubject(name string) string { return "token:" + name }

// auditToken is a token as the audit log records it: never its hash.
type auditToken struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func auditOfToken(t *storage.Token) auditToken {
	return auditToken{ID: t.ID, Name: t.Name, Role: t.Role, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
}

// CreateToken stores t and fills its ID, CreatedAt and CreatedBy. A bad name
// or role, a missing hash or lookup key is EInvalid; a name or lookup key
// already used is EConflict.
func (s *Store) CreateToken(ctx context.Context, actor string, t *storage.Token) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	t.Name = nfc(t.Name)
	if err := stamp.CheckTokenName(t.Name); err != nil {
		return err
	}
	if err := stamp.CheckRole(t.Role); err != nil {
		return err
	}
	if len(t.Lookup) != 16 || t.Hash == [32]byte{} {
		return stamp.Errorf(stamp.EInvalid, "token %s: hash and lookup key are required", t.Name)
	}
	return s.inTx(ctx, "create token", func(w *tx) error {
		var one int
		err := w.queryRow(ctx, `SELECT 1 FROM api_tokens WHERE name = ?`, t.Name).Scan(&one)
		if err == nil {
			return stamp.Refusef(stamp.EConflict, "Đã có mã truy cập tên %q (tên đã dùng thì không dùng lại)", "a token named %q exists already (names are never reused)", t.Name)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("create token %s: %w", t.Name, err)
		}
		t.CreatedAt, t.CreatedBy = w.now, nfc(actor)
		if t.ExpiresAt != nil {
			e := t.ExpiresAt.UTC().Truncate(time.Microsecond)
			t.ExpiresAt = &e
		}
		err = w.queryRow(ctx, `INSERT INTO api_tokens (name, role, lookup, hash, created_at, created_by, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			t.Name, t.Role, t.Lookup, t.Hash[:], micros(t.CreatedAt), t.CreatedBy, nullMicros(t.ExpiresAt)).Scan(&t.ID)
		if s.d.IsUniqueViolation(err) {
			return stamp.Refusef(stamp.EConflict, "Mã truy cập %s: tên hoặc khóa tra cứu đã được dùng", "token %s: name or lookup key already used", t.Name)
		}
		if err != nil {
			return fmt.Errorf("create token %s: %w", t.Name, err)
		}
		return w.audit(ctx, actor, "token.create", tokenSubject(t.Name), nil, auditOfToken(t))
	})
}

// TokenByLookup returns the token with the lookup key, or ENotFound.
func (s *Store) TokenByLookup(ctx context.Context, lookup string) (*storage.Token, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE lookup = ?`, lookup))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không có mã truy cập này", "no such token")
	}
	if err != nil {
		return nil, fmt.Errorf("token lookup: %w", err)
	}
	return &t, nil
}

// tokenWhere returns the condition and argument selecting the token ref
// names: an id when ref is a decimal number, else a name.
func tokenWhere(ref string) (string, any) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return "id = ?", id
	}
	return "name = ?", nfc(ref)
}

// Token returns the token named ref (or with id ref), or ENotFound.
func (s *Store) Token(ctx context.Context, ref string) (*storage.Token, error) {
	where, arg := tokenWhere(ref)
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy mã truy cập %q", "token %q not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("token %q: %w", ref, err)
	}
	return &t, nil
}

// ListTokens lists every token by id.
func (s *Store) ListTokens(ctx context.Context) ([]storage.Token, error) {
	rows, err := s.query(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return collect(rows, scanToken, "tokens")
}

// RevokeToken revokes the token ref names and returns it as revoked. An
// unknown token is ENotFound; an already revoked one is returned unchanged
// and not audited again.
func (s *Store) RevokeToken(ctx context.Context, actor, ref string) (*storage.Token, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	var out storage.Token
	err := s.inTx(ctx, "revoke token", func(w *tx) error {
		where, arg := tokenWhere(ref)
		t, err := scanToken(w.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy mã truy cập %q", "token %q not found", ref)
		}
		if err != nil {
			return fmt.Errorf("revoke token %q: %w", ref, err)
		}
		out = t
		if t.RevokedAt != nil {
			return nil
		}
		before := auditOfToken(&t)
		now := w.now
		out.RevokedAt, out.RevokedBy = &now, nfc(actor)
		if _, err := w.exec(ctx, `UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?`,
			micros(now), out.RevokedBy, t.ID); err != nil {
			return fmt.Errorf("revoke token %q: %w", ref, err)
		}
		return w.audit(ctx, actor, "token.revoke", tokenSubject(t.Name), before, auditOfToken(&out))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// TouchToken sets the last use of token id to at (only ever forward).
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.write.ExecContext(ctx, s.d.Rebind(`UPDATE api_tokens SET last_used_at = ?
WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`), micros(at), id, micros(at))
	if err != nil {
		return fmt.Errorf("touch token %d: %w", id, err)
	}
	return nil
}
