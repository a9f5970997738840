package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
)

// LegacyScanVersion is the last migration before the scan rollups (00060)
// and, on PostgreSQL, the month partitions (00061).
const LegacyScanVersion = 50

// LegacyScans inserts into db, a database migrated to LegacyScanVersion,
// n scans as an older release recorded them: in October and November 2026
// (both months' first and last microsecond included), some with no scan id
// (recorded before scan ids), some naming product 1001 and some none, from
// n/3 clients. It returns the (scan_id, at) of a scan that has an id, for a
// replay; rebind turns ? into the database's placeholders.
func LegacyScans(t testing.TB, db *sql.DB, rebind func(string) string, n int) (scanID []byte, at int64) {
	t.Helper()
	ctx := context.Background()
	times := []time.Time{ICT(2026, 10, 1, 0, 0, 0, 0), ICT(2026, 10, 31, 23, 59, 59, 999999),
		ICT(2026, 11, 1, 0, 0, 0, 0), ICT(2026, 11, 30, 23, 59, 59, 999999)}
	q := rebind(`INSERT INTO scans (stamp_id, at, channel, client_hash, client_key, verdict, product_number, scan_id)
VALUES (?, ?, 'web', ?, ?, ?, ?, ?)`)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("legacy scans: %v", err)
	}
	defer tx.Rollback()
	for i := range n {
		t1 := ICT(2026, 10, 2, 8, 0, 0, 0).Add(time.Duration(i) * 37 * time.Minute)
		if i < len(times) {
			t1 = times[i]
		}
		hash := clientHash(i % max(1, n/3))
		var key int64
		fmt.Sscanf(hash[:15], "%x", &key)
		var product, id any
		if i%5 != 0 {
			product = int64(1001)
		}
		verdict := "genuine"
		if i%7 == 0 {
			verdict = "unknown"
		}
		if i%2 == 0 {
			u := uuid.Must(uuid.NewV7())
			id = u[:]
			if scanID == nil {
				scanID, at = u[:], t1.UnixMicro()
			}
		}
		stampID := uuid.New()
		if _, err := tx.ExecContext(ctx, q, stampID[:], t1.UnixMicro(), hash, key, verdict, product, id); err != nil {
			t.Fatalf("legacy scan %d: %v", i, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("legacy scans: %v", err)
	}
	return scanID, at
}

// CompareRollups fails unless the activity of [from, to) read from the
// rollups equals the one computed from the scans (see compareRollups).
func CompareRollups(t *testing.T, s ScanReporter, y int, m time.Month) {
	t.Helper()
	compareRollups(t, s, y, m)
}
