package server

import (
	"maps"
	"net/url"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// The links of the GS1 Digital Link resolver (GS1-Conformant resolver
// standard 1.1/1.2): every item (a product, a batch, a stamp) has a few
// links, each of a GS1 Web Vocabulary link type, one of them the default.
// They all point at this server: at the item's own URI (answered here,
// 200) or at a less granular item's (answered by a 307 redirect).

// GS1 link types the resolver offers (the CURIE form; the vocabulary's
// URI is gs1VocNS + the name).
const (
	linkPIP           = "gs1:pip"
	linkCertification = "gs1:certificationInfo"
	linkTraceability  = "gs1:traceability"
	linkVerification  = "gs1:verificationService"
	linkDefault       = "gs1:defaultLink"
	gs1VocNS          = "https://gs1.org/voc/"
	// linksetContext is the JSON-LD context GS1 publishes for linksets; the
	// Link header of a linkset names it (JSON-LD 1.1 §6.1).
	linksetContext = "https://ref.gs1.org/standards/resolver/linkset-context"
	// MediaLinkset is RFC 9264's JSON linkset.
	MediaLinkset = "application/linkset+json"
)

// view is what the resolver shows at an item's own URI for a link type.
type view int

const (
	viewProduct view = iota // product page: producer, certificate, batches
	viewCertification
	viewTraceability // the product's batches
	viewLot          // one lot's batches
	viewStamp        // the stamp's verdict (the typed-serial lookup)
)

// gs1Link is one link of an item.
type gs1Link struct {
	Type  string // CURIE, e.g. gs1:pip
	Href  string // absolute
	Title wording.Pair
	Self  bool // answered at the request's own URI (no redirect)
	View  view // what Self shows
}

// item is what a Digital Link names, with its links; Links[0] is the
// default.
type item struct {
	DL    stamp.DigitalLink
	URI   string // canonical, absolute
	Links []gs1Link
}

// words returns the Pair of a Resolver field, both languages.
func words(field func(*wording.Resolver) string) wording.Pair {
	return wording.Pair{VI: field(wording.ResolverFor(wording.LangVI)), EN: field(wording.ResolverFor(wording.LangEN))}
}

func wordsf(field func(*wording.Resolver) string, arg string) wording.Pair {
	p := words(field)
	return wording.Pair{VI: strings.Replace(p.VI, "%s", arg, 1), EN: strings.Replace(p.EN, "%s", arg, 1)}
}

// withLinkType returns uri?linkType=t.
func withLinkType(uri, t string) string { return uri + "?linkType=" + t }

// productLinks are the links of a product (DL path /01/{GTIN}): its page
// (default), its certificate and its batches, all answered here.
func productLinks(base string, g stamp.GTIN) item {
	uri := stamp.DigitalLink{GTIN: g}.URI(base)
	return item{DL: stamp.DigitalLink{GTIN: g}, URI: uri, Links: []gs1Link{
		{Type: linkPIP, Href: uri, Title: words(func(w *wording.Resolver) string { return w.LinkPIP }), Self: true, View: viewProduct},
		{Type: linkCertification, Href: withLinkType(uri, linkCertification), Title: words(func(w *wording.Resolver) string { return w.LinkCertification }), Self: true, View: viewCertification},
		{Type: linkTraceability, Href: withLinkType(uri, linkTraceability), Title: words(func(w *wording.Resolver) string { return w.LinkTraceability }), Self: true, View: viewTraceability},
	}}
}

// lotLinks are the links of a lot (/01/{GTIN}/10/{lot}): its batches
// (default, here), and the product's page and certificate.
func lotLinks(base string, g stamp.GTIN, lot string) item {
	d := stamp.DigitalLink{GTIN: g, Lot: lot}
	p := productLinks(base, g)
	return item{DL: d, URI: d.URI(base), Links: []gs1Link{
		{Type: linkTraceability, Href: d.URI(base), Title: wordsf(func(w *wording.Resolver) string { return w.LinkLot }, lot), Self: true, View: viewLot},
		notSelf(p.Links[0]), notSelf(p.Links[1]),
	}}
}

// stampLinks are the links of a stamp (/01/{GTIN}[/10/{lot}]/21/{serial}):
// its check (default, here), the product's page and certificate, and the
// traceability of its lot (the lot's URI when lot is a valid AI 10 value,
// else the product's batches).
func stampLinks(base string, d stamp.DigitalLink, lot string) item {
	p := productLinks(base, d.GTIN)
	trace := notSelf(p.Links[2])
	if stamp.ValidAIValue(lot) {
		trace = notSelf(lotLinks(base, d.GTIN, lot).Links[0])
	}
	return item{DL: d, URI: d.URI(base), Links: []gs1Link{
		{Type: linkVerification, Href: d.URI(base), Title: wordsf(func(w *wording.Resolver) string { return w.LinkVerification }, d.Serial), Self: true, View: viewStamp},
		notSelf(p.Links[0]), notSelf(p.Links[1]), trace,
	}}
}

func notSelf(l gs1Link) gs1Link {
	l.Self = false
	return l
}

// pick returns the link of type t (a CURIE, a GS1 vocabulary URI or a bare
// name: gs1:pip, https://gs1.org/voc/pip and pip are the same), or the
// default link when the item has none of that type: GS1 resolvers answer
// with the default link unless the request names a better one.
func (it item) pick(t string) gs1Link {
	want := curie(t)
	for _, l := range it.Links {
		if l.Type == want {
			return l
		}
	}
	return it.Links[0]
}

// curie writes a link type as gs1:name.
func curie(t string) string {
	t = strings.TrimSpace(t)
	for _, p := range []string{gs1VocNS, "http://gs1.org/voc/", "https://www.gs1.org/voc/", "https://ref.gs1.org/voc/", "gs1:"} {
		if strings.HasPrefix(t, p) {
			return "gs1:" + t[len(p):]
		}
	}
	return "gs1:" + t
}

// vocURI writes a CURIE as the GS1 vocabulary URI linksets key links by.
func vocURI(c string) string { return gs1VocNS + strings.TrimPrefix(c, "gs1:") }

// linkHeader is the HTTP Link header of an item (RFC 8288): every link
// with its type (as a CURIE, as GS1 resolvers write it), an English title
// (the header is ASCII; the linkset has both languages), its media type
// and languages, then the item's linkset.
func (it item) linkHeader() string {
	var parts []string
	for _, l := range it.Links {
		parts = append(parts, "<"+l.Href+`>; rel="`+l.Type+`"; type="text/html"; hreflang="vi"; hreflang="en"; title="`+quoteless(l.Title.EN)+`"`)
	}
	parts = append(parts, "<"+withLinkType(it.URI, "linkset")+`>; rel="linkset"; type="`+MediaLinkset+`"; title="Linkset"`)
	return strings.Join(parts, ", ")
}

// quoteless keeps a title inside its quotes: '"' and '\' become "'" and
// '/'; anything outside printable ASCII is dropped.
func quoteless(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case r == '\\':
			return '/'
		case r < 0x20 || r > 0x7e:
			return -1
		}
		return r
	}, s)
}

