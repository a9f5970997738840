package verify

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres/pgtest"
)

// A PostgreSQL server of the test's own is stopped and started again while
// scans keep coming: every scan ends in the database exactly once, through
// the spool, and none is dropped.
func TestRecorderPostgresRestartLosesNoScan(t *testing.T) {
	srv := pgtest.Start(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := NewRecorder(st, []byte("salt"), RecorderOptions{FlushInterval: 10 * time.Millisecond, RetryInterval: 50 * time.Millisecond,
		Spool: openSpool(t, filepath.Join(t.TempDir(), "scans.spool"))})

	var sent atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r.Record(ev(i))
				sent.Add(1)
				if i%20 == 0 {
					time.Sleep(5 * time.Millisecond) // about 16,000 scans/s in all: twice the drill's lookup load
				}
			}
		}()
	}
	waitFor := func(what string, cond func() bool) {
		t0 := time.Now()
		for !cond() {
			time.Sleep(5 * time.Millisecond) // bounded by the test's timeout
		}
		t.Logf("%s after %v: sent %d dropped %d", what, time.Since(t0), sent.Load(), r.Dropped())
	}
	waitFor("scans written", func() bool { return r.m.recorded.Load() > 1000 })
	srv.Stop()
	waitFor("scans spooled", func() bool { return r.Spooled() > 2000 })
	if err := r.Ping(ctx); err != nil {
		t.Errorf("pipeline not ready while the spool takes scans: %v", err)
	}
	srv.Start()
	waitFor("spool replayed", func() bool { return r.m.replayed.Load() > 0 && r.Spooled() == 0 })
	close(stop)
	wg.Wait()
	for r.Flush(ctx) != nil {
		time.Sleep(10 * time.Millisecond)
	}
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	var rows, ids int64
	if err := st.ReadDB().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT scan_id) FROM scans`).Scan(&rows, &ids); err != nil {
		t.Fatal(err)
	}
	if rows != sent.Load() || ids != rows || r.Dropped() != 0 {
		t.Fatalf("sent %d scans: %d rows, %d distinct ids, %d dropped; spooled %d, replayed %d",
			sent.Load(), rows, ids, r.Dropped(), r.m.spooled.Load(), r.m.replayed.Load())
	}
	t.Logf("%d scans, %d through the spool", rows, r.m.replayed.Load())
}
