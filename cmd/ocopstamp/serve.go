package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/server/console"
	inspectorapp "github.com/ocop-hatinh/ocopstamp/server/inspector"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
	"github.com/ocop-hatinh/ocopstamp/storage/spool"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// serveOptions are serve's own settings.
type serveOptions struct {
	trustedProxies string
	suspicious     int
	salt           string
	rateLimit      float64
	serialLimit    float64
	contactName    string
	contactPhone   string
	contactEmail   string
	sampleData     bool
	// The web console: off with noOffice, else on its own address when
	// officeAddr is set, else under /office/ on the public address.
	noOffice     bool
	officeAddr   string
	officeSecure bool
	spoolPath    string
	spoolMaxMB   int
	// retentionMonths > 0 removes scans older than that many months daily.
	retentionMonths int
	// allowTestURL lets the admin API and the console print labels under a
	// base URL phones cannot open (trials).
	allowTestURL bool
	drainDelay   time.Duration
}

func cmdServe(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--addr :8080] [--trusted-proxies CIDR,...] [--suspicious-threshold N] [--office=false | --office-addr :8081]")
	addr := fs.String("addr", getenv("OCOPSTAMP_ADDR", ":8080"), "listen address (OCOPSTAMP_ADDR)")
	var o serveOptions
	fs.StringVar(&o.trustedProxies, "trusted-proxies", getenv("OCOPSTAMP_TRUSTED_PROXIES", ""), "comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed; empty: none (OCOPSTAMP_TRUSTED_PROXIES)")
	fs.IntVar(&o.suspicious, "suspicious-threshold", envInt("OCOPSTAMP_SUSPICIOUS_THRESHOLD", 0), "distinct networks (IPv4 /24, IPv6 /56) above which a stamp scanned over more than a day is suspicious; 0: default 20 (OCOPSTAMP_SUSPICIOUS_THRESHOLD)")
	fs.StringVar(&o.salt, "scan-salt", getenv("OCOPSTAMP_SCAN_SALT", ""), "secret salt of the client hash in scan records; replicas must share it; empty: a file scan-salt in the key folder (OCOPSTAMP_SCAN_SALT)")
	fs.Float64Var(&o.rateLimit, "rate-limit", 20, "lookups per second per client address (negative: no limit)")
	fs.Float64Var(&o.serialLimit, "serial-rate-limit", 0.1, "typed-serial lookups per second per client address, bursts of 20 (negative: no limit)")
	fs.StringVar(&o.contactName, "contact-name", getenv("OCOPSTAMP_CONTACT_NAME", ""), "office shown to consumers for reports (OCOPSTAMP_CONTACT_NAME)")
	fs.StringVar(&o.contactPhone, "contact-phone", getenv("OCOPSTAMP_CONTACT_PHONE", ""), "office phone (OCOPSTAMP_CONTACT_PHONE)")
	fs.StringVar(&o.contactEmail, "contact-email", getenv("OCOPSTAMP_CONTACT_EMAIL", ""), "office e-mail (OCOPSTAMP_CONTACT_EMAIL)")
	withOffice := fs.Bool("office", envBool("OCOPSTAMP_OFFICE", true), "serve the office's web console (OCOPSTAMP_OFFICE)")
	fs.StringVar(&o.officeAddr, "office-addr", getenv("OCOPSTAMP_OFFICE_ADDR", ""), "serve the web console on this address (e.g. the office network's) instead of under /office/ on --addr (OCOPSTAMP_OFFICE_ADDR)")
	fs.BoolVar(&o.officeSecure, "office-secure-cookies", envBool("OCOPSTAMP_OFFICE_SECURE_COOKIES", false), "mark the console's session cookie Secure even over plain HTTP (set it behind an HTTPS proxy) (OCOPSTAMP_OFFICE_SECURE_COOKIES)")
	fs.StringVar(&o.spoolPath, "scan-spool", getenv("OCOPSTAMP_SCAN_SPOOL", "scans.spool"), "local file keeping the scans the database cannot take, replayed when it is back; one per replica; \"off\": none (OCOPSTAMP_SCAN_SPOOL)")
	fs.IntVar(&o.spoolMaxMB, "scan-spool-max-mb", envInt("OCOPSTAMP_SCAN_SPOOL_MAX_MB", 1024), "bound of the scan spool file in MiB (about 8,500 scans a MiB) (OCOPSTAMP_SCAN_SPOOL_MAX_MB)")
	fs.IntVar(&o.retentionMonths, "scan-retention-months", envInt("OCOPSTAMP_SCAN_RETENTION_MONTHS", 0), "keep the scans of this many months (the current one included) and remove older ones daily; monthly reports keep their figures; 0: keep every scan (OCOPSTAMP_SCAN_RETENTION_MONTHS)")
	fs.BoolVar(&o.allowTestURL, "allow-test-url", false, "let the admin API and the web console print labels under a base URL phones cannot open (localhost, a private address, plain http): trials only")
	drainDefault := 5 * time.Second
	if v := os.Getenv("OCOPSTAMP_DRAIN_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return usagef("OCOPSTAMP_DRAIN_DELAY %q: want a duration such as 5s", v)
		}
		drainDefault = d
	}
	fs.DurationVar(&o.drainDelay, "drain-delay", drainDefault, "on SIGTERM, answer /readyz 503 and keep serving this long before closing, so that a load balancer checking /readyz takes the replica out first; only when /readyz was probed in the last minute (OCOPSTAMP_DRAIN_DELAY)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if o.retentionMonths < 0 {
		return usagef("--scan-retention-months must be 0 (keep every scan) or more")
	}
	if o.drainDelay < 0 {
		return usagef("--drain-delay %s: want zero or a positive duration", o.drainDelay)
	}
	o.noOffice = !*withOffice
	if o.noOffice && o.officeAddr != "" {
		return usagef("--office-addr needs the console: drop --office=false")
	}
	srv, officeHandler, closeAll, err := buildServer(ctx, e, o)
	if err != nil {
		return err
	}
	defer closeAll()
	if w := proxyWarning(*addr, o.trustedProxies); w != "" {
		slog.Warn(w)
	}
	if err := office.CheckLabelURL(e.BaseURL); err != nil && !o.allowTestURL {
		slog.Warn("printing from the admin API and the web console is refused: " + stamp.ErrorMessage(err))
	}
	if officeHandler == nil {
		return srv.Run(ctx, *addr)
	}
	return runBoth(ctx, srv, *addr, officeHandler, o.officeAddr)
}

