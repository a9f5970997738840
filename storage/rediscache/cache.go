// Package rediscache puts Redis (or Redis Cluster) in front of the registry
// store for lookups: cache-aside of each stamp's storage.StampView, and
// per-stamp scan statistics (count, first scan, distinct clients in a
// HyperLogLog) that the scan recorder keeps up to date, so that a cached
// lookup is one pipelined Redis round trip and never touches the database.
//
// Invalidation is narrow: every registry write records in the store's change
// feed which views it changed (a stamp, a batch, a product, a facility, new
// stamps, or everything; storage.RegistryChange). One goroutine per Cache
// polls the feed (every 250ms by default). A cached view carries the registry
// version its loader had seen before reading the store, and a lookup takes
// it only when no change the cache knows of, to its stamp, batch, product or
// facilities, is newer (feed.fresh); otherwise it reloads that one view. So a
// write is seen on every replica within about the poll interval, and
// invalidates only what it affects.
//
// Redis trouble never fails a lookup: on any Redis error the cache answers
// from the store, counts the error, and skips Redis for a short back-off
// before trying it again, so it recovers by itself when Redis returns.
package rediscache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Source is what the cache reads through to: a storage.Store satisfies it.
type Source interface {
	StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error)
	RegistryChanges(ctx context.Context, after int64, limit int) (storage.ChangeFeed, error)
	ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error)
	StampScans(ctx context.Context, id uuid.UUID, limit int) ([]stamp.ScanEvent, error)
}

// Options tune a Cache; zero values give the defaults.
type Options struct {
	// Prefix starts every key (default "ocopstamp:"). It must not contain
	// '{' or '}' (keys use a hash tag per stamp for Redis Cluster).
	Prefix string
	// TTL of a cached view (default 10m), randomised by ±10% so that entries
	// written together do not expire together.
	TTL time.Duration
	// NegativeTTL of a cached "not in the registry" (default 2s).
	NegativeTTL time.Duration
	// StatsTTL of a stamp's scan statistics, renewed by every update
	// (default 30 days); expired statistics are re-read from the store.
	StatsTTL time.Duration
	// PollInterval between two reads of the registry version (default 250ms).
	PollInterval time.Duration
	// CallTimeout is the deadline of every Redis call (default 300ms).
	CallTimeout time.Duration
	// Backoff is how long the cache goes straight to the store after a Redis
	// error before trying Redis again (default 500ms).
	Backoff time.Duration
	// SeedScans bounds the recent scans read from the store to rebuild a
	// stamp's distinct-client estimate (default 4096).
	SeedScans int
	Logger    *slog.Logger
}

// Cache is a Redis cache in front of a Source. It implements
// verify.ViewStatsSource and verify.ScanStatsSink. It is safe for concurrent
// use; Close stops its version poller.
type Cache struct {
	rdb  redis.UniversalClient
	src  Source
	opts Options
	log  *slog.Logger

	version   atomic.Int64 // the change feed's version seen; -1 until the first successful poll
	feed      *feed
	downUntil atomic.Int64 // unix nanoseconds; Redis is skipped before it
	sf        singleflight.Group
	m         counters

	stop chan struct{}
	done chan struct{}
}