// linkTarget is a link target object of an RFC 9264 JSON linkset.
type linkTarget struct {
	Href     string      `json:"href"`
	Title    string      `json:"title"`
	TitleI18 []i18nTitle `json:"title*,omitempty"`
	Type     string      `json:"type"`
	Hreflang []string    `json:"hreflang"`
}

type i18nTitle struct {
	Value    string `json:"value"`
	Language string `json:"language"`
}

// linkset returns the item's RFC 9264 linkset: one link context object
// anchored at the item's URI, its links keyed by GS1 vocabulary URI, and
// the default link under gs1:defaultLink.
func (it item) linkset() map[string]any {
	ctx := map[string]any{"anchor": it.URI}
	target := func(l gs1Link) linkTarget {
		return linkTarget{Href: l.Href, Title: l.Title.EN, TitleI18: []i18nTitle{{l.Title.VI, wording.LangVI}, {l.Title.EN, wording.LangEN}},
			Type: "text/html", Hreflang: []string{wording.LangVI, wording.LangEN}}
	}
	for _, l := range it.Links {
		k := vocURI(l.Type)
		ts, _ := ctx[k].([]linkTarget)
		ctx[k] = append(ts, target(l))
	}
	ctx[vocURI(linkDefault)] = []linkTarget{target(it.Links[0])}
	return map[string]any{"linkset": []any{ctx}}
}

// redirectTo returns href with the request's query parameters other than
// linkType appended: a resolver passes them on when it redirects.
func redirectTo(href string, q url.Values) string {
	q = maps.Clone(q)
	q.Del("linkType")
	if len(q) == 0 {
		return href
	}
	sep := "?"
	if strings.Contains(href, "?") {
		sep = "&"
	}
	return href + sep + q.Encode()
}
