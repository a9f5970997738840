// Package redistest gives tests a Redis: the shared test server at
// OCOPSTAMP_TEST_REDIS with a random key prefix, or a private redis-server
// process that a test may stop and restart.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/storage/rediscache"
)

// Env names the environment variable with the shared test server's URL.
const Env = "OCOPSTAMP_TEST_REDIS"

// URL returns the shared test server's URL. When it is unset the test fails
// under CI (env CI set) and is skipped otherwise.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		msg := "set " + Env + " (e.g. redis://127.0.0.1:6379/0) to run Redis tests"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return u
}

// Client returns a client of the shared test server (see URL) and a fresh
// random key prefix; the prefix's keys are deleted and the client closed
// when the test ends.
func Client(t testing.TB) (redis.UniversalClient, string) {
	t.Helper()
	rdb, err := rediscache.NewClient(URL(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("redis at %s: %v", Env, err)
	}
	prefix := Prefix(t)
	t.Cleanup(func() {
		DeletePrefix(t, rdb, prefix)
		rdb.Close()
	})
	return rdb, prefix
}

// Prefix returns a random key prefix "ocoptest:<hex>:".
func Prefix(t testing.TB) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "ocoptest:" + hex.EncodeToString(b[:]) + ":"
}

// DeletePrefix deletes every key starting with prefix, on every master of
// a cluster.
func DeletePrefix(t testing.TB, rdb redis.UniversalClient, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	del := func(ctx context.Context, node redis.Cmdable) error {
		iter := node.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if err := iter.Err(); err != nil {
			return fmt.Errorf("scan %s*: %w", prefix, err)
		}
		for _, k := range keys {
			if err := rdb.Del(ctx, k).Err(); err != nil {
				return fmt.Errorf("delete %s: %w", k, err)
			}
		}
		return nil
	}
	// The clients have the service's 200 ms timeouts; on a loaded machine
	// (the whole suite under -race on 2 cores) one SCAN or DEL can exceed
	// them. Cleanup is not what a test checks, so a failed pass is tried
	// again from the start, up to 5 times within the 30 s above.
	var err error
	for attempt := 1; ; attempt++ {
		if cc, ok := rdb.(*redis.ClusterClient); ok {
			err = cc.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error { return del(ctx, node) })
		} else {
			err = del(ctx, rdb)
		}
		if err == nil || attempt == 5 || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
	}
	if err != nil {
		t.Errorf("redistest: %v", err)
	}
}

// Server is a private redis-server process on a free loopback port, with
// its files in a temporary directory.
type Server struct {
	Port int
	dir  string
	cmd  *exec.Cmd
	t    testing.TB
	// cluster starts the server in cluster mode (see StartCluster).
	cluster bool
}

// StartServer starts a private redis-server (skipping the test when the
// binary is not installed, failing under CI) and stops it when the test ends.
func StartServer(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		msg := "redis-server is not installed"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{Port: port, dir: t.TempDir(), t: t}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// URL returns the server's redis:// URL.
func (s *Server) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", s.Port) }

// Start (re)starts the server on its port and waits until it answers.
func (s *Server) Start() {
	s.t.Helper()
	if s.cmd != nil {
		s.t.Fatal("redistest: server already running")
	}
	args := []string{"--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir, "--logfile", ""}
	if s.cluster {
		args = append(args, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0")
	}
	cmd := exec.Command("redis-server", args...)
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	s.cmd = cmd
	rdb := s.client()
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server on port %d does not answer: %v", s.Port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// client returns a plain client of this one server.
func (s *Server) client() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", s.Port), MaxRetries: -1,
		DialTimeout: 100 * time.Millisecond})
}

// Stop kills the server (as a crash would) and waits for it to exit.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}
