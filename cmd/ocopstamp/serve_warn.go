package main

import (
	"net"
	"net/netip"
	"strings"
)

// proxyWarning returns a warning when the admin API is served on addr, not
// a loopback address, without trusted proxies: behind a proxy every client
// then has the proxy's address, so per-address rate limits and lockouts
// treat all clients as one. "" when there is nothing to warn about.
func proxyWarning(addr, trustedProxies string) string {
	if strings.TrimSpace(trustedProxies) != "" {
		return ""
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return ""
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil && ip.IsLoopback() {
		return ""
	}
	return "the admin API is served on " + addr + " without --trusted-proxies: behind a reverse proxy every client has " +
		"the proxy's address, so rate limits and authentication lockouts count all clients as one; set --trusted-proxies " +
		"to the proxy's address (or serve on 127.0.0.1 only)"
}
