package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestFullDiskError: a write that finds the database full fails with
// SQLite's "database or disk is full", not with a misleading "cannot
// rollback - no transaction is active" (SQLite has already rolled back).
func TestFullDiskError(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var pages int
	if err := s.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	// Names are at most 200 characters (stamp.MaxNameLen): write facilities
	// until one no longer fits.
	for i := 1; err == nil && i <= 1000; i++ {
		err = s.CreateFacility(ctx, "t", stamp.Facility{Code: fmt.Sprintf("F%d", i), Name: strings.Repeat("x", stamp.MaxNameLen),
			Address: strings.Repeat("y", stamp.MaxLongLen), District: "Can Lộc"})
	}
	if err == nil || !strings.Contains(err.Error(), "full") || strings.Contains(err.Error(), "cannot rollback") {
		t.Fatalf("write into a full database: %v", err)
	}
}
