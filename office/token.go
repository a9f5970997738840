package office

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TokenPrefix starts every admin token, so that a leaked one is easy to
// recognise (and to search for in code and logs).
const TokenPrefix = "ocop_"

// tokenBytes is the secret's length: 32 random bytes, 43 base64url
// characters after the prefix.
const tokenBytes = 32

var tokenLen = len(TokenPrefix) + base64.RawURLEncoding.EncodedLen(tokenBytes)

// HashToken returns the SHA-256 hash of a token text and its lookup key (the
// hex of the hash's first 8 bytes), as the store keeps them.
func HashToken(token string) (hash [32]byte, lookup string) {
	hash = sha256.Sum256([]byte(token))
	return hash, hex.EncodeToString(hash[:8])
}

// WellFormed reports whether s looks like a token: the prefix and 43
// base64url characters.
func WellFormed(s string) bool {
	if len(s) != tokenLen || s[:len(TokenPrefix)] != TokenPrefix {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s[len(TokenPrefix):])
	return err == nil
}

// TokenRequest asks for a new token.
type TokenRequest struct {
	Name      string
	Role      string     // stamp.RoleOffice, RoleInspector or RoleViewer
	ExpiresAt *time.Time // nil: never expires
}

// IssueToken creates a token with 32 random bytes from o.Rand, stores only
// its hash (audited as who's token.create) and returns the token text, to
// be shown once, with the stored record. A bad name or role, or an expiry
// not after now, is EInvalid; a name used before is EConflict. Office role.
func (o *Office) IssueToken(ctx context.Context, who stamp.Actor, req TokenRequest) (string, *storage.Token, error) {
	if err := allow(who, stamp.RoleOffice, "issuing a token"); err != nil {
		return "", nil, err
	}
	if err := stamp.CheckTokenName(req.Name); err != nil {
		return "", nil, err
	}
	if err := stamp.CheckRole(req.Role); err != nil {
		return "", nil, err
	}
	if err := o.distinctTokenName(ctx, req.Name); err != nil {
		return "", nil, err
	}
	if req.ExpiresAt != nil && !req.ExpiresAt.After(o.now()) {
		return "", nil, stamp.Refusef(stamp.EInvalid, "Thời hạn %s đã qua; hãy chọn một thời điểm trong tương lai", "expiry %s is not in the future", req.ExpiresAt.UTC().Format(time.RFC3339))
	}
	var b [tokenBytes]byte
	if _, err := io.ReadFull(o.rand(), b[:]); err != nil {
		return "", nil, fmt.Errorf("token secret: %w", err)
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	hash, lookup := HashToken(secret)
	t := &storage.Token{Name: req.Name, Role: req.Role, Lookup: lookup, Hash: hash, ExpiresAt: req.ExpiresAt}
	if err := o.Store.CreateToken(ctx, who.Name, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// RevokeToken revokes the token ref names (its name, or its id as digits)
// and returns it; revoking a revoked token changes nothing. An unknown
// token is ENotFound. Office role.
func (o *Office) RevokeToken(ctx context.Context, who stamp.Actor, ref string) (*storage.Token, error) {
	if err := allow(who, stamp.RoleOffice, "revoking a token"); err != nil {
		return nil, err
	}
	return o.Store.RevokeToken(ctx, who.Name, ref)
}

// distinctTokenName refuses (EConflict) a name that differs from an
// existing token's only in letter case or compatibility forms: "T-OFFICE"
// beside "t-office" would confuse the audit log.
func (o *Office) distinctTokenName(ctx context.Context, name string) error {
	toks, err := o.Store.ListTokens(ctx)
	if err != nil {
		return fmt.Errorf("list tokens: %w", err)
	}
	key := stamp.TokenNameKey(name)
	for _, t := range toks {
		if t.Name != name && stamp.TokenNameKey(t.Name) == key {
			return stamp.Refusef(stamp.EConflict, "Tên mã truy cập %q quá giống mã đã có %q: hãy chọn tên khác", "token name %q is too like the existing token %q: choose another name", name, t.Name)
		}
	}
	return nil
}
