package sqlite

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
)

// TestCheckpointFailureLoggedOnce: checkpoints that keep failing (on a full
// disk they fail every second; here their connection is closed) are logged
// once, not every second.
func TestCheckpointFailureLoggedOnce(t *testing.T) {
	logs := &syncbuf.Buffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, nil)))
	defer slog.SetDefault(prev)
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "ckpt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The checkpointer's connection pool closed: every checkpoint fails.
	if err := s.ckpt.db.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3500 * time.Millisecond) // three or four checkpoints
	if n := strings.Count(logs.String(), "sqlite checkpoint failed"); n != 1 {
		t.Fatalf("checkpoint failure logged %d times, want once:\n%s", n, logs.String())
	}
}
