package console

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/clientlimit"
	usecase "github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Cookie names. Both are HttpOnly, SameSite=Strict and scoped to Prefix.
const (
	sessionCookie = "ocop_session" // the session id
	preCookie     = "ocop_signin"  // the sign-in form's CSRF secret, before a session exists
	langCookie    = "ocop_lang"
)

// touchEvery is how stale a session's last request may get before a request
// records it (one write per session per minute at most).
const touchEvery = time.Minute

// signInActor is the audit actor of failed sign-ins: nobody is known yet.
const signInActor = "console"

// session is a signed-in person: the token they signed in with.
type session struct {
	id   []byte   // the secret the cookie holds (base64url-decoded)
	hash [32]byte // what the store keys it by
	storage.Session
	Name string // the token's name: the actor of every write
	Role string
	CSRF string
}

// Can reports whether the session's role is role or above; templates use
// it to show only what the role may do.
func (s *session) Can(role string) bool {
	return s != nil && stamp.RoleRank(s.Role) >= stamp.RoleRank(role)
}

// csrfOf derives a session's CSRF token from its secret id: it never needs
// storing and cannot be guessed without the id.
func csrfOf(id []byte) string {
	m := hmac.New(sha256.New, id)
	m.Write([]byte("ocopstamp console csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfOK checks the form's csrf field against the session's.
func (c *Console) csrfOK(r *http.Request, s *session) bool {
	got := r.PostFormValue("csrf")
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) == 1
}

// session returns the request's session, or answers (a redirect to the
// sign-in page) and returns false. Sessions idle past IdleTimeout, and
// sessions of revoked or expired tokens, are ended here.
func (c *Console) session(w http.ResponseWriter, r *http.Request) (*session, bool) {
	ctx := r.Context()
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		c.toSignIn(w, r, "")
		return nil, false
	}
	id, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || len(id) != 32 {
		c.toSignIn(w, r, "")
		return nil, false
	}
	hash := sha256.Sum256(id)
	st, err := c.d.Store.SessionByHash(ctx, hash)
	if stamp.ErrorCode(err) == stamp.ENotFound {
		c.toSignIn(w, r, "ended")
		return nil, false
	}
	if err != nil {
		c.internal(w, r, nil, err)
		return nil, false
	}
	now := c.d.Now()
	if now.Sub(st.SeenAt) > c.d.IdleTimeout {
		if err := c.d.Store.DeleteSession(ctx, hash); err != nil {
			c.log.Warn("console: cannot end an idle session", "err", err)
		}
		c.toSignIn(w, r, "expired")
		return nil, false
	}
	tok, err := c.d.Store.Token(ctx, strconv.FormatInt(st.TokenID, 10))
	if err != nil && stamp.ErrorCode(err) != stamp.ENotFound {
		c.internal(w, r, nil, err)
		return nil, false
	}
	if err != nil || tok.State(now) != "active" {
		if _, err := c.d.Store.DeleteTokenSessions(ctx, st.TokenID); err != nil {
			c.log.Warn("console: cannot end the sessions of a revoked token", "err", err)
		}
		c.toSignIn(w, r, "ended")
		return nil, false
	}
	if now.Sub(st.SeenAt) > touchEvery {
		if err := c.d.Store.TouchSession(ctx, hash, now); err != nil {
			c.log.Warn("console: cannot record a session's request", "err", err)
		}
	}
	return &session{id: id, hash: hash, Session: *st, Name: tok.Name, Role: tok.Role, CSRF: csrfOf(id)}, true
}

// toSignIn sends the browser to the sign-in page; why ("expired", "ended"
// or "") is shown there.
func (c *Console) toSignIn(w http.ResponseWriter, r *http.Request, why string) {
	c.clearCookie(w, r, sessionCookie)
	q := url.Values{}
	if why != "" {
		q.Set("why", why)
	}
	if r.Method == http.MethodGet && r.URL.Path != Prefix+"/" {
		q.Set("next", r.URL.RequestURI())
	}
	u := Prefix + "/signin"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// secure reports whether cookies should be Secure for r.
func (c *Console) secure(r *http.Request) bool { return c.d.SecureCookies || r.TLS != nil }

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: Prefix + "/", MaxAge: maxAge,
		HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteStrictMode})
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	c.setCookie(w, r, name, "", -1)
}

// random returns n random bytes.
func (c *Console) random(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(c.d.Rand, b); err != nil {
		return nil, fmt.Errorf("console: randomness: %w", err)
	}
	return b, nil
}

// signInPage shows the sign-in form with a fresh form secret.
func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	c.showSignIn(w, r, http.StatusOK, "")
}

