package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// switchPinger is a dependency a test turns off and on.
type switchPinger struct{ down atomic.Bool }

func (p *switchPinger) Ping(context.Context) error {
	if p.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

func readyServer(t *testing.T, cfg Config, ready map[string]Pinger, sources []string) (*Server, *syncbuf.Buffer) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	ks, err := stamp.NewKeySet()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(cfg, Deps{Keys: ks, Ready: ready, Sources: sources,
		Lookup: funcLookup{func(context.Context, string, verify.Client) (*verify.Result, error) {
			return nil, stamp.Errorf(stamp.EInvalid, "not a code")
		}}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, logs
}

func getReady(t *testing.T, h http.Handler, path string) (int, readiness) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	var r readiness
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("%s: %d %q: %v", path, rec.Code, rec.Body.String(), err)
	}
	return rec.Code, r
}

// TestReadinessSemantics: /readyz is 200 while lookups can be answered
// (the database or the cache answers) and scans kept; a source of views
// that fails makes it "degraded", still 200, and 503 only under ?full.
func TestReadinessSemantics(t *testing.T) {
	db, cache, scans := &switchPinger{}, &switchPinger{}, &switchPinger{}
	srv, _ := readyServer(t, Config{}, map[string]Pinger{"database": db, "cache": cache, "scans": scans},
		[]string{"database", "cache"})
	for _, tc := range []struct {
		name                string
		db, cache, scans    bool // down
		code, fullCode      int
		status, checkedDown string
	}{
		{"all up", false, false, false, 200, 200, ReadyOK, ""},
		{"database down, cache answers", true, false, false, 200, 503, ReadyDegraded, "database"},
		{"cache down, database answers", false, true, false, 200, 503, ReadyDegraded, "cache"},
		{"database and cache down", true, true, false, 503, 503, ReadyUnavailable, "database"},
		{"scans cannot be kept", false, false, true, 503, 503, ReadyUnavailable, "scans"},
		{"database down and scans cannot be kept", true, false, true, 503, 503, ReadyUnavailable, "scans"},
	} {
		db.down.Store(tc.db)
		cache.down.Store(tc.cache)
		scans.down.Store(tc.scans)
		code, r := getReady(t, srv.Handler(), "/readyz")
		if code != tc.code || r.Status != tc.status || len(r.Checks) != 3 {
			t.Errorf("%s: /readyz %d %+v, want %d %s", tc.name, code, r, tc.code, tc.status)
		}
		if tc.checkedDown != "" && r.Checks[tc.checkedDown] != "unavailable" {
			t.Errorf("%s: checks %v, want %s unavailable", tc.name, r.Checks, tc.checkedDown)
		}
		if code, _ := getReady(t, srv.Handler(), "/readyz?full=1"); code != tc.fullCode {
			t.Errorf("%s: /readyz?full=1 %d, want %d", tc.name, code, tc.fullCode)
		}
		if code, _ := getReady(t, srv.Handler(), "/readyz?full=0"); code != tc.code {
			t.Errorf("%s: /readyz?full=0 %d, want %d", tc.name, code, tc.code)
		}
	}

	// Without sources every dependency is required: one server on its own
	// database, no cache.
	alone, _ := readyServer(t, Config{}, map[string]Pinger{"database": db}, nil)
	db.down.Store(true)
	if code, r := getReady(t, alone.Handler(), "/readyz"); code != 503 || r.Status != ReadyUnavailable {
		t.Errorf("no sources, database down: %d %+v", code, r)
	}
}

// TestReadinessLogsChanges: a failing check is logged when it starts
// failing and when it passes again, not at every probe.
func TestReadinessLogsChanges(t *testing.T) {
	db := &switchPinger{}
	srv, logs := readyServer(t, Config{}, map[string]Pinger{"database": db}, nil)
	probe := func(n int) {
		for range n {
			getReady(t, srv.Handler(), "/readyz")
		}
	}
	probe(3)
	db.down.Store(true)
	probe(10)
	db.down.Store(false)
	probe(10)
	out := logs.String()
	if n := strings.Count(out, "readiness check failed"); n != 1 || !strings.Contains(out, "connection refused") {
		t.Errorf("failure logged %d times, want once with its error:\n%s", n, out)
	}
	if n := strings.Count(out, "readiness check passes again"); n != 1 {
		t.Errorf("recovery logged %d times, want once:\n%s", n, out)
	}
}

// TestReadinessChecksAtOnce: the checks run at once, so a hanging
// dependency does not add its wait to the others'. Each check here answers
// only once all five are running; in turn, the first would wait out the
// timeout.
func TestReadinessChecksAtOnce(t *testing.T) {
	var started atomic.Int32
	all := make(chan struct{})
	barrier := pingerFunc(func(ctx context.Context) error {
		if started.Add(1) == 5 {
			close(all)
		}
		select {
		case <-all:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	srv, _ := readyServer(t, Config{ReadyTimeout: 5 * time.Second},
		map[string]Pinger{"a": barrier, "b": barrier, "c": barrier, "d": barrier, "e": barrier}, nil)
	if code, r := getReady(t, srv.Handler(), "/readyz"); code != 200 || r.Status != ReadyOK {
		t.Fatalf("five checks that need each other: %d %+v", code, r)
	}
}

type pingerFunc func(context.Context) error

func (f pingerFunc) Ping(ctx context.Context) error { return f(ctx) }

// TestDrainBeforeShutdown: after its context ends, a server that a load
// balancer probes answers /readyz 503 (draining) and keeps answering
// requests for DrainDelay before it closes; one that nobody probes stops at
// once.
func TestDrainBeforeShutdown(t *testing.T) {
	serve := func(srv *Server) (string, context.CancelFunc, chan error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ctx, ln) }()
		return "http://" + ln.Addr().String(), cancel, done
	}
	get := func(url string) int {
		resp, err := http.Get(url)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	srv, _ := readyServer(t, Config{DrainDelay: 2 * time.Second}, map[string]Pinger{"database": &switchPinger{}}, nil)
	base, cancel, done := serve(srv)
	if code := get(base + "/readyz"); code != 200 {
		t.Fatalf("readyz before shutdown: %d", code)
	}
	start := time.Now()
	cancel()
	deadline := time.Now().Add(time.Second)
	for get(base+"/readyz") != 503 {
		if time.Now().After(deadline) {
			t.Fatal("readyz still not 503 a second after the shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code := get(base + "/healthz"); code != 200 {
		t.Fatalf("a request while draining: %d, want 200", code)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if d := time.Since(start); d < 2*time.Second {
		t.Fatalf("stopped %v after the shutdown began, before the drain delay", d)
	}

	// Nobody probes /readyz: no balancer to wait for.
	alone, _ := readyServer(t, Config{DrainDelay: time.Minute}, nil, nil)
	_, cancel, done = serve(alone)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a server nobody probes waited for the drain delay")
	}
}
