package main

import "testing"

// TestProxyWarning: serving the admin API on a public address without
// trusted proxies is warned about at start.
func TestProxyWarning(t *testing.T) {
	for _, c := range []struct {
		addr, proxies string
		warn          bool
	}{
		{":8080", "", true},
		{"0.0.0.0:8080", "", true},
		{"192.0.2.10:8080", "", true},
		{"[::]:8080", "", true},
		{"127.0.0.1:8080", "", false},
		{"[::1]:8080", "", false},
		{"localhost:8080", "", false},
		{":8080", "10.0.0.1", false},
	} {
		if got := proxyWarning(c.addr, c.proxies) != ""; got != c.warn {
			t.Errorf("proxyWarning(%q, %q) warns %v, want %v", c.addr, c.proxies, got, c.warn)
		}
	}
}
