package rediscache

import (
	"context"
	"time"
)

// pollLoop reads the registry version every PollInterval until Close.
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

// poll reads the registry version once. On failure the last known version
// stays in use: while this replica cannot read the store it cannot see
// changes either, and answering from the cache keeps lookups working.
func (c *Cache) poll() {
	ctx, cancel := context.WithTimeout(context.Background(), max(time.Second, 2*c.opts.PollInterval))
	defer cancel()
	v, err := c.src.RegistryVersion(ctx)
	if err != nil {
		if c.m.pollErrors.Add(1) == 1 || c.version.Load() < 0 {
			c.log.Warn("redis cache: cannot read the registry version", "err", err)
		}
		return
	}
	if old := c.version.Swap(v); old != v {
		c.m.versionChanges.Add(1)
	}
}
