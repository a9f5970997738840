package server

// Benchmarks of the HTTP lookup path, each paired with a bare Gin baseline
// that does only the irreducible work (performance.md), run alternately in
// one loop so that the machine's noise hits both alike:
//
//	go test -run '^$' -bench Ratio -count 6 ./server
//
// "ratio" = baseline time / server time (1.0: no overhead; the targets are
// ≥ 0.8 for a cached JSON lookup and ≥ 0.9 for a forged code).
//
//	BenchmarkRatioCachedJSON   GET /api/v1/stamps/{code}, Redis cache warm, many distinct codes
//	                           vs one Ed25519 verify + one Redis GET + the same bytes
//	BenchmarkRatioCachedHTML   the consumer page, same baseline writing the same page bytes
//	BenchmarkRatioForged       a forged code vs one Ed25519 verify + the same bytes
//	BenchmarkRatioUnderWrites  cached JSON lookups while the office writes 10 changes/s
//	                           vs the same lookups without writes ("ratio" ≥ 0.95: ≤ 5% slower)
//	BenchmarkRatioServerLayer  this package alone: a Lookuper returning a fixed Result
//	                           vs a bare Gin handler c.JSON-ing the same Result

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

const benchCodes = 2000

// benchWorld is the real server on SQLite with a warm Redis cache, the
// baseline engine, and the codes to rotate through.
type benchWorld struct {
	srv            http.Handler
	base           *gin.Engine
	genuine        []string
	forged         []string
	jsonBody, page []byte
	forgedBody     []byte
	store          storage.Store
	ids            []uuid.UUID // the genuine codes' stamps
}

