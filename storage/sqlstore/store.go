// Package sqlstore implements storage.Store once, on database/sql, for every
// SQL database the project supports. A Dialect supplies what differs:
// placeholders, unique-violation errors and the bulk insert of stamps.
// storage/sqlite and storage/postgres open the databases and wrap a Store.
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

// Dialect is what differs between the SQL databases.
type Dialect interface {
	// Rebind turns the ? placeholders of query into the database's form.
	Rebind(query string) string
	// IsUniqueViolation reports whether err is a unique-constraint violation.
	IsUniqueViolation(err error) bool
	// InsertStamps writes every stamp next yields (serial, id, batch and
	// signature set) into the stamps table, inside tx, which runs on conn.
	// next returns (nil, nil) after the last chunk.
	InsertStamps(ctx context.Context, conn *sql.Conn, tx *sql.Tx, next func() ([]stamp.Stamp, error)) error
	// StageScans fills the temporary table scan_stage (see ScanStageColumns)
	// with rows, replacing what it held, inside tx, which runs on conn;
	// RecordScans then moves them into scans in one statement.
	StageScans(ctx context.Context, conn *sql.Conn, tx *sql.Tx, rows []ScanRow) error
	// ForUpdate is the clause that locks the rows a SELECT reads until the
	// transaction ends (" FOR UPDATE"), or "" where a write transaction
	// already excludes other writers (SQLite).
	ForUpdate() string
	// WritableCTE reports whether the database runs INSERT ... RETURNING
	// inside WITH (PostgreSQL): RecordScans then moves and counts scans in
	// one statement.
	WritableCTE() bool
}

// ScanRow is one scan in the database's form, as StageScans receives it.
type ScanRow struct {
	ScanID, StampID []byte
	At              int64 // unix microseconds
	Channel         string
	ClientHash      string
	ClientKey       int64
	Verdict         string
	Claimed         *int64 // the product the code names; nil for none
}

// Values returns r's columns in ScanStageColumns order.
func (r *ScanRow) Values() []any {
	var claimed any
	if r.Claimed != nil {
		claimed = *r.Claimed
	}
	return []any{r.ScanID, r.StampID, r.At, r.Channel, r.ClientHash, r.ClientKey, r.Verdict, claimed}
}

// ScanStageColumns are the columns of scan_stage, in ScanRow.Values order.
var ScanStageColumns = []string{"scan_id", "stamp_id", "at", "channel", "client_hash", "client_key", "verdict", "claimed"}

// Store is the registry store on database/sql. Writes go through write
// (one connection for SQLite), reads through read; both may be the same pool.
type Store struct {
	read, write *sql.DB
	d           Dialect
	// Now returns the current time; time.Now when nil. Tests replace it.
	Now func() time.Time
}

var _ storage.Store = (*Store)(nil)

// New returns a Store on the given pools, whose schema is already migrated.
func New(read, write *sql.DB, d Dialect) *Store {
	return &Store{read: read, write: write, d: d}
}

// ReadDB returns the pool reads go through, for reports and tools.
func (s *Store) ReadDB() *sql.DB { return s.read }

// WriteDB returns the pool writes go through (one connection for SQLite).
func (s *Store) WriteDB() *sql.DB { return s.write }

// Clock returns the store's current time (Now, else time.Now).
func (s *Store) Clock() time.Time { return s.now() }

// now returns the store's clock in UTC, truncated to the microseconds the
// database keeps.
func (s *Store) now() time.Time {
	n := time.Now
	if s.Now != nil {
		n = s.Now
	}
	return n().UTC().Truncate(time.Microsecond)
}

// Ping checks that both pools answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if s.read != s.write {
		if err := s.read.PingContext(ctx); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
	}
	return nil
}

// Close closes both pools.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// queryRow runs a read query on the read pool.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.read.QueryRowContext(ctx, s.d.Rebind(q), args...)
}

// query runs a read query on the read pool.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.read.QueryContext(ctx, s.d.Rebind(q), args...)
}

// RegistryVersion returns the registry version counter.
func (s *Store) RegistryVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.queryRow(ctx, `SELECT value FROM counters WHERE name = 'registry_version'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("registry version: %w", err)
	}
	return v, nil
}

// idArg is the database form of a UUID: 16 bytes.
func idArg(id uuid.UUID) []byte { return id[:] }

// RegistryChanges returns the change feed after version after (see
// storage.Registry). It reads the version first, then the feed's rows up to
// it: rows up to a version read are all committed (writers serialise on the
// counter row), so none is missed.
func (s *Store) RegistryChanges(ctx context.Context, after int64, limit int) (storage.ChangeFeed, error) {
	var f storage.ChangeFeed
	v, err := s.RegistryVersion(ctx)
	if err != nil {
		return f, fmt.Errorf("registry changes: %w", err)
	}
	f.Version = v
	if f.Version <= after {
		f.Complete = true
		return f, nil
	}
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.query(ctx, `SELECT version, kind, entity FROM registry_changes WHERE version > ? AND version <= ? ORDER BY version LIMIT ?`,
		after, f.Version, limit+1)
	if err != nil {
		return f, fmt.Errorf("registry changes: %w", err)
	}
	defer rows.Close()
	versions := 0
	for rows.Next() {
		var c storage.RegistryChange
		if err := rows.Scan(&c.Version, &c.Kind, &c.Entity); err != nil {
			return f, fmt.Errorf("registry changes: %w", err)
		}
		if n := len(f.Changes); n == 0 || f.Changes[n-1].Version != c.Version {
			versions++
		}
		f.Changes = append(f.Changes, c)
	}
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("registry changes: %w", err)
	}
	n := len(f.Changes)
	switch {
	case n > limit:
		f.Changes = nil // too many: the reader takes everything as changed
	case int64(versions) == f.Version-after:
		f.Complete = true
	case n == 0 || f.Changes[n-1].Version != f.Version || int64(versions) != f.Version-f.Changes[0].Version+1:
		// Not a contiguous run of the latest versions (cannot happen while
		// every write records at least one row): claim nothing.
		f.Changes = nil
	}
	return f, nil
}
