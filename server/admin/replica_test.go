package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// replica is one `ocopstamp serve` process: the lookup server with the
// admin API mounted on its engine, a Redis cache in front of the shared
// store.
func replica(t *testing.T, st storage.Store, rdb redis.UniversalClient, prefix string, sg *stamp.Signer, keys *stamp.KeySet) http.Handler {
	t.Helper()
	cache := rediscache.New(rdb, st, rediscache.Options{Prefix: prefix})
	t.Cleanup(func() { cache.Close() })
	svc := &verify.Service{Keys: keys, Views: cache, Store: st}
	srv, err := server.New(server.Config{RateLimit: -1}, server.Deps{Lookup: svc, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	e, ok := srv.Handler().(*gin.Engine)
	if !ok {
		t.Fatalf("server.Handler is a %T, not a *gin.Engine", srv.Handler())
	}
	must(t, admin.Register(e, admin.Deps{Store: st, Signer: sg, Keys: keys, BaseURL: baseURL}))
	return e
}

func lookupVerdict(t *testing.T, h http.Handler, text string) stamp.Verdict {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/stamps/"+text, nil))
	if w.Code != 200 {
		t.Fatalf("lookup: %d %s", w.Code, w.Body.String())
	}
	var r verify.Result
	must(t, json.Unmarshal(w.Body.Bytes(), &r))
	return r.Verdict
}

// TestRevocationReachesOtherReplica: a stamp revoked through replica A's
// admin API is answered "revoked" by replica B, which shares only Redis and
// the database with A, within about the cache's version poll interval
// (250 ms): the time is logged; the test fails only on a hang.
func TestRevocationReachesOtherReplica(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		ctx := context.Background()
		st := open(t)
		rdb, prefix := redistest.Client(t)
		sg, keys := testSigner(t)
		seedRegistry(t, st)
		b, err := (&stamp.Minter{Store: st, Signer: sg}).Mint(ctx, stamp.MintRequest{ProductNumber: 1001, Count: 3, MintedBy: seedActor})
		must(t, err)
		var stamps []stamp.Stamp
		must(t, st.BatchStamps(ctx, b.ID, 0, 0, func(x stamp.Stamp) error { stamps = append(stamps, x); return nil }))
		token, _, err := issueToken(ctx, st, office.TokenRequest{Name: "văn phòng", Role: stamp.RoleOffice}, time.Now())
		must(t, err)

		a := replica(t, st, rdb, prefix, sg, keys)
		bRep := replica(t, st, rdb, prefix, sg, keys)
		text := stamps[0].Code().Text()
		for _, h := range []http.Handler{a, bRep, a, bRep} {
			if v := lookupVerdict(t, h, text); v != stamp.Genuine {
				t.Fatalf("before: %s", v)
			}
		}

		req := httptest.NewRequest("POST", admin.Prefix+"/stamps/"+text+"/revoke", strings.NewReader(`{"reason":"Tem bị đánh cắp"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Fatalf("revoke through replica A: %d %s", w.Code, w.Body.String())
		}
		start := time.Now()
		for lookupVerdict(t, bRep, text) != stamp.Revoked {
			if time.Since(start) > 10*time.Second { // a hang, not a speed check
				t.Fatal("replica B never saw the revocation")
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Logf("replica B answered revoked %v after the admin API's answer (poll interval 250ms)", time.Since(start).Round(time.Millisecond))
		// Replica A polls the registry version on its own clock: it may
		// have missed the tick B caught, by up to one poll interval.
		for v := lookupVerdict(t, a, text); v != stamp.Revoked; v = lookupVerdict(t, a, text) {
			if time.Since(start) > 10*time.Second { // a hang, not a speed check
				t.Fatalf("replica A: %s", v)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if v := lookupVerdict(t, bRep, stamps[1].Code().Text()); v != stamp.Genuine {
			t.Fatalf("another stamp of the batch: %s", v)
		}
	})
}
