package verify

import (
	"context"
	"crypto/ed25519"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// backends are the real stores the lookup tests run on.
var backends = []struct {
	name string
	open func(t *testing.T) storage.Store
}{
	{"sqlite", func(t *testing.T) storage.Store { return storagetest.OpenSQLite(t) }},
	{"postgres", func(t *testing.T) storage.Store { return storagetest.OpenPostgres(t) }},
}

// countingStore counts the calls a lookup can make to the store.
type countingStore struct {
	storage.Store
	calls atomic.Int64
}

func (c *countingStore) StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error) {
	c.calls.Add(1)
	return c.Store.StampView(ctx, id)
}
func (c *countingStore) ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error) {
	c.calls.Add(1)
	return c.Store.ScanStats(ctx, id)
}
func (c *countingStore) StampScans(ctx context.Context, id uuid.UUID, n int) ([]stamp.ScanEvent, error) {
	c.calls.Add(1)
	return c.Store.StampScans(ctx, id, n)
}
func (c *countingStore) StampBySerial(ctx context.Context, n uint64) (*stamp.Stamp, error) {
	c.calls.Add(1)
	return c.Store.StampBySerial(ctx, n)
}
func (c *countingStore) RecordScans(ctx context.Context, evs []stamp.ScanEvent) error {
	c.calls.Add(1)
	return c.Store.RecordScans(ctx, evs)
}

// countHook counts Redis commands.
type countHook struct{ n *atomic.Int64 }

func (h countHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h countHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}
func (h countHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

// registry is a seeded registry with signers and minted stamps.
type registry struct {
	keys                      *stamp.KeySet
	active, compBefore        *stamp.Signer
	compAfter, stranger       *stamp.Signer
	good                      []stamp.Stamp // product 1, active key
	goodBatch                 *stamp.Batch
	other                     []stamp.Stamp // product 1, a second batch (to revoke whole)
	otherBatch                *stamp.Batch
	compB, compA              []stamp.Stamp // product 1 under the compromised keys
	expired, suspended, withd []stamp.Stamp // products 2, 3, 4
}

func signer(t testing.TB, rnd *rand.ChaCha8) (*stamp.Signer, ed25519.PublicKey) {
	pub, priv, err := ed25519.GenerateKey(rnd)
	if err != nil {
		t.Fatal(err)
	}
	s, err := stamp.NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, pub
}

// seedRegistry imports a facility, four products (valid, expired, suspended
// and withdrawn certifications), a point of sale, and mints stamps. Keys:
// active; compBefore compromised an hour from now (its stamps were minted
// before the compromise); compAfter compromised an hour ago; stranger not in
// the key set.
func seedRegistry(t testing.TB, s storage.Store) *registry {
	t.Helper()
	ctx := context.Background()
	rnd := rand.NewChaCha8([32]byte{9})
	r := &registry{}
	var pa, pb, pc ed25519.PublicKey
	r.active, pa = signer(t, rnd)
	r.compBefore, pb = signer(t, rnd)
	r.compAfter, pc = signer(t, rnd)
	r.stranger, _ = signer(t, rnd)
	now := time.Now().UTC()
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	created := now.AddDate(-1, 0, 0)
	ks, err := stamp.NewKeySet(
		stamp.PublicKey{ID: r.active.KeyID(), Key: pa, State: stamp.KeyActive, CreatedAt: created},
		stamp.PublicKey{ID: r.compBefore.KeyID(), Key: pb, State: stamp.KeyCompromised, CreatedAt: created, CompromisedAt: &later},
		stamp.PublicKey{ID: r.compAfter.KeyID(), Key: pc, State: stamp.KeyCompromised, CreatedAt: created, CompromisedAt: &earlier},
	)
	if err != nil {
		t.Fatal(err)
	}
	r.keys = ks
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateFacility(ctx, "test", stamp.Facility{Code: "HT-CS-0001", Name: "HTX Cam Hương Khê", District: "Hương Khê", Commune: "Phúc Trạch"}))
	_, err = s.CreatePointOfSale(ctx, "test", stamp.PointOfSale{Name: "Điểm bán OCOP Hương Khê", District: "Hương Khê"})
	must(err)
	today := stamp.DateOf(now)
	for n, name := range map[uint32]string{1: "Cam Khe Mây", 2: "Bưởi Phúc Trạch", 3: "Mật ong", 4: "Chè xanh"} {
		must(s.CreateProduct(ctx, "test", stamp.Product{Number: n, FacilityCode: "HT-CS-0001", Name: name, Group: "Thực phẩm"}))
		c := stamp.Certification{ProductNumber: n, Rank: stamp.Rank4, DecisionNumber: "QĐ-" + name, DecisionDate: today.AddDays(-30)}
		if n == 2 {
			c.DecisionDate, c.ExpiresOn = today.AddMonths(-40), today.AddDays(-1)
		}
		id, err := s.AddCertification(ctx, "test", c)
		must(err)
		switch n {
		case 3:
			must(s.SetCertificationStatus(ctx, "test", id, stamp.CertSuspended, "kiểm tra lại"))
		case 4:
			must(s.SetCertificationStatus(ctx, "test", id, stamp.CertWithdrawn, "vi phạm"))
		}
	}
	r.goodBatch, r.good = mintWith(t, s, r.active, 1, 20)
	r.otherBatch, r.other = mintWith(t, s, r.active, 1, 3)
	_, r.compB = mintWith(t, s, r.compBefore, 1, 2)
	_, r.compA = mintWith(t, s, r.compAfter, 1, 2)
	_, r.expired = mintWith(t, s, r.active, 2, 1)
	_, r.suspended = mintWith(t, s, r.active, 3, 1)
	_, r.withd = mintWith(t, s, r.active, 4, 1)
	return r
}

