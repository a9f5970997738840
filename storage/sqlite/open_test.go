package sqlite_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

// TestOpenConcurrently opens one new database from several goroutines at
// once, as a CLI and a server starting together would: every Open migrates
// or finds the schema migrated.
func TestOpenConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sqlite.Open(context.Background(), path)
			if err == nil {
				_, err = s.RegistryVersion(context.Background())
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"", ":memory:", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")} {
		if s, err := sqlite.Open(ctx, path); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		} else {
			t.Logf("Open(%q): %v", path, err)
		}
	}
}
