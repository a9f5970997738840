// Package server is the HTTP service that `ocopstamp serve` runs: the consumer
// page a phone opens from a stamp's QR code (GET /s/{code}), the JSON lookup
// API, the public key set, and the health and metrics endpoints.
//
// cmd/ocopstamp builds one Server with New and either mounts Handler or calls
// Run, which shuts down gracefully when its context ends. docs/api.md
// documents every route.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/ocop-hatinh/ocopstamp/internal/clientlimit"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// Lookuper answers lookups; *verify.Service implements it. See
// verify.Service.Lookup for the error contract the server relies on:
// malformed input is a *stamp.CodeError or an EInvalid *stamp.Error, a forged
// code is a not_genuine Result, anything else is internal.
type Lookuper interface {
	Lookup(ctx context.Context, text string, cl verify.Client) (*verify.Result, error)
	LookupSerial(ctx context.Context, serial string, cl verify.Client) (*verify.Result, error)
}

// Pinger is a dependency whose health /readyz checks (storage.Store, a Redis
// client wrapper).
type Pinger interface {
	Ping(ctx context.Context) error
}

// Contact is how consumers reach the office to report a suspect stamp. Empty
// fields are not shown.
type Contact struct {
	Name    string // e.g. "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"
	Phone   string // shown as a tel: link
	Email   string // shown as a mailto: link
	Address string
	Note    string // one more line, e.g. office hours
}

// DefaultContactName is Contact.Name when Config.Contact.Name is empty.
const DefaultContactName = "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"

// Config tunes the server. The zero value works: every zero field gets the
// default its comment names.
type Config struct {
	// TrustedProxies lists the addresses or CIDRs of reverse proxies whose
	// X-Forwarded-For the server believes. Empty: none, the client address is
	// the TCP peer. The client address feeds the scan hash and the rate limit.
	TrustedProxies []string
	// RateLimit is the sustained number of lookups per second one client
	// address may make (default 20); RateBurst the burst (default 100). A
	// negative RateLimit turns the limit off.
	RateLimit float64
	RateBurst int
	// SerialRateLimit is the sustained number of typed-serial lookups
	// (/serial?s=, /api/v1/serials/) per second one client address may make
	// (default 0.1, one every ten seconds); SerialRateBurst the burst
	// (default 20). Serials are sequential, so this bucket is smaller than
	// the lookup one and taken on top of it. Negative turns it off.
	SerialRateLimit float64
	SerialRateBurst int
	// LookupTimeout bounds one lookup (default 5s); ReadyTimeout one /readyz
	// round, whose checks run at once (default 2s); ShutdownTimeout how long
	// Run waits for in-flight requests after its context ends (default 15s).
	LookupTimeout   time.Duration
	ReadyTimeout    time.Duration
	ShutdownTimeout time.Duration
	// DrainDelay is how long Run keeps serving after its context ends, with
	// /readyz answering 503, before it stops accepting connections, so that
	// a load balancer checking /readyz takes the replica out first (set it
	// above the balancer's check interval times its fall count). It applies
	// only when /readyz was requested within the last minute; zero: none.
	DrainDelay time.Duration
	// Contact is shown to consumers on warning pages; Name defaults to
	// DefaultContactName.
	Contact Contact
	// SampleData marks every page as showing sample data (quickstart).
	SampleData bool
	// A client may send ReportBurst consumer reports (default 3), then one
	// every ReportEvery (default 20m); past that the report form answers
	// 429.
	ReportBurst int
	ReportEvery time.Duration
	// Logger receives internal errors and panics (default slog.Default()).
	Logger *slog.Logger
	// Now is the rate limiter's clock (default time.Now).
	Now func() time.Time
	// PageCacheBytes bounds the rendered consumer pages kept in memory to
	// answer the next lookups of the same stamp without rendering (default
	// DefaultPageCacheBytes, 64 MiB); negative turns the cache off.
	PageCacheBytes int
}

