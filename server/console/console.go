// Package console is the coordination office's web console: server-rendered
// Vietnamese (and English) pages for the registry, batches, printing,
// revocations, the inbox, the audit log, monthly reports and tokens, served
// by `ocopstamp serve` under /office/ (or on its own address).
//
// A person signs in once with an admin token (office, inspector or viewer);
// the console then keeps a server-side session: a random id in an HttpOnly,
// SameSite=Strict cookie, only its SHA-256 hash in the database (replicas
// share it), ended after IdleTimeout without a request or by signing out
// (here or everywhere). Every form carries a CSRF token bound to the
// session; a POST without it is refused 403. Every route checks the role on
// the server: a page shows only what the role may do, and a hand-made
// request beyond it is refused 403. Failed sign-ins are rate-limited per
// client address and audited without the token text.
//
// Pages are html/template files embedded in the binary with one inlined
// style sheet allowed by hash; there is no script and no external asset, so
// every screen works without JavaScript.
package console

import (
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/clientlimit"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Prefix is where the console lives: every route starts with it.
const Prefix = "/office"

// Deps are what the console works with. Store is required; every other zero
// field gets the default its comment names.
type Deps struct {
	Store storage.Store
	// Office runs every write (package office); default: one on Store,
	// Signer, Keys, BaseURL, Now and Rand.
	Office *office.Office
	// Signer is the office's active signing key. Nil: minting is refused
	// with a message (a replica without the key).
	Signer *stamp.Signer
	// Keys is the public key set, to check codes typed into the stamp
	// search. Nil: codes are looked up by id only.
	Keys *stamp.KeySet
	// BaseURL is the public base URL printed in QR codes. Empty, or one
	// phones cannot open (office.CheckLabelURL) without AllowTestURL:
	// printing is refused with a message.
	BaseURL      string
	AllowTestURL bool
	// Logger receives failed sign-ins and internal errors (default
	// slog.Default()).
	Logger *slog.Logger
	// Now is the clock (default time.Now); Rand the randomness of session
	// ids and tokens (default crypto/rand).
	Now  func() time.Time
	Rand io.Reader
	// IdleTimeout ends a session this long after its last request
	// (default 8 hours).
	IdleTimeout time.Duration
	// A client address may fail SignInBurst sign-ins (default 5), then one
	// every SignInEvery (default 1 minute).
	SignInBurst int
	SignInEvery time.Duration
	// ClientIP returns a request's client address (default
	// server.RequestClientIP: the lookup server's, which believes only
	// trusted proxies, when mounted there; else the TCP peer).
	ClientIP func(*http.Request) string
	// SecureCookies marks the session cookie Secure on every answer (set it
	// behind an HTTPS proxy); requests that arrive over TLS get Secure
	// anyway.
	SecureCookies bool
	// SampleData marks every page as showing sample data.
	SampleData bool
}

func (d *Deps) defaults() {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Rand == nil {
		d.Rand = rand.Reader
	}
	if d.IdleTimeout <= 0 {
		d.IdleTimeout = 8 * time.Hour
	}
	if d.SignInBurst <= 0 {
		d.SignInBurst = 5
	}
	if d.SignInEvery <= 0 {
		d.SignInEvery = time.Minute
	}
	if d.ClientIP == nil {
		d.ClientIP = server.RequestClientIP
	}
	if d.Office == nil {
		d.Office = &office.Office{Store: d.Store, Signer: d.Signer, Keys: d.Keys, BaseURL: d.BaseURL, AllowTestURL: d.AllowTestURL, Now: d.Now, Rand: d.Rand,
			MaxMint: 100_000, MaxPrint: 5_000}
	}
}

// maxBody bounds a request body: a registry CSV upload is the largest.
const maxBody = 8 << 20

// Console is the web console's handler. Build it with New.
type Console struct {
	d      Deps
	log    *slog.Logger
	mux    *http.ServeMux
	tmpl   *template.Template
	csp    string
	signIn *clientlimit.Limiter
}

// New builds the console. It fails when d.Store is nil or the embedded
// templates do not parse.
func New(d Deps) (*Console, error) {
	if d.Store == nil {
		return nil, errors.New("console: Deps.Store is required")
	}
	d.defaults()
	tmpl, csp, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	c := &Console{d: d, log: d.Logger, tmpl: tmpl, csp: csp, mux: http.NewServeMux(),
		signIn: clientlimit.New(d.SignInEvery, d.SignInBurst, d.Now)}
	c.routes()
	return c, nil
}

// ServeHTTP serves every console route; anything else under Prefix is 404.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", c.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			c.log.Error("console: panic", "path", r.URL.Path, "panic", v)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	}
	c.mux.ServeHTTP(w, r)
}

