package storage

import (
	"context"
	"time"

	"github.com/google/uuid"
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

// MintJob is one mint started from the web console, keyed by the random key
// its form carried: the form can be sent twice, the batch is minted once.
type MintJob struct {
	Key       string
	Actor     string
	Count     int64
	Done      int64     // stamps signed so far
	BatchID   uuid.UUID // uuid.Nil until the batch is stored
	Error     string    // why the mint failed; the key may then be claimed again
	StartedAt time.Time
}

// MintJobs keeps the web console's mints. They are not audited: the mint
// itself is (batch.mint).
type MintJobs interface {
	// ClaimMintJob stores j unless its key is taken; it returns the job as
	// stored and whether this call claimed it. A failed job's key is
	// claimed again (its error cleared). A missing key or actor is
	// EInvalid.
	ClaimMintJob(ctx context.Context, j *MintJob) (*MintJob, bool, error)
	// MintJob returns the job with the key, or ENotFound.
	MintJob(ctx context.Context, key string) (*MintJob, error)
	// UpdateMintJob records progress (done), the minted batch (not Nil) or
	// a failure (errText not ""). An unknown key is not an error.
	UpdateMintJob(ctx context.Context, key string, done int64, batch uuid.UUID, errText string) error
}
