package verify

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// memScans is an in-memory storage.Scans whose writes can be made to fail or
// to wait, for the failure cases a real database cannot be made to show on
// demand.
type memScans struct {
	mu     sync.Mutex
	events []stamp.ScanEvent
	calls  int
	fail   int           // fail this many calls first
	gate   chan struct{} // when set, each call waits for a receive
	down   atomic.Bool   // fail every call while set
	ids    map[uuid.UUID]bool
	// lostReply, when set, makes the next successful call return an error
	// anyway: the commit went through, its reply was lost.
	lostReply bool
	// wrote, when set, gets a value (without blocking) after each
	// successful write.
	wrote chan struct{}
}

func (m *memScans) RecordScans(ctx context.Context, evs []stamp.ScanEvent) error {
	if m.gate != nil {
		select {
		case <-m.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.fail > 0 || m.down.Load() {
		m.fail = max(m.fail-1, 0)
		return errors.New("database is down")
	}
	for _, e := range evs {
		if e.ID != uuid.Nil {
			if m.ids == nil {
				m.ids = map[uuid.UUID]bool{}
			}
			if m.ids[e.ID] {
				continue // the store keeps one scan per id
			}
			m.ids[e.ID] = true
		}
		m.events = append(m.events, e)
	}
	if m.wrote != nil {
		select {
		case m.wrote <- struct{}{}:
		default:
		}
	}
	if m.lostReply {
		m.lostReply = false
		return errors.New("connection reset after commit")
	}
	return nil
}

func (m *memScans) ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error) {
	return stamp.ScanStats{}, nil
}

func (m *memScans) StampScans(ctx context.Context, id uuid.UUID, limit int) ([]stamp.ScanEvent, error) {
	return nil, nil
}

func (m *memScans) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.events)
}

type sinkFunc func(ctx context.Context, evs []stamp.ScanEvent) error

func (f sinkFunc) AddScans(ctx context.Context, evs []stamp.ScanEvent) error { return f(ctx, evs) }

func ev(i int) stamp.ScanEvent {
	return stamp.ScanEvent{StampID: uuid.New(), At: time.Unix(int64(i), 0), Channel: stamp.ChannelWeb, ClientHash: "h", Verdict: "genuine"}
}

func TestRecorderDrainsOnClose(t *testing.T) {
	st := &memScans{}
	var sunk sync.Map
	r := NewRecorder(st, []byte("salt"), RecorderOptions{FlushInterval: time.Hour, MaxBatch: 64,
		Stats: sinkFunc(func(_ context.Context, evs []stamp.ScanEvent) error {
			for _, e := range evs {
				sunk.Store(e.StampID, true)
			}
			return nil
		})})
	const workers, each = 8, 1000
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				r.Record(ev(i))
			}
		}()
	}
	wg.Wait()
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := st.count(); n != workers*each {
		t.Fatalf("%d scans written, want %d", n, workers*each)
	}
	n := 0
	sunk.Range(func(_, _ any) bool { n++; return true })
	if n != workers*each || r.Depth() != 0 || r.Dropped() != 0 {
		t.Fatalf("stats sink saw %d, depth %d, dropped %d", n, r.Depth(), r.Dropped())
	}
	r.Record(ev(0))
	if r.Dropped() != 1 {
		t.Fatalf("Record after Close: dropped %d, want 1", r.Dropped())
	}
	if err := r.Close(context.Background()); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestRecorderFlushesWithoutClose(t *testing.T) {
	st := &memScans{wrote: make(chan struct{}, 1)}
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: 10 * time.Millisecond})
	defer r.Close(context.Background())
	r.Record(ev(1))
	select {
	case <-st.wrote:
	case <-time.After(10 * time.Second): // a hang, not a speed check
		t.Fatal("the recorder never flushed without Close")
	}
	if st.count() != 1 {
		t.Fatalf("%d written, want 1", st.count())
	}
}

func TestRecorderRetriesFailedWrites(t *testing.T) {
	st := &memScans{fail: 3}
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: 5 * time.Millisecond})
	for i := 0; i < 100; i++ {
		r.Record(ev(i))
	}
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st.count() != 100 {
		t.Fatalf("%d written, want 100", st.count())
	}
}

func TestRecorderCloseGivesUp(t *testing.T) {
	st := &memScans{fail: 1 << 30}
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: time.Hour})
	r.Record(ev(1))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := r.Close(ctx)
	if err == nil || !strings.Contains(err.Error(), "1 scans not written") {
		t.Fatalf("Close: %v, want 1 scan lost", err)
	}
}

func TestRecorderFullQueueDrops(t *testing.T) {
	st := &memScans{gate: make(chan struct{})}
	r := NewRecorder(st, nil, RecorderOptions{FlushInterval: time.Millisecond, QueueSize: 4, MaxBatch: 1, BlockTimeout: time.Millisecond})
	reg := prometheus.NewRegistry()
	if err := r.Register(reg); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		r.Record(ev(i))
	}
	if r.Dropped() == 0 {
		t.Fatal("no drops with a blocked store and a queue of 4")
	}
	if d := r.Depth(); d < 4 || d > 6 {
		t.Fatalf("depth %d, want the queue (4) plus what the writer holds", d)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		m := mf.GetMetric()[0]
		if m.Counter != nil {
			got[mf.GetName()] = m.Counter.GetValue()
		} else {
			got[mf.GetName()] = m.Gauge.GetValue()
		}
	}
	if got["ocopstamp_scans_dropped_total"] != float64(r.Dropped()) || got["ocopstamp_scan_queue_depth"] < 4 {
		t.Fatalf("metrics %v", got)
	}
	close(st.gate)
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if int64(st.count())+r.Dropped() != 50 {
		t.Fatalf("written %d + dropped %d != 50", st.count(), r.Dropped())
	}
}
