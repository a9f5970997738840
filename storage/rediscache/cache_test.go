package rediscache_test

import (
	"context"
	"crypto/ed25519"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// counting counts the store reads a lookup can make.
type counting struct {
	storage.Store
	views, stats atomic.Int64
}

func (c *counting) StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error) {
	c.views.Add(1)
	return c.Store.StampView(ctx, id)
}

func (c *counting) ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error) {
	c.stats.Add(1)
	return c.Store.ScanStats(ctx, id)
}

// seeded returns a SQLite store with one product and n minted stamps.
func seeded(t *testing.T, n int) (*counting, []uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	s := storagetest.OpenSQLite(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateFacility(ctx, "test", stamp.Facility{Code: "F1", Name: "HTX Test", District: "Can Lộc"}))
	must(s.CreateProduct(ctx, "test", stamp.Product{Number: 1, FacilityCode: "F1", Name: "Nhút Thanh Chương", Group: "Thực phẩm"}))
	_, err := s.AddCertification(ctx, "test", stamp.Certification{ProductNumber: 1, Rank: stamp.Rank3, DecisionNumber: "1/QĐ",
		DecisionDate: stamp.DateOf(time.Now()).AddDays(-10)})
	must(err)
	ids := mint(t, s, n)
	return &counting{Store: s}, ids
}

func mint(t *testing.T, s storage.Store, n int) []uuid.UUID {
	t.Helper()
	return mintFor(t, s, 1, n)
}