// runBoth serves the lookup server on addr and the web console on
// officeAddr until ctx ends or either fails.
func runBoth(ctx context.Context, srv *server.Server, addr string, office http.Handler, officeAddr string) error {
	ln, err := net.Listen("tcp", officeAddr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", officeAddr, err)
	}
	hs := &http.Server{Handler: office, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return srv.Run(gctx, addr) })
	g.Go(func() error {
		slog.Info("serving the office's web console", "addr", ln.Addr().String(), "path", console.Prefix+"/")
		errc := make(chan error, 1)
		go func() { errc <- hs.Serve(ln) }()
		select {
		case err := <-errc:
			return fmt.Errorf("office console: %w", err)
		case <-gctx.Done():
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		return hs.Shutdown(sctx)
	})
	return g.Wait()
}

func envBool(name string, def bool) bool {
	switch strings.ToLower(os.Getenv(name)) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	return def
}

func envInt(name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var n int
	if _, err := fmt.Sscanf(v, "%d", &n); err != nil {
		return def
	}
	return n
}

// spoolReserve is the room the scan spool keeps allocated (spool.Reserve):
// about 140,000 scans, twice the recorder's queue.
const spoolReserve = 16 << 20

// scansReady is the scan pipeline's readiness: the recorder's (scans reach
// the database or the spool) and, with a spool, its reserve: a spool that
// cannot keep its reserve is on a full disk and will soon refuse scans.
type scansReady struct {
	rec *verify.Recorder
	sp  *spool.Spool
}

func (p scansReady) Ping(ctx context.Context) error {
	if err := p.rec.Ping(ctx); err != nil {
		return err
	}
	if p.sp != nil {
		return p.sp.ReserveErr()
	}
	return nil
}

// redisPinger adapts a Redis client to server.Pinger.
type redisPinger struct{ c redis.UniversalClient }

func (p redisPinger) Ping(ctx context.Context) error { return p.c.Ping(ctx).Err() }

