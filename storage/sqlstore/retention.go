package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// checkRetentionCut returns nil when before is the first instant of a
// Vietnam month (where scan retention may cut), else EInvalid.
func checkRetentionCut(before time.Time) error {
	if !monthStart(before) {
		return stamp.Errorf(stamp.EInvalid, "scan retention: %s is not the first instant of a month", before.In(stamp.Vietnam).Format(time.RFC3339))
	}
	return nil
}

// ScanPruner is what a Dialect implements when it removes old scans its own
// way (PostgreSQL drops month partitions): PruneScans removes, inside tx,
// the scans recorded before unix microsecond before (a month's first
// instant) and returns how many.
type ScanPruner interface {
	PruneScans(ctx context.Context, tx *sql.Tx, before int64) (int64, error)
}

// DropScansBefore removes the scans recorded before before, the first
// instant of a Vietnam month (else EInvalid), as actor (audited as
// scans.prune), and returns how many. The rollups stay, so the monthly
// reports of those months keep every figure; what goes is each scan: a
// stamp's scan history and the distinct scanners the copied-stamp check
// counts, and reports of periods that are not whole months. SQLite deletes
// the rows; PostgreSQL drops whole month partitions (ScanPruner).
func (s *Store) DropScansBefore(ctx context.Context, actor string, before time.Time) (int64, error) {
	if err := checkRetentionCut(before); err != nil {
		return 0, err
	}
	var n int64
	err := s.inTx(ctx, "scan retention", func(t *tx) error {
		var err error
		if p, ok := s.d.(ScanPruner); ok {
			n, err = p.PruneScans(ctx, t.Tx, micros(before))
		} else {
			var res sql.Result
			if res, err = t.exec(ctx, `DELETE FROM scans WHERE at < ?`, micros(before)); err == nil {
				n, err = res.RowsAffected()
			}
		}
		if err != nil {
			return fmt.Errorf("scan retention: %w", err)
		}
		month := before.In(stamp.Vietnam).Format("2006-01")
		return t.audit(ctx, actor, "scans.prune", "scans before "+month, nil, map[string]int64{"scans_removed": n})
	})
	return n, err
}
