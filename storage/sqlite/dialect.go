package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// dialect is SQLite's sqlstore.Dialect.
type dialect struct{}

func (dialect) Rebind(q string) string { return q }

func (dialect) IsUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// stampRows is the number of stamps one INSERT statement writes.
const stampRows = 128

// insertStamps returns an INSERT of n stamps.
func insertStamps(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO stamps (serial, id, batch_id, signature) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?)")
	}
	return b.String()
}

var insertFull = insertStamps(stampRows)

// InsertStamps writes the stamps with a prepared multi-row INSERT in tx.
func (dialect) InsertStamps(ctx context.Context, _ *sql.Conn, tx *sql.Tx, next func() ([]stamp.Stamp, error)) error {
	full, err := tx.PrepareContext(ctx, insertFull)
	if err != nil {
		return fmt.Errorf("prepare insert: %w", err)
	}
	defer full.Close()
	args := make([]any, 0, 4*stampRows)
	for {
		chunk, err := next()
		if err != nil {
			return err
		}
		if len(chunk) == 0 {
			return nil
		}
		for len(chunk) > 0 {
			n := min(len(chunk), stampRows)
			args = args[:0]
			for i := range n {
				st := &chunk[i]
				args = append(args, int64(st.Serial), st.ID[:], st.BatchID[:], st.Signature[:])
			}
			if n == stampRows {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, insertStamps(n), args...)
			}
			if err != nil {
				return fmt.Errorf("insert stamps: %w", err)
			}
			chunk = chunk[n:]
		}
	}
}
