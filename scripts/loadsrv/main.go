// Command loadsrv is the helper of scripts/load.sh: it serves the real lookup
// service on seeded sample data, or a bare Gin baseline doing only the
// irreducible work of a lookup, on 127.0.0.1, for wrk to load.
//
//	loadsrv serve    -dir D [-redis URL] [-n 10000] [-pg URL] [-writes 10]
//	loadsrv baseline -dir D [-redis URL]
//
// serve seeds a SQLite store in D (or a fresh PostgreSQL schema with -pg),
// mints n stamps with the real minter, writes D/genuine.txt and D/forged.txt
// (one code text per line), D/keys.json and D/body.json / D/body.html (one
// real answer of each kind), looks every code up once as JSON and once as a
// page (so that Redis holds every view and the server every rendered page:
// "cached"), and serves with the rate limit off.
//
// With -writes N, serve also writes N registry changes a second while
// serving (officeWrites). -cpuprofile and -memprofile write profiles of the
// serving phase (compare the allocation profile with its .base, written
// when serving starts: go tool pprof -base F.base F); -nostats and
// -norecord leave out the scan statistics or the scan recording, to see
// what they cost.
//
// baseline serves, on the same key set, Gin handlers that do one Ed25519
// verify of the code in the path (/verify/{code}), the same plus one Redis
// GET of a 600-byte value (/verify-redis/{code}), or nothing (/bytes), and
// write the bytes of D/body.json (D/body.html with ?html=1, the forged
// code's answer D/body-forged.json with ?forged=1).
//
// Both write their address to D/<mode>.addr once listening, and stop on
// SIGINT/SIGTERM (serve drains its scan queue and deletes its Redis keys).
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/spool"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadsrv serve|baseline -dir D [flags]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, os.Args[2:])
	case "baseline":
		err = baseline(ctx, os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadsrv:", err)
		os.Exit(1)
	}
}

func serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	dir := fs.String("dir", "", "work folder (required)")
	redisURL := fs.String("redis", "", "Redis URL: cache views in Redis (empty: every lookup reads the store)")
	pgURL := fs.String("pg", "", "PostgreSQL URL instead of SQLite (a fresh schema is used)")
	n := fs.Int("n", 10000, "stamps to mint")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the serving phase to this file")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the serving phase to this file at exit")
	spoolPath := fs.String("spool", "", "scan spool file (empty: none)")
	noStats := fs.Bool("nostats", false, "diagnosis: do not keep scan statistics in Redis")
	noRec := fs.Bool("norecord", false, "diagnosis: do not record scans")
	writes := fs.Float64("writes", 0, "registry writes a second while serving (revoke one of the codes, rename another product, in turn)")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("-dir is required")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var st storage.Store
	var err error
	if *pgURL != "" {
		st, err = postgres.Open(ctx, *pgURL)
	} else {
		st, err = sqlite.Open(ctx, filepath.Join(*dir, fmt.Sprintf("load-%d.db", os.Getpid())))
	}
	if err != nil {
		return err
	}
	defer st.Close()
	signer, keys, err := seed(ctx, st)
	if err != nil {
		return err
	}
	kb, _ := keys.MarshalJSON()
	if err := os.WriteFile(filepath.Join(*dir, "keys.json"), kb, 0o644); err != nil {
		return err
	}
	t0 := time.Now()
	m := &stamp.Minter{Store: st, Signer: signer}
	b, err := m.Mint(ctx, stamp.MintRequest{ProductNumber: 1001, Count: *n, Lot: "LOAD-1", MintedBy: "loadsrv"})
	if err != nil {
		return fmt.Errorf("mint: %w", err)
	}
	var genuine, forged []string
	err = st.BatchStamps(ctx, b.ID, 0, 0, func(s stamp.Stamp) error {
		c := s.Code()
		genuine = append(genuine, c.Text())
		c.Signature[len(genuine)%stamp.SignatureSize] ^= 0x20
		forged = append(forged, c.Text())
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "loadsrv: minted %d stamps in %v\n", len(genuine), time.Since(t0).Round(time.Millisecond))
	for name, lines := range map[string][]string{"genuine.txt": genuine, "forged.txt": forged} {
		if err := os.WriteFile(filepath.Join(*dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}

	svc := &verify.Service{Keys: keys, Views: st, Store: st}
	recOpts := verify.RecorderOptions{Logger: log}
	var collectors []prometheus.Collector
	var theCache *rediscache.Cache
	// /readyz as serve judges it: lookups need the database or the cache.
	ready := map[string]server.Pinger{"database": st}
	sources := []string{"database"}
	if *redisURL != "" {
		rdb, err := rediscache.NewClient(*redisURL)
		if err != nil {
			return err
		}
		defer rdb.Close()
		prefix := fmt.Sprintf("ocopload:%s:", randHex(6))
		cache := rediscache.New(rdb, st, rediscache.Options{Prefix: prefix, Logger: log})
		defer deletePrefix(rdb, prefix)
		defer cache.Close()
		theCache = cache
		svc.Views, recOpts.Stats = cache, cache
		if *noStats {
			recOpts.Stats = nil
		}
		ready["cache"] = pingFunc(func(ctx context.Context) error { return rdb.Ping(ctx).Err() })
		sources = append(sources, "cache")
		collectors = append(collectors, cache.Collectors()...)
	}
	if *spoolPath != "" {
		sp, err := spool.Open(*spoolPath, 0)
		if err != nil {
			return err
		}
		recOpts.Spool = sp
	}
	rec := verify.NewRecorder(st, []byte("load test salt, not secret"), recOpts)
	svc.Recorder = rec
	ready["scans"] = rec
	if *noRec {
		svc.Recorder = nil
	}
	srv, err := server.New(server.Config{RateLimit: -1, Logger: log, SampleData: true},
		server.Deps{Lookup: svc, Keys: keys, Ready: ready, Sources: sources, Collectors: append(collectors, rec.Collectors()...)})
	if err != nil {
		return err
	}
	// Warm: one lookup of every code (Redis then holds every view), and
	// keep one real answer of each kind for the baseline to write.
	h := srv.Handler()
	{
		req := httptest.NewRequest("GET", "/api/v1/stamps/"+forged[0], nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if err := os.WriteFile(filepath.Join(*dir, "body-forged.json"), w.Body.Bytes(), 0o644); err != nil {
			return err
		}
	}
	for i, text := range genuine {
		for _, accept := range []string{"application/json", "text/html"} {
			req := httptest.NewRequest("GET", "/S/"+text, nil)
			req.Header.Set("Accept", accept)
			req.RemoteAddr = "127.0.0.1:1"
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				return fmt.Errorf("warm lookup: status %d: %s", w.Code, w.Body.String())
			}
			if i == 0 {
				name := map[string]string{"application/json": "body.json", "text/html": "body.html"}[accept]
				if err := os.WriteFile(filepath.Join(*dir, name), w.Body.Bytes(), 0o644); err != nil {
					return err
				}
			}
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mode := "uncached"
	if *redisURL != "" {
		mode = "cached"
	}
	if err := os.WriteFile(filepath.Join(*dir, mode+".addr"), []byte(ln.Addr().String()), 0o644); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		// The profile counts from the process start: compare it with the
		// .base one written here (go tool pprof -base FILE.base FILE).
		runtime.GC()
		if f, ferr := os.Create(*memProfile + ".base"); ferr == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
		defer func() {
			f, ferr := os.Create(*memProfile)
			if ferr == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	if *writes > 0 {
		go officeWrites(ctx, st, log, *writes, b.ID)
	}
	if theCache != nil {
		// What serving cost the cache: lookups answered from Redis, views
		// read from the store (of which made stale by a registry change).
		st0 := theCache.Stats()
		defer func() {
			st := theCache.Stats()
			fmt.Fprintf(os.Stderr, "loadsrv: cache hits %d, misses %d (of which stale %d), errors %d while serving; registry version %d -> %d\n",
				st.Hits-st0.Hits, st.Misses-st0.Misses, st.Stale-st0.Stale, st.Errors-st0.Errors, st0.Version, st.Version)
		}()
	}
	err = srv.Serve(ctx, ln)
	dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cerr := rec.Close(dctx); cerr != nil && err == nil {
		err = cerr
	}
	fmt.Fprintf(os.Stderr, "loadsrv: scans dropped %d, still in the spool %d\n", rec.Dropped(), rec.Spooled())
	return err
}

// officeWrites writes rate changes a second until ctx ends, as an office
// at work: in turn it revokes one stamp of batch (a looked-up code: one
// view changes) and renames product 1002 (whose stamps nobody looks up).
func officeWrites(ctx context.Context, st storage.Store, log *slog.Logger, rate float64, batch uuid.UUID) {
	var ids []uuid.UUID
	if err := st.BatchStamps(ctx, batch, 0, 0, func(s stamp.Stamp) error { ids = append(ids, s.ID); return nil }); err != nil || len(ids) == 0 {
		log.Error("office writes: list stamps", "err", err)
		return
	}
	t := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer t.Stop()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var err error
		if n%2 == 0 {
			err = st.RevokeStamp(ctx, "loadsrv", ids[(n*7919)%len(ids)], "thử tải (dữ liệu mẫu)")
		} else {
			err = st.UpdateProduct(ctx, "loadsrv", stamp.Product{Number: 1002, FacilityCode: "HT-CS-001",
				Name: fmt.Sprintf("Kẹo cu đơ (dữ liệu mẫu) %d", n), Group: "Thực phẩm"})
		}
		if err != nil && stamp.ErrorCode(err) != stamp.EConflict && ctx.Err() == nil {
			log.Error("office writes", "err", err)
		}
	}
}

// seed imports one facility, product 1001 with a valid 4-star certification
// and a point of sale, and returns a fresh signing key.
func seed(ctx context.Context, st storage.Store) (*stamp.Signer, *stamp.KeySet, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	signer, err := stamp.NewSigner(priv)
	if err != nil {
		return nil, nil, err
	}
	keys, err := stamp.NewKeySet(stamp.PublicKey{ID: signer.KeyID(), Key: pub, State: stamp.KeyActive, CreatedAt: time.Now().UTC()})
	if err != nil {
		return nil, nil, err
	}
	today := stamp.DateOf(time.Now())
	if err := st.CreateFacility(ctx, "loadsrv", stamp.Facility{Code: "HT-CS-001", Name: "HTX Nhung hươu Sơn Trà (dữ liệu mẫu)",
		Kind: "hợp tác xã", District: "Hương Sơn", Commune: "xã Sơn Trà", Address: "thôn Trung Thịnh", Phone: "0239 000 0001"}); err != nil {
		return nil, nil, err
	}
	if err := st.CreateProduct(ctx, "loadsrv", stamp.Product{Number: 1001, FacilityCode: "HT-CS-001",
		Name: "Nhung hươu Hương Sơn (dữ liệu mẫu)", Group: "Thảo dược"}); err != nil {
		return nil, nil, err
	}
	if _, err := st.AddCertification(ctx, "loadsrv", stamp.Certification{ProductNumber: 1001, Rank: stamp.Rank4,
		DecisionNumber: "1234/QĐ-UBND (mẫu)", DecisionDate: today.AddDays(-100),
		ProcessConfirmed: "Quy trình sản xuất được UBND huyện Hương Sơn xác nhận (mẫu)",
		LabTestDate:      today.AddDays(-30), DeclarationDate: today.AddDays(-90)}); err != nil {
		return nil, nil, err
	}
	if err := st.CreateProduct(ctx, "loadsrv", stamp.Product{Number: 1002, FacilityCode: "HT-CS-001",
		Name: "Kẹo cu đơ (dữ liệu mẫu)", Group: "Thực phẩm"}); err != nil {
		return nil, nil, err
	}
	if _, err := st.CreatePointOfSale(ctx, "loadsrv", stamp.PointOfSale{Name: "Điểm giới thiệu và bán sản phẩm OCOP Hương Sơn (dữ liệu mẫu)",
		District: "Hương Sơn", Commune: "thị trấn Phố Châu", Address: "khối 6", Phone: "0239 000 0101"}); err != nil {
		return nil, nil, err
	}
	return signer, keys, nil
}

func baseline(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("baseline", flag.ExitOnError)
	dir := fs.String("dir", "", "work folder written by serve (required)")
	redisURL := fs.String("redis", "", "Redis URL for /verify-redis")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("-dir is required")
	}
	keys, err := stamp.LoadKeySet(filepath.Join(*dir, "keys.json"))
	if err != nil {
		return err
	}
	pub := keys.Active().Key
	bodyJSON, err := os.ReadFile(filepath.Join(*dir, "body.json"))
	if err != nil {
		return err
	}
	bodyHTML, err := os.ReadFile(filepath.Join(*dir, "body.html"))
	if err != nil {
		return err
	}
	bodyForged, err := os.ReadFile(filepath.Join(*dir, "body-forged.json"))
	if err != nil {
		return err
	}
	var rdb redis.UniversalClient
	key := fmt.Sprintf("ocopload:%s:baseline", randHex(6))
	if *redisURL != "" {
		if rdb, err = rediscache.NewClient(*redisURL); err != nil {
			return err
		}
		defer rdb.Close()
		if err := rdb.Set(ctx, key, strings.Repeat("x", 600), time.Hour).Err(); err != nil {
			return fmt.Errorf("redis: %w", err)
		}
		defer rdb.Del(context.Background(), key)
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	write := func(c *gin.Context) {
		switch {
		case c.Query("html") != "":
			c.Data(200, "text/html; charset=utf-8", bodyHTML)
			return
		case c.Query("forged") != "":
			c.Data(200, "application/json; charset=utf-8", bodyForged)
			return
		}
		c.Data(200, "application/json; charset=utf-8", bodyJSON)
	}
	verifyCode := func(c *gin.Context) bool {
		raw, err := stamp.Encoding.DecodeString(c.Param("code"))
		if err != nil || len(raw) != stamp.CodeSize {
			c.Status(400)
			return false
		}
		msg := append([]byte(stamp.SignaturePrefix), raw[:stamp.HeaderSize]...)
		_ = ed25519.Verify(pub, msg, raw[stamp.HeaderSize:])
		return true
	}
	e.GET("/bytes", write)
	e.GET("/verify/:code", func(c *gin.Context) {
		if verifyCode(c) {
			write(c)
		}
	})
	e.GET("/verify-redis/:code", func(c *gin.Context) {
		if !verifyCode(c) {
			return
		}
		if rdb != nil {
			rctx, cancel := context.WithTimeout(c.Request.Context(), 300*time.Millisecond)
			_, err := rdb.Get(rctx, key).Bytes()
			cancel()
			if err != nil {
				c.Status(503)
				return
			}
		}
		write(c)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*dir, "baseline.addr"), []byte(ln.Addr().String()), 0o644); err != nil {
		return err
	}
	hs := &http.Server{Handler: e, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		hs.Shutdown(context.Background())
	}()
	if err := hs.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

func randHex(n int) string {
	b := make([]byte, n)
	io.ReadFull(rand.Reader, b)
	return hex.EncodeToString(b)
}

// deletePrefix removes the keys a run left in Redis.
func deletePrefix(rdb redis.UniversalClient, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		if batch = append(batch, iter.Val()); len(batch) == 500 {
			rdb.Del(ctx, batch...)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		rdb.Del(ctx, batch...)
	}
}

// pingFunc is a server.Pinger made of a function.
type pingFunc func(context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }
