package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlstore"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// partitionOf returns the partition that holds the scan with scan id id.
func partitionOf(t *testing.T, s *postgres.Store, id uuid.UUID) string {
	t.Helper()
	var p string
	if err := s.WriteDB().QueryRow(`SELECT tableoid::regclass::text FROM scans WHERE scan_id = $1`, id[:]).Scan(&p); err != nil {
		t.Fatalf("partition of %s: %v", id, err)
	}
	return p
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestScansMigrateToPartitions opens a database that an older release left
// with scans in one table: migration 00061 moves them into month
// partitions, the store makes their rollups, the reports from rollups equal
// those from scans, and replaying an old scan adds nothing.
func TestScansMigrateToPartitions(t *testing.T) {
	ctx := context.Background()
	url := storagetest.WithSearchPath(storagetest.PostgresURL(t), storagetest.FreshSchema(t, storagetest.PostgresURL(t)))
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := migrations.UpTo(ctx, db, migrations.Postgres, 0, storagetest.LegacyScanVersion); err != nil {
		t.Fatal(err)
	}
	const n = 3000
	id, at := storagetest.LegacyScans(t, db, sqlstore.Dollar, n)
	db.Close()

	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatalf("open after legacy scans: %v", err)
	}
	defer s.Close()
	w := s.WriteDB()
	if got := count(t, w, `SELECT count(*) FROM scans`); got != n {
		t.Fatalf("%d scans after the migration, want %d", got, n)
	}
	if got := count(t, w, `SELECT count(*) FROM scans_default`); got != 0 {
		t.Errorf("default partition holds %d old scans, want 0", got)
	}
	for p, want := range map[string]int64{"scans_p202610": 0, "scans_p202611": 0} {
		if got := count(t, w, `SELECT count(*) FROM `+p); got == want {
			t.Errorf("%s holds no scans", p)
		}
	}
	if got := count(t, w, `SELECT count(*) FROM scans_p202610 WHERE at = $1`, storagetest.ICT(2026, 10, 31, 23, 59, 59, 999999).UnixMicro()); got != 1 {
		t.Errorf("the last microsecond of October is in its partition %d times, want 1", got)
	}
	for _, m := range []time.Month{time.October, time.November} {
		storagetest.CompareRollups(t, s, 2026, m)
	}
	before, err := s.ReportActivity(ctx, storagetest.ICT(2026, 10, 1, 0, 0, 0, 0), storagetest.ICT(2026, 11, 1, 0, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if before.Total.Scans == 0 || before.Total.Scanners == 0 {
		t.Fatalf("October after the migration: %+v, want scans", before.Total)
	}
	// Replaying a scan an old release recorded adds nothing.
	err = s.RecordScans(ctx, []stamp.ScanEvent{{ID: uuid.UUID(id), StampID: uuid.New(), At: time.UnixMicro(at),
		ClientHash: "x", Verdict: "genuine"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, w, `SELECT count(*) FROM scans`); got != n {
		t.Errorf("%d scans after replaying an old one, want %d", got, n)
	}
	after, err := s.ReportActivity(ctx, storagetest.ICT(2026, 10, 1, 0, 0, 0, 0), storagetest.ICT(2026, 11, 1, 0, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total {
		t.Errorf("October after a replay %+v, want %+v", after.Total, before.Total)
	}
	// A second store opening finds the rollups made.
	s2, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	storagetest.CompareRollups(t, s, 2026, time.October)
}

// TestScanPartitions checks that scans at a month boundary land in their
// months' partitions, that a scan of a month without one waits in the
// default partition until EnsureScanPartitions moves it, and that
// retention drops whole months while the reports from rollups keep them.
func TestScanPartitions(t *testing.T) {
	ctx := context.Background()
	s := storagetest.OpenPostgres(t)
	w := s.WriteDB()
	if err := s.EnsureScanPartitions(ctx, storagetest.ICT(2030, 1, 15, 0, 0, 0, 0)); err != nil {
		t.Fatal(err)
	}
	ev := func(at time.Time, client string) stamp.ScanEvent {
		return stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: uuid.New(), At: at, Channel: stamp.ChannelWeb,
			ClientHash: client, Verdict: string(stamp.Unknown), ProductNumber: 1001}
	}
	last, first := ev(storagetest.ICT(2030, 1, 31, 23, 59, 59, 999999), "a"), ev(storagetest.ICT(2030, 2, 1, 0, 0, 0, 0), "b")
	late := ev(storagetest.ICT(2031, 6, 2, 0, 0, 0, 0), "c")
	if err := s.RecordScans(ctx, []stamp.ScanEvent{last, first, late}); err != nil {
		t.Fatal(err)
	}
	for e, want := range map[*stamp.ScanEvent]string{&last: "scans_p203001", &first: "scans_p203002", &late: "scans_default"} {
		if got := partitionOf(t, s, e.ID); got != want {
			t.Errorf("scan at %s is in %s, want %s", e.At.In(stamp.Vietnam), got, want)
		}
	}
	if err := s.EnsureScanPartitions(ctx, late.At); err != nil {
		t.Fatal(err)
	}
	if got := partitionOf(t, s, late.ID); got != "scans_p203106" {
		t.Errorf("after EnsureScanPartitions the June 2031 scan is in %s, want scans_p203106", got)
	}
	if err := s.RecordScans(ctx, []stamp.ScanEvent{last, first, late}); err != nil { // replay
		t.Fatal(err)
	}
	if got := count(t, w, `SELECT count(*) FROM scans`); got != 3 {
		t.Errorf("%d scans after a replay, want 3", got)
	}

	jan, feb := storagetest.ICT(2030, 1, 1, 0, 0, 0, 0), storagetest.ICT(2030, 2, 1, 0, 0, 0, 0)
	before, err := s.ReportActivity(ctx, jan, feb)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DropScansBefore(ctx, "cán bộ kiểm thử", feb.Add(time.Hour)); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("retention cut in the middle of a month: %v, want EInvalid", err)
	}
	n, err := s.DropScansBefore(ctx, "cán bộ kiểm thử", feb)
	if err != nil || n != 1 {
		t.Fatalf("retention before February 2030: %d scans, %v; want 1", n, err)
	}
	if got := count(t, w, `SELECT count(*) FROM pg_class WHERE relname = 'scans_p203001' AND relnamespace = current_schema()::regnamespace`); got != 0 {
		t.Error("the January 2030 partition is still there")
	}
	after, err := s.ReportActivity(ctx, jan, feb)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total || after.Total.Scans != 1 || after.Total.Scanners != 1 {
		t.Errorf("January 2030 from rollups after retention %+v, want %+v (1 scan, 1 scanner)", after.Total, before.Total)
	}
	raw, err := s.ReportActivityFromScans(ctx, jan, feb)
	if err != nil || raw.Total.Scans != 0 {
		t.Errorf("January 2030 from scans after retention: %+v, %v; want none", raw.Total, err)
	}
	if got := partitionOf(t, s, first.ID); got != "scans_p203002" {
		t.Errorf("February's scan is in %s after retention, want scans_p203002", got)
	}
}
