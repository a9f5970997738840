package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/netip"
	"time"
)

// Clone detection: who counts as a distinct scanner, and when many of them
// make a stamp suspicious (docs/api.md, "Clone detection", has the rule and
// its threat model).
//
// A scanner is a network, not a client: an IPv4 /24 or an IPv6 /56 (what
// one subscriber, office or cloud tenant typically holds). The User-Agent
// and the rest of the address are ignored, so one client or one network
// counts once whatever it sends. A stamp is suspicious when more networks
// than the threshold scanned it and its scans span at least SuspicionMinSpan
// since the first: a burst, however many networks it comes from, does not
// count until the stamp has a day of history.
const (
	// IPv4Prefix and IPv6Prefix are the network sizes that count as one
	// scanner.
	IPv4Prefix = 24
	IPv6Prefix = 56
	// SuspicionMinSpan is how long after its first scan a stamp can first be
	// found suspicious.
	SuspicionMinSpan = 24 * time.Hour
)

// scannerNetwork returns the network addr belongs to, as text: "v4
// 203.0.113.0/24", "v6 2001:db8:0:100::/56", or "other <addr>" for an
// address that does not parse (it then counts on its own). A port, an
// IPv6 zone and IPv4-mapped IPv6 are undone first.
func scannerNetwork(addr string) string {
	if ap, err := netip.ParseAddrPort(addr); err == nil {
		addr = ap.Addr().String()
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "other " + addr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		p, _ := ip.Prefix(IPv4Prefix)
		return "v4 " + p.String()
	}
	p, _ := ip.Prefix(IPv6Prefix)
	return "v6 " + p.String()
}

// ClientHash returns the hex HMAC-SHA256, under the recorder's salt, of the
// network addr belongs to (see scannerNetwork): the only trace of a client
// that a scan keeps, and the unit of the distinct-scanner count.
func (r *Recorder) ClientHash(addr string) string {
	h := r.hmacs.Get().(hash.Hash)
	h.Reset()
	h.Write([]byte("network\x00")) // never equal to the address+User-Agent hashes of before
	h.Write([]byte(scannerNetwork(addr)))
	var sum [sha256.Size]byte
	out := hex.EncodeToString(h.Sum(sum[:0]))
	r.hmacs.Put(h)
	return out
}

// manyScanners reports whether scans (this one included) make a stamp
// suspicious at time now: more distinct networks than threshold, over at
// least SuspicionMinSpan. threshold < 0 disables the check.
func manyScanners(scans *ScanInfo, now time.Time, threshold int) bool {
	if threshold < 0 || scans == nil || scans.FirstAt == nil {
		return false
	}
	return scans.DistinctClients > int64(threshold) && now.Sub(*scans.FirstAt) >= SuspicionMinSpan
}
