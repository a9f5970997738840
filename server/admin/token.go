package admin

import (
	"context"
	"crypto/rand"
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

// wellFormed reports whether s looks like a token: the prefix and 43
// base64url characters.
func wellFormed(s string) bool {
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

// IssueToken creates a token with 32 random bytes from rnd (crypto/rand
// when nil), stores only its
// hash (audited as actor's token.create) and returns the token text, to be
// shown once, with the stored record. A bad name or role, or an expiry not
// after now, is EInvalid; a name used before is EConflict.
func IssueToken(ctx context.Context, st storage.Tokens, rnd io.Reader, actor string, req TokenRequest, now time.Time) (string, *storage.Token, error) {
	if err := stamp.CheckTokenName(req.Name); err != nil {
		return "", nil, err
	}
	if err := stamp.CheckRole(req.Role); err != nil {
		return "", nil, err
	}
	if req.ExpiresAt != nil && !req.ExpiresAt.After(now) {
		return "", nil, stamp.Errorf(stamp.EInvalid, "expiry %s is not in the future", req.ExpiresAt.UTC().Format(time.RFC3339))
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	var b [tokenBytes]byte
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		return "", nil, fmt.Errorf("token secret: %w", err)
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	hash, lookup := HashToken(secret)
	t := &storage.Token{Name: req.Name, Role: req.Role, Lookup: lookup, Hash: hash, ExpiresAt: req.ExpiresAt}
	if err := st.CreateToken(ctx, actor, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}