func (c *Console) showSignIn(w http.ResponseWriter, r *http.Request, status int, msg string) {
	b, err := c.random(32)
	if err != nil {
		c.internal(w, r, nil, err)
		return
	}
	secret := base64.RawURLEncoding.EncodeToString(b)
	c.setCookie(w, r, preCookie, secret, 3600)
	t := c.words(r)
	var note string
	switch r.URL.Query().Get("why") {
	case "expired":
		note = t["sessionExpired"]
	case "ended":
		note = t["sessionEnded"]
	case "out":
		note = t["signedOut"]
	}
	next := r.FormValue("next")
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, Prefix+"//") {
		next = ""
	}
	c.render(w, r, status, "signin", nil, t["signIn"], map[string]any{
		"Form": secret, "Error": msg, "Note": note, "Next": next})
}

// signInSubmit checks the token, starts a session and audits the sign-in;
// a failure is audited without the token and spends the client's budget.
func (c *Console) signInSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := c.words(r)
	client := c.d.ClientIP(r)
	if blocked, wait := c.signIn.Blocked(client); blocked {
		secs := clientlimit.WaitSeconds(wait)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		c.showSignIn(w, r, http.StatusTooManyRequests, fmt.Sprintf(t["tooManySignIns"], secs))
		return
	}
	ck, err := r.Cookie(preCookie)
	form := r.PostFormValue("form")
	if err != nil || form == "" || subtle.ConstantTimeCompare([]byte(form), []byte(ck.Value)) != 1 {
		c.showSignIn(w, r, http.StatusForbidden, t["badCSRF"])
		return
	}
	tok, reason, err := c.checkToken(r, strings.TrimSpace(r.PostFormValue("token")))
	if err != nil {
		c.internal(w, r, nil, err)
		return
	}
	if tok == nil {
		c.signIn.Take(client)
		c.log.Warn("console: sign-in failed", "reason", reason, "client", client)
		c.auditSignIn(r, signInActor, "console.signin_failed", client, reason)
		c.showSignIn(w, r, http.StatusUnauthorized, t["badToken"])
		return
	}
	id, err := c.random(32)
	if err != nil {
		c.internal(w, r, nil, err)
		return
	}
	now := c.d.Now()
	if err := c.d.Store.CreateSession(ctx, &storage.Session{Hash: sha256.Sum256(id), TokenID: tok.ID,
		CreatedAt: now, SeenAt: now, Client: client}); err != nil {
		c.internal(w, r, nil, err)
		return
	}
	if err := c.d.Store.TouchToken(ctx, tok.ID, now); err != nil {
		c.log.Warn("console: cannot record a token's last use", "token", tok.Name, "err", err)
	}
	c.auditSignIn(r, tok.Name, "console.signin", client, "")
	c.clearCookie(w, r, preCookie)
	c.setCookie(w, r, sessionCookie, base64.RawURLEncoding.EncodeToString(id), 0)
	next := r.PostFormValue("next")
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, Prefix+"//") {
		next = Prefix + "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// checkToken returns the active token text names, or why it does not sign
// in (never echoing the text), or an error when the store failed.
func (c *Console) checkToken(r *http.Request, text string) (*storage.Token, string, error) {
	if text == "" {
		return nil, "no token given", nil
	}
	hash, lookup := usecase.HashToken(text)
	tok, err := c.d.Store.TokenByLookup(r.Context(), lookup)
	if stamp.ErrorCode(err) == stamp.ENotFound {
		return nil, "unknown token", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("sign in: %w", err)
	}
	if subtle.ConstantTimeCompare(hash[:], tok.Hash[:]) != 1 {
		return nil, "unknown token", nil
	}
	if st := tok.State(c.d.Now()); st != "active" {
		return nil, fmt.Sprintf("token %q is %s", tok.Name, st), nil
	}
	return tok, "", nil
}

// auditSignIn records a sign-in, a failed one or a sign-out. A failure to
// record is logged: it must not lock the office out.
func (c *Console) auditSignIn(r *http.Request, actor, action, client, reason string) {
	after := map[string]string{"client": client}
	if reason != "" {
		after["reason"] = reason
	}
	b, _ := json.Marshal(after)
	e := stamp.AuditEntry{Actor: actor, Action: action, Subject: "console", After: string(b)}
	if err := c.d.Store.AppendAudit(r.Context(), e); err != nil {
		c.log.Error("console: cannot audit", "action", action, "err", err)
	}
}

// signOut ends this session.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request, s *session) {
	if err := c.d.Store.DeleteSession(r.Context(), s.hash); err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.auditSignIn(r, s.Name, "console.signout", c.d.ClientIP(r), "")
	c.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, Prefix+"/signin?why=out", http.StatusSeeOther)
}

// signOutAll ends every session of the signed-in token, on every device.
func (c *Console) signOutAll(w http.ResponseWriter, r *http.Request, s *session) {
	if _, err := c.d.Store.DeleteTokenSessions(r.Context(), s.TokenID); err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.auditSignIn(r, s.Name, "console.signout_all", c.d.ClientIP(r), "")
	c.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, Prefix+"/signin?why=out", http.StatusSeeOther)
}
