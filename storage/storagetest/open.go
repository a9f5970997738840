// Package storagetest is the conformance suite every storage.Store passes,
// and the helpers other packages' tests use to get a real, fresh store.
package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

// PostgresEnv names the environment variable with the test server's URL.
const PostgresEnv = "OCOPSTAMP_TEST_POSTGRES"

// OpenSQLite returns a fresh SQLite store in a temporary directory, closed
// when the test ends.
func OpenSQLite(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ocopstamp.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close sqlite: %v", err)
		}
	})
	return s
}

// PostgresURL returns the test server's URL from OCOPSTAMP_TEST_POSTGRES.
// When it is unset the test fails under CI (env CI set) and is skipped
// otherwise.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		msg := "set " + PostgresEnv + " (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run PostgreSQL tests"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return u
}

// OpenPostgres returns a store in a fresh schema ocop_test_<random> of the
// server at OCOPSTAMP_TEST_POSTGRES (skipping or failing per PostgresURL);
// the schema is dropped when the test ends.
func OpenPostgres(t testing.TB) *postgres.Store {
	t.Helper()
	base := PostgresURL(t)
	schema := FreshSchema(t, base)
	s, err := postgres.Open(context.Background(), WithSearchPath(base, schema))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close postgres: %v", err)
		}
	})
	return s
}

// FreshSchema creates schema ocop_test_<random> on the server at base and
// drops it (CASCADE) when the test ends. It returns the schema's name.
func FreshSchema(t testing.TB, base string) string {
	t.Helper()
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		t.Fatal(err)
	}
	schema := "ocop_test_" + hex.EncodeToString(rnd[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := adminExec(ctx, base, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres at %s: %v", PostgresEnv, err)
	}
	// Registered after the store's Close (cleanups run last-in first-out
	// and OpenPostgres registers Close later), so connections are gone.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := adminExec(ctx, base, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

func adminExec(ctx context.Context, base, stmt string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, stmt)
	return err
}

// WithSearchPath returns the connection string base (URL or key=value form)
// with search_path set to schema.
func WithSearchPath(base, schema string) string {
	if !strings.Contains(base, "://") {
		return fmt.Sprintf("%s search_path=%s", base, schema)
	}
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Compile-time checks that both stores are stores.
var (
	_ storage.Store = (*sqlite.Store)(nil)
	_ storage.Store = (*postgres.Store)(nil)
)
