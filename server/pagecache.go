package server

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// Rendering the consumer page with html/template cost about 90 µs a lookup,
// eight times writing the same bytes, and made the cached HTML lookup the
// slowest answer under load. The page of a stamp changes little from one
// lookup to the next: only the scan figures and the time of the check. So
// the server renders it once with markers in those places, keeps the bytes
// between the markers (pageCache), and answers the next lookups of the same
// page by splicing the figures of the moment between them.
//
// The cache is keyed by the SHA-256 of everything else the page is made of
// (the Result as JSON without those figures, the language, the path, the
// query and typed serial): it holds no state of its own to invalidate, and
// a changed Result (a revocation, a certification now expired, a renamed
// product) is another key. A suspicious verdict, whose message quotes the
// scan figures, is never cached.

// DefaultPageCacheBytes bounds the rendered pages a server keeps when
// Config.PageCacheBytes is zero: about 15,000 stamps' pages (their shared
// head, the inlined style sheet, is kept once).
const DefaultPageCacheBytes = 64 << 20

// The dynamic values of a cached page, in the order markers are numbered.
const (
	slotCount = iota
	slotDevices
	slotFirstScan
	slotCheckedAt
	slotCount_
)

// pageCache holds split pages by key. It is safe for concurrent use.
type pageCache struct {
	limit   int
	markers [slotCount_]string // random per process: registry text cannot forge one

	mu    sync.RWMutex
	pages map[[32]byte]*splitPage
	heads map[string]string // interned page heads (up to the style sheet's end)
	size  int
}

// splitPage is a rendered page cut at its markers: head, then parts[0],
// value of slots[0], parts[1], ... The last part follows the last slot.
type splitPage struct {
	head  string
	parts []string
	slots []int
	size  int
}

func newPageCache(limit int) *pageCache {
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		panic(fmt.Sprintf("page cache: random nonce: %v", err)) // crypto/rand never fails on Linux
	}
	pc := &pageCache{limit: limit, pages: map[[32]byte]*splitPage{}, heads: map[string]string{}}
	for i := range pc.markers {
		pc.markers[i] = fmt.Sprintf("ocopmark%sx%dx", hex.EncodeToString(nonce[:]), i)
	}
	return pc
}

// pageKey returns the cache key of the page of r, or ok false when the page
// is not cached (suspicious verdict).
func pageKey(r *verify.Result, lang, path, queryS, serial string) (key [32]byte, ok bool) {
	if r.Verdict == stamp.Suspicious {
		return key, false
	}
	k := *r
	k.CheckedAt = time.Time{}
	var shape byte
	if !r.CheckedAt.IsZero() {
		shape |= 1
	}
	if r.Scans != nil {
		shape |= 2
		k.Scans = &verify.ScanInfo{}
		if r.Scans.FirstAt != nil {
			shape |= 4
		}
	}
	b, err := json.Marshal(&k)
	if err != nil {
		return key, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s\x00%s\x00%d\x00", shape, lang, path, queryS, serial, len(b))
	h.Write(b)
	h.Sum(key[:0])
	return key, true
}

func (pc *pageCache) get(key [32]byte) *splitPage {
	pc.mu.RLock()
	p := pc.pages[key]
	pc.mu.RUnlock()
	return p
}

// put splits a page rendered with markers and keeps it, evicting arbitrary
// pages while over the limit (Go's random map order: under a working set
// larger than the cache, random eviction keeps a share of hits where LRU
// would keep none). It returns nil when the page does not split (a marker
// missing or repeated), which the caller answers by rendering normally.
func (pc *pageCache) put(key [32]byte, rendered []byte) *splitPage {
	sp := pc.split(string(rendered))
	if sp == nil {
		return nil
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if h, ok := pc.heads[sp.head]; ok {
		sp.head = h
	} else if len(pc.heads) < 64 {
		pc.heads[sp.head] = sp.head
	}
	if old, ok := pc.pages[key]; ok {
		pc.size -= old.size
	}
	pc.pages[key] = sp
	pc.size += sp.size
	for k, p := range pc.pages {
		if pc.size <= pc.limit {
			break
		}
		delete(pc.pages, k)
		pc.size -= p.size
	}
	return sp
}

// headEnd ends the part of a page shared by every page of a language and
// verdict: the head with the inlined style sheet.
const headEnd = "</style>"

func (pc *pageCache) split(s string) *splitPage {
	sp := &splitPage{}
	if i := strings.Index(s, headEnd); i >= 0 {
		sp.head, s = s[:i+len(headEnd)], s[i+len(headEnd):]
	}
	for {
		at, slot := -1, -1
		for i, m := range pc.markers {
			if j := strings.Index(s, m); j >= 0 && (at < 0 || j < at) {
				at, slot = j, i
			}
		}
		if at < 0 {
			break
		}
		for _, used := range sp.slots {
			if used == slot {
				return nil
			}
		}
		sp.parts = append(sp.parts, s[:at])
		sp.slots = append(sp.slots, slot)
		s = s[at+len(pc.markers[slot]):]
	}
	sp.parts = append(sp.parts, s)
	sp.size = 128
	for _, p := range sp.parts {
		sp.size += len(p)
	}
	return sp
}

// write appends the page with the given slot values (already escaped).
func (sp *splitPage) write(b *bytes.Buffer, vals *[slotCount_]string) {
	b.WriteString(sp.head)
	for i, p := range sp.parts {
		b.WriteString(p)
		if i < len(sp.slots) {
			b.WriteString(vals[sp.slots[i]])
		}
	}
}

// escapeText escapes like html/template does text in an element (its
// htmlEscaper), so that a spliced value is the same bytes the template
// would have written.
var escapeText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;").Replace

// slotValues returns the dynamic values of r's page, escaped as the page
// writes them: the scan rows through html.EscapeString (details.go), the
// time of the check as the template escapes text.
func slotValues(r *verify.Result, lang string) (v [slotCount_]string) {
	if sc := r.Scans; sc != nil {
		v[slotCount] = html.EscapeString(itoa(sc.Count))
		v[slotDevices] = html.EscapeString(itoa(sc.DistinctClients))
		if sc.FirstAt != nil {
			v[slotFirstScan] = html.EscapeString(wording.FormatDay(*sc.FirstAt, lang))
		}
	}
	v[slotCheckedAt] = escapeText(formatClock(r.CheckedAt, lang))
	return v
}

// markPage replaces the dynamic values of a laid-out result page with the
// cache's markers (resultPage puts the scans section last).
func (pc *pageCache) markPage(p *page, r *verify.Result) {
	if n := len(p.Sections); r.Scans != nil && n > 0 && p.Sections[n-1].Title == p.T.Scans {
		sec := &p.Sections[n-1]
		for i := range sec.Rows {
			if i < slotCheckedAt {
				sec.Rows[i].Value = pc.markers[i]
			}
		}
	}
	if p.CheckedAt != "" {
		p.CheckedAt = pc.markers[slotCheckedAt]
	}
}

var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}
