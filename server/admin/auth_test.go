package admin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestAuthentication: every way a request can fail to authenticate gets 401
// with a message saying why and a WWW-Authenticate challenge, and the log
// line never holds the token.
func TestAuthentication(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, openSQLite(t))
	now := time.Now()
	exp := now.Add(time.Hour)
	expiring, _, err := issueToken(ctx, f.store, office.TokenRequest{Name: "hết hạn", Role: stamp.RoleOffice, ExpiresAt: &exp}, now)
	must(t, err)
	revoked, _, err := issueToken(ctx, f.store, office.TokenRequest{Name: "đã thu hồi", Role: stamp.RoleOffice}, now)
	must(t, err)
	_, err = f.store.RevokeToken(ctx, seedActor, "đã thu hồi")
	must(t, err)
	unknown := office.TokenPrefix + strings.Repeat("A", 43)
	// A token whose lookup key matches a stored one but whose hash does not
	// cannot be made; a token one character off is simply unknown.
	office := f.tokens[stamp.RoleOffice]
	oneOff := office[:len(office)-1] + map[bool]string{true: "B", false: "A"}[office[len(office)-1] == 'A']

	cases := []struct {
		name, auth string
		want       string // in the message
		invalidTok bool   // challenge carries error="invalid_token"
	}{
		{"no header", "", "missing bearer token", false},
		{"basic", "Basic dXNlcjpwYXNz", "must be 'Bearer <token>'", false},
		{"empty bearer", "Bearer ", "must be 'Bearer <token>'", false},
		{"not ours", "Bearer abc.def.ghi", "not an ocopstamp token", true},
		{"unknown", "Bearer " + unknown, "not valid", true},
		{"one character off", "Bearer " + oneOff, "not valid", true},
		{"revoked", "Bearer " + revoked, "was revoked", true},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.state()
			hdr := map[string]string{}
			if tc.auth != "" {
				hdr["Authorization"] = tc.auth
			}
			w := f.do(call{method: "POST", path: admin.Prefix + "/facilities", header: hdr,
				body:   `{"code":"X-1","name":"x","district":"Hương Khê"}`,
				remote: "203.0.113." + string(rune('1'+i)) + ":5000"})
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401: %s", w.Code, w.Body.String())
			}
			e := apiError(t, w)
			if e.Code != "unauthorized" || !strings.Contains(e.Message, tc.want) {
				t.Fatalf("error %+v, want a message with %q", e, tc.want)
			}
			ch := w.Header().Get("WWW-Authenticate")
			if !strings.HasPrefix(ch, `Bearer realm="ocopstamp admin"`) || strings.Contains(ch, "invalid_token") != tc.invalidTok {
				t.Fatalf("WWW-Authenticate %q", ch)
			}
			if after := f.state(); after.String() != before.String() {
				t.Fatalf("refused request changed the store: %s -> %s", before, after)
			}
		})
	}

	// Expiry follows the server's clock.
	f.ok("", "GET", admin.Prefix+"/me", "", 401, nil)
	w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: expiring})
	if w.Code != 200 {
		t.Fatalf("token before expiry: %d %s", w.Code, w.Body.String())
	}
	f.clock.Set(exp.Add(time.Second))
	w = f.do(call{method: "GET", path: admin.Prefix + "/me", token: expiring, remote: "203.0.113.99:1"})
	if w.Code != 401 || !strings.Contains(apiError(t, w).Message, "expired") {
		t.Fatalf("token after expiry: %d %s", w.Code, w.Body.String())
	}
	f.clock.Set(time.Time{})

	logs := f.logs.String()
	if !strings.Contains(logs, "admin authentication failed") || !strings.Contains(logs, "203.0.113.") {
		t.Fatalf("failed authentications were not logged with the client:\n%s", logs)
	}
	for _, secret := range []string{unknown, oneOff, revoked, expiring, office, "dXNlcjpwYXNz", "abc.def.ghi"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("the log holds a token %q:\n%s", secret, logs)
		}
	}
}

