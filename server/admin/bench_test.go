package admin_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// Load figures: lookups over loopback HTTP while the admin API writes.
//
// One `serve` process (server.New with the admin API mounted, SQLite store,
// scan recorder on, Redis cache when OCOPSTAMP_TEST_REDIS is set) answers
// lookups of benchCodes distinct stamps from loadClients keep-alive
// clients. Each iteration is a quiet phase and a write phase of phaseLen
// each, so that machine noise falls on both alike; in the write phase one
// office client sends admin writes (PATCH a facility, re-rank a
// certification, record an inspection: the first two bump the registry
// version, which invalidates every replica's cache) either paced or as fast
// as it can; the last variant sends inspections only, which bump nothing,
// to tell the admin API's own cost from the cache's invalidation. Reported: lookups/s in each phase, their ratio (the target is
// >= 0.9), and admin writes/s.
//
//	go test ./server/admin -run '^$' -bench AdminUnderLoad -benchtime 10x

const (
	benchCodes  = 500
	loadClients = 8
	phaseLen    = time.Second
	phaseSkip   = 200 * time.Millisecond // not counted: the cache warms again after a write phase
)

type loadWorld struct {
	ts      *httptest.Server
	codes   []string
	token   string
	certID  int64
	client  *http.Client
	lookups atomic.Int64
	writes  atomic.Int64
	failed  atomic.Int64
}

func newLoadWorld(b *testing.B, withRedis bool) *loadWorld {
	ctx := context.Background()
	st := storagetest.OpenSQLite(b)
	sg, keys := testSigner(b)
	certID, _ := seedRegistry(b, st)
	batch, err := (&stamp.Minter{Store: st, Signer: sg}).Mint(ctx, stamp.MintRequest{ProductNumber: 1001, Count: benchCodes, MintedBy: seedActor})
	must(b, err)
	w := &loadWorld{certID: certID}
	must(b, st.BatchStamps(ctx, batch.ID, 0, 0, func(s stamp.Stamp) error { w.codes = append(w.codes, s.Code().Text()); return nil }))
	w.token, _, err = issueToken(ctx, st, office.TokenRequest{Name: "bench office", Role: stamp.RoleOffice}, time.Now())
	must(b, err)

	svc := &verify.Service{Keys: keys, Views: st, Store: st}
	recOpts := verify.RecorderOptions{}
	if withRedis {
		rdb, prefix := redistest.Client(b)
		cache := rediscache.New(rdb, st, rediscache.Options{Prefix: prefix})
		b.Cleanup(func() { cache.Close() })
		svc.Views, recOpts.Stats = cache, cache
	}
	rec := verify.NewRecorder(st, []byte("bench-salt-bench-salt"), recOpts)
	b.Cleanup(func() { rec.Close(context.Background()) })
	svc.Recorder = rec
	srv, err := server.New(server.Config{RateLimit: -1, Logger: discardLogger()}, server.Deps{Lookup: svc, Keys: keys})
	must(b, err)
	must(b, admin.Register(srv.Handler().(*gin.Engine), admin.Deps{Store: st, Signer: sg, Keys: keys, BaseURL: baseURL, Logger: discardLogger()}))
	w.ts = httptest.NewServer(srv.Handler())
	b.Cleanup(w.ts.Close)
	w.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients + 2}}
	b.Cleanup(w.client.CloseIdleConnections)
	return w
}

// get sends one request and reports whether it answered 2xx.
func (w *loadWorld) send(method, path, body string) bool {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, w.ts.URL+path, rd)
	if body != "" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}

// adminWrite sends the n-th admin write; only inspections when
// inspectionsOnly (writes that do not bump the registry version).
func (w *loadWorld) adminWrite(n int, inspectionsOnly bool) bool {
	if inspectionsOnly {
		n = 2
	}
	switch n % 3 {
	case 0:
		return w.send("PATCH", admin.Prefix+"/facilities/HT-CS-001", fmt.Sprintf(`{"phone":"0239 %d"}`, n))
	case 1:
		return w.send("POST", fmt.Sprintf("%s/certifications/%d/rank", admin.Prefix, w.certID), fmt.Sprintf(`{"rank":%d}`, 3+n%2))
	}
	return w.send("POST", admin.Prefix+"/inspections", fmt.Sprintf(`{"place":"Chợ %d","result":"genuine","serial":1}`, n))
}

func BenchmarkAdminUnderLoad(b *testing.B) {
	caches := []string{"none"}
	if os.Getenv(redistest.Env) != "" {
		caches = append(caches, "redis")
	}
	for _, cache := range caches {
		for _, mode := range []struct {
			name            string
			every           time.Duration // 0: as fast as one client can
			inspectionsOnly bool
		}{
			{"writes-2ps", 500 * time.Millisecond, false},
			{"writes-10ps", 100 * time.Millisecond, false},
			{"writes-flat-out", 0, false},
			{"inspections-flat-out", 0, true},
		} {
			b.Run("cache-"+cache+"/"+mode.name, func(b *testing.B) {
				w := newLoadWorld(b, cache == "redis")
				runLoad(b, w, mode.every, mode.inspectionsOnly)
			})
		}
	}
}

func runLoad(b *testing.B, w *loadWorld, every time.Duration, inspectionsOnly bool) {
	var stop, writing atomic.Bool
	var wg sync.WaitGroup
	for g := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; !stop.Load(); i += loadClients {
				if w.send("GET", "/api/v1/stamps/"+w.codes[i%len(w.codes)], "") {
					w.lookups.Add(1)
				} else {
					w.failed.Add(1)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 0; !stop.Load(); {
			if !writing.Load() {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			n++
			if w.adminWrite(n, inspectionsOnly) {
				w.writes.Add(1)
			} else {
				w.failed.Add(1)
			}
			if every > 0 {
				time.Sleep(every)
			}
		}
	}()
	// Warm up: every code looked up once (fills the cache).
	time.Sleep(phaseLen)

	var quietN, writeN, writesN int64
	var quietT, writeT time.Duration
	phase := func(write bool) (int64, int64, time.Duration) {
		writing.Store(write)
		time.Sleep(phaseSkip)
		l0, w0, t0 := w.lookups.Load(), w.writes.Load(), time.Now()
		time.Sleep(phaseLen - phaseSkip)
		return w.lookups.Load() - l0, w.writes.Load() - w0, time.Since(t0)
	}
	for b.Loop() {
		n, _, t := phase(false)
		quietN, quietT = quietN+n, quietT+t
		n, wr, t := phase(true)
		writeN, writesN, writeT = writeN+n, writesN+wr, writeT+t
	}
	stop.Store(true)
	writing.Store(false)
	wg.Wait()
	if f := w.failed.Load(); f > 0 {
		b.Fatalf("%d requests failed", f)
	}
	quiet := float64(quietN) / quietT.Seconds()
	busy := float64(writeN) / writeT.Seconds()
	b.ReportMetric(quiet, "lookups/s-quiet")
	b.ReportMetric(busy, "lookups/s-writing")
	b.ReportMetric(busy/quiet, "ratio")
	b.ReportMetric(float64(writesN)/writeT.Seconds(), "writes/s")
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