// New returns a cache using rdb in front of src and starts its change-feed
// poller. It reads the feed once before returning; until a read succeeds
// every lookup goes to src. The caller keeps ownership of rdb.
func New(rdb redis.UniversalClient, src Source, opts Options) *Cache {
	if opts.Prefix == "" {
		opts.Prefix = "ocopstamp:"
	}
	if opts.TTL <= 0 {
		opts.TTL = 10 * time.Minute
	}
	if opts.NegativeTTL <= 0 {
		opts.NegativeTTL = 2 * time.Second
	}
	if opts.StatsTTL <= 0 {
		opts.StatsTTL = 30 * 24 * time.Hour
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 250 * time.Millisecond
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 300 * time.Millisecond
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 500 * time.Millisecond
	}
	if opts.SeedScans <= 0 {
		opts.SeedScans = 4096
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	c := &Cache{rdb: rdb, src: src, opts: opts, log: log, feed: newFeed(), stop: make(chan struct{}), done: make(chan struct{})}
	c.version.Store(-1)
	c.poll()
	go c.pollLoop()
	return c
}

// Close stops the change-feed poller. It does not close the Redis client.
func (c *Cache) Close() error {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	<-c.done
	return nil
}

// Version returns the registry version of the change feed the cache has
// seen, or -1 before the first successful read.
func (c *Cache) Version() int64 { return c.version.Load() }

func (c *Cache) viewKey(id uuid.UUID) string {
	return c.opts.Prefix + "v" + wireFormat + ":{" + id.String() + "}"
}

// statsKeys returns the keys of a stamp's scan statistics: hash,
// HyperLogLog, summary.
func (c *Cache) statsKeys(id uuid.UUID) []string {
	tag := "{" + id.String() + "}"
	return []string{c.opts.Prefix + "st:" + tag, c.opts.Prefix + "sh:" + tag, c.summaryKey(id)}
}
func (c *Cache) summaryKey(id uuid.UUID) string { return c.opts.Prefix + "ss:{" + id.String() + "}" }

// usable reports whether Redis may be tried now.
func (c *Cache) usable() bool {
	if time.Now().UnixNano() < c.downUntil.Load() {
		c.m.skipped.Add(1)
		return false
	}
	return true
}

// failed records a Redis error unless the caller's context ended (which says
// nothing about Redis), and opens the back-off window.
func (c *Cache) failed(ctx context.Context, op string, err error) {
	if ctx.Err() != nil {
		return
	}
	c.m.errors.Add(1)
	if cc, ok := c.rdb.(*redis.ClusterClient); ok {
		// A master may have died and a replica taken its slots: learn the
		// cluster's new shape now rather than at the next periodic reload.
		cc.ReloadState(ctx)
	}
	prev := c.downUntil.Swap(time.Now().Add(c.opts.Backoff).UnixNano())
	if prev < time.Now().Add(-c.opts.Backoff).UnixNano() {
		c.log.Warn("redis cache: falling back to the store", "op", op, "err", err)
	}
}

// StampView returns the stamp's view from Redis, or from the store on a miss
// (then caches it). A stamp the registry does not hold is a *stamp.Error with
// code ENotFound, cached briefly. Redis errors are never returned: the store
// answers instead; only the store's errors are.
func (c *Cache) StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error) {
	ver := c.version.Load()
	if ver < 0 || !c.usable() {
		return c.src.StampView(ctx, id)
	}
	rctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	b, err := c.rdb.Get(rctx, c.viewKey(id)).Result()
	cancel()
	if err == nil {
		if v, err := c.hit(id, b); err == nil || stamp.ErrorCode(err) == stamp.ENotFound {
			return v, err
		}
	} else if err != redis.Nil {
		c.failed(ctx, "get", err)
		return c.src.StampView(ctx, id)
	}
	return c.load(ctx, ver, id)
}

// StampViewStats is StampView plus the stamp's scan statistics, read in the
// same round trip (one MGET). The statistics are nil (ask the store) when
// Redis does not hold them yet or cannot be reached; they lag the store by
// up to the recorder's flush interval, and the distinct-client figure is a
// HyperLogLog estimate (about 1% error).
func (c *Cache) StampViewStats(ctx context.Context, id uuid.UUID) (*storage.StampView, *stamp.ScanStats, error) {
	ver := c.version.Load()
	if ver < 0 {
		v, err := c.src.StampView(ctx, id)
		return v, nil, err
	}
	if !c.usable() {
		return c.storeThenRedis(ctx, id)
	}
	vals, err := c.mget(ctx, id)
	if err != nil {
		c.failed(ctx, "mget", err)
		return c.storeThenRedis(ctx, id)
	}
	stats := parseStats(vals[1])
	if s, ok := vals[0].(string); ok {
		v, err := c.hit(id, s)
		if err == nil || stamp.ErrorCode(err) == stamp.ENotFound {
			return v, stats, err
		}
	}
	v, err := c.load(ctx, ver, id)
	return v, stats, err
}

