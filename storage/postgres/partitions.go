package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Scans are partitioned by Vietnam month (migration 00061): scans_pYYYYMM
// holds the scans of that month, scans_default whatever no partition
// holds.

// PartitionsAhead is how many months after the current one Open and
// EnsureScanPartitions keep partitions for.
const PartitionsAhead = 3

// monthStart returns the first instant of month m of year y in Vietnam.
func monthStart(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, stamp.Vietnam) }

// partitionName names the partition of the month starting at start.
func partitionName(start time.Time) string { return "scans_p" + start.Format("200601") }

// EnsureScanPartitions makes sure the scans of every month from the one
// holding now to PartitionsAhead months after it have their own partition:
// it creates the missing ones, moving into each the rows of its month that
// the default partition caught. Replicas doing it at once take turns (an
// advisory lock). It fails when the database does; the months done before
// the failure stay done.
func (s *Store) EnsureScanPartitions(ctx context.Context, now time.Time) error {
	v := now.In(stamp.Vietnam)
	for i := range PartitionsAhead + 1 {
		if err := s.ensurePartition(ctx, monthStart(v.Year(), v.Month()+time.Month(i))); err != nil {
			return err
		}
	}
	return nil
}

// ensurePartition creates the partition of the month starting at start,
// unless it exists.
func (s *Store) ensurePartition(ctx context.Context, start time.Time) error {
	name := partitionName(start)
	lo, hi := start.UnixMicro(), start.AddDate(0, 1, 0).UnixMicro()
	tx, err := s.WriteDB().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("scan partition %s: %w", name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, lockID(s.Schema)^0x5ca9); err != nil {
		return fmt.Errorf("scan partition %s: %w", name, err)
	}
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&exists); err != nil {
		return fmt.Errorf("scan partition %s: %w", name, err)
	}
	if exists {
		return nil
	}
	for _, q := range []string{
		fmt.Sprintf(`CREATE TABLE %s (LIKE scans INCLUDING DEFAULTS)`, name),
		fmt.Sprintf(`INSERT INTO %s SELECT * FROM scans_default WHERE at >= %d AND at < %d`, name, lo, hi),
		fmt.Sprintf(`DELETE FROM scans_default WHERE at >= %d AND at < %d`, lo, hi),
		fmt.Sprintf(`ALTER TABLE scans ATTACH PARTITION %s FOR VALUES FROM (%d) TO (%d)`, name, lo, hi),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("scan partition %s: %w", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("scan partition %s: commit: %w", name, err)
	}
	return nil
}

// PruneScans drops, inside tx, the month partitions of scans that end by
// unix microsecond before and deletes the older rows the default partition
// holds; it returns the number of scans removed (sqlstore.ScanPruner).
func (dialect) PruneScans(ctx context.Context, tx *sql.Tx, before int64) (int64, error) {
	cut := before
	rows, err := tx.QueryContext(ctx, `SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'scans'::regclass AND c.relname <> 'scans_default'`)
	if err != nil {
		return 0, fmt.Errorf("partitions: %w", err)
	}
	var drop []string
	for rows.Next() {
		var name, bound string
		if err := rows.Scan(&name, &bound); err != nil {
			rows.Close()
			return 0, fmt.Errorf("partitions: %w", err)
		}
		var lo, hi int64
		if _, err := fmt.Sscanf(bound, "FOR VALUES FROM ('%d') TO ('%d')", &lo, &hi); err != nil {
			rows.Close()
			return 0, fmt.Errorf("partition %s bound %q: %w", name, bound, err)
		}
		if hi <= cut {
			drop = append(drop, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("partitions: %w", err)
	}
	var n int64
	for _, name := range drop {
		var c int64
		if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s`, name)).Scan(&c); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DROP TABLE %s`, name)); err != nil {
			return 0, fmt.Errorf("drop %s: %w", name, err)
		}
		n += c
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM scans_default WHERE at < $1`, cut)
	if err != nil {
		return 0, fmt.Errorf("default partition: %w", err)
	}
	c, err := res.RowsAffected()
	return n + c, err
}
