package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// maxSerialInput bounds a typed serial: "0000-01234-5" with generous room
// for spaces. Longer input is refused before parsing.
const maxSerialInput = 40

// stampPage answers GET /s/{code} and /S/{code}: the consumer page, or JSON
// when the Accept header prefers it.
func (s *Server) stampPage(c *gin.Context) {
	f := negotiate(c, formatHTML)
	ch := stamp.ChannelWeb
	if f == formatJSON {
		ch = stamp.ChannelAPI
	}
	s.lookupCode(c, f, ch)
}

// stampAPI answers GET /api/v1/stamps/{code} with JSON.
func (s *Server) stampAPI(c *gin.Context) { s.lookupCode(c, formatJSON, stamp.ChannelAPI) }

func (s *Server) lookupCode(c *gin.Context, f format, channel string) {
	lang := PickLang(c)
	text := strings.Trim(c.Param("code"), "/")
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.LookupTimeout)
	defer cancel()
	r, err := s.deps.Lookup.Lookup(ctx, text, s.client(c, channel))
	if err != nil {
		s.writeError(c, f, lang, s.classify(c, err, "lookup"))
		return
	}
	s.answer(c, f, lang, channel, r, "")
}

// serialPage answers GET /serial?s=NNNN-NNNNN-C; without s it shows the form.
func (s *Server) serialPage(c *gin.Context) {
	f := negotiate(c, formatHTML)
	lang := PickLang(c)
	serial := strings.TrimSpace(c.Query("s"))
	if serial == "" {
		if f == formatJSON {
			s.writeError(c, f, lang, failure{status: http.StatusBadRequest, code: stamp.EInvalid,
				msg: "query parameter s (the printed serial, e.g. 0000-01234-5) is required", kind: kindBadSerial})
			return
		}
		p := s.basePage(lang, c.Request.URL.Path, nil)
		p.Tone, p.Heading, p.Message = "info", p.T.SerialTitle, p.T.SerialHelp
		p.Title = p.T.SerialTitle + " – " + p.T.SiteTitle
		s.html(c, http.StatusOK, "home.html", p)
		return
	}
	s.lookupSerial(c, f, lang, serial)
}

// serialAPI answers GET /api/v1/serials/{serial} with JSON.
func (s *Server) serialAPI(c *gin.Context) {
	s.lookupSerial(c, formatJSON, PickLang(c), strings.Trim(c.Param("serial"), "/"))
}

func (s *Server) lookupSerial(c *gin.Context, f format, lang, serial string) {
	if len(serial) > maxSerialInput {
		s.writeError(c, f, lang, failure{status: http.StatusBadRequest, code: stamp.EInvalid,
			msg: "serial: too long; want 10 digits such as 0000-01234-5", kind: kindBadSerial, detail: "too long"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.LookupTimeout)
	defer cancel()
	r, err := s.deps.Lookup.LookupSerial(ctx, serial, s.client(c, stamp.ChannelSerial))
	if err != nil {
		s.writeError(c, f, lang, s.classify(c, err, "serial lookup"))
		return
	}
	s.answer(c, f, lang, stamp.ChannelSerial, r, serial)
}

// client is who asks, for the scan's client hash: the address as the
// trusted proxies let the server see it, and the user agent.
func (s *Server) client(c *gin.Context, channel string) verify.Client {
	ua := c.Request.UserAgent()
	if len(ua) > 512 {
		ua = ua[:512]
	}
	return verify.Client{Addr: c.ClientIP(), UserAgent: ua, Channel: channel}
}

// answer writes a lookup result: 200 whatever the verdict, never cached.
func (s *Server) answer(c *gin.Context, f format, lang, channel string, r *verify.Result, serial string) {
	r.Message = verify.Message(r, lang)
	s.metrics.verdicts.WithLabelValues(string(r.Verdict), channel).Inc()
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Language", lang)
	if f == formatJSON {
		c.JSON(http.StatusOK, r)
		return
	}
	query := c.Request.URL.Query()
	if s.pages != nil {
		if key, ok := pageKey(r, lang, c.Request.URL.Path, query.Get("s"), serial); ok {
			s.cachedPage(c, key, r, lang, query, serial)
			return
		}
	}
	s.html(c, http.StatusOK, "stamp.html", s.resultPageData(c, lang, query, r, serial))
}

// resultPageData builds the result page's data for r (typed serial, if any).
func (s *Server) resultPageData(c *gin.Context, lang string, query url.Values, r *verify.Result, serial string) *page {
	p := s.basePage(lang, c.Request.URL.Path, query)
	s.resultPage(p, r)
	p.Serial = serial
	return p
}

// cachedPage writes the result page from the page cache, rendering it into
// the cache first when it is not there (pagecache.go).
func (s *Server) cachedPage(c *gin.Context, key [32]byte, r *verify.Result, lang string, query url.Values, serial string) {
	sp := s.pages.get(key)
	if sp == nil {
		p := s.resultPageData(c, lang, query, r, serial)
		s.pages.markPage(p, r)
		var b bytes.Buffer
		b.Grow(16 << 10)
		if err := s.tmpl.ExecuteTemplate(&b, "stamp.html", p); err != nil {
			s.log.Error("render stamp page", "err", err)
			s.writeError(c, formatHTML, lang, failInternal)
			return
		}
		if sp = s.pages.put(key, b.Bytes()); sp == nil {
			// A marker did not come through (cannot happen with our
			// templates): render the page as it is.
			s.html(c, http.StatusOK, "stamp.html", s.resultPageData(c, lang, query, r, serial))
			return
		}
	}
	vals := slotValues(r, lang)
	b := pageBufs.Get().(*bytes.Buffer)
	b.Reset()
	sp.write(b, &vals)
	h := c.Writer.Header()
	h.Set("Content-Language", lang)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	c.Data(http.StatusOK, "text/html; charset=utf-8", b.Bytes())
	if b.Cap() <= 64<<10 {
		pageBufs.Put(b)
	}
}

// html renders a page template.
func (s *Server) html(c *gin.Context, status int, name string, p *page) {
	c.Header("Content-Language", p.T.Lang)
	c.HTML(status, name, p)
}

// home answers GET /: what the service is, and the serial form.
func (s *Server) home(c *gin.Context) {
	lang := PickLang(c)
	p := s.basePage(lang, "/", nil)
	p.Tone, p.Heading, p.Message = "info", p.T.SiteTitle, p.T.HomeIntro
	c.Header("Cache-Control", "public, max-age=300")
	s.html(c, http.StatusOK, "home.html", p)
}
