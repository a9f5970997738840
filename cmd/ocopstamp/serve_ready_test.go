package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres/pgtest"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
)

// TestReadyWhileDatabaseDown: serve on PostgreSQL with a Redis cache and a
// scan spool stays ready ("degraded", 200) while PostgreSQL is stopped,
// because cached lookups still answer and scans go to the spool; a load
// balancer checking /readyz keeps every replica in. /readyz?full says 503.
// Without a spool the same outage loses scans: not ready.
func TestReadyWhileDatabaseDown(t *testing.T) {
	pg := pgtest.Start(t)
	rs := redistest.StartServer(t)
	dir := t.TempDir()
	c := &cli{t: t, dir: dir, db: pg.URL()}
	c.ok("init")
	c.ok("keygen")
	c.importSamples()
	batch := strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "2", "--produced", "2026-11-01"))
	st, err := openStore(context.Background(), pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	err = st.BatchStamps(context.Background(), mustUUID(t, batch), 0, 0, func(s stamp.Stamp) error {
		codes = append(codes, s.Code().Text())
		return nil
	})
	st.Close()
	if err != nil || len(codes) != 2 {
		t.Fatalf("batch stamps: %v %v", codes, err)
	}

	build := func(spool string) http.Handler {
		e := &Env{IO: &IO{Out: io.Discard, Err: io.Discard}, Command: "serve", DB: pg.URL(), RedisURL: rs.URL(),
			KeysDir: filepath.Join(dir, "keys"), BaseURL: "https://txng.example.vn"}
		t.Cleanup(e.close)
		srv, _, closeAll, err := buildServer(context.Background(), e, serveOptions{rateLimit: -1, spoolPath: spool, spoolMaxMB: 8})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(closeAll)
		return srv.Handler()
	}
	spooled := build(filepath.Join(dir, "scans.spool"))
	unspooled := build("off")
	get := func(h http.Handler, path string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept", "application/json")
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	status := func(body string) string {
		var r struct{ Status string }
		json.Unmarshal([]byte(body), &r)
		return r.Status
	}
	// codes[0] is looked up once: its view is cached, and once the scan is
	// written (flushed every 200 ms) so are its scan statistics.
	if code, body := get(spooled, "/api/v1/stamps/"+codes[0]); code != 200 || !strings.Contains(body, `"genuine"`) {
		t.Fatalf("lookup: %d %s", code, body)
	}
	time.Sleep(time.Second)
	// waitStatus probes /readyz until its status is want (a scan in
	// between: the recorder tries the database again) and returns the code
	// and body.
	waitStatus := func(h http.Handler, want string) (int, string) {
		t.Helper()
		var code int
		var body string
		for range 100 {
			if code, body = get(h, "/readyz"); status(body) == want {
				return code, body
			}
			get(h, "/api/v1/stamps/"+codes[0])
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("readyz %d %s, want status %s", code, body, want)
		return 0, ""
	}
	// Redis answers within 200 ms or counts as down: on a busy machine a
	// probe may miss, hence the waits for a status.
	for _, h := range []http.Handler{spooled, unspooled} {
		waitStatus(h, "ready")
	}
	if code, body := waitStatus(spooled, "ready"); code != 200 {
		t.Fatalf("readyz with everything up: %d %s", code, body)
	}

	pg.Stop()
	// A scan while the database is down marks it down for the scan pipeline.
	if code, body := get(spooled, "/api/v1/stamps/"+codes[0]); code != 200 {
		t.Fatalf("cached lookup while PostgreSQL is down: %d %s", code, body)
	}
	get(unspooled, "/api/v1/stamps/"+codes[0])
	code, body := waitStatus(spooled, "degraded")
	if code != 200 || !strings.Contains(body, `"database":"unavailable"`) || !strings.Contains(body, `"cache":"ok"`) || !strings.Contains(body, `"scans":"ok"`) {
		t.Fatalf("readyz with PostgreSQL down, cache and spool up: %d %s", code, body)
	}
	if code, body := get(spooled, "/readyz?full=1"); code != 503 || status(body) == "ready" {
		t.Fatalf("readyz?full=1 with PostgreSQL down: %d %s", code, body)
	}
	if code, body := get(spooled, "/api/v1/stamps/"+codes[1]); code != 503 {
		t.Fatalf("uncached lookup while PostgreSQL is down: %d %s, want 503", code, body)
	}
	code, body = waitStatus(unspooled, "unavailable")
	if code != 503 || !strings.Contains(body, `"scans":"unavailable"`) {
		t.Fatalf("readyz with PostgreSQL down and no spool: %d %s", code, body)
	}

	pg.Start()
	for _, h := range []http.Handler{spooled, unspooled} {
		if code, body := waitStatus(h, "ready"); code != 200 {
			t.Fatalf("readyz once PostgreSQL is back: %d %s", code, body)
		}
	}
}
