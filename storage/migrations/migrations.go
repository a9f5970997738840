// Package migrations holds the embedded SQL schema of the registry store, one
// directory per database, and applies it with goose.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// Dialects the schema exists for.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// FS returns the migration files of dialect (SQLite or Postgres).
func FS(dialect string) (fs.FS, error) {
	switch dialect {
	case SQLite, Postgres:
		return fs.Sub(files, dialect)
	}
	return nil, fmt.Errorf("migrations: unknown dialect %q", dialect)
}

// Up applies every pending migration to db, each in its own transaction,
// lower versions that landed after higher ones included (out of order).
// lockID, when not zero, serialises concurrent Up calls on PostgreSQL with a
// session advisory lock (replicas starting together). It fails with the
// migration's error; applied migrations stay applied.
func Up(ctx context.Context, db *sql.DB, dialect string, lockID int64) error {
	return UpTo(ctx, db, dialect, lockID, 0)
}

// UpTo is Up that stops after migration version (every one when version is
// 0): tests make a database as an older release left it.
func UpTo(ctx context.Context, db *sql.DB, dialect string, lockID, version int64) error {
	fsys, err := FS(dialect)
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	// Helpers work in parallel, each in its own range of versions, and land
	// in any order: a database may hold 00090 when 00060 arrives. Their
	// migrations touch different tables, so a lower version pending below
	// the database's is applied, not refused.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	if dialect == Postgres {
		gd = goose.DialectPostgres
		if lockID != 0 {
			locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 600))
			if err != nil {
				return fmt.Errorf("migrations: locker: %w", err)
			}
			opts = append(opts, goose.WithSessionLocker(locker))
		}
	}
	p, err := goose.NewProvider(gd, db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	up := p.Up
	if version > 0 {
		up = func(ctx context.Context) ([]*goose.MigrationResult, error) { return p.UpTo(ctx, version) }
	}
	if _, err := up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}
