package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestRollupsOfOldScans opens a database that an older release left with
// scans and no rollups: the store makes them when it opens, the reports
// from rollups equal those from scans; retention then deletes whole months
// of scans and the reports from rollups keep them.
func TestRollupsOfOldScans(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrations.UpTo(ctx, db, migrations.SQLite, 0, storagetest.LegacyScanVersion); err != nil {
		t.Fatal(err)
	}
	storagetest.LegacyScans(t, db, func(q string) string { return q }, 3000)
	db.Close()

	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open after legacy scans: %v", err)
	}
	defer s.Close()
	for _, m := range []time.Month{time.October, time.November} {
		storagetest.CompareRollups(t, s, 2026, m)
	}
	oct, nov := storagetest.ICT(2026, 10, 1, 0, 0, 0, 0), storagetest.ICT(2026, 11, 1, 0, 0, 0, 0)
	before, err := s.ReportActivity(ctx, oct, nov)
	if err != nil || before.Total.Scans == 0 || before.Total.Scanners < 2 {
		t.Fatalf("October: %+v, %v; want scans by several clients", before.Total, err)
	}
	if _, err := s.DropScansBefore(ctx, "cán bộ kiểm thử", nov.Add(-time.Microsecond)); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("retention cut in the middle of a month: %v, want EInvalid", err)
	}
	n, err := s.DropScansBefore(ctx, "cán bộ kiểm thử", nov)
	if err != nil || n != before.Total.Scans {
		t.Fatalf("retention before November: %d scans, %v; want %d", n, err, before.Total.Scans)
	}
	after, err := s.ReportActivity(ctx, oct, nov)
	if err != nil || after.Total != before.Total {
		t.Errorf("October from rollups after retention: %+v, %v; want %+v", after.Total, err, before.Total)
	}
	if raw, err := s.ReportActivityFromScans(ctx, oct, nov); err != nil || raw.Total.Scans != 0 {
		t.Errorf("October from scans after retention: %+v, %v; want none", raw.Total, err)
	}
}
