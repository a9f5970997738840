package redistest

import "testing"

// TestClusterPort: a cluster node's port leaves room for its bus port
// (+10000); ports from ":0" (up to 60999 on Linux) made StartCluster fail
// at random with "Port too high to be used as a cluster bus port".
func TestClusterPort(t *testing.T) {
	seen := map[int]bool{}
	for range 100 {
		p := clusterPort(t)
		if p < 1024 || p+10000 > 65535 {
			t.Fatalf("port %d: its cluster bus port %d is out of range", p, p+10000)
		}
		seen[p] = true
	}
	if len(seen) < 50 {
		t.Fatalf("only %d different ports in 100 draws", len(seen))
	}
}
