package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestOpenConcurrently: every Open of a new file migrates it or finds it
// migrated.
func TestOpenConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	storagetest.OpenConcurrently(t, 4, func(ctx context.Context) (storage.Store, error) { return sqlite.Open(ctx, path) })
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"", ":memory:", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")} {
		if s, err := sqlite.Open(ctx, path); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}
