package verify

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
	"github.com/ocop-hatinh/ocopstamp/storage/spool"
)

func openSpool(t *testing.T, path string) *spool.Spool {
	t.Helper()
	sp, err := spool.Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// An outage: scans go to the spool, none is lost or doubled, the log has one
// line per change of state, and the pipeline stays ready while the spool
// takes them.
func TestRecorderSpoolsDuringOutageAndReplaysOnce(t *testing.T) {
	st := &memScans{}
	var logs syncbuf.Buffer
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: 2 * time.Millisecond, MaxBatch: 50, RetryInterval: 5 * time.Millisecond,
		Spool: openSpool(t, filepath.Join(t.TempDir(), "scans.spool")), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for i := range 200 {
		r.Record(ev(i))
	}
	if err := r.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	st.down.Store(true)
	for i := range 2000 {
		r.Record(ev(i))
	}
	for r.Spooled() < 2000 {
		if err := r.Ping(context.Background()); err != nil {
			t.Fatalf("not ready while the spool takes scans: %v", err)
		}
		time.Sleep(time.Millisecond) // bounded by the test's timeout
	}
	st.mu.Lock()
	st.lostReply = true // the first replayed batch commits but reports failure
	st.mu.Unlock()
	st.down.Store(false)
	if err := r.Flush(context.Background()); err != nil {
		if err := r.Flush(context.Background()); err != nil { // the lost reply made the first one fail
			t.Fatal(err)
		}
	}
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := st.count(); n != 2200 || r.Dropped() != 0 {
		t.Fatalf("%d scans stored (want 2200), %d dropped", n, r.Dropped())
	}
	out := logs.String()
	for _, w := range []string{"refuses scans", "takes scans again", "spool replayed"} {
		if c := strings.Count(out, w); c < 1 || c > 2 { // the lost reply is one more change
			t.Errorf("log has %q %d times:\n%s", w, c, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines > 8 {
		t.Errorf("%d log lines for one outage:\n%s", lines, out)
	}
}

// SIGTERM while the database is down: Close puts the queue in the spool
// within its deadline, and the next run replays it.
func TestRecorderCloseSpoolsAndNextRunReplays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scans.spool")
	st := &memScans{}
	st.down.Store(true)
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: time.Hour, Spool: openSpool(t, path)})
	for i := range 5000 {
		r.Record(ev(i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.Close(ctx); err != nil {
		t.Fatalf("Close with the database down: %v", err)
	}
	if st.count() != 0 || r.Spooled() != 5000 {
		t.Fatalf("stored %d, spooled %d", st.count(), r.Spooled())
	}
	st.down.Store(false)
	r2 := NewRecorder(st, nil, RecorderOptions{FlushInterval: time.Hour, Spool: openSpool(t, path)})
	if err := r2.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r2.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st.count() != 5000 {
		t.Fatalf("stored %d after the next run, want 5000", st.count())
	}
}

// With the database down and the spool full, the pipeline says so.
func TestRecorderNotReadyWhenSpoolRefuses(t *testing.T) {
	st := &memScans{}
	st.down.Store(true)
	sp, err := spool.Open(filepath.Join(t.TempDir(), "scans.spool"), 1024)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: time.Hour, Spool: sp})
	defer r.Close(context.Background())
	for i := range 100 {
		r.Record(ev(i))
	}
	r.Flush(context.Background())
	if err := r.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "spool") {
		t.Fatalf("Ping with the database down and the spool full: %v", err)
	}
	noSpool := NewRecorder(st, nil, RecorderOptions{FlushInterval: time.Hour})
	defer noSpool.Close(context.Background())
	noSpool.Record(ev(1))
	noSpool.Flush(context.Background())
	if err := noSpool.Ping(context.Background()); err == nil {
		t.Fatal("Ping with the database down and no spool: nil")
	}
	st.down.Store(false)
	if err := noSpool.Flush(context.Background()); err != nil || noSpool.Ping(context.Background()) != nil {
		t.Fatalf("after the database came back: %v, %v", err, noSpool.Ping(context.Background()))
	}
}
