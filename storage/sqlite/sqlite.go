// Package sqlite is the embedded registry store: SQLite through the pure-Go
// driver modernc.org/sqlite, in WAL mode, with one writer connection (every
// write transaction BEGIN IMMEDIATE), a pool of read-only readers and a
// background checkpointer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlstore"
)

// Store is the SQLite registry store; it implements storage.Store.
type Store struct {
	*sqlstore.Store
	// Path is the database file.
	Path  string
	ckpt  *checkpointer
	write *sql.DB // the one writer connection (tests set pragmas on it)
}

// common pragmas of every connection: wait up to 10 s for a lock, sync the
// WAL at checkpoints only (a crash loses at most the last transactions, never
// consistency), enforce foreign keys.
const pragmas = "_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"

// Open opens (creating when absent) the SQLite database at path and applies
// pending migrations. It fails when the file cannot be opened or migrated.
//
// A new database file is created readable by its owner only (0600; SQLite
// gives its -wal and -shm files the database file's mode): it holds
// consumer contacts, token hashes and scan hashes. An existing file that
// others may read is opened, with a warning on the default logger saying
// how to fix it.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.HasPrefix(path, ":memory:") || strings.Contains(path, "mode=memory") {
		return nil, fmt.Errorf("sqlite: %q: a database file path is required (separate reader and writer connections cannot share an in-memory database)", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("sqlite %s: the directory %s does not exist", path, dir)
		}
	}
	if err := ensurePrivate(path); err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
	// The writer never checkpoints: the checkpointer does, off its path.
	write, err := sql.Open("sqlite", base+"_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)&_txlock=immediate&"+pragmas)
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+"_pragma=query_only(1)&"+pragmas)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	ckpt, err := sql.Open("sqlite", base+pragmas)
	if err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	ckpt.SetMaxOpenConns(1)
	for _, db := range []*sql.DB{read, ckpt} {
		if err := db.PingContext(ctx); err != nil {
			write.Close()
			read.Close()
			ckpt.Close()
			return nil, fmt.Errorf("sqlite %s: %w", path, err)
		}
	}
	st := &Store{Store: sqlstore.New(read, write, dialect{}), Path: path, ckpt: startCheckpointer(ckpt), write: write}
	if err := st.FinishRollups(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return st, nil
}

// Close stops the checkpointer and closes the database.
func (s *Store) Close() error {
	return errors.Join(s.ckpt.stop(), s.Store.Close())
}

// migrate applies pending migrations. Two processes opening a new file at
// once (a CLI and a server) can both find a migration pending; the loser's
// migration transaction fails and rolls back whole, so it looks again a few
// times before giving up.
func migrate(ctx context.Context, db *sql.DB) error {
	var err error
	for attempt := 1; ; attempt++ {
		if err = migrations.Up(ctx, db, migrations.SQLite, 0); err == nil || attempt == 5 {
			return err
		}
		select {
		case <-time.After(time.Duration(attempt) * 50 * time.Millisecond):
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		}
	}
}
