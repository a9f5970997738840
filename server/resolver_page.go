package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// gs1Page is the data of templates/gs1.html: the resolver's product and
// batch pages and its error pages.
type gs1Page struct {
	*page
	W *wording.Resolver
	// Also is the banner's message in the other language (error pages are
	// bilingual); AlsoLang its language.
	Also, AlsoLang string
	GTIN           string // the product's, 14 digits
	ShowBatches    bool
	Batches        []batchView
	Links          []linkView
}

type batchView struct {
	Lot, URI             string // URI: the lot's Digital Link; "" when the lot cannot be an AI 10 value
	Produced, BestBefore string
	Count                string
	Revoked              bool
}

type linkView struct{ Href, Title string }

// resolverJSON is the JSON of a product or batch item (Accept:
// application/json); docs/api.md documents it.
type resolverJSON struct {
	GTIN          string               `json:"gtin"`
	URI           string               `json:"uri"`
	Lot           string               `json:"lot,omitempty"`
	Product       *verify.ProductInfo  `json:"product"`
	Facility      *verify.FacilityInfo `json:"facility"`
	Certification *verify.CertInfo     `json:"certification,omitempty"`
	Batches       []batchJSON          `json:"batches,omitempty"`
	Links         []linkJSON           `json:"links"`
}

type batchJSON struct {
	ID         string     `json:"id"`
	Lot        string     `json:"lot"`
	URI        string     `json:"uri,omitempty"`
	ProducedOn string     `json:"produced_on,omitempty"`
	BestBefore string     `json:"best_before,omitempty"`
	Count      int        `json:"count"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

type linkJSON struct {
	LinkType string `json:"link_type"`
	Href     string `json:"href"`
	Title    string `json:"title"`
	Default  bool   `json:"default,omitempty"`
}

// itemPage answers a product or batch view: HTML (gs1.html) or JSON.
func (s *Server) itemPage(c *gin.Context, f format, lang string, it item, l gs1Link, fd found) {
	now := time.Now()
	pi, fi, ci := verify.ProductFacts(fd.product, fd.facility, fd.cert, now)
	showBatches := l.View != viewCertification
	base := it.URI[:len(it.URI)-len(it.DL.Path())]
	c.Header("Cache-Control", "public, max-age=60")
	if f == formatJSON {
		out := resolverJSON{GTIN: string(it.DL.GTIN), URI: it.URI, Lot: it.DL.Lot, Product: pi, Facility: fi, Certification: ci}
		if showBatches {
			out.Batches = []batchJSON{}
			for _, b := range fd.batches {
				bj := batchJSON{ID: b.ID.String(), Lot: b.Lot, ProducedOn: b.ProducedOn.String(), BestBefore: b.BestBefore.String(),
					Count: b.Count, RevokedAt: utc(b.RevokedAt)}
				if stamp.ValidAIValue(b.Lot) {
					bj.URI = stamp.DigitalLink{GTIN: it.DL.GTIN, Lot: b.Lot}.URI(base)
				}
				out.Batches = append(out.Batches, bj)
			}
		}
		for i, x := range it.Links {
			out.Links = append(out.Links, linkJSON{LinkType: x.Type, Href: x.Href, Title: x.Title.In(lang), Default: i == 0})
		}
		c.Header("Content-Language", lang)
		c.JSON(http.StatusOK, out)
		return
	}
	p := s.basePage(lang, c.Request.URL.Path, nil)
	s.resultPage(p, &verify.Result{Product: pi, Facility: fi, Certification: ci})
	w := wording.ResolverFor(lang)
	p.Tone, p.Heading, p.Advice, p.ShowContact, p.CheckedAt = "info", l.Title.In(lang), "", false, ""
	p.Title = p.Heading + " – " + p.T.SiteTitle
	p.Message = w.ProductIntro
	if l.View == viewLot {
		p.Message = fmt.Sprintf(w.LotIntro, it.DL.Lot)
	}
	if l.View == viewTraceability || l.View == viewLot {
		p.Sections = nil // the batches are the page
	}
	if l.View == viewCertification {
		p.Sections = p.Sections[1:] // the certificate, without the producer
	}
	gp := &gs1Page{page: p, W: w, GTIN: string(it.DL.GTIN), ShowBatches: showBatches}
	for _, b := range fd.batches {
		bv := batchView{Lot: b.Lot, Produced: wording.FormatDate(b.ProducedOn.String(), lang),
			BestBefore: wording.FormatDate(b.BestBefore.String(), lang), Count: strconv.Itoa(b.Count), Revoked: b.RevokedAt != nil}
		if stamp.ValidAIValue(b.Lot) && l.View != viewLot {
			bv.URI = stamp.DigitalLink{GTIN: it.DL.GTIN, Lot: b.Lot}.Path()
		}
		gp.Batches = append(gp.Batches, bv)
	}
	for _, x := range it.Links {
		if x.Type != l.Type { // links on the page stay on this host
			gp.Links = append(gp.Links, linkView{Href: strings.TrimPrefix(x.Href, base), Title: x.Title.In(lang)})
		}
	}
	c.Header("Content-Language", lang)
	c.HTML(http.StatusOK, "gs1.html", gp)
}

// resolverFail answers a malformed link (400) or an item the registry does
// not hold (404): JSON with msg, or a page in both languages.
func (s *Server) resolverFail(c *gin.Context, f format, lang string, status int, code, msg string,
	text func(*wording.Resolver) (string, string), detail string) {
	c.Header("Cache-Control", "no-store")
	if f == formatJSON {
		c.JSON(status, ErrorBody{Error: APIError{Status: status, Code: code, Message: msg}})
		return
	}
	p := s.basePage(lang, c.Request.URL.Path, nil)
	p.Tone = "warn"
	if status == http.StatusNotFound {
		p.Tone = "danger"
	}
	p.Heading, p.Message = text(wording.ResolverFor(lang))
	p.Detail = detail
	p.Title = p.Heading + " – " + p.T.SiteTitle
	other := wording.Other(lang)
	_, also := text(wording.ResolverFor(other))
	c.Header("Content-Language", lang)
	c.HTML(status, "gs1.html", &gs1Page{page: p, W: wording.ResolverFor(lang), Also: also, AlsoLang: other})
}

// describeResolver answers /.well-known/gs1resolver: the resolver
// description file of the GS1-Conformant resolver standard.
func (s *Server) describeResolver(c *gin.Context, rv *resolver) {
	corsHeaders(c)
	c.Header("Cache-Control", "public, max-age=3600")
	c.Render(http.StatusOK, jsonAs{"application/json", map[string]any{
		"name":                           wording.PageFor(wording.LangVI).SiteTitle + " – " + s.cfg.Contact.Name,
		"resolverRoot":                   rv.base,
		"supportedPrimaryKeys":           []string{stamp.AIGTIN},
		"supportedLinkType":              []map[string]string{{"namespace": gs1VocNS, "prefix": "gs1:"}},
		"linkTypeDefaultCanBeLinkset":    false,
		"linkTypeDefaultCanBeAll":        false,
		"supportsSemanticInterpretation": false,
	}})
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }
