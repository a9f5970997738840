package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// WellKnownGS1Resolver is where the resolver describes itself (GS1-
// Conformant resolver standard: the resolver description file).
const WellKnownGS1Resolver = "/.well-known/gs1resolver"

// ResolverRegistry is what the GS1 Digital Link resolver reads; a
// storage.Store is one. Errors follow storage's contract (ENotFound for
// what the registry does not hold).
type ResolverRegistry interface {
	ProductByGTIN(ctx context.Context, gtin string) (*stamp.Product, error)
	Facility(ctx context.Context, code string) (*stamp.Facility, error)
	CurrentCertification(ctx context.Context, product uint32) (*stamp.Certification, error)
	BatchesOf(ctx context.Context, product uint32) ([]stamp.Batch, error)
	StampBySerial(ctx context.Context, serial uint64) (*stamp.Stamp, error)
}

// ResolverConfig configures MountResolver.
type ResolverConfig struct {
	// Registry answers the lookups (required).
	Registry ResolverRegistry
	// BaseURL is the public base URL (the one printed in QR codes): the
	// links and linkset anchors the resolver writes are absolute on it.
	BaseURL string
}

type resolver struct {
	reg  ResolverRegistry
	base string // scheme://host[:port][/path], scheme and host in lower case
}

// MountResolver serves the GS1 Digital Link resolver for products with a
// GTIN: GET, HEAD and OPTIONS of /01/{GTIN}[/10/{lot}][/21/{serial}] and
// of /.well-known/gs1resolver (docs/api.md, "GS1 Digital Link resolver").
// Call it before serving. It fails when Registry is nil or BaseURL is not
// an absolute http(s) URL.
func (s *Server) MountResolver(cfg ResolverConfig) error {
	if cfg.Registry == nil {
		return errors.New("server: resolver: Registry is required")
	}
	base, err := resolverBase(cfg.BaseURL)
	if err != nil {
		return err
	}
	rv := &resolver{reg: cfg.Registry, base: base}
	for _, path := range []string{"/01/*path", WellKnownGS1Resolver} {
		h := func(c *gin.Context) { s.resolve(c, rv) }
		if path == WellKnownGS1Resolver {
			h = func(c *gin.Context) { s.describeResolver(c, rv) }
		}
		s.engine.GET(path, h)
		s.engine.HEAD(path, h)
		s.engine.OPTIONS(path, resolverOptions)
	}
	return nil
}

// resolverBase checks and normalises the base URL: absolute http(s),
// scheme and host lower-cased (the QR base URL may be upper case for a
// smaller code), no query, no trailing slash.
func resolverBase(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (strings.ToLower(u.Scheme) != "http" && strings.ToLower(u.Scheme) != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("server: resolver: base URL %q is not an absolute http(s) URL without query", raw)
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + strings.TrimRight(u.EscapedPath(), "/"), nil
}

// corsHeaders lets any web page read the resolver's answers (GS1
// resolvers SHALL support CORS), the Link header included.
func corsHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language")
	h.Set("Access-Control-Expose-Headers", "Link, Location, Content-Language")
}

// resolverOptions answers OPTIONS (and CORS preflights) with 204.
func resolverOptions(c *gin.Context) {
	corsHeaders(c)
	c.Header("Allow", "GET, HEAD, OPTIONS")
	c.Header("Access-Control-Max-Age", "86400")
	c.Status(http.StatusNoContent)
}

// resolve answers a Digital Link URI: 400 for a malformed one, 301 to the
// canonical form of a valid but non-canonical one, 404 for a GTIN, lot or
// serial the registry does not hold, else the item's link of the
// requested linkType (default: the item itself): answered here (200) or
// redirected to (307). linkType=all or linkset, or an Accept header asking
// for application/linkset+json, gets the linkset.
func (s *Server) resolve(c *gin.Context, rv *resolver) {
	corsHeaders(c)
	f := negotiate(c, formatHTML)
	lang := PickLang(c)
	if s.limit(c, s.limiter); c.IsAborted() {
		return
	}
	raw := c.Request.URL.EscapedPath()
	d, err := stamp.ParseDigitalLinkPath(raw)
	if err != nil {
		s.resolverFail(c, f, lang, http.StatusBadRequest, stamp.EInvalid, stamp.ErrorMessage(err),
			func(w *wording.Resolver) (string, string) { return w.BadLinkTitle, w.BadLinkText }, stamp.ErrorMessage(err))
		return
	}
	if raw != d.Path() {
		loc := d.Path()
		if q := c.Request.URL.RawQuery; q != "" {
			loc += "?" + q
		}
		c.Header("Cache-Control", "public, max-age=86400")
		c.Redirect(http.StatusMovedPermanently, loc)
		return
	}
	if d.Serial != "" {
		if s.limit(c, s.serialLimiter); c.IsAborted() {
			return
		}
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.LookupTimeout)
	defer cancel()
	it, fd, err := rv.find(ctx, d)
	if err != nil {
		s.writeError(c, f, lang, s.classify(c, err, "resolver"))
		return
	}
	if fd.notFound != nil {
		s.resolverFail(c, f, lang, http.StatusNotFound, stamp.ENotFound, fd.msg, fd.notFound, "")
		return
	}
	c.Header("Link", it.linkHeader())
	lt := c.Query("linkType")
	if lt == "all" || lt == "linkset" || wantsLinkset(c.GetHeader("Accept")) {
		c.Writer.Header().Add("Link", "<"+linksetContext+`>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`)
		c.Header("Cache-Control", "public, max-age=60")
		c.Render(http.StatusOK, jsonAs{MediaLinkset, it.linkset()})
		return
	}
	l := it.pick(lt)
	if !l.Self {
		c.Header("Cache-Control", "no-store")
		c.Redirect(http.StatusTemporaryRedirect, redirectTo(l.Href, c.Request.URL.Query()))
		return
	}
	if l.View == viewStamp {
		r, err := s.deps.Lookup.LookupSerial(ctx, d.Serial, s.client(c, stamp.ChannelSerial))
		if err != nil {
			s.writeError(c, f, lang, s.classify(c, err, "resolver: serial lookup"))
			return
		}
		s.answer(c, f, lang, stamp.ChannelSerial, r, d.Serial)
		return
	}
	s.itemPage(c, f, lang, it, l, fd)
}

// found is what find read about an item: the product, its producer and
// certificate, the batches to show; or, when the registry does not hold
// the item, the words of the 404 and its one-line message.
type found struct {
	product  stamp.Product
	facility stamp.Facility
	cert     *stamp.Certification
	batches  []stamp.Batch // all the product's, or the lot's
	notFound func(*wording.Resolver) (string, string)
	msg      string
}

// find reads the registry for d. A GTIN no product has, a lot the product
// has no batch of, a serial that is not a stamp of the product (or not of
// the lot named) come back as found.notFound; other failures as err.
func (rv *resolver) find(ctx context.Context, d stamp.DigitalLink) (item, found, error) {
	var fd found
	p, err := rv.reg.ProductByGTIN(ctx, string(d.GTIN))
	if stamp.ErrorCode(err) == stamp.ENotFound {
		fd.notFound = func(w *wording.Resolver) (string, string) {
			return w.UnknownGTINTitle, fmt.Sprintf(w.UnknownGTINText, d.GTIN)
		}
		fd.msg = fmt.Sprintf("no product has GTIN %s", d.GTIN)
		return item{}, fd, nil
	}
	if err != nil {
		return item{}, fd, fmt.Errorf("product with GTIN %s: %w", d.GTIN, err)
	}
	fd.product = *p
	batches, err := rv.reg.BatchesOf(ctx, p.Number)
	if err != nil {
		return item{}, fd, fmt.Errorf("batches of product %d: %w", p.Number, err)
	}
	var it item
	switch {
	case d.Serial != "":
		n, _ := stamp.ParseSerial(d.Serial) // ParseDigitalLinkPath checked it
		st, err := rv.reg.StampBySerial(ctx, n)
		if err != nil && stamp.ErrorCode(err) != stamp.ENotFound {
			return item{}, fd, fmt.Errorf("stamp %s: %w", d.Serial, err)
		}
		lot, ok := "", err == nil && st.ProductNumber == p.Number
		if ok {
			for _, b := range batches {
				if b.ID == st.BatchID {
					lot = b.Lot
				}
			}
			ok = d.Lot == "" || d.Lot == lot
		}
		if !ok {
			fd.notFound = func(w *wording.Resolver) (string, string) {
				return w.UnknownSerialTitle, fmt.Sprintf(w.UnknownSerialText, d.Serial, d.GTIN)
			}
			fd.msg = fmt.Sprintf("serial %s is not a stamp of GTIN %s", d.Serial, d.GTIN)
			if d.Lot != "" {
				fd.msg += " lot " + d.Lot
			}
			return item{}, fd, nil
		}
		it = stampLinks(rv.base, d, lot)
	case d.Lot != "":
		for _, b := range batches {
			if b.Lot == d.Lot {
				fd.batches = append(fd.batches, b)
			}
		}
		if len(fd.batches) == 0 {
			fd.notFound = func(w *wording.Resolver) (string, string) {
				return w.UnknownLotTitle, fmt.Sprintf(w.UnknownLotText, d.Lot, d.GTIN)
			}
			fd.msg = fmt.Sprintf("product with GTIN %s has no lot %s", d.GTIN, d.Lot)
			return item{}, fd, nil
		}
		it = lotLinks(rv.base, d.GTIN, d.Lot)
	default:
		fd.batches = batches
		it = productLinks(rv.base, d.GTIN)
	}
	if d.Serial != "" {
		return it, fd, nil // the stamp page reads the rest itself
	}
	f, err := rv.reg.Facility(ctx, p.FacilityCode)
	if err != nil {
		return item{}, fd, fmt.Errorf("facility %s: %w", p.FacilityCode, err)
	}
	fd.facility = *f
	c, err := rv.reg.CurrentCertification(ctx, p.Number)
	if err != nil && stamp.ErrorCode(err) != stamp.ENotFound {
		return item{}, fd, fmt.Errorf("certification of product %d: %w", p.Number, err)
	}
	fd.cert = c
	return it, fd, nil
}

// wantsLinkset reports whether an Accept header asks for a JSON linkset
// (application/linkset+json with q > 0): RFC 9264 then wants the linkset,
// not a redirect.
func wantsLinkset(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		if rng, q, ok := parseRange(part); ok && rng == MediaLinkset && q > 0 {
			return true
		}
	}
	return false
}

// jsonAs renders v as JSON under a media type of its own.
type jsonAs struct {
	mediaType string
	v         any
}

func (j jsonAs) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", j.mediaType)
}

func (j jsonAs) Render(w http.ResponseWriter) error {
	j.WriteContentType(w)
	return jsonEncode(w, j.v)
}
