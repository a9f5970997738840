package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// funcLookup is a Lookuper made of functions: for failures a real service
// cannot be made to show (a panic, a particular internal error).
type funcLookup struct {
	lookup func(ctx context.Context, text string, cl verify.Client) (*verify.Result, error)
}

func (f funcLookup) Lookup(ctx context.Context, text string, cl verify.Client) (*verify.Result, error) {
	return f.lookup(ctx, text, cl)
}

func (f funcLookup) LookupSerial(ctx context.Context, serial string, cl verify.Client) (*verify.Result, error) {
	return f.lookup(ctx, serial, cl)
}

func newFuncServer(t *testing.T, cfg Config, l Lookuper) (*httptest.Server, *syncbuf.Buffer) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	ks, err := stamp.NewKeySet()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(cfg, Deps{Lookup: l, Keys: ks})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, logs
}

func TestInternalErrors(t *testing.T) {
	secret := "pq: password authentication failed for user ocop at 10.0.0.5"
	for _, tc := range []struct {
		name   string
		err    error
		panic  bool
		status int
		log    string
	}{
		{"bug", errors.New(secret), false, 500, "internal error"},
		{"deadline", fmt.Errorf("lookup: %w (%s)", context.DeadlineExceeded, secret), false, 503, "dependency unavailable"},
		{"network", fmt.Errorf("lookup: %w", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New(secret)}), false, 503, "dependency unavailable"},
		{"postgres shutting down", fmt.Errorf("lookup: %w (%s)", &pgconn.PgError{Code: "57P01", Message: secret}, secret), false, 503, "dependency unavailable"},
		{"postgres disk full", fmt.Errorf("lookup: %w (%s)", &pgconn.PgError{Code: "53100", Message: secret}, secret), false, 503, "dependency unavailable"},
		{"text is not a type", fmt.Errorf("sql: database is closed: connection refused (%s)", secret), false, 500, "internal error"},
		{"panic", nil, true, 500, "panic in handler"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, logs := newFuncServer(t, Config{RateLimit: -1}, funcLookup{func(context.Context, string, verify.Client) (*verify.Result, error) {
				if tc.panic {
					panic(secret)
				}
				return nil, tc.err
			}})
			for _, accept := range []string{acceptJSON, acceptBrowser} {
				resp, body := do(t, ts.URL, "GET", "/S/"+strings.Repeat("A", 143), accept)
				if resp.StatusCode != tc.status {
					t.Fatalf("%s: status %d, want %d: %s", accept, resp.StatusCode, tc.status, body)
				}
				if strings.Contains(body, "password") || strings.Contains(body, "10.0.0.5") {
					t.Fatalf("%s: the answer leaks the error: %s", accept, body)
				}
				if strings.HasPrefix(accept, "Accept: application/json") || tc.panic {
					var e ErrorBody
					if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Status != tc.status {
						t.Fatalf("%s: error body %s", accept, body)
					}
				} else if !strings.Contains(body, "không phải lỗi của bạn") {
					t.Fatalf("HTML error page does not say it is not the user's fault")
				}
			}
			if !strings.Contains(logs.String(), tc.log) || !strings.Contains(logs.String(), "password") {
				t.Fatalf("log lacks %q and the error:\n%s", tc.log, logs)
			}
			// The server still answers.
			if resp, _ := do(t, ts.URL, "GET", "/healthz"); resp.StatusCode != 200 {
				t.Fatalf("healthz after %s: %d", tc.name, resp.StatusCode)
			}
		})
	}
}

