package rediscache_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
)

// seenWithin is the promise of issue 14: a registry change shows on every
// replica within one second.
const seenWithin = time.Second

func TestNarrowInvalidation(t *testing.T) { testNarrowInvalidation(t, redistest.Client) }

// testNarrowInvalidation: two replicas (two caches on the same Redis and
// store, the second with the default poll interval). A change written
// through the store (as replica A's office API does) shows on replica B
// within a second, and invalidates only the views it affects: revoking one
// stamp leaves its batch-mates and another batch cached; a product rename
// reloads every stamp of that product, in every batch, and no other.
func testNarrowInvalidation(t *testing.T, redisFor backend) {
	ctx := context.Background()
	s, batchA := seeded(t, 3)
	batchB := mint(t, s.Store, 2) // product 1 too
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateProduct(ctx, "test", stamp.Product{Number: 2, FacilityCode: "F1", Name: "Kẹo cu đơ", Group: "Thực phẩm"}))
	_, err := s.AddCertification(ctx, "test", stamp.Certification{ProductNumber: 2, Rank: stamp.Rank4, DecisionNumber: "2/QĐ",
		DecisionDate: stamp.DateOf(time.Now()).AddDays(-10)})
	must(err)
	other := mintFor(t, s.Store, 2, 2) // product 2
	replicaA, rdb, prefix := newCache(t, s, redisFor)
	replicaB := rediscache.New(rdb, s, rediscache.Options{Prefix: prefix})
	t.Cleanup(func() { replicaB.Close() })
	waitVersion(t, replicaA, s)
	waitVersion(t, replicaB, s)
	all := append(append(append([]uuid.UUID{}, batchA...), batchB...), other...)
	for _, id := range all { // replica A loads every view; B finds them in Redis
		if _, _, err := replicaA.StampViewStats(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	view := func(c *rediscache.Cache, id uuid.UUID) *storage.StampView {
		t.Helper()
		v, _, err := c.StampViewStats(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// cachedOnBoth: the views are answered from Redis on both replicas,
	// without a store read.
	cachedOnBoth := func(what string, ids ...uuid.UUID) {
		t.Helper()
		reads := s.views.Load()
		for _, c := range []*rediscache.Cache{replicaA, replicaB} {
			for _, id := range ids {
				view(c, id)
			}
		}
		if n := s.views.Load() - reads; n != 0 {
			t.Fatalf("%s: %d store reads for views no change affects (want 0: answered from Redis); A %+v, B %+v", what, n, replicaA.Stats(), replicaB.Stats())
		}
	}
	// shows waits until replica B shows what ok checks on every id, at most
	// seenWithin after the write.
	shows := func(what string, written time.Time, ok func(*storage.StampView) bool, ids ...uuid.UUID) {
		t.Helper()
		for _, id := range ids {
			for !ok(view(replicaB, id)) {
				if time.Since(written) > seenWithin {
					t.Fatalf("%s: replica B still shows the old view of %s %v after the write", what, id, seenWithin)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
	cachedOnBoth("warm", all...)

	must(s.RevokeStamp(ctx, "test", batchA[0], "in lỗi"))
	shows("stamp revocation", time.Now(), func(v *storage.StampView) bool { return v.Stamp.RevokedAt != nil }, batchA[0])
	waitVersion(t, replicaA, s)
	cachedOnBoth("after revoking one stamp", append(append([]uuid.UUID{batchA[1], batchA[2]}, batchB...), other...)...)

	must(s.UpdateProduct(ctx, "test", stamp.Product{Number: 1, FacilityCode: "F1", Name: "Nhút Thanh Chương (tên mới)", Group: "Thực phẩm"}))
	renamed := func(v *storage.StampView) bool { return v.Product.Name == "Nhút Thanh Chương (tên mới)" }
	shows("product rename", time.Now(), renamed, append(append([]uuid.UUID{}, batchA...), batchB...)...)
	waitVersion(t, replicaA, s)
	for _, id := range append(append([]uuid.UUID{}, batchA...), batchB...) {
		if v := view(replicaA, id); !renamed(v) {
			t.Fatalf("replica A shows the old product name for %s: %q", id, v.Product.Name)
		}
	}
	cachedOnBoth("after renaming product 1", other...)

	must(s.RevokeBatch(ctx, "test", mustBatch(t, s, batchB[0]), "lô lỗi"))
	shows("batch revocation", time.Now(), func(v *storage.StampView) bool { return v.Batch.RevokedAt != nil }, batchB...)
	waitVersion(t, replicaA, s)
	cachedOnBoth("after revoking another batch", append(append([]uuid.UUID{}, batchA...), other...)...)
	if st := replicaB.Stats(); st.Stale == 0 {
		t.Fatalf("replica B stats %+v: no stale entry counted", st)
	}
}

func mustBatch(t *testing.T, s storage.Store, stampID uuid.UUID) uuid.UUID {
	t.Helper()
	v, err := s.StampView(context.Background(), stampID)
	if err != nil {
		t.Fatal(err)
	}
	return v.Batch.ID
}
