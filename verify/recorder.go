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

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/spool"
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
	// recorder writes it (default 200ms): a crash loses at most about this
	// much plus one write.
	FlushInterval time.Duration
	// MaxBatch is the largest batch written in one RecordScans call (default
	// 4096); a full batch is written without waiting for the interval.
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
	// WriteTimeout bounds one RecordScans call (default 3s).
	WriteTimeout time.Duration
	// Spool, when set, takes the batches the store cannot: they are appended
	// (synced) and replayed to the store when it is back, the oldest first;
	// scan ids make a replay add each scan once. The recorder owns it from
	// then on and closes it in Close. Without a spool, failed batches wait in
	// memory (within QueueSize) for a retry.
	Spool *spool.Spool
	// RetryInterval is the longest wait between tries of a failing store
	// (default 1s); waits start at FlushInterval and double.
	RetryInterval time.Duration
	Logger        *slog.Logger
}

// Recorder writes scan events to the store in batches from one goroutine.
// Record never waits on the database. When the store fails, batches go to
// the spool (or wait in memory without one) and the store is tried again
// with a growing pause; one log line marks each change of state. Close
// drains everything queued to the store or the spool.
type Recorder struct {
	store storage.Scans
	opts  RecorderOptions
	log   *slog.Logger
	hmacs sync.Pool

	mu     sync.RWMutex // guards closed against sends on a closed ch
	closed bool
	ch     chan stamp.ScanEvent

	pending  atomic.Int64 // taken off ch but neither written nor spooled
	closeCtx atomic.Pointer[context.Context]
	flushReq chan chan struct{}
	done     chan struct{}

	// Owned by the run goroutine.
	down         bool      // the store's last write failed
	nextTry      time.Time // when down: the earliest next try
	backoff      time.Duration
	spoolFailing bool
	statsFailing bool

	storeDown    atomic.Bool  // down, for Ping
	spoolRefused atomic.Bool  // the last append to the spool failed
	spoolBytes   atomic.Int64 // size of the spool file
	spoolEvents  atomic.Int64 // events in the spool, replayed or not
	m            recorderMetrics
}

// NewRecorder starts a recorder writing to store. salt keys the client hash
// (keep it secret and stable: changing it makes every client look new).
// Call Close to stop it.
func NewRecorder(store storage.Scans, salt []byte, opts RecorderOptions) *Recorder {
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 200 * time.Millisecond
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 4096
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 65536
	}
	if opts.BlockTimeout <= 0 {
		opts.BlockTimeout = 5 * time.Millisecond
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 3 * time.Second
	}
	if opts.RetryInterval <= 0 {
		opts.RetryInterval = time.Second
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
	if sp := opts.Spool; sp != nil {
		r.spoolBytes.Store(sp.Size())
		r.spoolEvents.Store(sp.Events())
		if sp.Events() > 0 {
			log.Info("scan recorder: spooled scans from an earlier run will be replayed", "scans", sp.Events(), "spool", sp.Path())
		}
	}
	r.hmacs.New = func() any { return hmac.New(sha256.New, key) }
	go r.run()
	return r
}

// Record queues ev, giving it a scan id (UUIDv7) when it has none. When the
// queue is full it waits up to BlockTimeout, then drops ev and counts it.
// After Close every event is dropped.
func (r *Recorder) Record(ev stamp.ScanEvent) {
	if ev.ID == uuid.Nil {
		id, err := uuid.NewV7()
		if err == nil {
			ev.ID = id
		}
	}
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

// Depth returns the number of events held in memory: neither written nor
// spooled.
func (r *Recorder) Depth() int { return len(r.ch) + int(r.pending.Load()) }

// Dropped returns the number of events dropped so far (full queue, failed
// writes beyond the queue's room, or Record after Close).
func (r *Recorder) Dropped() int64 { return r.m.dropped.Load() }

// Spooled returns the number of events in the spool, replayed or not.
func (r *Recorder) Spooled() int64 { return r.spoolEvents.Load() }

// Ping is the scan pipeline's readiness: nil while scans reach the store or
// the spool, an error saying why when they can do neither (the store fails
// and there is no spool, or the spool refused the last batch).
func (r *Recorder) Ping(context.Context) error {
	if !r.storeDown.Load() {
		return nil
	}
	if r.opts.Spool == nil {
		return errors.New("scan recorder: the database refuses scans and there is no spool")
	}
	if r.spoolRefused.Load() {
		return errors.New("scan recorder: the database refuses scans and the spool is full or failing")
	}
	return nil
}

// Flush writes every event queued before the call to the store, with what
// the spool holds, now. It returns an error when some are not in the store
// yet (kept in memory or the spool for a retry) or ctx ends first.
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
	if sp := r.opts.Spool; sp != nil && r.spoolEvents.Load() > 0 {
		return fmt.Errorf("scan recorder: %d scans still in the spool", r.spoolEvents.Load())
	}
	return nil
}