func TestTrustedProxies(t *testing.T) {
	var mu sync.Mutex
	var got verify.Client
	l := funcLookup{func(_ context.Context, _ string, cl verify.Client) (*verify.Result, error) {
		mu.Lock()
		got = cl
		mu.Unlock()
		return &verify.Result{Verdict: stamp.NotGenuine, Reason: stamp.ReasonBadSignature}, nil
	}}
	seen := func() verify.Client {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
	hdrs := []string{"X-Forwarded-For: 203.0.113.9", "X-Real-IP: 203.0.113.10", "X-Appengine-Remote-Addr: 203.0.113.11", "CF-Connecting-IP: 203.0.113.12", "User-Agent: phone/1.0"}
	ts, _ := newFuncServer(t, Config{RateLimit: -1}, l)
	do(t, ts.URL, "GET", "/api/v1/stamps/x", hdrs...)
	if cl := seen(); cl.Addr != "127.0.0.1" || cl.UserAgent != "phone/1.0" || cl.Channel != stamp.ChannelAPI {
		t.Fatalf("without trusted proxies: client %+v, want the TCP peer", cl)
	}
	ts, _ = newFuncServer(t, Config{RateLimit: -1, TrustedProxies: []string{"127.0.0.1"}}, l)
	do(t, ts.URL, "GET", "/S/x", hdrs...)
	if cl := seen(); cl.Addr != "203.0.113.9" || cl.Channel != stamp.ChannelWeb {
		t.Fatalf("behind a trusted proxy: client %+v, want the forwarded address", cl)
	}
	do(t, ts.URL, "GET", "/serial?s=1", hdrs...)
	if cl := seen(); cl.Channel != stamp.ChannelSerial {
		t.Fatalf("serial channel: %+v", cl)
	}
	if _, err := New(Config{TrustedProxies: []string{"not an address"}}, Deps{Lookup: l, Keys: &stamp.KeySet{}}); err == nil {
		t.Fatal("New accepted a bad trusted proxy")
	}
	if _, err := New(Config{}, Deps{Keys: &stamp.KeySet{}}); err == nil {
		t.Fatal("New accepted no Lookup")
	}
}

// TestServeShutdown runs the real http.Server: a request in flight when the
// context ends is finished, then Serve returns nil; header limits hold.
func TestServeShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	l := funcLookup{func(_ context.Context, text string, _ verify.Client) (*verify.Result, error) {
		if text == "slow" {
			close(started)
			<-release
		}
		return &verify.Result{Verdict: stamp.NotGenuine, Reason: stamp.ReasonBadSignature}, nil
	}}
	ks, _ := stamp.NewKeySet()
	srv, err := New(Config{RateLimit: -1, Logger: slog.New(slog.NewTextHandler(&syncbuf.Buffer{}, nil))}, Deps{Lookup: l, Keys: ks})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()

	req, _ := http.NewRequest("GET", base+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("64 KB header: %v %v", resp, err)
	}

	slow := make(chan int, 1)
	go func() {
		resp, err := http.Get(base + "/api/v1/stamps/slow")
		if err != nil {
			slow <- -1
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	<-started
	cancel()
	// Shutdown closes the listener first: new connections are refused.
	refused := false
	for i := 0; i < 500 && !refused; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	if !refused {
		t.Error("new connections were still accepted after shutdown began")
	}
	close(release)
	if code := <-slow; code != 200 {
		t.Fatalf("in-flight request: %d", code)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

// TestPostgresReadiness: /readyz on PostgreSQL.
func TestPostgresReadiness(t *testing.T) {
	f := newFixture(t, storagetest.OpenPostgres(t), nil)
	if resp, body := f.do(t, "GET", "/readyz"); resp.StatusCode != 200 {
		t.Fatalf("readyz: %d %s", resp.StatusCode, body)
	}
}

// TestClientGoneIsNot5xx: a lookup abandoned by its client is counted with
// status 499 in ocopstamp_http_requests_total, not as a 503 to alert on.
func TestClientGoneIsNot5xx(t *testing.T) {
	ks, err := stamp.NewKeySet()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Logger: slog.New(slog.NewTextHandler(&syncbuf.Buffer{}, nil))}, Deps{Keys: ks,
		Lookup: funcLookup{func(ctx context.Context, _ string, _ verify.Client) (*verify.Result, error) {
			<-ctx.Done()
			return nil, fmt.Errorf("lookup: %w", ctx.Err())
		}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client is gone
	req := httptest.NewRequest("GET", "/api/v1/serials/0000012345", nil).WithContext(ctx)
	srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	var line string
	for l := range strings.SplitSeq(rec.Body.String(), "\n") {
		if strings.HasPrefix(l, "ocopstamp_http_requests_total{") && strings.Contains(l, "serials") {
			line = l
		}
	}
	if !strings.Contains(line, `status="499"`) {
		t.Fatalf("abandoned lookup counted as %q, want status 499", line)
	}
}