// TestAuthRateLimit: a client that keeps failing with one token is refused
// with 429 before that token is looked at; other tokens from the same
// address (issue 11: behind a proxy everyone shares it) and other clients
// are not affected, and the budget refills with time.
func TestAuthRateLimit(t *testing.T) {
	f := newFixture(t, openSQLite(t), func(d *admin.Deps) { d.AuthFailureBurst, d.AuthFailureEvery = 3, time.Minute })
	start := time.Now()
	f.clock.Set(start)
	bad := office.TokenPrefix + strings.Repeat("Z", 43)
	attacker := "198.51.100.7:4000"
	for i := 0; i < 3; i++ {
		if w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: bad, remote: attacker}); w.Code != 401 {
			t.Fatalf("failure %d: %d", i+1, w.Code)
		}
	}
	w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: bad, remote: attacker})
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || apiError(t, w).Code != "rate_limited" {
		t.Fatalf("over the budget: %d %v %s", w.Code, w.Header(), w.Body.String())
	}
	// The office's own token from the same address (one proxy in front of
	// everyone) is not locked out by someone else's failures.
	if w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: f.tokens[stamp.RoleOffice], remote: attacker}); w.Code != 200 {
		t.Fatalf("the office behind the same address was locked out: %d %s", w.Code, w.Body.String())
	}
	if w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: f.tokens[stamp.RoleOffice], remote: "198.51.100.8:4000"}); w.Code != 200 {
		t.Fatalf("another client was refused: %d", w.Code)
	}
	f.clock.Set(start.Add(61 * time.Second))
	if w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: bad, remote: attacker}); w.Code != 401 {
		t.Fatalf("after a minute: %d %s", w.Code, w.Body.String())
	}
}

// TestTokenLastUsed: a request records the token's last use (at most once a
// minute), and the token list never shows a secret.
func TestTokenLastUsed(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	f.ok(stamp.RoleViewer, "GET", admin.Prefix+"/me", "", 200, nil)
	var list struct {
		Tokens []map[string]any `json:"tokens"`
	}
	f.ok(stamp.RoleOffice, "GET", admin.Prefix+"/tokens", "", 200, &list)
	seen := map[string]bool{}
	for _, tk := range list.Tokens {
		seen[tk["name"].(string)] = tk["last_used_at"] != nil
		for k := range tk {
			if k == "hash" || k == "lookup" || k == "token" {
				t.Fatalf("token list shows %q: %v", k, tk)
			}
		}
	}
	if !seen["test viewer"] || !seen["test office"] || seen["test inspector"] {
		t.Fatalf("last used: %v", seen)
	}
	var created map[string]any
	f.ok(stamp.RoleOffice, "POST", admin.Prefix+"/tokens", `{"name":"máy tính bảng","role":"inspector","expires_in":"90d"}`, 201, &created)
	text, _ := created["token"].(string)
	if !strings.HasPrefix(text, office.TokenPrefix) || len(text) != 48 || created["role"] != "inspector" || created["expires_at"] == nil {
		t.Fatalf("created token: %v", created)
	}
	var me map[string]any
	w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: text})
	if w.Code != 200 {
		t.Fatalf("new token: %d", w.Code)
	}
	_ = me
	tk, err := f.store.Token(context.Background(), "máy tính bảng")
	must(t, err)
	if tk.CreatedBy != "test office" {
		t.Fatalf("created by %q", tk.CreatedBy)
	}
	// Revoked through the API, it stops working at once.
	f.ok(stamp.RoleOffice, "POST", admin.Prefix+"/tokens/"+itoa(tk.ID)+"/revoke", `{}`, 200, nil)
	if w := f.do(call{method: "GET", path: admin.Prefix + "/me", token: text}); w.Code != 401 {
		t.Fatalf("revoked token: %d", w.Code)
	}
}
