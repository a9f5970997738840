package verify

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestCacheInvalidationAcrossReplicas: two replicas (two Caches, default
// poll interval) share one Redis and one store; a revocation written through
// the store reaches the replica that did not write it within about a second.
func TestCacheInvalidationAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	s := storagetest.OpenSQLite(t)
	rdb, prefix := redistest.Client(t)
	reg := seedRegistry(t, s)
	replica := func() *Service {
		c := rediscache.New(rdb, s, rediscache.Options{Prefix: prefix})
		t.Cleanup(func() { c.Close() })
		return &Service{Keys: reg.keys, Views: c, Store: s}
	}
	a, b := replica(), replica()
	text := reg.good[0].Code().Text()
	for _, svc := range []*Service{a, b, a, b} {
		r, err := svc.Lookup(ctx, text, Client{})
		if err != nil || r.Verdict != stamp.Genuine {
			t.Fatalf("before: %v %v", r, err)
		}
	}
	bc := b.Views.(*rediscache.Cache)
	if st := bc.Stats(); st.Hits == 0 {
		t.Fatalf("replica b never hit the cache: %+v", st)
	}
	if err := s.RevokeStamp(ctx, "test", reg.good[0].ID, "bị làm giả"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		r, err := b.Lookup(ctx, text, Client{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict == stamp.Revoked {
			break
		}
		if time.Since(start) > 10*time.Second { // a hang, not a speed check
			t.Fatal("replica b never saw the revocation")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("replica b saw the revocation after %v (poll interval 250ms)", time.Since(start).Round(time.Millisecond))
	r, err := a.Lookup(ctx, text, Client{})
	if err != nil || r.Verdict != stamp.Revoked {
		t.Fatalf("replica a: %v %v", r, err)
	}
}

// TestRedisRestartUnderLoad kills a private Redis while lookups run and
// restarts it on the same port: no lookup fails, and the cache serves hits
// again afterwards.
func TestRedisRestartUnderLoad(t *testing.T) {
	ctx := context.Background()
	srv := redistest.StartServer(t)
	rdb, err := rediscache.NewClient(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	s := storagetest.OpenSQLite(t)
	w := newWorld(t, s, rdb, "ocoptest:")
	var texts []string
	for _, st := range w.reg.good {
		texts = append(texts, st.Code().Text())
	}
	var (
		stop     atomic.Bool
		lookups  atomic.Int64
		failures atomic.Int64
		wrong    atomic.Int64
		wg       sync.WaitGroup
	)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; !stop.Load(); i++ {
				r, err := w.svc.Lookup(ctx, texts[i%len(texts)], Client{Addr: "198.51.100.1", Channel: stamp.ChannelWeb})
				lookups.Add(1)
				if err != nil {
					failures.Add(1)
					t.Errorf("lookup failed: %v", err)
				} else if r.Verdict != stamp.Genuine && r.Verdict != stamp.Suspicious {
					wrong.Add(1)
				}
			}
		}()
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				stop.Store(true)
				wg.Wait()
				t.Fatalf("waiting for %s; cache stats %+v", what, w.cache.Stats())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("cache hits", func() bool { return w.cache.Stats().Hits > 100 })
	srv.Stop()
	waitFor("redis errors", func() bool { return w.cache.Stats().Errors > 0 })
	down := lookups.Load()
	waitFor("lookups while redis is down", func() bool { return lookups.Load() > down+200 })
	srv.Start()
	hits := w.cache.Stats().Hits
	waitFor("cache hits after restart", func() bool { return w.cache.Stats().Hits > hits+100 })
	stop.Store(true)
	wg.Wait()
	st := w.cache.Stats()
	t.Logf("%d lookups, %d failed; cache %+v", lookups.Load(), failures.Load(), st)
	if failures.Load() != 0 || wrong.Load() != 0 {
		t.Fatalf("%d lookups failed, %d wrong verdicts", failures.Load(), wrong.Load())
	}
	if err := w.rec.Close(ctx); err != nil {
		t.Fatal(err)
	}
}
