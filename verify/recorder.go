package verify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// ScanStatsSink receives every batch of scan events right after the store
// has written it, to keep per-stamp statistics where lookups read them
// cheaply (storage/rediscache.Cache implements it). Its errors are counted
// and logged; the events are already stored.
type ScanStatsSink interface {
	AddScans(ctx context.Context, events []stamp.ScanEvent) error
}

// RecorderOptions tune a Recorder; zero values give the defaults.
type RecorderOptions struct {
	// FlushInterval is the longest an event waits in memory before the
	// recorder writes it (default 500ms): a crash loses at most about this
	// much plus one write.
	FlushInterval time.Duration
	// MaxBatch is the largest batch written in one RecordScans call (default
	// 1000); a full batch is written without waiting for the interval.
	MaxBatch int
	// QueueSize bounds the events held in memory, queued or awaiting a retry
	// after a failed write (default 65536).
	QueueSize int
	// BlockTimeout is how long Record waits for room in a full queue before
	// dropping the event (default 5ms). Drops are counted in
	// ocopstamp_scans_dropped_total.
	BlockTimeout time.Duration
	// Stats, when set, is told about every written batch.
	Stats ScanStatsSink
	// WriteTimeout bounds one RecordScans call (default 10s).
	WriteTimeout time.Duration
	Logger       *slog.Logger
}

// Recorder writes scan events to the store in batches from one goroutine.
// Record never waits on the database. A failed write is retried on the next
// tick while the queue has room. Close drains everything queued.
type Recorder struct {
	store storage.Scans
	opts  RecorderOptions
	log   *slog.Logger
	hmacs sync.Pool

	mu     sync.RWMutex // guards closed against sends on a closed ch
	closed bool
	ch     chan stamp.ScanEvent

	pending  atomic.Int64 // taken off ch but not yet written
	closeCtx atomic.Pointer[context.Context]
	flushReq chan chan struct{}
	done     chan struct{}

	statsFailing bool // only the run goroutine touches it
	m            recorderMetrics
}

// NewRecorder starts a recorder writing to store. salt keys the client hash
// (keep it secret and stable: changing it makes every client look new).
// Call Close to stop it.
func NewRecorder(store storage.Scans, salt []byte, opts RecorderOptions) *Recorder {
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 500 * time.Millisecond
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 1000
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 65536
	}
	if opts.BlockTimeout <= 0 {
		opts.BlockTimeout = 5 * time.Millisecond
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	key := append([]byte(nil), salt...)
	r := &Recorder{
		store: store,
		opts:  opts,
		log:   log,
		ch:    make(chan stamp.ScanEvent, opts.QueueSize),
		done:  make(chan struct{}),

		flushReq: make(chan chan struct{}),
	}
	r.hmacs.New = func() any { return hmac.New(sha256.New, key) }
	go r.run()
	return r
}

// Record queues ev. When the queue is full it waits up to BlockTimeout, then
// drops ev and counts it. After Close every event is dropped.
func (r *Recorder) Record(ev stamp.ScanEvent) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		r.m.dropped.Add(1)
		return
	}
	select {
	case r.ch <- ev:
		return
	default:
	}
	t := time.NewTimer(r.opts.BlockTimeout)
	defer t.Stop()
	select {
	case r.ch <- ev:
	case <-t.C:
		r.m.dropped.Add(1)
	}
}

// Depth returns the number of events not yet written.
func (r *Recorder) Depth() int { return len(r.ch) + int(r.pending.Load()) }

// Dropped returns the number of events dropped so far (full queue, failed
// writes beyond the queue's room, or Record after Close).
func (r *Recorder) Dropped() int64 { return r.m.dropped.Load() }

