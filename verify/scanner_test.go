package verify

import (
	"context"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestClientHashNetwork: one network is one scanner whatever its User-Agent
// or host; different networks, or salts, give different hashes.
func TestClientHashNetwork(t *testing.T) {
	a := NewRecorder(&memScans{}, []byte("salt-a"), RecorderOptions{})
	b := NewRecorder(&memScans{}, []byte("salt-b"), RecorderOptions{})
	defer a.Close(context.Background())
	defer b.Close(context.Background())
	h := a.ClientHash("203.0.113.7")
	if _, err := hex.DecodeString(h); err != nil || len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	for _, same := range []string{"203.0.113.7", "203.0.113.250", "203.0.113.7:443", "::ffff:203.0.113.9", "[::ffff:203.0.113.9]:8080"} {
		if a.ClientHash(same) != h {
			t.Errorf("%s: not the network of 203.0.113.7", same)
		}
	}
	for _, other := range []string{"203.0.112.7", "203.0.114.7", "2001:db8::1", "not an address"} {
		if a.ClientHash(other) == h {
			t.Errorf("%s: same hash as 203.0.113.7", other)
		}
	}
	if b.ClientHash("203.0.113.7") == h {
		t.Error("two salts give the same hash")
	}
	v6 := a.ClientHash("2001:db8:0:100::1")
	if a.ClientHash("2001:db8:0:1ff:ffff::9") != v6 || a.ClientHash("[2001:db8:0:100::1%eth0]:443") != v6 {
		t.Error("one IPv6 /56 gives two hashes")
	}
	if a.ClientHash("2001:db8:0:200::1") == v6 {
		t.Error("two IPv6 /56 give one hash")
	}
}

// TestCloneDetectionThreat is issue 11's attack and its counterpart, with
// the default threshold (20) on SQLite: 25 User-Agents from one address in
// a burst, repeated for days, leave a genuine stamp genuine; 30 networks
// over four days make it suspicious.
func TestCloneDetectionThreat(t *testing.T) {
	w := newWorld(t, backends[0].open(t), nil, "")
	ctx := context.Background()
	svc := &Service{Keys: w.reg.keys, Views: w.store, Store: w.store, Recorder: w.rec}
	start := time.Now()
	var now time.Time
	svc.Now = func() time.Time { return now }
	lookup := func(st stamp.Stamp, cl Client) *Result {
		t.Helper()
		r, err := svc.Lookup(ctx, st.Code().Text(), cl)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	flush := func() {
		t.Helper()
		if err := w.rec.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}

	attacked := w.reg.good[6]
	for day := range 3 {
		now = start.Add(time.Duration(day) * 24 * time.Hour)
		for i := range 25 {
			lookup(attacked, Client{Addr: "198.51.100.7", UserAgent: fmt.Sprintf("Mozilla/5.0 (bot %d)", i), Channel: stamp.ChannelWeb})
		}
		// and the rest of the attacker's /24
		lookup(attacked, Client{Addr: fmt.Sprintf("198.51.100.%d", 100+day), UserAgent: "curl", Channel: stamp.ChannelAPI})
		flush()
	}
	if r := lookup(attacked, Client{Addr: "198.51.100.7", UserAgent: "x"}); r.Verdict != stamp.Genuine || r.Scans.DistinctClients != 1 || r.Scans.Count != 79 {
		t.Fatalf("one network, 78 scans over 3 days: %s/%s, scans %+v", r.Verdict, r.Reason, r.Scans)
	}

	copied := w.reg.good[7]
	for i := range 30 {
		now = start.Add(time.Duration(i) * 3 * time.Hour) // every 3 hours for 4 days
		addr := fmt.Sprintf("100.%d.%d.20", 64+i%3, i)
		if i%2 == 1 {
			addr = fmt.Sprintf("2001:db8:%x::5", i<<8) // another /56 each
		}
		lookup(copied, Client{Addr: addr, UserAgent: "Zalo", Channel: stamp.ChannelWeb})
		flush()
	}
	if r := lookup(copied, Client{Addr: "192.0.2.1", UserAgent: "Zalo"}); r.Verdict != stamp.Suspicious || r.Reason != stamp.ReasonManyScanners || r.Scans.DistinctClients != 30 {
		t.Fatalf("30 networks over 4 days: %s/%s, scans %+v", r.Verdict, r.Reason, r.Scans)
	}
}
