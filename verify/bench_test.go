package verify

import (
	"context"
	"crypto/ed25519"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// Benchmarks compare a lookup with the irreducible work it does
// (performance.md): a cached genuine lookup against one Ed25519 verify plus
// one Redis GET of a value the size of a cached view; a forged-code lookup
// against one Ed25519 verify. BenchmarkRatios prints both ratios in one run:
//
//	OCOPSTAMP_TEST_REDIS=redis://127.0.0.1:6379/0 go test -run '^$' -bench Ratios -benchtime 100x -count 6 ./verify/

// -benchtime 100x gives 100 rounds of 50 operations each.

const benchCodes = 1000

type benchEnv struct {
	w       *world
	texts   []string
	forged  string
	pub     ed25519.PublicKey
	msg     []byte
	sig     []byte
	getKey  string
	valSize int
	next    int

	baselineErrors int
}

func newBenchEnv(b *testing.B, record bool) *benchEnv {
	b.Helper()
	s := storagetest.OpenSQLite(b)
	rdb, prefix := redistest.Client(b)
	e := &benchEnv{}
	reg := seedRegistry(b, s)
	_, stamps := mintWith(b, s, reg.active, 1, benchCodes)
	w := &world{store: &countingStore{Store: s}, rdb: rdb, reg: reg}
	w.cache = rediscache.New(rdb, w.store, rediscache.Options{Prefix: prefix})
	b.Cleanup(func() { w.cache.Close() })
	w.svc = &Service{Keys: reg.keys, Views: w.cache, Store: w.store, SuspiciousThreshold: -1}
	if record {
		w.rec = NewRecorder(w.store, []byte("salt"), RecorderOptions{Stats: w.cache})
		b.Cleanup(func() { w.rec.Close(context.Background()) })
		w.svc.Recorder = w.rec
		w.svc.SuspiciousThreshold = 0
	}
	e.w = w
	ctx := context.Background()
	for _, st := range stamps {
		e.texts = append(e.texts, st.Code().URL("https://txng.example.vn"))
	}
	// Warm the cache (and the scan statistics) for every code.
	for _, tx := range e.texts {
		if r, err := w.svc.Lookup(ctx, tx, Client{Addr: "192.0.2.1"}); err != nil || r.Verdict != stamp.Genuine {
			b.Fatalf("warm-up: %v %v", r, err)
		}
	}
	if w.rec != nil {
		if err := w.rec.Flush(ctx); err != nil {
			b.Fatal(err)
		}
	}
	f := stamps[0].Code()
	f.Signature[5] ^= 1
	e.forged = f.URL("https://txng.example.vn")
	// Baseline material: a real signature and a Redis value of a cached
	// view's size.
	c := stamps[1].Code()
	e.pub, e.msg, e.sig = reg.keys.Lookup(c.KeyID).Key, c.SignedMessage(), c.Signature[:]
	keys, err := rdb.Keys(ctx, prefix+"v*").Result()
	if err != nil || len(keys) == 0 {
		b.Fatalf("no cached views: %v", err)
	}
	n, err := rdb.StrLen(ctx, keys[0]).Result()
	if err != nil {
		b.Fatal(err)
	}
	e.valSize = int(n)
	e.getKey = prefix + "baseline"
	if err := rdb.Set(ctx, e.getKey, strings.Repeat("x", e.valSize), 0).Err(); err != nil {
		b.Fatal(err)
	}
	return e
}

// The measured loops; each fails b on a wrong answer.

func (e *benchEnv) lookupN(b *testing.B, n int) {
	ctx := context.Background()
	for i := 0; i < n; i++ {
		e.next++
		r, err := e.w.svc.Lookup(ctx, e.texts[e.next%len(e.texts)], Client{Addr: "192.0.2.7", UserAgent: "bench", Channel: stamp.ChannelAPI})
		if err != nil || r.Verdict != stamp.Genuine {
			b.Fatalf("%v %v", r, err)
		}
	}
}

func (e *benchEnv) verifyGetN(b *testing.B, n int) {
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if !ed25519.Verify(e.pub, e.msg, e.sig) {
			b.Fatal("verify")
		}
		cctx, cancel := context.WithTimeout(ctx, rediscache.ReadTimeout)
		v, err := e.w.rdb.Get(cctx, e.getKey).Bytes()
		cancel()
		if err != nil || len(v) != e.valSize {
			e.baselineErrors++ // a loaded machine can time out; the lookup would fall back too
		}
	}
}