func newBenchWorld(b *testing.B) *benchWorld {
	b.Helper()
	rdb, prefix := redistest.Client(b)
	st := storagetest.OpenSQLite(b)
	f := newFixture(b, st, nil) // keys and registry; its own server is not used
	_, stamps := mint(b, st, f.signer, 1, benchCodes)
	w := &benchWorld{store: st}
	for i, s := range stamps {
		w.ids = append(w.ids, s.ID)
		c := s.Code()
		w.genuine = append(w.genuine, c.Text())
		c.Signature[i%stamp.SignatureSize] ^= 0x20
		w.forged = append(w.forged, c.Text())
	}
	cache := rediscache.New(rdb, st, rediscache.Options{Prefix: prefix})
	b.Cleanup(func() { cache.Close() })
	rec := verify.NewRecorder(st, []byte("bench salt"), verify.RecorderOptions{Stats: cache})
	b.Cleanup(func() { rec.Close(context.Background()) })
	svc := &verify.Service{Keys: f.keys, Views: cache, Store: st, Recorder: rec}
	srv, err := New(Config{RateLimit: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		Deps{Lookup: svc, Keys: f.keys, Collectors: rec.Collectors()})
	if err != nil {
		b.Fatal(err)
	}
	w.srv = srv.Handler()
	// Warm the cache with every code; keep one answer of each kind.
	for i, text := range w.genuine {
		rr := serve(w.srv, "/api/v1/stamps/"+text, "application/json")
		if rr.Code != 200 {
			b.Fatalf("warm: %d %s", rr.Code, rr.Body)
		}
		if i == 0 {
			w.jsonBody = rr.Body.Bytes()
			w.page = serve(w.srv, "/S/"+text, "text/html").Body.Bytes()
		}
	}
	w.forgedBody = serve(w.srv, "/api/v1/stamps/"+w.forged[0], "application/json").Body.Bytes()
	w.base = baselineEngine(b, f.keys.Active().Key, rdb, prefix+"baseline", w)
	return w
}

// baselineEngine is the bare Gin handler of performance.md: decode the code
// in the path, one Ed25519 verify, optionally one Redis GET of a 600-byte
// value, and write bytes the size of the real answer.
func baselineEngine(b *testing.B, pub ed25519.PublicKey, rdb redis.UniversalClient, key string, w *benchWorld) *gin.Engine {
	if err := rdb.Set(context.Background(), key, make([]byte, 600), time.Hour).Err(); err != nil {
		b.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	verifyCode := func(c *gin.Context) bool {
		raw, err := stamp.Encoding.DecodeString(c.Param("code"))
		if err != nil || len(raw) != stamp.CodeSize {
			c.Status(400)
			return false
		}
		msg := append([]byte(stamp.SignaturePrefix), raw[:stamp.HeaderSize]...)
		ed25519.Verify(pub, msg, raw[stamp.HeaderSize:])
		return true
	}
	e.GET("/verify/:code", func(c *gin.Context) {
		if verifyCode(c) {
			c.Data(200, "application/json; charset=utf-8", w.forgedBody)
		}
	})
	e.GET("/verify-redis/:code", func(c *gin.Context) {
		if !verifyCode(c) {
			return
		}
		ctx, cancel := context.WithTimeout(c.Request.Context(), 300*time.Millisecond)
		_, err := rdb.Get(ctx, key).Bytes()
		cancel()
		if err != nil {
			c.Status(503)
			return
		}
		if c.Query("html") != "" {
			c.Data(200, "text/html; charset=utf-8", w.page)
			return
		}
		c.Data(200, "application/json; charset=utf-8", w.jsonBody)
	})
	return e
}

func serve(h http.Handler, path, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept", accept)
	req.RemoteAddr = "192.0.2.1:1234"
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	return rr
}

// pairedRatio runs base and ours alternately (swapping their order every
// iteration) and reports base time / ours time as "ratio".
func pairedRatio(b *testing.B, base, ours func(i int)) {
	var tBase, tOurs time.Duration
	i := 0
	for b.Loop() {
		i++
		if i%2 == 0 {
			t0 := time.Now()
			base(i)
			t1 := time.Now()
			ours(i)
			tBase, tOurs = tBase+t1.Sub(t0), tOurs+time.Since(t1)
		} else {
			t0 := time.Now()
			ours(i)
			t1 := time.Now()
			base(i)
			tOurs, tBase = tOurs+t1.Sub(t0), tBase+time.Since(t1)
		}
	}
	b.ReportMetric(float64(tBase)/float64(tOurs), "ratio")
	b.ReportMetric(float64(tBase.Nanoseconds())/float64(i), "base-ns/op")
	b.ReportMetric(float64(tOurs.Nanoseconds())/float64(i), "ours-ns/op")
}

func must200(b *testing.B, rr *httptest.ResponseRecorder) {
	if rr.Code != 200 {
		b.Fatalf("status %d: %s", rr.Code, rr.Body)
	}
}

func BenchmarkRatioCachedJSON(b *testing.B) {
	w := newBenchWorld(b)
	pairedRatio(b,
		func(i int) { must200(b, serve(w.base, "/verify-redis/"+w.genuine[i%benchCodes], "application/json")) },
		func(i int) { must200(b, serve(w.srv, "/api/v1/stamps/"+w.genuine[i%benchCodes], "application/json")) })
}

func BenchmarkRatioCachedHTML(b *testing.B) {
	w := newBenchWorld(b)
	pairedRatio(b,
		func(i int) {
			must200(b, serve(w.base, "/verify-redis/"+w.genuine[i%benchCodes]+"?html=1", "text/html"))
		},
		func(i int) { must200(b, serve(w.srv, "/S/"+w.genuine[i%benchCodes], "text/html")) })
}

func BenchmarkRatioForged(b *testing.B) {
	w := newBenchWorld(b)
	pairedRatio(b,
		func(i int) { must200(b, serve(w.base, "/verify/"+w.forged[i%benchCodes], "application/json")) },
		func(i int) { must200(b, serve(w.srv, "/api/v1/stamps/"+w.forged[i%benchCodes], "application/json")) })
}

// fixedLookup answers every lookup with the same result: the server layer
// alone, without verification or storage.
type fixedLookup struct{ r verify.Result }

func (f fixedLookup) Lookup(ctx context.Context, text string, cl verify.Client) (*verify.Result, error) {
	r := f.r
	return &r, nil
}

func (f fixedLookup) LookupSerial(ctx context.Context, serial string, cl verify.Client) (*verify.Result, error) {
	return f.Lookup(ctx, serial, cl)
}

func BenchmarkRatioServerLayer(b *testing.B) {
	for _, tc := range []struct {
		name, accept string
	}{{"json", "application/json"}, {"html", "text/html"}} {
		b.Run(tc.name, func(b *testing.B) {
			st := storagetest.OpenSQLite(b)
			f := newFixture(b, st, nil)
			r, err := f.svc.Lookup(context.Background(), f.genuine.Code().Text(), verify.Client{})
			if err != nil {
				b.Fatal(err)
			}
			srv, err := New(Config{RateLimit: -1}, Deps{Lookup: fixedLookup{*r}, Keys: f.keys})
			if err != nil {
				b.Fatal(err)
			}
			h := srv.Handler()
			page := serve(h, "/S/"+f.genuine.Code().Text(), "text/html").Body.Bytes()
			e := gin.New()
			e.GET("/s/:code", func(c *gin.Context) {
				if tc.name == "html" {
					c.Data(200, "text/html; charset=utf-8", page)
					return
				}
				rr := *r
				rr.Message = verify.Message(&rr, "vi")
				c.JSON(200, &rr)
			})
			path := "/S/" + f.genuine.Code().Text()
			pairedRatio(b,
				func(int) { must200(b, serve(e, "/s/"+f.genuine.Code().Text(), tc.accept)) },
				func(int) { must200(b, serve(h, path, tc.accept)) })
		})
	}
}

// BenchmarkRatioUnderWrites: cached JSON lookups of many codes while the
// office writes 10 changes a second (alternately: revoke one of the looked-up
// stamps, rename another product), against the same lookups with no writes.
// The writer runs in alternate phases of 100 ms; "ratio" = time per lookup
// without writes / with writes. "writes" counts the changes made.
func BenchmarkRatioUnderWrites(b *testing.B) {
	w := newBenchWorld(b)
	ctx := context.Background()
	var writing atomic.Bool
	var writes atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for n := 0; ; {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			if !writing.Load() {
				continue
			}
			var err error
			if n%2 == 0 {
				err = w.store.RevokeStamp(ctx, "bench", w.ids[(n*7919)%len(w.ids)], "thử tải")
			} else {
				err = w.store.UpdateProduct(ctx, "bench", stamp.Product{Number: 4, FacilityCode: "HT-CS-003",
					Name: fmt.Sprintf("Chè xanh %d", n), Group: "Thực phẩm"})
			}
			if err != nil && stamp.ErrorCode(err) != stamp.EConflict {
				b.Error(err)
				return
			}
			n++
			writes.Add(1)
		}
	}()
	var tOn, tOff time.Duration
	var nOn, nOff int
	i := 0
	phase := time.Now()
	for b.Loop() {
		i++
		if time.Since(phase) > 100*time.Millisecond {
			writing.Store(!writing.Load())
			phase = time.Now()
		}
		on := writing.Load()
		t0 := time.Now()
		must200(b, serve(w.srv, "/api/v1/stamps/"+w.genuine[i%benchCodes], "application/json"))
		if d := time.Since(t0); on {
			tOn, nOn = tOn+d, nOn+1
		} else {
			tOff, nOff = tOff+d, nOff+1
		}
	}
	close(stop)
	<-done
	if nOn == 0 || nOff == 0 {
		return
	}
	on, off := float64(tOn)/float64(nOn), float64(tOff)/float64(nOff)
	b.ReportMetric(off/on, "ratio")
	b.ReportMetric(off, "idle-ns/op")
	b.ReportMetric(on, "writes-ns/op")
	b.ReportMetric(float64(writes.Load()), "writes")
}
