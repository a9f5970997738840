package rediscache_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
)

// TestCluster runs the cache tests on a real Redis Cluster (three masters,
// three replicas, started for the test), then kills a master under lookup
// load: every lookup keeps answering, and the cache serves hits again once
// a replica has taken over.
func TestCluster(t *testing.T) {
	cl := redistest.StartCluster(t)
	onCluster := func(t testing.TB) (redis.UniversalClient, string) {
		rdb, err := rediscache.NewClient(cl.URL())
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rdb.(*redis.ClusterClient); !ok {
			t.Fatalf("NewClient(%q) gave a %T, not a cluster client", cl.URL(), rdb)
		}
		prefix := redistest.Prefix(t)
		t.Cleanup(func() {
			redistest.DeletePrefix(t, rdb, prefix)
			rdb.Close()
		})
		return rdb, prefix
	}
	t.Run("CacheAside", func(t *testing.T) { testCacheAside(t, onCluster) })
	t.Run("ScanStats", func(t *testing.T) { testScanStats(t, onCluster) })
	t.Run("NarrowInvalidation", func(t *testing.T) { testNarrowInvalidation(t, onCluster) })
	t.Run("Failover", func(t *testing.T) { testFailover(t, cl, onCluster) })
}

func testFailover(t *testing.T, cl *redistest.Cluster, redisFor backend) {
	ctx := context.Background()
	s, ids := seeded(t, 200)
	c, _, prefix := newCache(t, s, redisFor)
	for _, id := range ids { // warm: every view cached
		if _, _, err := c.StampViewStats(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	var lookups, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				id := ids[rand.IntN(len(ids))]
				lctx, cancel := context.WithTimeout(ctx, 2*time.Second)
				v, _, err := c.StampViewStats(lctx, id)
				cancel()
				lookups.Add(1)
				if err != nil || v == nil || v.Stamp.ID != id {
					failed.Add(1)
				}
			}
		}()
	}
	for lookups.Load() < 500 {
		time.Sleep(time.Millisecond)
	}
	// The master of one view's slot dies; its replica takes over.
	cl.KillMaster(prefix + "x:{" + ids[0].String() + "}")
	hitsBefore := c.Stats().Hits
	t0 := time.Now()
	cl.WaitHealthy()
	t.Logf("cluster healthy again after %v", time.Since(t0))
	// Hits resume on the promoted replica's slots too: look up every stamp
	// until the cache answers all of them without the store.
	for {
		views := s.views.Load()
		for _, id := range ids {
			if _, _, err := c.StampViewStats(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if s.views.Load() == views {
			break
		}
		time.Sleep(50 * time.Millisecond) // bounded by the test's timeout
	}
	t.Logf("cache serves every view again after %v", time.Since(t0))
	close(stop)
	wg.Wait()
	if failed.Load() != 0 {
		t.Fatalf("%d of %d lookups failed across the failover", failed.Load(), lookups.Load())
	}
	if c.Stats().Hits <= hitsBefore {
		t.Fatalf("no cache hits after the failover: %+v", c.Stats())
	}
	t.Logf("%d lookups, none failed; cache %+v", lookups.Load(), c.Stats())
}
