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
	"github.com/ocop-hatinh/ocopstamp/storage/sqlstore"
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

// multiInsert returns "<head> VALUES (?,...),..." with n rows of cols
// placeholders.
func multiInsert(head string, cols, n int) string {
	row := "(" + strings.Repeat("?,", cols-1) + "?)"
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(" VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

// insertStamps returns an INSERT of n stamps.
func insertStamps(n int) string {
	return multiInsert("INSERT INTO stamps (serial, id, batch_id, signature)", 4, n)
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

// scanRows is the number of scans one INSERT statement stages.
const scanRows = 128

// createScanStage creates the writer connection's scan staging table once.
const createScanStage = `CREATE TEMP TABLE IF NOT EXISTS scan_stage (scan_id BLOB, stamp_id BLOB, at INTEGER,
  channel TEXT, client_hash TEXT, client_key INTEGER, verdict TEXT, claimed INTEGER)`

// insertScanStage returns an INSERT of n rows into scan_stage.
func insertScanStage(n int) string {
	return multiInsert("INSERT INTO scan_stage ("+strings.Join(sqlstore.ScanStageColumns, ", ")+")", len(sqlstore.ScanStageColumns), n)
}

var insertScanStageFull = insertScanStage(scanRows)

// StageScans empties scan_stage and fills it with multi-row INSERTs in tx.
func (dialect) StageScans(ctx context.Context, _ *sql.Conn, tx *sql.Tx, rows []sqlstore.ScanRow) error {
	if _, err := tx.ExecContext(ctx, createScanStage); err != nil {
		return fmt.Errorf("create scan_stage: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scan_stage`); err != nil {
		return fmt.Errorf("empty scan_stage: %w", err)
	}
	args := make([]any, 0, 8*scanRows)
	for len(rows) > 0 {
		n := min(len(rows), scanRows)
		args = args[:0]
		for i := range n {
			args = append(args, rows[i].Values()...)
		}
		q := insertScanStageFull
		if n < scanRows {
			q = insertScanStage(n)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("stage scans: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// ForUpdate is empty: the write transaction (BEGIN IMMEDIATE) already
// excludes every other writer.
func (dialect) ForUpdate() string { return "" }

// WritableCTE is false: SQLite has no INSERT ... RETURNING inside WITH.
func (dialect) WritableCTE() bool { return false }