// Close stops accepting events and writes everything queued to the store,
// or to the spool when the store fails; without a spool it retries failed
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
	defer func() {
		if sp := r.opts.Spool; sp != nil {
			if err := sp.Close(); err != nil {
				r.log.Error("scan recorder: close spool", "err", err)
			}
		}
	}()
	r.backoff = r.opts.FlushInterval
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
			r.replay(context.Background(), false)
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
			r.nextTry = time.Time{} // a caller asks: try the store now
			buf = r.flush(context.Background(), buf)
			r.replay(context.Background(), true)
			close(reply)
			if closed {
				r.drain(buf)
				return
			}
		}
	}
}

// flush writes buf in batches to the store, or to the spool while the store
// fails, and returns what went to neither (kept for a retry, minus the
// oldest events beyond the queue's room).
func (r *Recorder) flush(ctx context.Context, buf []stamp.ScanEvent) []stamp.ScanEvent {
	for len(buf) > 0 {
		n := min(len(buf), r.opts.MaxBatch)
		batch := buf[:n]
		if !r.down || !time.Now().Before(r.nextTry) {
			if r.write(ctx, batch) == nil {
				buf = buf[n:]
				r.pending.Add(-int64(n))
				continue
			}
		}
		if !r.toSpool(batch) {
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

// toSpool appends batch to the spool; false when there is none or it fails.
func (r *Recorder) toSpool(batch []stamp.ScanEvent) bool {
	sp := r.opts.Spool
	if sp == nil {
		return false
	}
	if err := sp.Append(batch); err != nil {
		r.spoolRefused.Store(true)
		if !r.spoolFailing {
			r.log.Error("scan recorder: spool refuses scans; they wait in memory", "spool", sp.Path(), "err", err)
			r.spoolFailing = true
		}
		return false
	}
	if r.spoolFailing {
		r.log.Info("scan recorder: spool takes scans again", "spool", sp.Path())
		r.spoolFailing = false
	}
	r.spoolRefused.Store(false)
	r.m.spooled.Add(int64(len(batch)))
	r.spoolBytes.Store(sp.Size())
	r.spoolEvents.Store(sp.Events())
	return true
}

// replay writes spooled batches to the store, the oldest first, while the
// store takes them; all (Flush) or for a quarter of the flush interval when
// live scans wait too. A batch written again after a lost reply adds
// nothing: the store skips scan ids it holds. An emptied spool is reset.
func (r *Recorder) replay(ctx context.Context, all bool) {
	sp := r.opts.Spool
	if sp == nil || !sp.Pending() || (r.down && time.Now().Before(r.nextTry)) {
		return
	}
	until := time.Now().Add(r.opts.FlushInterval / 4)
	for sp.Pending() && (all || len(r.ch) < r.opts.MaxBatch || time.Now().Before(until)) {
		evs, err := sp.Peek()
		if err != nil {
			// A record that does not read back cannot be replayed: keep the
			// file for inspection and stop replaying it.
			r.log.Error("scan recorder: spool unreadable; replay stopped", "spool", sp.Path(), "err", err)
			r.m.spoolErrors.Add(1)
			return
		}
		if r.write(ctx, evs) != nil {
			return
		}
		sp.Skip()
		r.m.replayed.Add(int64(len(evs)))
	}
	if !sp.Pending() {
		n := sp.Events()
		if err := sp.Reset(); err != nil {
			r.log.Error("scan recorder: spool replayed but not emptied; it will be replayed again (adding nothing)", "err", err)
			r.m.spoolErrors.Add(1)
			return
		}
		r.spoolBytes.Store(0)
		r.spoolEvents.Store(0)
		r.log.Info("scan recorder: spool replayed", "scans", n, "spool", sp.Path())
	}
}

// drain writes the rest after Close: to the store, else to the spool; with
// no spool it retries until the Close context ends.
func (r *Recorder) drain(buf []stamp.ScanEvent) {
	ctx := context.Background()
	if p := r.closeCtx.Load(); p != nil {
		ctx = *p
	}
	for {
		r.nextTry = time.Time{}
		buf = r.flush(ctx, buf)
		if len(buf) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			if r.toSpool(buf) { // a last chance for what the store timed out on
				r.pending.Add(-int64(len(buf)))
			}
			return
		case <-time.After(r.backoff):
		}
	}
}

// write writes one batch to the store and tells the statistics sink; on
// failure it marks the store down (logging the change once) and sets the
// next try.
func (r *Recorder) write(ctx context.Context, evs []stamp.ScanEvent) error {
	wctx, cancel := context.WithTimeout(ctx, r.opts.WriteTimeout)
	defer cancel()
	if err := r.store.RecordScans(wctx, evs); err != nil {
		r.m.flushErrors.Add(1)
		if !r.down {
			where := "they wait in memory"
			if r.opts.Spool != nil {
				where = "spooling them to " + r.opts.Spool.Path()
			}
			r.log.Error("scan recorder: the database refuses scans; "+where, "scans", len(evs), "err", err)
			r.down = true
			r.storeDown.Store(true)
			r.backoff = r.opts.FlushInterval
		} else {
			r.backoff = min(2*r.backoff, r.opts.RetryInterval)
		}
		r.nextTry = time.Now().Add(r.backoff)
		return fmt.Errorf("record %d scans: %w", len(evs), err)
	}
	if r.down {
		r.log.Info("scan recorder: the database takes scans again", "spooled", r.spoolEvents.Load())
		r.down = false
		r.storeDown.Store(false)
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