// buildServer wires keys, store, optional Redis cache, scan recorder and the
// lookup service into an HTTP server, with the admin API and, unless
// o.noOffice, the web console: mounted under /office/, or returned as a
// handler of its own when o.officeAddr is set. The returned func drains the
// scan queue and closes the cache; call it after the server has stopped.
func buildServer(ctx context.Context, e *Env, o serveOptions) (*server.Server, http.Handler, func(), error) {
	keys, err := e.Keys().Keys()
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := e.Store(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	salt, err := scanSalt(o.salt, e.KeysDir)
	if err != nil {
		return nil, nil, nil, err
	}
	var closers []func()
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	svc := &verify.Service{Keys: keys, Views: st, Store: st, SuspiciousThreshold: o.suspicious}
	// /readyz: lookups need the database or the cache, scans the recorder
	// (database or spool); see server.Deps.Sources.
	ready := map[string]server.Pinger{"database": st}
	sources := []string{"database"}
	recOpts := verify.RecorderOptions{}
	var collectors []prometheus.Collector
	if e.RedisURL != "" {
		rdb, err := rediscache.NewClient(e.RedisURL)
		if err != nil {
			return nil, nil, nil, usagef("--redis: %v", err)
		}
		cache := rediscache.New(rdb, st, rediscache.Options{})
		closers = append(closers, func() { cache.Close(); rdb.Close() })
		svc.Views = cache
		recOpts.Stats = cache
		ready["cache"] = redisPinger{rdb}
		sources = append(sources, "cache")
		collectors = append(collectors, cache.Collectors()...)
	}
	var spooled *spool.Spool
	if o.spoolPath != "" && o.spoolPath != "off" {
		if o.spoolMaxMB <= 0 {
			return nil, nil, nil, usagef("--scan-spool-max-mb must be positive")
		}
		sp, err := spool.Open(o.spoolPath, int64(o.spoolMaxMB)<<20)
		if err != nil {
			closeAll()
			return nil, nil, nil, usagef("--scan-spool: %v", err)
		}
		// Room kept allocated past the spool's end, so that a full disk
		// still takes the scans held in memory (a full queue is about 8 MB).
		if err := sp.Reserve(min(spoolReserve, int64(o.spoolMaxMB)<<20)); err != nil {
			slog.Warn("scan spool: no room reserved; a full disk will stop it at once", "err", err)
		}
		recOpts.Spool = sp // the recorder closes it
		spooled = sp
	}
	rec := verify.NewRecorder(st, salt, recOpts)
	ready["scans"] = scansReady{rec, spooled}
	closers = append(closers, func() {
		// Within the drain time the queue reaches the database or, when it
		// cannot take it, the spool.
		dctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := rec.Close(dctx); err != nil {
			fmt.Fprintf(e.Err, "ocopstamp: draining scans: %v\n", err)
		}
	})
	svc.Recorder = rec
	collectors = append(collectors, rec.Collectors()...)
	closers = append(closers, startScanMaintenance(st, o.retentionMonths, e.now))
	// The contact flags win over the contact stored by 'ocopstamp init'.
	cfg := server.Config{RateLimit: o.rateLimit, SerialRateLimit: o.serialLimit, SampleData: o.sampleData, DrainDelay: o.drainDelay,
		Contact: server.Contact{Name: cmp.Or(o.contactName, e.settings[storage.SettingOfficeName]),
			Phone: cmp.Or(o.contactPhone, e.settings[storage.SettingOfficePhone]),
			Email: cmp.Or(o.contactEmail, e.settings[storage.SettingOfficeEmail])}}
	if o.trustedProxies != "" {
		for _, p := range strings.Split(o.trustedProxies, ",") {
			cfg.TrustedProxies = append(cfg.TrustedProxies, strings.TrimSpace(p))
		}
	}
	srv, err := server.New(cfg, server.Deps{Lookup: svc, Keys: keys, Ready: ready, Sources: sources, Collectors: collectors,
		Reports: &office.Office{Store: st}})
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	// GS1 Digital Link URIs of products with a GTIN: /01/{GTIN}… (docs/api.md).
	if err := srv.MountResolver(server.ResolverConfig{Registry: st, BaseURL: e.BaseURL}); err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	// The admin API mints and signs snapshots only where the private key is;
	// replicas without it answer those routes 503.
	signer, err := e.Keys().Signer()
	if err != nil {
		slog.Info("no signing key: admin mint and snapshot are disabled on this replica", "reason", stamp.ErrorMessage(err))
		signer = nil
	}
	err = admin.Register(srv.Router(), admin.Deps{Store: st, Signer: signer, Keys: keys, BaseURL: e.BaseURL, AllowTestURL: o.allowTestURL})
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	for _, l := range admin.BodyLimits() {
		srv.AllowBody(l.Method, l.Path, l.Max)
	}
	app, err := inspectorapp.New()
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	app.Register(srv.Router())
	if o.noOffice {
		return srv, nil, closeAll, nil
	}
	con, err := console.New(console.Deps{Store: st, Signer: signer, Keys: keys, BaseURL: e.BaseURL, AllowTestURL: o.allowTestURL,
		SampleData: o.sampleData, SecureCookies: o.officeSecure})
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	if o.officeAddr != "" {
		return srv, con, closeAll, nil
	}
	srv.Mount(console.Prefix, con)
	return srv, nil, closeAll, nil
}

// scanSalt returns the configured salt, or the one kept in the key folder,
// creating it (32 random bytes, mode 0600) on first use.
func scanSalt(configured, keysDir string) ([]byte, error) {
	if configured != "" {
		if len(configured) < 16 {
			return nil, usagef("--scan-salt must be at least 16 characters")
		}
		return []byte(configured), nil
	}
	path := filepath.Join(keysDir, "scan-salt")
	b, err := os.ReadFile(path)
	if err == nil {
		s, derr := hex.DecodeString(strings.TrimSpace(string(b)))
		if derr != nil || len(s) < 16 {
			return nil, stamp.Errorf(stamp.EInvalid, "%s: want at least 32 hex digits", path)
		}
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read scan salt: %w", err)
	}
	s := make([]byte, 32)
	if _, err := rand.Read(s); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(keysDir, 0o700); err != nil {
		return nil, stamp.Errorf(stamp.EInvalid, "key folder: %v", err)
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(s)+"\n"), 0o600); err != nil {
		return nil, stamp.Errorf(stamp.EInvalid, "write scan salt: %v", err)
	}
	return s, nil
}
