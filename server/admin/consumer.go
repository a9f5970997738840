package admin

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

//go:embed templates/report.html templates/report.css
var pageFS embed.FS

// consumerPages is the parsed report page and the Content-Security-Policy
// that allows exactly its inline style sheet.
type consumerPages struct {
	tmpl *template.Template
	csp  string
}

func newConsumerPages() (*consumerPages, error) {
	css, err := pageFS.ReadFile("templates/report.css")
	if err != nil {
		return nil, fmt.Errorf("admin: read report style: %w", err)
	}
	sum := sha256.Sum256(css)
	t, err := template.New("report.html").Funcs(template.FuncMap{
		"css": func() template.CSS { return template.CSS(css) }, // ours, embedded
	}).ParseFS(pageFS, "templates/report.html")
	if err != nil {
		return nil, fmt.Errorf("admin: parse report page: %w", err)
	}
	csp := "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	return &consumerPages{tmpl: t, csp: csp}, nil
}

// reportPage is the data of templates/report.html.
type reportPage struct {
	T                 *pageText
	SwitchURL         string
	Sample            bool
	Site, SampleText  string
	Code, Action      string
	What, Where       string
	Contact           string
	Error             string
	Invalid           bool // the URL names no stamp code
	Sent              bool
	ID                int64
	MaxText, MaxField int
}

// wantsJSON reports whether the client asks for JSON rather than a page.
func wantsJSON(c *gin.Context) bool {
	a := c.GetHeader("Accept")
	return strings.Contains(a, "application/json") && !strings.Contains(a, "text/html")
}

func (h *handler) newPage(c *gin.Context, lang string) *reportPage {
	t := textFor(lang)
	q := url.Values{"lang": {t.Other}}
	return &reportPage{T: t, Sample: h.d.SampleData, Site: server.SiteTitle(lang), SampleText: server.SampleBanner(lang), MaxText: storage.MaxReportText, MaxField: storage.MaxReportField,
		SwitchURL: (&url.URL{Path: c.Request.URL.Path, RawQuery: q.Encode()}).String()}
}

// render writes the page with its own CSP (the lookup server's allows only
// its own style sheet).
func (h *handler) render(c *gin.Context, status int, p *reportPage) {
	c.Header("Content-Security-Policy", h.page.csp)
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Language", p.T.Lang)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	if err := h.page.tmpl.Execute(c.Writer, p); err != nil {
		h.log.Error("admin: render report page", "err", err)
	}
}

// reportForm answers GET /report/{code}: the form to report a suspected
// fake. It does not look the stamp up (that would count as a scan); a text
// that is not a stamp code gets 400.
func (h *handler) reportForm(c *gin.Context) {
	p := h.newPage(c, server.PickLang(c))
	code, err := stamp.ParseCode(c.Param("code"))
	if err != nil {
		p.Invalid, p.Error = true, stamp.ErrorMessage(err)
		h.render(c, http.StatusBadRequest, p)
		return
	}
	p.Code = code.Text()
	if id, err := strconv.ParseInt(c.Query("sent"), 10, 64); err == nil && id > 0 {
		p.Sent, p.ID = true, id
		h.render(c, http.StatusOK, p)
		return
	}
	p.Action = ReportFormPath + "/" + p.Code
	h.render(c, http.StatusOK, p)
}

// reportSubmit answers POST /report/{code} and /s/{code}/report (form
// fields what, where, contact, lang): it stores the report and redirects
// (303) to the thank-you page, or answers 201 JSON when the client asks for
// JSON. A client may send ReportBurst reports, then one every ReportEvery
// (429 past that).
func (h *handler) reportSubmit(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxReportFormBody)
	perr := c.Request.ParseForm()
	lang := server.PickLang(c)
	if l := c.Request.PostForm.Get("lang"); l == "en" || l == "vi" {
		lang = l
	}
	p := h.newPage(c, lang)
	asJSON := wantsJSON(c)
	refuse := func(status int, code, msg string) {
		if asJSON {
			abort(c, status, code, msg)
			return
		}
		p.Error = msg
		h.render(c, status, p)
	}
	var mbe *http.MaxBytesError
	if errors.As(perr, &mbe) {
		refuse(http.StatusRequestEntityTooLarge, server.CodeTooLarge, p.T.TooLong)
		return
	}
	if perr != nil {
		if !isReadError(perr) {
			refuse(http.StatusBadRequest, stamp.EInvalid, "malformed form: "+perr.Error())
			return
		}
		status, msg := bodyReadFailure(perr)
		refuse(status, stamp.EInvalid, msg)
		return
	}
	code, err := stamp.ParseCode(c.Param("code"))
	if err != nil {
		p.Invalid = true
		refuse(http.StatusBadRequest, stamp.EInvalid, stamp.ErrorMessage(err))
		return
	}
	p.Code, p.Action = code.Text(), ReportFormPath+"/"+code.Text()
	form := c.Request.PostForm
	p.What, p.Where, p.Contact = form.Get("what"), form.Get("where"), form.Get("contact")
	switch {
	case strings.TrimSpace(p.What) == "":
		refuse(http.StatusBadRequest, stamp.EInvalid, p.T.NeedWhat)
		return
	case utf8.RuneCountInString(p.What) > storage.MaxReportText,
		utf8.RuneCountInString(p.Where) > storage.MaxReportField,
		utf8.RuneCountInString(p.Contact) > storage.MaxReportField:
		refuse(http.StatusBadRequest, stamp.EInvalid, p.T.TooLong)
		return
	}
	if !h.reports.Take(c.ClientIP()) {
		_, wait := h.reports.Blocked(c.ClientIP())
		c.Header("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
		refuse(http.StatusTooManyRequests, server.CodeRateLimited, p.T.TooMany)
		return
	}
	r, err := h.off.ReceiveConsumerReport(c.Request.Context(), code,
		storage.ConsumerReport{What: p.What, WhereBought: p.Where, Contact: p.Contact, Lang: lang})
	if err != nil {
		if stamp.ErrorCode(err) == stamp.EInvalid {
			refuse(http.StatusBadRequest, stamp.EInvalid, stamp.ErrorMessage(err))
			return
		}
		h.log.Error("admin: store consumer report", "stamp", code.StampID, "err", err)
		refuse(http.StatusServiceUnavailable, stamp.EUnavailable, p.T.Failed)
		return
	}
	h.log.Info("consumer report received", "id", r.ID, "stamp", r.StampID, "product", r.ProductNumber)
	if asJSON {
		c.JSON(http.StatusCreated, gin.H{"id": r.ID, "stamp_id": r.StampID, "at": r.At})
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%s?sent=%d&lang=%s", ReportFormPath, code.Text(), r.ID, lang))
}