func (c *Config) defaults() {
	if c.RateLimit == 0 {
		c.RateLimit = 20
	}
	if c.RateBurst <= 0 {
		c.RateBurst = 100
	}
	if c.SerialRateLimit == 0 {
		c.SerialRateLimit = 0.1
	}
	if c.SerialRateBurst <= 0 {
		c.SerialRateBurst = 20
	}
	if c.LookupTimeout <= 0 {
		c.LookupTimeout = 5 * time.Second
	}
	if c.ReadyTimeout <= 0 {
		c.ReadyTimeout = 2 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
	if c.Contact.Name == "" {
		c.Contact.Name = DefaultContactName
	}
	if c.ReportBurst <= 0 {
		c.ReportBurst = 3
	}
	if c.ReportEvery <= 0 {
		c.ReportEvery = 20 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.PageCacheBytes == 0 {
		c.PageCacheBytes = DefaultPageCacheBytes
	}
}

// Deps are the services the server answers with.
type Deps struct {
	// Lookup answers lookups (required): a *verify.Service. When it has a
	// Collectors() []prometheus.Collector method, its metrics are served.
	Lookup Lookuper
	// Keys is the public key set published at
	// /.well-known/ocop-stamp-keys.json (required).
	Keys *stamp.KeySet
	// Ready names the dependencies /readyz pings, e.g. {"database": store,
	// "cache": redis, "scans": recorder}. Empty: /readyz answers like
	// /healthz. Each must answer for /readyz to be 200, except Sources.
	Ready map[string]Pinger
	// Sources names the entries of Ready that lookups read registry views
	// from, e.g. {"database", "cache"}: /readyz stays 200 ("degraded")
	// while at least one of them answers, and is 503 when none does.
	Sources []string
	// Collectors are more Prometheus collectors to serve at /metrics, e.g.
	// the scan recorder's (verify.Recorder.Collectors).
	Collectors []prometheus.Collector
	// Reports receives the consumer report form's reports (an
	// *office.Office). Nil: the form is not served (404).
	Reports ReportReceiver
}

// Server is the HTTP service. Build it with New.
type Server struct {
	cfg     Config
	deps    Deps
	log     *slog.Logger
	engine  *gin.Engine
	reg     *prometheus.Registry
	metrics *httpMetrics
	limiter *clientlimit.Limiter
	// serialLimiter is the smaller bucket of typed-serial lookups.
	serialLimiter *clientlimit.Limiter
	// reportLimiter bounds consumer reports per client.
	reportLimiter *clientlimit.Limiter
	keys          keysDoc
	secHeaders    map[string][]string // securityHeaders
	tmpl          *template.Template
	pages         *pageCache // nil: off
	mounts        []string   // path prefixes of mounted handlers (Mount)
	// bodyLimits holds the body limits AllowBody raised, by "METHOD path".
	bodyLimits map[string]int64

	draining  atomic.Bool  // shutting down: /readyz answers 503
	lastProbe atomic.Int64 // time of the last /readyz request, UnixNano
	readyMu   sync.Mutex
	readyDown map[string]bool // checks failing at the last /readyz, for logging changes
}

// New builds the server: routes, templates (parsed once from the embedded
// files), metrics. It fails when a required dependency is missing, a trusted
// proxy does not parse, or a collector cannot be registered.
func New(cfg Config, deps Deps) (*Server, error) {
	if deps.Lookup == nil {
		return nil, errors.New("server: Deps.Lookup is required")
	}
	if deps.Keys == nil {
		return nil, errors.New("server: Deps.Keys is required")
	}
	cfg.defaults()
	s := &Server{cfg: cfg, deps: deps, log: cfg.Logger, reg: prometheus.NewRegistry()}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Now)
	}
	if cfg.SerialRateLimit > 0 {
		s.serialLimiter = newLimiter(cfg.SerialRateLimit, cfg.SerialRateBurst, cfg.Now)
	}
	s.reportLimiter = clientlimit.New(cfg.ReportEvery, cfg.ReportBurst, cfg.Now)
	keys, err := newKeysDoc(deps.Keys)
	if err != nil {
		return nil, err
	}
	s.keys = keys
	s.metrics = newHTTPMetrics()
	cs := []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	cs = append(cs, s.metrics.collectors()...)
	if mc, ok := deps.Lookup.(interface{ Collectors() []prometheus.Collector }); ok {
		cs = append(cs, mc.Collectors()...)
	}
	cs = append(cs, deps.Collectors...)
	for _, c := range cs {
		if err := s.reg.Register(c); err != nil {
			return nil, fmt.Errorf("server: register metrics: %w", err)
		}
	}
	tmpl, csp, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.tmpl, s.secHeaders = tmpl, newSecHeaders(csp)
	if cfg.PageCacheBytes > 0 {
		s.pages = newPageCache(cfg.PageCacheBytes)
	}
	if err := s.buildEngine(tmpl); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) buildEngine(tmpl *template.Template) error {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return fmt.Errorf("server: trusted proxies: %w", err)
	}
	e.TrustedPlatform = "" // never believe a platform header without a trusted proxy
	if len(s.cfg.TrustedProxies) == 0 {
		e.ForwardedByClientIP = false
	}
	e.SetHTMLTemplate(tmpl)
	e.Use(s.recovery, s.instrument, s.securityHeaders, s.limitRequest)
	e.NoRoute(s.notFound)
	e.NoMethod(s.methodNotAllowed)
	s.routes(e)
	s.engine = e
	return nil
}

// Handler returns the HTTP handler serving every route.
func (s *Server) Handler() http.Handler { return s.engine }

// Router lets other packages mount routes on the server (the admin API:
// server/admin.Register). Call it before serving.
func (s *Server) Router() gin.IRouter { return s.engine }

// Registry returns the Prometheus registry /metrics serves, for callers that
// want to add collectors after New.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// HTTPServer returns an *http.Server for addr with the server's handler and
// timeouts set (slow clients cannot hold connections open).
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.engine,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      s.cfg.LookupTimeout + 10*time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Run listens on addr and serves until ctx ends, then drains (/readyz
// answers 503 for Config.DrainDelay when a load balancer probes it), stops
// accepting new connections and waits up to Config.ShutdownTimeout for
// requests in flight. The caller closes the scan recorder after Run returns, so that
// every scan of a finished request is drained. It returns nil after a clean
// shutdown and the listen or serve error otherwise.
func (s *Server) Run(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened (tests use 127.0.0.1:0).
// It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer(ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving stamp lookups", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.drain(hs)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.log.Info("server stopped")
	return nil
}
