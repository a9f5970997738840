package sqlite_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

// TestFileModes: a new database and its WAL and SHM files are readable by
// their owner only (they were 0644 under umask 022: consumer contacts,
// token and scan hashes for every local user); an existing database that
// others can read is opened with a warning naming the fix.
func TestFileModes(t *testing.T) {
	ctx := context.Background()
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })

	path := filepath.Join(t.TempDir(), "new.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// The migrations wrote through the WAL: all three files exist.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", filepath.Base(p), perm)
		}
	}
	s.Close()
	if logs.Len() != 0 {
		t.Errorf("warned about a private file: %s", logs.String())
	}

	old := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(old, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(old, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := logs.String(); !strings.Contains(got, "accessible to other users") || !strings.Contains(got, "chmod 600 "+old) {
		t.Errorf("no warning for a 0644 database: %q", got)
	}
}
