package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlstore"
)

// dialect is PostgreSQL's sqlstore.Dialect.
type dialect struct{}

func (dialect) Rebind(q string) string { return sqlstore.Dollar(q) }

func (dialect) IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// InsertStamps streams the stamps into one COPY on the transaction's
// connection.
func (dialect) InsertStamps(ctx context.Context, conn *sql.Conn, _ *sql.Tx, next func() ([]stamp.Stamp, error)) error {
	src := &stampSource{next: next}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: driver connection is %T, not pgx", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{"stamps"}, []string{"serial", "id", "batch_id", "signature"}, src)
		return err
	})
	if src.err != nil {
		return src.err // the supplier's error, not COPY's report of it
	}
	if err != nil {
		return fmt.Errorf("copy stamps: %w", err)
	}
	return nil
}

// stampSource is a pgx.CopyFromSource over stamp chunks.
type stampSource struct {
	next  func() ([]stamp.Stamp, error)
	chunk []stamp.Stamp
	i     int
	err   error
	row   [4]any
}

func (s *stampSource) Next() bool {
	s.i++
	for s.i >= len(s.chunk) {
		c, err := s.next()
		if err != nil {
			s.err = err
			return false
		}
		if len(c) == 0 {
			return false
		}
		s.chunk, s.i = c, 0
	}
	return true
}

func (s *stampSource) Values() ([]any, error) {
	st := &s.chunk[s.i]
	s.row = [4]any{int64(st.Serial), st.ID[:], st.BatchID[:], st.Signature[:]}
	return s.row[:], nil
}

func (s *stampSource) Err() error { return s.err }

// createScanStage creates the connection's scan staging table once; its rows
// go at commit.
const createScanStage = `CREATE TEMP TABLE IF NOT EXISTS scan_stage (scan_id BYTEA, stamp_id BYTEA, at BIGINT,
  channel TEXT, client_hash TEXT, client_key BIGINT, verdict TEXT, claimed BIGINT) ON COMMIT DELETE ROWS`

// StageScans copies rows into scan_stage with one COPY on the transaction's
// connection.
func (dialect) StageScans(ctx context.Context, conn *sql.Conn, tx *sql.Tx, rows []sqlstore.ScanRow) error {
	if _, err := tx.ExecContext(ctx, createScanStage); err != nil {
		return fmt.Errorf("create scan_stage: %w", err)
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: driver connection is %T, not pgx", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{"scan_stage"}, sqlstore.ScanStageColumns,
			pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) { return rows[i].Values(), nil }))
		if err != nil {
			return fmt.Errorf("copy scans: %w", err)
		}
		return nil
	})
}

// ForUpdate locks the rows read until the transaction ends.
func (dialect) ForUpdate() string { return " FOR UPDATE" }

// WritableCTE is true: PostgreSQL runs data-modifying WITH.
func (dialect) WritableCTE() bool { return true }
