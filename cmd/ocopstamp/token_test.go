package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
)

// adminCall sends GET path with a bearer token to the admin API on the
// CLI's database and returns the status.
func adminCall(t *testing.T, c *cli, token, path string) int {
	t.Helper()
	st, err := openStore(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	if err := admin.Register(e, admin.Deps{Store: st}); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	return w.Code
}

func TestTokenCommands(t *testing.T) {
	c := newCLI(t)
	code, out, errs := c.run("token", "create", "--name", "văn phòng", "--role", "office", "--expires", "90d")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, office.TokenPrefix) || len(token) != 48 || strings.Count(out, "\n") != 1 {
		t.Fatalf("token create: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if !strings.Contains(errs, "shown only once") || !strings.Contains(errs, "role office") || !strings.Contains(errs, "expires") {
		t.Fatalf("token create says: %q", errs)
	}
	inspector := strings.TrimSpace(c.ok("token", "create", "--name", "thanh tra", "--role", "INSPECTOR"))
	c.fails(1, "exists already", "token", "create", "--name", "văn phòng", "--role", "viewer")
	c.fails(2, "--role", "token", "create", "--name", "x", "--role", "root")
	c.fails(2, "--name and --role are required", "token", "create", "--role", "viewer")
	c.fails(2, "expiry", "token", "create", "--name", "y", "--role", "viewer", "--expires", "tomorrow")
	c.fails(1, "':'", "token", "create", "--name", "a:b", "--role", "viewer")
	c.fails(2, "want create, list or revoke", "token", "delete", "x")

	list := c.ok("token", "list")
	for _, want := range []string{"văn phòng", "office", "thanh tra", "inspector", "active", "never"} {
		if !strings.Contains(list, want) {
			t.Fatalf("token list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, token) || strings.Contains(list, inspector) {
		t.Fatalf("token list shows a token:\n%s", list)
	}

	// The tokens work with the admin API, and stop working once revoked.
	if code := adminCall(t, c, token, admin.Prefix+"/tokens"); code != 200 {
		t.Fatalf("office token: %d", code)
	}
	if code := adminCall(t, c, inspector, admin.Prefix+"/tokens"); code != 403 {
		t.Fatalf("inspector token on an office route: %d", code)
	}
	out = c.ok("token", "revoke", "thanh tra")
	if !strings.Contains(out, `revoked token "thanh tra"`) {
		t.Fatalf("revoke: %q", out)
	}
	c.ok("token", "revoke", "2") // by id, again: not an error
	c.fails(1, "not found", "token", "revoke", "ai đó")
	if code := adminCall(t, c, inspector, admin.Prefix+"/me"); code != 401 {
		t.Fatalf("revoked token: %d", code)
	}
	if code := adminCall(t, c, token, admin.Prefix+"/me"); code != 200 {
		t.Fatalf("office token after the other's revocation: %d", code)
	}

	var js []map[string]any
	if err := json.Unmarshal([]byte(c.ok("token", "list", "--json")), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != 2 || js[1]["state"] != "revoked" || js[0]["last_used_at"] == nil || js[0]["expires_at"] == nil {
		t.Fatalf("token list --json: %v", js)
	}
	for _, tk := range js {
		for k := range tk {
			if k == "hash" || k == "lookup" || k == "token" {
				t.Fatalf("token list --json shows %s", k)
			}
		}
	}
}