func (e *benchEnv) forgedN(b *testing.B, n int) {
	ctx := context.Background()
	for i := 0; i < n; i++ {
		r, err := e.w.svc.Lookup(ctx, e.forged, Client{Addr: "192.0.2.7"})
		if err != nil || r.Verdict != stamp.NotGenuine {
			b.Fatalf("%v %v", r, err)
		}
	}
}

func (e *benchEnv) verifyN(b *testing.B, n int) {
	for i := 0; i < n; i++ {
		if !ed25519.Verify(e.pub, e.msg, e.sig) {
			b.Fatal("verify")
		}
	}
}

func (e *benchEnv) loop(f func(*testing.B, int)) func(*testing.B) {
	return func(b *testing.B) {
		before := e.w.cache.Stats()
		b.ReportAllocs()
		b.ResetTimer()
		f(b, b.N)
		b.StopTimer()
		after := e.w.cache.Stats()
		if after.Misses != before.Misses || after.Errors != before.Errors {
			b.Logf("cache misses %d, errors %d during the run", after.Misses-before.Misses, after.Errors-before.Errors)
		}
	}
}

func BenchmarkCachedLookup(b *testing.B) {
	e := newBenchEnv(b, true)
	b.Run("lookup+record", e.loop(e.lookupN))
	b.Run("baseline-verify+get", e.loop(e.verifyGetN))
}

// BenchmarkCachedLookupNoRecorder measures the cache path alone: no scan
// recording, no suspicious check.
func BenchmarkCachedLookupNoRecorder(b *testing.B) {
	e := newBenchEnv(b, false)
	b.Run("lookup", e.loop(e.lookupN))
	b.Run("baseline-verify+get", e.loop(e.verifyGetN))
}

func BenchmarkForgedLookup(b *testing.B) {
	e := newBenchEnv(b, false)
	b.Run("lookup", e.loop(e.forgedN))
	b.Run("baseline-verify", e.loop(e.verifyN))
}

// BenchmarkRatios reports baseline time / lookup time (1.0: the lookup costs
// no more than its irreducible work) for the cached genuine lookup (with scan
// recording) and the forged-code lookup. Each of b.N rounds times 50
// lookups then 50 baseline operations; "ratio" is the median of the rounds'
// wall-clock ratios (robust to the load of a shared machine) and
// "cpu-ratio" the ratio of the process CPU time spent in each (it counts the
// recorder's background writes, not the Redis server's work).
func BenchmarkRatios(b *testing.B) {
	e := newBenchEnv(b, true)
	pairs := []struct {
		name             string
		lookup, baseline func(*testing.B, int)
	}{
		{"cached-genuine", e.lookupN, e.verifyGetN},
		{"forged", e.forgedN, e.verifyN},
	}
	const perRound = 50
	for _, p := range pairs {
		b.Run(p.name, func(b *testing.B) {
			var tl, tb, cl, cb time.Duration
			ratios := make([]float64, 0, b.N)
			for i := 0; i < b.N; i++ {
				c0, w0 := cpuTime(), time.Now()
				p.lookup(b, perRound)
				c1, w1 := cpuTime(), time.Now()
				p.baseline(b, perRound)
				c2, w2 := cpuTime(), time.Now()
				tl, tb = tl+w1.Sub(w0), tb+w2.Sub(w1)
				cl, cb = cl+c1-c0, cb+c2-c1
				ratios = append(ratios, float64(w2.Sub(w1))/float64(w1.Sub(w0)))
			}
			sort.Float64s(ratios)
			n := float64(b.N * perRound)
			b.ReportMetric(ratios[len(ratios)/2], "ratio")
			if cl > 0 {
				b.ReportMetric(float64(cb)/float64(cl), "cpu-ratio")
			}
			b.ReportMetric(float64(tl.Microseconds())/n, "lookup-µs/op")
			b.ReportMetric(float64(tb.Microseconds())/n, "baseline-µs/op")
			b.ReportMetric(0, "ns/op")
			if e.baselineErrors > 0 {
				b.Logf("%d baseline Redis GETs failed", e.baselineErrors)
			}
		})
	}
}
