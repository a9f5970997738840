package storage

import (
	"context"
	"time"
)

// Session is a web console sign-in as the store keeps it: never the session
// id the browser holds, only its SHA-256 hash, so that a copy of the
// database does not let anyone in. Replicas share sessions through it.
type Session struct {
	Hash      [32]byte
	TokenID   int64 // the admin token signed in with; its name and role act
	CreatedAt time.Time
	SeenAt    time.Time // last request; the idle expiry counts from it
	Client    string    // the client address at sign-in, for the audit log
}

// Sessions keeps web console sessions. Sessions are not audited by the
// store: the console audits sign-in and sign-out itself.
type Sessions interface {
	// CreateSession stores s. A session without a token id or hash is
	// EInvalid, an unknown token id EInvalid, a hash already stored
	// EConflict.
	CreateSession(ctx context.Context, s *Session) error
	// SessionByHash returns the session with the hash, or ENotFound.
	SessionByHash(ctx context.Context, hash [32]byte) (*Session, error)
	// TouchSession records a request of the session at time at (only ever
	// forward). An unknown hash changes nothing and is not an error.
	TouchSession(ctx context.Context, hash [32]byte, at time.Time) error
	// DeleteSession ends one session (sign-out); an unknown hash is not an
	// error.
	DeleteSession(ctx context.Context, hash [32]byte) error
	// DeleteTokenSessions ends every session of token id (sign-out
	// everywhere) and returns how many there were.
	DeleteTokenSessions(ctx context.Context, tokenID int64) (int64, error)
	// DeleteSessionsSeenBefore removes sessions idle since before t and
	// returns how many.
	DeleteSessionsSeenBefore(ctx context.Context, t time.Time) (int64, error)
}