// mintWith stores a batch of n stamps of product signed by sg, bypassing the
// minter's certification check (to mint for invalid certifications).
func mintWith(t testing.TB, s storage.Store, sg *stamp.Signer, product uint32, n int) (*stamp.Batch, []stamp.Stamp) {
	t.Helper()
	b := &stamp.Batch{ProductNumber: product, Count: n, Lot: "LÔ-1",
		ProducedOn: stamp.DateOf(time.Now()).AddDays(-2), MintedBy: "test"}
	return b, storagetest.MintSigned(t, s, sg, b)
}

// world is a lookup service on a real store, with or without Redis.
type world struct {
	store    *countingStore
	cache    *rediscache.Cache
	rdb      redis.UniversalClient
	rdbCalls atomic.Int64
	rec      *Recorder
	svc      *Service
	reg      *registry
}

func newWorld(t *testing.T, s storage.Store, rdb redis.UniversalClient, prefix string) *world {
	t.Helper()
	w := &world{store: &countingStore{Store: s}, rdb: rdb}
	w.reg = seedRegistry(t, s)
	opts := RecorderOptions{FlushInterval: 20 * time.Millisecond}
	var views ViewSource = w.store
	if rdb != nil {
		rdb.AddHook(countHook{&w.rdbCalls})
		w.cache = rediscache.New(rdb, w.store, rediscache.Options{Prefix: prefix, PollInterval: 20 * time.Millisecond})
		t.Cleanup(func() { w.cache.Close() })
		views, opts.Stats = w.cache, w.cache
	}
	w.rec = NewRecorder(w.store, []byte("test salt"), opts)
	t.Cleanup(func() { w.rec.Close(context.Background()) })
	w.svc = &Service{Keys: w.reg.keys, Views: views, Store: w.store, Recorder: w.rec, SuspiciousThreshold: 3}
	return w
}

// waitVersion waits until the cache (if any) has seen the store's current
// registry version, so that the next lookup reflects the last write.
func (w *world) waitVersion(t *testing.T) {
	t.Helper()
	if w.cache == nil {
		return
	}
	v, err := w.store.RegistryVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for w.cache.Version() < v {
		time.Sleep(5 * time.Millisecond)
	}
}
