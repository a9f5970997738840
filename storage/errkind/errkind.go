// Package errkind sorts errors into stamp's error kinds by their type, never
// by their text: a user mistake keeps its *stamp.Error code; a dependency
// that is down, full, busy or too slow is stamp.EUnavailable (HTTP 503 with
// Retry-After); anything else is stamp.EInternal (a bug, HTTP 500).
//
// What counts as unavailable:
//   - context.DeadlineExceeded (a query or call that took too long);
//   - network errors (net.Error), database/sql's ErrConnDone, driver.ErrBadConn
//     and a closed *sql.DB;
//   - PostgreSQL SQLSTATE classes 08 (connection exception) and 53
//     (insufficient resources), 57P01–57P05 (admin or crash shutdown, cannot
//     connect now, idle session timeout), and pgconn's connect errors;
//   - SQLite BUSY, FULL and READONLY (primary result codes, so extended
//     codes such as SQLITE_BUSY_SNAPSHOT count too);
//   - Redis: a closed client or a pool timeout;
//   - a *stamp.Error with code stamp.EUnavailable.
package errkind

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Of returns err's kind: "" for nil, the code of a *stamp.Error (EInvalid
// for a stamp code error), EUnavailable when a dependency failed as
// Unavailable says, EInternal otherwise.
func Of(err error) string {
	code := stamp.ErrorCode(err)
	if code == stamp.EInternal && Unavailable(err) {
		return stamp.EUnavailable
	}
	return code
}

// Unavailable reports whether err says a dependency (database, cache) was
// down, full, busy or too slow rather than that the code has a bug. See the
// package comment for the list.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var se *stamp.Error
	if errors.As(err, &se) {
		return se.Code == stamp.EUnavailable
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, errDBClosed) || errors.As(err, &ne) {
		return true
	}
	if errors.Is(err, redis.ErrClosed) || errors.Is(err, redis.ErrPoolTimeout) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return PostgresUnavailable(pe.Code)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var le *sqlite.Error
	if errors.As(err, &le) {
		return SQLiteUnavailable(le.Code())
	}
	return false
}

// PostgresUnavailable reports whether a SQLSTATE means the server cannot
// serve now: class 08 (connection exception), class 53 (insufficient
// resources: disk full, out of memory, too many connections) and 57P01 to
// 57P05 (shutting down, crash recovery, cannot connect now, database
// dropped, idle session timeout). 57014 (query_canceled, a statement
// timeout or a cancelled request) is not: the context says why.
func PostgresUnavailable(sqlstate string) bool {
	return strings.HasPrefix(sqlstate, "08") || strings.HasPrefix(sqlstate, "53") ||
		(strings.HasPrefix(sqlstate, "57P0") && len(sqlstate) == 5)
}

// SQLiteUnavailable reports whether an SQLite result code (primary or
// extended) is BUSY, FULL or READONLY.
func SQLiteUnavailable(code int) bool {
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY:
		return true
	}
	return false
}

// errDBClosed is database/sql's (unexported) error for a closed *sql.DB,
// taken from a pool closed at start-up so that it is matched by identity.
var errDBClosed = func() error {
	db := sql.OpenDB(noConnector{})
	db.Close()
	err := db.PingContext(context.Background())
	if err == nil {
		return errors.New("unreachable")
	}
	return err
}()

type noConnector struct{}

func (noConnector) Connect(context.Context) (driver.Conn, error) { return nil, driver.ErrBadConn }
func (noConnector) Driver() driver.Driver                        { return nil }