// mget reads a stamp's view and statistics summary in one round trip.
func (c *Cache) mget(ctx context.Context, id uuid.UUID) ([]any, error) {
	rctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	vals, err := c.rdb.MGet(rctx, c.viewKey(id), c.summaryKey(id)).Result()
	if err == nil && len(vals) != 2 {
		err = fmt.Errorf("MGET returned %d values", len(vals))
	}
	return vals, err
}

// storeThenRedis answers from the store while Redis is skipped or just
// failed; when the store fails too (down, restarting), it asks Redis once
// more despite the back-off: one slow Redis reply under load must not turn
// the cached lookups into failures while the database is away.
func (c *Cache) storeThenRedis(ctx context.Context, id uuid.UUID) (*storage.StampView, *stamp.ScanStats, error) {
	v, err := c.src.StampView(ctx, id)
	if err == nil || stamp.ErrorCode(err) == stamp.ENotFound || ctx.Err() != nil {
		return v, nil, err
	}
	vals, rerr := c.mget(ctx, id)
	if rerr != nil {
		return nil, nil, err
	}
	if b, ok := vals[0].(string); ok {
		if cv, herr := c.hit(id, b); herr == nil || stamp.ErrorCode(herr) == stamp.ENotFound {
			return cv, parseStats(vals[1]), herr
		}
	}
	return nil, nil, err
}

// errStale is hit's answer for an entry older than a change the cache knows
// of: the caller reloads the view.
var errStale = errors.New("stale cached view")

// hit decodes a cached value and checks it against the change feed; an
// undecodable or stale one counts as a miss (an error other than ENotFound).
func (c *Cache) hit(id uuid.UUID, b string) (*storage.StampView, error) {
	loaded, v, missing, err := decodeEntry(b)
	if err != nil {
		c.log.Warn("redis cache: bad entry; reloading", "key", c.viewKey(id), "err", err)
		return nil, err
	}
	if missing {
		if !c.feed.freshMissing(loaded) {
			c.m.stale.Add(1)
			return nil, errStale
		}
		c.m.negHits.Add(1)
		return nil, stamp.Errorf(stamp.ENotFound, "stamp %s is not in the registry", id)
	}
	if !c.feed.fresh(loaded, v.Stamp.ID, v.Batch.ID, v.Product.Number, v.Product.FacilityCode, v.Batch.FacilityCode, v.Facility.Code) {
		c.m.stale.Add(1)
		return nil, errStale
	}
	c.m.hits.Add(1)
	return v, nil
}

// load reads the view from the store, once per key however many lookups
// miss together, and caches it with the change-feed version read before the
// store was (so an entry never claims to be newer than its data).
func (c *Cache) load(ctx context.Context, ver int64, id uuid.UUID) (*storage.StampView, error) {
	c.m.misses.Add(1)
	key := c.viewKey(id)
	// Lookups share a load only when they had seen the same version: one
	// that knows of a newer change must not take data read before it.
	ch := c.sf.DoChan(key+"@"+strconv.FormatInt(ver, 10), func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		v, err := c.src.StampView(lctx, id)
		switch {
		case err == nil:
			if b, err := encodeEntry(ver, v); err == nil {
				c.set(lctx, key, b, c.jitter(c.opts.TTL))
			}
		case stamp.ErrorCode(err) == stamp.ENotFound:
			c.set(lctx, key, encodeMissing(ver), c.opts.NegativeTTL)
		}
		return v, err
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*storage.StampView), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("stamp view %s: %w", id, ctx.Err())
	}
}

func (c *Cache) set(ctx context.Context, key string, val []byte, ttl time.Duration) {
	if !c.usable() {
		return
	}
	rctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	if err := c.rdb.Set(rctx, key, val, ttl).Err(); err != nil {
		c.failed(ctx, "set", err)
	}
}

func (c *Cache) jitter(d time.Duration) time.Duration {
	return d - d/10 + time.Duration(rand.Int64N(int64(d/5)+1))
}

// errUnavailable is AddScans's answer while Redis is being skipped.
var errUnavailable = errors.New("redis cache: redis unavailable (backing off)")
