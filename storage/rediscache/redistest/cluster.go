package redistest

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cluster is a private Redis Cluster of redis-server processes on free
// loopback ports: three masters with one replica each, made by
// "redis-cli --cluster create", with a one-second node timeout so that a
// replica takes over from a killed master within a few seconds.
type Cluster struct {
	Nodes []*Server
	t     testing.TB
}

// StartCluster starts a cluster (skipping the test when redis-server or
// redis-cli is missing, failing under CI) and stops it when the test ends.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			msg := bin + " is not installed"
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	c := &Cluster{t: t}
	var addrs []string
	for range 6 {
		port := clusterPort(t)
		s := &Server{Port: port, dir: t.TempDir(), t: t, cluster: true}
		s.Start()
		t.Cleanup(s.Stop)
		c.Nodes = append(c.Nodes, s)
		addrs = append(addrs, fmt.Sprintf("127.0.0.1:%d", port))
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "1", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	c.WaitHealthy()
	return c
}

// URL returns the cluster's seed addresses as NewClient reads them.
func (c *Cluster) URL() string {
	var addrs []string
	for _, s := range c.Nodes {
		addrs = append(addrs, fmt.Sprintf("127.0.0.1:%d", s.Port))
	}
	return strings.Join(addrs, ",")
}

// WaitHealthy waits until every running node reports cluster_state:ok with
// all 16384 slots served by three running masters (after a failover: the
// promoted replica).
func (c *Cluster) WaitHealthy() {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := c.healthy()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("redis cluster not healthy: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (c *Cluster) healthy() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	masters := 0
	for _, s := range c.Nodes {
		if s.cmd == nil {
			continue
		}
		rdb := s.client()
		info, err := rdb.ClusterInfo(ctx).Result()
		if err == nil && !strings.Contains(info, "cluster_state:ok") {
			err = fmt.Errorf("node %d: %s", s.Port, firstLine(info))
		}
		var r string
		if err == nil {
			r, err = role(ctx, rdb)
		}
		rdb.Close()
		if err != nil {
			return err
		}
		if r == "master" {
			masters++
		}
	}
	if masters != 3 {
		return fmt.Errorf("%d running masters, want 3", masters)
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// KillMaster kills the master serving key's slot (as a crash would) and
// returns it; a replica takes over after the node timeout.
func (c *Cluster) KillMaster(key string) *Server {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, s := range c.Nodes {
		if s.cmd == nil {
			continue
		}
		rdb := s.client()
		mine, err := servesKey(ctx, rdb, key)
		rdb.Close()
		if err != nil {
			c.t.Fatal(err)
		}
		if mine {
			s.Stop()
			return s
		}
	}
	c.t.Fatalf("no running master serves %q", key)
	return nil
}

// role returns the node's role: master or slave.
func role(ctx context.Context, rdb *redis.Client) (string, error) {
	v, err := rdb.Do(ctx, "ROLE").Slice()
	if err != nil {
		return "", err
	}
	r, _ := v[0].(string)
	return r, nil
}

// servesKey reports whether the node rdb talks to is the master owning key's
// slot.
func servesKey(ctx context.Context, rdb *redis.Client, key string) (bool, error) {
	slot, err := rdb.ClusterKeySlot(ctx, key).Result()
	if err != nil {
		return false, err
	}
	myID, err := rdb.Do(ctx, "CLUSTER", "MYID").Text()
	if err != nil {
		return false, err
	}
	slots, err := rdb.ClusterSlots(ctx).Result()
	if err != nil {
		return false, err
	}
	for _, r := range slots {
		if int64(r.Start) <= slot && slot <= int64(r.End) && len(r.Nodes) > 0 {
			return r.Nodes[0].ID == myID, nil
		}
	}
	return false, nil
}

// clusterPort returns a free loopback port for a cluster node. A node also
// listens on its port + 10000 (the cluster bus), so the port must be at
// most 55535 and both must be free; the kernel's ":0" ports (up to 60999
// here) would fail at random, so ports are drawn from 20000–55535 and both
// are tried.
func clusterPort(t testing.TB) int {
	t.Helper()
	for range 200 {
		port := 20000 + mrand.IntN(55535-20000+1)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue
		}
		bus, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port+10000))
		l.Close()
		if err != nil {
			continue
		}
		bus.Close()
		return port
	}
	t.Fatal("redistest: no free port pair (p, p+10000) for a cluster node")
	return 0
}
