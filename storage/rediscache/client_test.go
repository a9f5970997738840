package rediscache

import (
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		url      string
		addrs    []string
		cluster  bool
		db       int
		user     string
		password string
		tls      bool
	}{
		{url: "redis://127.0.0.1:6379/0", addrs: []string{"127.0.0.1:6379"}},
		{url: "redis://:sekret@cache.local:6380/3", addrs: []string{"cache.local:6380"}, db: 3, password: "sekret"},
		{url: "rediss://u:p@cache.example.vn:6380", addrs: []string{"cache.example.vn:6380"}, user: "u", password: "p", tls: true},
		{url: "10.0.0.5:6379", addrs: []string{"10.0.0.5:6379"}},
		{url: "10.0.0.1:7000,10.0.0.2:7000, 10.0.0.3:7000", addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"}, cluster: true},
		{url: "redis://:pw@10.0.0.1:7000,redis://10.0.0.2:7000", addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000"}, cluster: true, password: "pw"},
		{url: "redis://10.0.0.1:7000?addr=10.0.0.2:7000&addr=10.0.0.3:7000", addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"}, cluster: true},
	}
	for _, c := range cases {
		o, err := ParseURL(c.url)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if len(o.Addrs) != len(c.addrs) {
			t.Errorf("%s: addrs %v, want %v", c.url, o.Addrs, c.addrs)
			continue
		}
		for i := range c.addrs {
			if o.Addrs[i] != c.addrs[i] {
				t.Errorf("%s: addrs %v, want %v", c.url, o.Addrs, c.addrs)
			}
		}
		if o.IsClusterMode != c.cluster || o.DB != c.db || o.Username != c.user || o.Password != c.password || (o.TLSConfig != nil) != c.tls {
			t.Errorf("%s: cluster=%v db=%d user=%q password=%q tls=%v", c.url, o.IsClusterMode, o.DB, o.Username, o.Password, o.TLSConfig != nil)
		}
		if o.DialTimeout != 200*time.Millisecond || o.ReadTimeout != 200*time.Millisecond || o.WriteTimeout != 200*time.Millisecond ||
			o.PoolTimeout != 300*time.Millisecond || o.MaxRetries != -1 || !o.ContextTimeoutEnabled {
			t.Errorf("%s: timeouts not set: %+v", c.url, o)
		}
	}
	for _, bad := range []string{"", "  ", "http://x:1", "redis://h:1/notanumber", ",,"} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		}
	}
}
