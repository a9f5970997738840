package rediscache

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// feed is what the cache knows of the registry's change feed: for each
// entity changed lately, the registry version of its last change, and a
// floor below which every view is stale (a change of everything, a gap in
// the feed, or changes forgotten after pruneAge). A cached view records the
// version its loader had seen before reading the store; it is fresh when
// that version is at least the floor and every change of the entities it
// depends on (views.go: its stamp, batch, product and facilities).
type feed struct {
	mu         sync.RWMutex
	floor      int64
	mint       int64 // last mint: "not in the registry" entries before it are stale
	stamps     map[uuid.UUID]int64
	batches    map[uuid.UUID]int64
	products   map[uint32]int64
	facilities map[string]int64
	recent     []seen // the changes in the maps, oldest first, for pruning
}

type seen struct {
	c  storage.RegistryChange
	at time.Time
}

func newFeed() *feed {
	return &feed{stamps: map[uuid.UUID]int64{}, batches: map[uuid.UUID]int64{},
		products: map[uint32]int64{}, facilities: map[string]int64{}}
}

// fresh reports whether a view loaded at version loaded is still valid.
func (f *feed) fresh(loaded int64, stampID, batchID uuid.UUID, product uint32, facilities ...string) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if loaded < f.floor {
		return false
	}
	if len(f.recent) == 0 {
		return true
	}
	if loaded < f.stamps[stampID] || loaded < f.batches[batchID] || loaded < f.products[product] {
		return false
	}
	for _, code := range facilities {
		if loaded < f.facilities[code] {
			return false
		}
	}
	return true
}

// freshMissing reports whether a cached "not in the registry" loaded at
// version loaded is still valid.
func (f *feed) freshMissing(loaded int64) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return loaded >= f.floor && loaded >= f.mint
}

// apply takes in a feed read after version after, at time now, and forgets
// changes seen more than pruneAge ago (raising the floor past them: views
// loaded before them have expired from Redis by then).
func (f *feed) apply(after int64, cf storage.ChangeFeed, now time.Time, pruneAge time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !cf.Complete {
		// Versions the feed does not describe changed, for all we know,
		// everything.
		f.floor = max(f.floor, cf.FeedGap(after))
	}
	for _, c := range cf.Changes {
		if c.Version <= f.floor {
			continue
		}
		if f.set(c, c.Version) {
			f.recent = append(f.recent, seen{c, now})
		}
	}
	cut := 0
	for cut < len(f.recent) && now.Sub(f.recent[cut].at) > pruneAge {
		c := f.recent[cut].c
		f.floor = max(f.floor, c.Version)
		f.unset(c)
		cut++
	}
	if cut > 0 {
		f.recent = append(f.recent[:0], f.recent[cut:]...)
	}
	if len(f.recent) == 0 {
		clear(f.stamps)
		clear(f.batches)
		clear(f.products)
		clear(f.facilities)
	}
}

// set records change c at version v; it returns false for a change that
// needs no entry (everything, which raises the floor).
func (f *feed) set(c storage.RegistryChange, v int64) bool {
	switch c.Kind {
	case storage.ChangeStamp:
		if id, err := uuid.Parse(c.Entity); err == nil {
			f.stamps[id] = max(f.stamps[id], v)
			return true
		}
	case storage.ChangeBatch:
		if id, err := uuid.Parse(c.Entity); err == nil {
			f.batches[id] = max(f.batches[id], v)
			return true
		}
	case storage.ChangeProduct:
		if n, err := strconv.ParseUint(c.Entity, 10, 32); err == nil {
			f.products[uint32(n)] = max(f.products[uint32(n)], v)
			return true
		}
	case storage.ChangeFacility:
		f.facilities[c.Entity] = max(f.facilities[c.Entity], v)
		return true
	case storage.ChangeMint:
		f.mint = max(f.mint, v)
		return false
	}
	// ChangeAll, and any kind this release does not know: everything.
	f.floor = max(f.floor, v)
	return false
}

// unset forgets change c when it is the entity's last one.
func (f *feed) unset(c storage.RegistryChange) {
	switch c.Kind {
	case storage.ChangeStamp:
		if id, err := uuid.Parse(c.Entity); err == nil && f.stamps[id] <= c.Version {
			delete(f.stamps, id)
		}
	case storage.ChangeBatch:
		if id, err := uuid.Parse(c.Entity); err == nil && f.batches[id] <= c.Version {
			delete(f.batches, id)
		}
	case storage.ChangeProduct:
		if n, err := strconv.ParseUint(c.Entity, 10, 32); err == nil && f.products[uint32(n)] <= c.Version {
			delete(f.products, uint32(n))
		}
	case storage.ChangeFacility:
		if f.facilities[c.Entity] <= c.Version {
			delete(f.facilities, c.Entity)
		}
	}
}

// pollLoop reads the change feed every PollInterval until Close.
func (c *Cache) pollLoop() {
	defer close(c.done)
	t := time.NewTicker(c.opts.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.poll()
		}
	}
}

// poll reads the change feed once after the version the cache has seen. On
// failure the last known state stays in use: while this replica cannot read
// the store it cannot see changes either, and answering from the cache
// keeps lookups working.
func (c *Cache) poll() {
	ctx, cancel := context.WithTimeout(context.Background(), max(time.Second, 2*c.opts.PollInterval))
	defer cancel()
	after := max(c.version.Load(), 0)
	cf, err := c.src.RegistryChanges(ctx, after, storage.ChangeFeedVersions)
	if err != nil {
		if c.m.pollErrors.Add(1) == 1 || c.version.Load() < 0 {
			c.log.Warn("redis cache: cannot read the registry change feed", "err", err)
		}
		return
	}
	c.feed.apply(after, cf, time.Now(), c.pruneAge())
	if old := c.version.Swap(cf.Version); old != cf.Version {
		c.m.versionChanges.Add(1)
	}
}

// pruneAge is how long the cache remembers a change: longer than any view
// loaded before it can stay in Redis (the TTL with its jitter), plus a
// minute for a loader's lag.
func (c *Cache) pruneAge() time.Duration { return c.opts.TTL + c.opts.TTL/10 + time.Minute }
