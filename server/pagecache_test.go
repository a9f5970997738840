package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// heldLookup answers every lookup with a copy of the result it holds, which
// the test changes between requests.
type heldLookup struct {
	mu sync.Mutex
	r  verify.Result
}

func (h *heldLookup) Lookup(ctx context.Context, text string, cl verify.Client) (*verify.Result, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.r
	if s := h.r.Scans; s != nil {
		sc := *s
		r.Scans = &sc
	}
	return &r, nil
}

func (h *heldLookup) LookupSerial(ctx context.Context, serial string, cl verify.Client) (*verify.Result, error) {
	return h.Lookup(ctx, serial, cl)
}

// TestPageCacheSameBytes: a page answered from the page cache, at its first
// lookup and at later ones with other scan figures and another time of
// check, is byte for byte the page the template renders, for every verdict,
// both languages, a query and a typed serial; a changed result (revoked) is
// another page, never the cached one.
func TestPageCacheSameBytes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	type variant struct{ path, accept, lang string }
	for _, tc := range f.verdictCases() {
		text := strings.TrimPrefix(tc.path, "/S/")
		r, err := f.svc.Lookup(ctx, text, verify.Client{Addr: "192.0.2.9"})
		if err != nil {
			t.Fatal(err)
		}
		held := &heldLookup{r: *r}
		cached, err := New(Config{RateLimit: -1}, Deps{Lookup: held, Keys: f.keys})
		if err != nil {
			t.Fatal(err)
		}
		plain, err := New(Config{RateLimit: -1, PageCacheBytes: -1}, Deps{Lookup: held, Keys: f.keys})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []variant{
			{tc.path, "text/html", "vi"}, {tc.path + "?lang=en", "text/html", "en"}, {tc.path + "?s=0000-00001-3", "text/html", "vi"},
			{"/serial?s=0000-00001-3", "text/html", "vi"}, {tc.path, "", "vi"}, {tc.path, "text/html", "en"},
		} {
			for round := range 3 {
				req := func(h http.Handler) *httptest.ResponseRecorder {
					rq := httptest.NewRequest("GET", v.path, nil)
					rq.Header.Set("Accept", v.accept)
					if v.lang == "en" && !strings.Contains(v.path, "lang=") {
						rq.Header.Set("Accept-Language", "en-GB,en;q=0.9")
					}
					rr := httptest.NewRecorder()
					h.ServeHTTP(rr, rq)
					return rr
				}
				got, want := req(cached.Handler()), req(plain.Handler())
				if got.Code != want.Code || got.Body.String() != want.Body.String() {
					t.Fatalf("%s %s round %d: cached page (%d, %d bytes) differs from the rendered one (%d, %d bytes):\n%s\n---\n%s",
						tc.name, v.path, round, got.Code, got.Body.Len(), want.Code, want.Body.Len(), got.Body, want.Body)
				}
				for _, hd := range []string{"Content-Type", "Content-Language", "Cache-Control", "Vary"} {
					if got.Header().Values(hd) == nil || strings.Join(got.Header().Values(hd), ",") != strings.Join(want.Header().Values(hd), ",") {
						t.Fatalf("%s %s: header %s %q, want %q", tc.name, v.path, hd, got.Header().Values(hd), want.Header().Values(hd))
					}
				}
				held.mu.Lock()
				held.r.CheckedAt = held.r.CheckedAt.Add(97*time.Minute + 3*time.Second)
				if s := held.r.Scans; s != nil {
					s.Count += 7
					s.DistinctClients += 2
					first := s.FirstAt.Add(-49 * time.Hour)
					s.FirstAt = &first
				}
				held.mu.Unlock()
			}
		}
		if tc.verdict == stamp.Suspicious {
			if n := len(cached.pages.pages); n != 0 {
				t.Fatalf("suspicious: %d pages cached, want none (its message quotes the scan figures)", n)
			}
			continue
		}
		// Four distinct pages (path × language, with ?s=, the serial page;
		// the Accept-Language and ?lang=en variants are the same page), each
		// kept once however its figures changed.
		if n := len(cached.pages.pages); n != 4 {
			t.Fatalf("%s: %d pages cached, want 4 (one per distinct page, reused at every round)", tc.name, n)
		}
		if tc.verdict == stamp.Genuine {
			held.mu.Lock()
			at := time.Now().UTC()
			held.r.Verdict, held.r.Reason = stamp.Revoked, stamp.ReasonStampRevoked
			held.r.Stamp.RevokedAt, held.r.Stamp.RevokeReason = &at, "thu hồi thử"
			held.mu.Unlock()
			rq := httptest.NewRequest("GET", tc.path, nil)
			rr := httptest.NewRecorder()
			cached.Handler().ServeHTTP(rr, rq)
			if !strings.Contains(rr.Body.String(), "thu hồi thử") || strings.Contains(rr.Body.String(), "TEM CHÍNH HÃNG") {
				t.Fatalf("revoked result answered with the cached genuine page:\n%s", rr.Body)
			}
		}
	}
}

// TestPageCacheBounded: the cache stays within its byte limit.
func TestPageCacheBounded(t *testing.T) {
	pc := newPageCache(10_000)
	page := "<html><style>x</style>" + strings.Repeat("a", 1000) + pc.markers[slotCheckedAt] + "end"
	for i := range 100 {
		var key [32]byte
		key[0], key[1] = byte(i), byte(i>>8)
		if pc.put(key, []byte(page)) == nil {
			t.Fatal("page with one marker did not split")
		}
		if pc.size > pc.limit {
			t.Fatalf("after %d pages: %d bytes held, limit %d", i+1, pc.size, pc.limit)
		}
	}
	if len(pc.pages) == 0 || len(pc.pages) > 10 {
		t.Fatalf("%d pages held", len(pc.pages))
	}
	if pc.put([32]byte{1}, []byte(page+pc.markers[slotCheckedAt])) != nil {
		t.Fatal("a page with a marker twice was kept")
	}
}
