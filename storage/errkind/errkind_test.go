package errkind_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "modernc.org/sqlite"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/errkind"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

func TestKinds(t *testing.T) {
	closed, _ := sql.Open("sqlite", filepath.Join(t.TempDir(), "c.db"))
	closed.Close()
	_, closedErr := closed.ExecContext(context.Background(), "SELECT 1")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"user mistake", fmt.Errorf("add: %w", stamp.Errorf(stamp.EInvalid, "bad")), stamp.EInvalid},
		{"stamp unavailable", stamp.Errorf(stamp.EUnavailable, "no key"), stamp.EUnavailable},
		{"bug", errors.New("database is closed"), stamp.EInternal}, // text alone says nothing
		{"deadline", fmt.Errorf("lookup: %w", context.DeadlineExceeded), stamp.EUnavailable},
		{"canceled", fmt.Errorf("lookup: %w", context.Canceled), stamp.EInternal},
		{"network", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused")}, stamp.EUnavailable},
		{"conn done", fmt.Errorf("tx: %w", sql.ErrConnDone), stamp.EUnavailable},
		{"closed pool", fmt.Errorf("query: %w", closedErr), stamp.EUnavailable},
		{"pg connection failure", &pgconn.PgError{Code: "08006"}, stamp.EUnavailable},
		{"pg admin shutdown", fmt.Errorf("q: %w", &pgconn.PgError{Code: "57P01"}), stamp.EUnavailable},
		{"pg cannot connect now", &pgconn.PgError{Code: "57P03"}, stamp.EUnavailable},
		{"pg disk full", &pgconn.PgError{Code: "53100"}, stamp.EUnavailable},
		{"pg too many connections", &pgconn.PgError{Code: "53300"}, stamp.EUnavailable},
		{"pg query canceled", &pgconn.PgError{Code: "57014"}, stamp.EInternal},
		{"pg syntax error", &pgconn.PgError{Code: "42601"}, stamp.EInternal},
		{"pg unique violation", &pgconn.PgError{Code: "23505"}, stamp.EInternal},
	} {
		if got := errkind.Of(tc.err); got != tc.want {
			t.Errorf("%s: Of(%v) = %q, want %q", tc.name, tc.err, got, tc.want)
		}
	}
}

// TestSQLite provokes BUSY, READONLY and FULL on a real database.
func TestSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "e.db")
	open := func(dsn string) *sql.DB {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	a := open(path)
	if _, err := a.ExecContext(ctx, "CREATE TABLE t (x BLOB)"); err != nil {
		t.Fatal(err)
	}
	// BUSY: another connection holds the write lock and we do not wait.
	tx, err := a.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES (x'00')"); err != nil {
		t.Fatal(err)
	}
	b := open(path + "?_pragma=busy_timeout(0)")
	_, err = b.ExecContext(ctx, "INSERT INTO t VALUES (x'01')")
	if err == nil || errkind.Of(fmt.Errorf("insert: %w", err)) != stamp.EUnavailable {
		t.Errorf("busy: %v is %q", err, errkind.Of(err))
	}
	tx.Rollback()
	// READONLY: a read-only connection writes.
	ro := open("file:" + path + "?mode=ro")
	_, err = ro.ExecContext(ctx, "INSERT INTO t VALUES (x'02')")
	if err == nil || errkind.Of(err) != stamp.EUnavailable {
		t.Errorf("readonly: %v is %q", err, errkind.Of(err))
	}
	// FULL: the database may not grow.
	if _, err := a.ExecContext(ctx, "PRAGMA max_page_count = 3"); err != nil {
		t.Fatal(err)
	}
	_, err = a.ExecContext(ctx, "INSERT INTO t VALUES (zeroblob(100000))")
	if err == nil || errkind.Of(err) != stamp.EUnavailable {
		t.Errorf("full: %v is %q", err, errkind.Of(err))
	}
	// A constraint or syntax error is a bug, not an outage.
	_, err = a.ExecContext(ctx, "INSERT INTO nowhere VALUES (1)")
	if err == nil || errkind.Of(err) != stamp.EInternal {
		t.Errorf("no such table: %v is %q", err, errkind.Of(err))
	}
}

// TestPostgres: a refused connection and a terminated session are
// unavailable; a syntax error is a bug.
func TestPostgres(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	_, err = pgx.Connect(ctx, "postgres://postgres@"+addr+"/test?sslmode=disable&connect_timeout=5")
	if err == nil || errkind.Of(err) != stamp.EUnavailable {
		t.Errorf("refused: %v is %q", err, errkind.Of(err))
	}

	conn, err := pgx.Connect(ctx, storagetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "SELEC 1")
	if err == nil || errkind.Of(err) != stamp.EInternal {
		t.Errorf("syntax error: %v is %q", err, errkind.Of(err))
	}
	_, err = conn.Exec(ctx, "SELECT pg_terminate_backend(pg_backend_pid())")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57P01" || errkind.Of(err) != stamp.EUnavailable {
		t.Errorf("terminated session: %v is %q", err, errkind.Of(err))
	}
}
