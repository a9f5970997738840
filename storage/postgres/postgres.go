// Package postgres is the registry store on PostgreSQL, through pgx's
// database/sql driver, with stamps bulk-loaded by COPY.
package postgres

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlstore"
)

// Store is the PostgreSQL registry store; it implements storage.Store.
type Store struct {
	*sqlstore.Store
	// Schema is the schema the store's tables live in (the first of the
	// connection's search_path).
	Schema string
}

// MaxConns bounds the connections one Store opens.
const MaxConns = 16

// Open connects to the database at url (a postgres:// URL or key=value DSN;
// a search_path parameter selects the schema) and applies pending
// migrations, serialised between replicas by an advisory lock. It fails
// when the URL is malformed, the server does not answer or a migration fails.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(MaxConns)
	db.SetMaxIdleConns(MaxConns)
	var schema *string
	if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if schema == nil {
		db.Close()
		return nil, fmt.Errorf("postgres: no schema of the search_path exists")
	}
	if err := migrations.Up(ctx, db, migrations.Postgres, lockID(*schema)); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	st := &Store{Store: sqlstore.New(db, db, dialect{}), Schema: *schema}
	if err := st.FinishRollups(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := st.EnsureScanPartitions(ctx, st.Clock()); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return st, nil
}

// lockID is the advisory lock that serialises migrations of one schema.
func lockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("ocopstamp/migrations/" + schema))
	return int64(h.Sum64() >> 1)
}
