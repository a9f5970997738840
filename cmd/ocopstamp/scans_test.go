package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

func TestScansPrune(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	old, recent := time.Date(2020, 3, 4, 5, 0, 0, 0, stamp.Vietnam), time.Now()
	var evs []stamp.ScanEvent
	for _, at := range []time.Time{old, old.Add(time.Hour), recent} {
		evs = append(evs, stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: uuid.New(), At: at, ClientHash: "x", Verdict: "unknown"})
	}
	if err := s.RecordScans(ctx, evs); err != nil {
		t.Fatal(err)
	}
	s.Close()

	c.fails(2, "--keep-months must be at least 1", "scans", "prune")
	c.fails(2, "--keep-months must be at least 1", "scans", "prune", "--keep-months", "0")
	c.fails(2, "usage: ocopstamp scans prune", "scans", "drop")
	out := c.ok("scans", "prune", "--keep-months", "12")
	if !strings.Contains(out, "removed 2 scans recorded before") {
		t.Fatalf("prune: %q", out)
	}
	if out := c.ok("scans", "prune", "--keep-months", "12"); !strings.Contains(out, "removed 0 scans") {
		t.Fatalf("prune again: %q", out)
	}
	if out := c.ok("audit", "--action", "scans.prune"); strings.Count(out, "scans.prune") != 2 {
		t.Fatalf("audit of prune:\n%s", out)
	}
}

func TestRetentionCut(t *testing.T) {
	now := time.Date(2026, 1, 15, 3, 0, 0, 0, stamp.Vietnam)
	for keep, want := range map[int]string{1: "2026-01-01", 2: "2025-12-01", 13: "2025-01-01"} {
		if got := retentionCut(now, keep).In(stamp.Vietnam).Format(time.DateOnly); got != want {
			t.Errorf("keep %d months on 15 Jan 2026: cut at %s, want %s", keep, got, want)
		}
	}
	// 1 January 00:30 in Vietnam is still 31 December in UTC.
	if got := retentionCut(time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), 1).In(stamp.Vietnam).Format(time.DateOnly); got != "2026-01-01" {
		t.Errorf("cut at %s, want 2026-01-01", got)
	}
}
