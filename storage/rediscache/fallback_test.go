package rediscache_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
)

// downStore is a store whose stamp views fail while down is set.
type downStore struct {
	*counting
	down bool
}

func (d *downStore) StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error) {
	if d.down {
		return nil, errors.New("database is down")
	}
	return d.counting.StampView(ctx, id)
}

// TestCachedViewSurvivesRedisHiccupWhileStoreDown: the database is down and
// one Redis call has failed (a slow reply under load starts the back-off):
// lookups of cached views are still answered from Redis, not failed on the
// store. Before, every lookup of the back-off went to the dead store.
func TestCachedViewSurvivesRedisHiccupWhileStoreDown(t *testing.T) {
	ctx := context.Background()
	s, ids := seeded(t, 1)
	src := &downStore{counting: s}
	c, rdb := ownRedisCache(t, src, s, ids[0])
	// Redis stalls for longer than a call's deadline (as under CPU
	// starvation): the lookup is answered by the store and the back-off
	// starts.
	if err := rdb.Do(ctx, "CLIENT", "PAUSE", "400", "ALL").Err(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.StampViewStats(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if c.Stats().Errors != 1 {
		t.Fatalf("no Redis error during the pause: %+v", c.Stats())
	}
	src.down = true
	time.Sleep(500 * time.Millisecond) // the pause ends (not a timing assertion)
	for i := range 3 {
		v, _, err := c.StampViewStats(ctx, ids[0])
		if err != nil || v == nil || v.Stamp.ID != ids[0] {
			t.Fatalf("lookup %d of a view Redis holds, store down, during the back-off: %v, %v", i, v, err)
		}
	}
}

// TestSlowStatsWriteKeepsLookupsOnRedis: a scan-statistics update that
// times out (Redis holds writes longer than a call's deadline, as a large
// flush under load did) is counted, but lookups keep reading Redis. Before,
// every such timeout sent all lookups to the store for the back-off.
func TestSlowStatsWriteKeepsLookupsOnRedis(t *testing.T) {
	ctx := context.Background()
	s, ids := seeded(t, 2)
	c, rdb := ownRedisCache(t, s, s, ids[0])
	reads := s.views.Load()
	if err := rdb.Do(ctx, "CLIENT", "PAUSE", "600", "WRITE").Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.AddScans(ctx, []stamp.ScanEvent{{StampID: ids[1], At: time.Now(), ClientHash: "x"}}); err == nil {
		t.Fatal("AddScans during a write pause longer than its deadline reported no error")
	}
	if st := c.Stats(); st.Errors != 1 {
		t.Fatalf("stats %+v: want the failed statistics update counted", st)
	}
	v, _, err := c.StampViewStats(ctx, ids[0])
	if err != nil || v == nil || v.Stamp.ID != ids[0] {
		t.Fatalf("lookup after a failed statistics update: %v, %v", v, err)
	}
	if st := c.Stats(); st.Skipped != 0 || st.Hits != 1 || s.views.Load() != reads {
		t.Fatalf("stats %+v, store reads %d→%d: want the lookup answered by Redis", st, reads, s.views.Load())
	}
}

// ownRedisCache starts a Redis server of the test's own (tests pause it),
// a cache on it in front of src with a long back-off, and caches id's view.
func ownRedisCache(t *testing.T, src rediscache.Source, s storage.Store, id uuid.UUID) (*rediscache.Cache, redis.UniversalClient) {
	t.Helper()
	srv := redistest.StartServer(t)
	rdb, err := rediscache.NewClient(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	c := rediscache.New(rdb, src, rediscache.Options{Backoff: time.Hour, PollInterval: time.Hour})
	t.Cleanup(func() { c.Close() })
	waitVersion(t, c, s)
	if _, _, err := c.StampViewStats(context.Background(), id); err != nil { // cached now
		t.Fatal(err)
	}
	return c, rdb
}