// mintFor mints a batch of n stamps of product.
func mintFor(t *testing.T, s storage.Store, product uint32, n int) []uuid.UUID {
	t.Helper()
	sg, err := stamp.NewSigner(ed25519.NewKeyFromSeed(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	stamps := make([]stamp.Stamp, n)
	ids := make([]uuid.UUID, n)
	for i := range stamps {
		ids[i] = uuid.New()
		stamps[i] = stamp.Stamp{ID: ids[i], KeyID: sg.KeyID(), Signature: sg.Sign(product, ids[i]).Signature}
	}
	done := false
	b := &stamp.Batch{ID: uuid.New(), ProductNumber: product, Count: n, KeyID: sg.KeyID(), MintedBy: "test"}
	if err := s.CreateBatch(context.Background(), b, func() ([]stamp.Stamp, error) {
		if done {
			return nil, nil
		}
		done = true
		return stamps, nil
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}

// backend gives a test a Redis client and a fresh key prefix, cleaned up
// when the test ends: redistest.Client (the shared server) or a cluster's.
type backend func(t testing.TB) (redis.UniversalClient, string)

func newCache(t *testing.T, src rediscache.Source, redisFor backend) (*rediscache.Cache, redis.UniversalClient, string) {
	t.Helper()
	rdb, prefix := redisFor(t)
	c := rediscache.New(rdb, src, rediscache.Options{Prefix: prefix, PollInterval: 10 * time.Millisecond})
	t.Cleanup(func() { c.Close() })
	return c, rdb, prefix
}

// waitVersion waits until c has seen the store's current version.
func waitVersion(t *testing.T, c *rediscache.Cache, s storage.Store) {
	t.Helper()
	v, err := s.RegistryVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for c.Version() < v {
		time.Sleep(2 * time.Millisecond)
	}
}

func TestCacheAside(t *testing.T) { testCacheAside(t, redistest.Client) }

func testCacheAside(t *testing.T, redisFor backend) {
	ctx := context.Background()
	s, ids := seeded(t, 2)
	c, _, _ := newCache(t, s, redisFor)
	want, err := s.Store.StampView(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		got, err := c.StampView(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if !sameView(got, want) {
			t.Fatalf("cached view differs:\n got %+v\nwant %+v", got, want)
		}
	}
	if n := s.views.Load(); n != 1 {
		t.Fatalf("%d store reads for 3 lookups, want 1", n)
	}
	st := c.Stats()
	if st.Hits != 2 || st.Misses != 1 || st.Errors != 0 {
		t.Fatalf("stats %+v", st)
	}

	// Not in the registry: answered briefly from Redis; a write that adds
	// the stamp bumps the version, so it is seen at once.
	missing := uuid.New()
	for i := 0; i < 2; i++ {
		if _, err := c.StampView(ctx, missing); stamp.ErrorCode(err) != stamp.ENotFound {
			t.Fatalf("missing stamp: %v", err)
		}
	}
	if c.Stats().NegativeHits != 1 {
		t.Fatalf("stats %+v", c.Stats())
	}
	if err := s.RevokeStamp(ctx, "test", ids[1], "test"); err != nil {
		t.Fatal(err)
	}
	waitVersion(t, c, s)
	v, err := c.StampView(ctx, ids[1])
	if err != nil || v.Stamp.RevokedAt == nil {
		t.Fatalf("after revocation: %+v %v", v, err)
	}
}

func sameView(a, b *storage.StampView) bool {
	norm := func(v *storage.StampView) storage.StampView {
		c := *v
		c.Stamp.MintedAt = c.Stamp.MintedAt.UTC()
		c.Batch.MintedAt = c.Batch.MintedAt.UTC()
		c.Product.CreatedAt, c.Product.UpdatedAt = c.Product.CreatedAt.UTC(), c.Product.UpdatedAt.UTC()
		c.Facility.CreatedAt, c.Facility.UpdatedAt = c.Facility.CreatedAt.UTC(), c.Facility.UpdatedAt.UTC()
		if c.Certification != nil {
			cc := *c.Certification
			cc.CreatedAt, cc.UpdatedAt = cc.CreatedAt.UTC(), cc.UpdatedAt.UTC()
			c.Certification = &cc
		}
		var ps []stamp.PointOfSale
		for _, p := range c.PointsOfSale {
			p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
			ps = append(ps, p)
		}
		c.PointsOfSale = ps
		return c
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// TestFailOpen: with Redis unreachable every call is answered by the store,
// quickly, and the errors are counted.
func TestFailOpen(t *testing.T) {
	ctx := context.Background()
	s, ids := seeded(t, 1)
	rdb, err := rediscache.NewClient("redis://127.0.0.1:1/0") // nothing listens on port 1
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	c := rediscache.New(rdb, s, rediscache.Options{})
	defer c.Close()
	for i := 0; i < 5; i++ {
		v, stats, err := c.StampViewStats(ctx, ids[0])
		if err != nil || v.Stamp.ID != ids[0] || stats != nil {
			t.Fatalf("lookup %d: %v %v %v", i, v, stats, err)
		}
	}
	if err := c.AddScans(ctx, []stamp.ScanEvent{{StampID: ids[0], At: time.Now(), ClientHash: "x"}}); err == nil {
		t.Fatal("AddScans without Redis reported no error")
	}
	st := c.Stats()
	if st.Errors != 1 || st.Skipped < 4 || st.Hits != 0 {
		t.Fatalf("stats %+v: want 1 error, then calls skipped during the back-off", st)
	}
	reg := prometheus.NewRegistry()
	if err := c.Register(reg); err != nil {
		t.Fatal(err)
	}
	mfs, err := reg.Gather()
	if err != nil || len(mfs) != 9 {
		t.Fatalf("%d metric families, %v", len(mfs), err)
	}
}

// TestScanStats: the recorder's batches land in Redis statistics, rebuilt
// from the store when Redis does not hold them.
func TestScanStats(t *testing.T) { testScanStats(t, redistest.Client) }

func testScanStats(t *testing.T, redisFor backend) {
	ctx := context.Background()
	s, ids := seeded(t, 1)
	c, rdb, prefix := newCache(t, s, redisFor)
	id := ids[0]
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	batch := func(at time.Time, clients ...string) []stamp.ScanEvent {
		var evs []stamp.ScanEvent
		for i, h := range clients {
			evs = append(evs, stamp.ScanEvent{StampID: id, At: at.Add(time.Duration(i) * time.Second), Channel: "web", ClientHash: h, Verdict: "genuine"})
		}
		return evs
	}
	write := func(evs []stamp.ScanEvent) {
		t.Helper()
		if err := s.RecordScans(ctx, evs); err != nil {
			t.Fatal(err)
		}
		if err := c.AddScans(ctx, evs); err != nil {
			t.Fatal(err)
		}
	}
	check := func(count, distinct int64) {
		t.Helper()
		_, st, err := c.StampViewStats(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if st == nil || st.Count != count || st.DistinctClients != distinct || st.FirstAt == nil || !st.FirstAt.Equal(t0) {
			t.Fatalf("stats %+v, want count %d distinct %d first %v", st, count, distinct, t0)
		}
	}
	if _, st, _ := c.StampViewStats(ctx, id); st != nil {
		t.Fatalf("statistics before any scan: %+v", st)
	}
	write(batch(t0, "a", "b", "a"))
	check(3, 2)
	if c.Stats().Seeds != 1 {
		t.Fatalf("stats %+v", c.Stats())
	}
	write(batch(t0.Add(time.Hour), "c", "a"))
	check(5, 3)
	stores := s.stats.Load()
	check(5, 3)
	if s.stats.Load() != stores {
		t.Fatal("reading statistics hit the store")
	}
	// Redis loses them (restart, eviction): the next batch rebuilds them from
	// the store, which holds every scan.
	redistest.DeletePrefix(t, rdb, prefix)
	write(batch(t0.Add(2*time.Hour), "d"))
	check(6, 4)
}