// Flush writes every event queued before the call, now. It returns an error
// when some could not be written (they stay queued for a retry) or ctx ends
// first.
func (r *Recorder) Flush(ctx context.Context) error {
	reply := make(chan struct{})
	select {
	case r.flushReq <- reply:
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-reply:
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if n := r.pending.Load(); n > 0 {
		return fmt.Errorf("scan recorder: %d scans not written yet", n)
	}
	return nil
}

// Close stops accepting events and writes everything queued, retrying failed
// writes until ctx is done. It returns an error saying how many events were
// lost when ctx ends first. Close may be called more than once.
func (r *Recorder) Close(ctx context.Context) error {
	r.closeCtx.Store(&ctx)
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.ch)
	}
	r.mu.Unlock()
	select {
	case <-r.done:
		if n := r.Depth(); n > 0 {
			return fmt.Errorf("scan recorder: %d scans not written", n)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("scan recorder: %d scans not written: %w", r.Depth(), ctx.Err())
	}
}

func (r *Recorder) run() {
	defer close(r.done)
	tick := time.NewTicker(r.opts.FlushInterval)
	defer tick.Stop()
	var buf []stamp.ScanEvent
	for {
		select {
		case ev, ok := <-r.ch:
			if !ok {
				r.drain(buf)
				return
			}
			buf = append(buf, ev)
			r.pending.Add(1)
			if len(buf) >= r.opts.MaxBatch {
				buf = r.flush(context.Background(), buf)
			}
		case <-tick.C:
			buf = r.flush(context.Background(), buf)
		case reply := <-r.flushReq:
			closed := false
		take:
			for {
				select {
				case ev, ok := <-r.ch:
					if !ok {
						closed = true
						break take
					}
					buf = append(buf, ev)
					r.pending.Add(1)
				default:
					break take
				}
			}
			buf = r.flush(context.Background(), buf)
			close(reply)
			if closed {
				r.drain(buf)
				return
			}
		}
	}
}

// flush writes buf in batches and returns what could not be written (kept
// for a retry, minus the oldest events beyond the queue's room).
func (r *Recorder) flush(ctx context.Context, buf []stamp.ScanEvent) []stamp.ScanEvent {
	for len(buf) > 0 {
		n := min(len(buf), r.opts.MaxBatch)
		if err := r.write(ctx, buf[:n]); err != nil {
			r.m.flushErrors.Add(1)
			r.log.Error("scan recorder: write failed; will retry", "scans", len(buf), "err", err)
			if extra := len(buf) - r.opts.QueueSize; extra > 0 {
				r.m.dropped.Add(int64(extra))
				r.pending.Add(-int64(extra))
				buf = buf[extra:]
			}
			return buf
		}
		buf = buf[n:]
		r.pending.Add(-int64(n))
	}
	return buf[:0]
}

// drain writes the rest after Close, retrying until the Close context ends.
func (r *Recorder) drain(buf []stamp.ScanEvent) {
	ctx := context.Background()
	if p := r.closeCtx.Load(); p != nil {
		ctx = *p
	}
	backoff := 50 * time.Millisecond
	for {
		buf = r.flush(ctx, buf)
		if len(buf) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
			backoff = min(2*backoff, time.Second)
		}
	}
}

func (r *Recorder) write(ctx context.Context, evs []stamp.ScanEvent) error {
	wctx, cancel := context.WithTimeout(ctx, r.opts.WriteTimeout)
	defer cancel()
	if err := r.store.RecordScans(wctx, evs); err != nil {
		return fmt.Errorf("record %d scans: %w", len(evs), err)
	}
	r.m.recorded.Add(int64(len(evs)))
	if r.opts.Stats != nil {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if err := r.opts.Stats.AddScans(sctx, evs); err != nil && !errors.Is(err, context.Canceled) {
			r.m.statsErrors.Add(1)
			if !r.statsFailing { // log the first failure of a run, not every flush
				r.log.Warn("scan recorder: scan statistics not updated", "scans", len(evs), "err", err)
			}
			r.statsFailing = true
		} else {
			r.statsFailing = false
		}
	}
	return nil
}
