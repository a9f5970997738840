package rediscache

import (
	"errors"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

type counters struct {
	hits, negHits, misses atomic.Int64
	stale                 atomic.Int64
	errors, skipped       atomic.Int64
	seeds, statsUpdates   atomic.Int64
	pollErrors            atomic.Int64
	versionChanges        atomic.Int64
}

// Stats is a snapshot of the cache's counters (the same figures as its
// Prometheus collectors).
type Stats struct {
	Hits, NegativeHits, Misses int64
	Stale                      int64 // entries older than a change to what they show (reloaded)
	Errors, Skipped            int64
	Seeds, StatsUpdates        int64
	PollErrors, Version        int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() Stats {
	return Stats{
		Hits: c.m.hits.Load(), NegativeHits: c.m.negHits.Load(), Misses: c.m.misses.Load(), Stale: c.m.stale.Load(),
		Errors: c.m.errors.Load(), Skipped: c.m.skipped.Load(),
		Seeds: c.m.seeds.Load(), StatsUpdates: c.m.statsUpdates.Load(),
		PollErrors: c.m.pollErrors.Load(), Version: c.version.Load(),
	}
}

// Collectors returns the cache's Prometheus collectors:
// ocopstamp_cache_hits_total, ocopstamp_cache_negative_hits_total,
// ocopstamp_cache_misses_total, ocopstamp_cache_stale_total (entries a
// registry change made stale), ocopstamp_cache_errors_total (Redis errors,
// each answered from the store), ocopstamp_cache_skipped_total (lookups sent
// straight to the store during the back-off after an error),
// ocopstamp_cache_stats_seeds_total, ocopstamp_cache_version_poll_errors_total
// and ocopstamp_cache_registry_version.
func (c *Cache) Collectors() []prometheus.Collector {
	cf := func(name, help string, v *atomic.Int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(v.Load()) })
	}
	return []prometheus.Collector{
		cf("ocopstamp_cache_hits_total", "Stamp views answered from Redis.", &c.m.hits),
		cf("ocopstamp_cache_negative_hits_total", "Lookups answered 'not in the registry' from Redis.", &c.m.negHits),
		cf("ocopstamp_cache_misses_total", "Stamp views read from the store and cached.", &c.m.misses),
		cf("ocopstamp_cache_stale_total", "Cached stamp views found older than a registry change to what they show, and reloaded.", &c.m.stale),
		cf("ocopstamp_cache_errors_total", "Redis errors; each call was answered from the store instead.", &c.m.errors),
		cf("ocopstamp_cache_skipped_total", "Calls sent straight to the store while backing off after a Redis error.", &c.m.skipped),
		cf("ocopstamp_cache_stats_seeds_total", "Per-stamp scan statistics rebuilt from the store.", &c.m.seeds),
		cf("ocopstamp_cache_version_poll_errors_total", "Failed reads of the registry version.", &c.m.pollErrors),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ocopstamp_cache_registry_version",
			Help: "Registry version of the change feed the cache has seen (-1: unknown).",
		}, func() float64 { return float64(c.version.Load()) }),
	}
}

// Register registers the cache's collectors on reg.
func (c *Cache) Register(reg prometheus.Registerer) error {
	var errs []error
	for _, col := range c.Collectors() {
		if err := reg.Register(col); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
