package admin

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/internal/clientlimit"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// tokenKey holds the authenticated *storage.Token in the gin context.
const tokenKey = "admin.token"

// realm is the WWW-Authenticate realm of the admin API.
const realm = `Bearer realm="ocopstamp admin"`

// touchEvery is how stale a token's last use may get before a request
// records it (one write per token per minute at most).
const touchEvery = time.Minute

// authFailure is why a request did not authenticate.
type authFailure struct {
	code    string // RFC 6750 error: "" (no credentials) or invalid_token
	message string
}

// auth authenticates the request's bearer token and requires a role of at
// least min. Missing, malformed, unknown, expired and revoked tokens get 401
// with WWW-Authenticate; a lesser role gets 403; a client over its budget of
// failed authentications with one token gets 429 before that token is even
// looked at (see failureKey).
func (h *handler) auth(min string) gin.HandlerFunc {
	return func(c *gin.Context) {
		client := c.ClientIP()
		key := failureKey(client, c.GetHeader("Authorization"))
		if blocked, wait := h.authFail.Blocked(key); blocked {
			secs := clientlimit.WaitSeconds(wait)
			c.Header("Retry-After", strconv.Itoa(secs))
			abort(c, http.StatusTooManyRequests, server.CodeRateLimited,
				fmt.Sprintf("too many failed authentications with this token from this address; retry in %d s", secs))
			return
		}
		tok, fail, err := h.authenticate(c)
		if err != nil {
			h.fail(c, err)
			return
		}
		if fail != nil {
			h.authFail.Take(key)
			h.log.Warn("admin authentication failed", "reason", fail.message, "client", client,
				"method", c.Request.Method, "route", c.FullPath())
			ch := realm
			if fail.code != "" {
				ch += fmt.Sprintf(`, error=%q, error_description=%q`, fail.code, fail.message)
			}
			c.Header("WWW-Authenticate", ch)
			abort(c, http.StatusUnauthorized, stamp.EUnauthorized, fail.message)
			return
		}
		if stamp.RoleRank(tok.Role) < stamp.RoleRank(min) {
			h.log.Info("admin request refused: role too low", "token", tok.Name, "role", tok.Role, "needs", min,
				"method", c.Request.Method, "route", c.FullPath())
			abort(c, http.StatusForbidden, stamp.EForbidden,
				fmt.Sprintf("token %q has role %s; %s %s needs role %s or higher", tok.Name, tok.Role, c.Request.Method, c.FullPath(), min))
			return
		}
		c.Set(tokenKey, tok)
		c.Next()
	}
}

// authenticate finds the request's token. It returns the token, or why the
// request does not authenticate, or an error when the store failed.
func (h *handler) authenticate(c *gin.Context) (*storage.Token, *authFailure, error) {
	hdr := c.GetHeader("Authorization")
	if hdr == "" {
		return nil, &authFailure{message: "missing bearer token: send the header 'Authorization: Bearer ocop_…'"}, nil
	}
	scheme, text, _ := strings.Cut(hdr, " ")
	text = strings.TrimSpace(text)
	if !strings.EqualFold(scheme, "Bearer") || text == "" {
		return nil, &authFailure{code: "invalid_request", message: "the Authorization header must be 'Bearer <token>'"}, nil
	}
	if !office.WellFormed(text) {
		return nil, &authFailure{code: "invalid_token", message: "the bearer token is not an ocopstamp token (ocop_ and 43 characters)"}, nil
	}
	hash, lookup := office.HashToken(text)
	tok, err := h.d.Store.TokenByLookup(c.Request.Context(), lookup)
	if stamp.ErrorCode(err) == stamp.ENotFound {
		return nil, &authFailure{code: "invalid_token", message: "the bearer token is not valid"}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("authenticate: %w", err)
	}
	if subtle.ConstantTimeCompare(hash[:], tok.Hash[:]) != 1 {
		return nil, &authFailure{code: "invalid_token", message: "the bearer token is not valid"}, nil
	}
	now := h.now()
	switch tok.State(now) {
	case "revoked":
		return nil, &authFailure{code: "invalid_token", message: fmt.Sprintf("token %q was revoked", tok.Name)}, nil
	case "expired":
		return nil, &authFailure{code: "invalid_token", message: fmt.Sprintf("token %q expired at %s", tok.Name, tok.ExpiresAt.UTC().Format(time.RFC3339))}, nil
	}
	if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) > touchEvery {
		if err := h.d.Store.TouchToken(c.Request.Context(), tok.ID, now); err != nil {
			h.log.Warn("admin: cannot record a token's last use", "token", tok.Name, "err", err)
		}
	}
	return tok, nil, nil
}

// who returns the person the request acts for: the authenticated token's
// name (the actor of every write in the audit log) and role.
func who(c *gin.Context) stamp.Actor {
	if t, ok := c.Get(tokenKey); ok {
		tok := t.(*storage.Token)
		return stamp.Actor{Name: tok.Name, Role: tok.Role}
	}
	return stamp.Actor{}
}

// me answers GET /api/v1/admin/me: who the token is.
func (h *handler) me(c *gin.Context) {
	t, _ := c.Get(tokenKey)
	c.JSON(http.StatusOK, tokenView(t.(*storage.Token), h.now()))
}

// failurePrefix is how much of a presented token keys the failure budget:
// "ocop_" and 7 characters of the secret (42 random bits).
const failurePrefix = 12

// failureKey is what failed authentications are counted by: the client
// address and the start of the presented credential. Behind a proxy without
// --trusted-proxies every client shares the proxy's address; counting by
// address alone let anyone lock every admin out with ten bad tokens. A
// guesser of tokens gains nothing from this: a token has 256 random bits.
func failureKey(client, authorization string) string {
	_, cred, _ := strings.Cut(authorization, " ")
	cred = strings.TrimSpace(cred)
	if len(cred) > failurePrefix {
		cred = cred[:failurePrefix]
	}
	return client + " " + cred
}