// Roles, least powerful last (stamp.RoleOffice and so on).
const (
	roleOffice    = stamp.RoleOffice
	roleInspector = stamp.RoleInspector
	roleViewer    = stamp.RoleViewer
)

// handlerFunc is a console handler with the signed-in session.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *session)

// handle registers a route (method and path after Prefix) that needs a
// session of at least role; POSTs also need the session's CSRF token.
func (c *Console) handle(method, path, role string, fn handlerFunc) {
	c.mux.HandleFunc(method+" "+Prefix+path, func(w http.ResponseWriter, r *http.Request) {
		s, ok := c.session(w, r)
		if !ok {
			return
		}
		if stamp.RoleRank(s.Role) < stamp.RoleRank(role) {
			c.log.Info("console: refused, role too low", "token", s.Name, "role", s.Role, "needs", role, "method", r.Method, "path", r.URL.Path)
			c.fail(w, r, s, http.StatusForbidden, fmt.Sprintf(c.words(r)["needsRole"], roleName(c.words(r), role)))
			return
		}
		if method == http.MethodPost && !c.csrfOK(r, s) {
			c.log.Warn("console: refused, bad CSRF token", "token", s.Name, "path", r.URL.Path)
			c.fail(w, r, s, http.StatusForbidden, c.words(r)["badCSRF"])
			return
		}
		fn(w, r, s)
	})
}

// routes registers every route with its least role.
func (c *Console) routes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
	})
	m.HandleFunc("GET "+Prefix+"/signin", c.signInPage)
	m.HandleFunc("POST "+Prefix+"/signin", c.signInSubmit)
	m.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, nil, http.StatusNotFound, c.words(r)["notFound"])
	})
	c.handle("POST", "/signout", roleViewer, c.signOut)
	c.handle("POST", "/signout-all", roleViewer, c.signOutAll)

	c.handle("GET", "/{$}", roleViewer, c.overview)
	c.handle("GET", "/facilities", roleViewer, c.facilities)
	c.handle("GET", "/products", roleViewer, c.products)
	c.handle("GET", "/certifications", roleViewer, c.certifications)
	c.handle("GET", "/points-of-sale", roleViewer, c.pointsOfSale)
	c.handle("GET", "/batches", roleViewer, c.batches)
	c.handle("GET", "/batches/{id}", roleViewer, c.batch)
	c.handle("GET", "/audit", roleViewer, c.audit)
	c.handle("GET", "/reports", roleViewer, c.reports)
	c.handle("GET", "/reports/download", roleViewer, c.reportDownload)

	c.handle("GET", "/stamps", roleInspector, c.stamps)
	c.handle("GET", "/stamps/{id}", roleInspector, c.stampDetail)
	c.handle("GET", "/inbox", roleInspector, c.inbox)
	c.handle("GET", "/inbox/consumer_report/{id}/photo", roleInspector, c.reportPhoto)

	c.handle("GET", "/tokens", roleOffice, c.tokens)
	c.writeRoutes()
}

// Owns reports whether path belongs to the console (the serve command sends
// those requests to it).
func Owns(path string) bool { return path == Prefix || strings.HasPrefix(path, Prefix+"/") }
