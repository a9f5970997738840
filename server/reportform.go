package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// ReportFormPath + "/{code}" is the consumer report form.
const ReportFormPath = "/report"

// ReportReceiver stores consumers' reports of suspected fakes;
// *office.Office implements it (ReceiveConsumerReport: a missing
// description or over-long text is an EInvalid *stamp.Error, anything else
// a failure of the store).
type ReportReceiver interface {
	ReceiveConsumerReport(ctx context.Context, code stamp.Code, r storage.ConsumerReport) (*storage.ConsumerReport, error)
}

// maxEncodedRune is the most bytes one character can take in a URL-encoded
// form: 4 bytes of UTF-8, each written %XX. (Accented Vietnamese letters
// take 2 or 3 bytes, so 6 to 9 encoded.)
const maxEncodedRune = 4 * 3

// MaxReportFormBody bounds a consumer report form body: every field at its
// documented limit in characters (what 2,000, where and contact 300 each,
// lang), each character at its longest URL-encoded, plus the field names.
// A byte cap of 8 or 16 KiB refused reports well within the documented
// limits.
const MaxReportFormBody = (storage.MaxReportText+2*storage.MaxReportField+2)*maxEncodedRune + 1024 // 2: lang

// reportRoutes mounts the report form: GET and POST /report/{code}, and
// POST /s/{code}/report and /S/{code}/report (the consumer page's link),
// each POST with its larger body cap.
func (s *Server) reportRoutes(e *gin.Engine) {
	e.GET(ReportFormPath+"/:code", s.reportForm)
	for _, p := range []string{ReportFormPath + "/:code", "/s/:code/report", "/S/:code/report"} {
		e.POST(p, s.reportSubmit)
		s.AllowBody(http.MethodPost, p, MaxReportFormBody)
	}
}

// reportPage is the data of templates/report.html; T, Title, SwitchURL,
// Sample and Contact feed the shared head and foot.
type reportPage struct {
	T                 *wording.Page
	R                 *wording.ReportForm
	Title, SwitchURL  string
	Sample            bool
	Contact           Contact
	CheckedAt         string // always empty: the form checks nothing
	Code, Action      string
	What, Where       string
	From              string // the consumer's phone or e-mail
	Error             string
	Invalid           bool // the URL names no stamp code
	Sent              bool
	ID                int64
	MaxText, MaxField int
}

func (s *Server) newReportPage(c *gin.Context, lang string) *reportPage {
	t, r := wording.PageFor(lang), wording.ReportFormFor(lang)
	q := url.Values{"lang": {t.OtherLang}}
	return &reportPage{T: t, R: r, Title: r.Title + " – " + t.SiteTitle, Sample: s.cfg.SampleData, Contact: s.cfg.Contact,
		MaxText: storage.MaxReportText, MaxField: storage.MaxReportField,
		SwitchURL: (&url.URL{Path: c.Request.URL.Path, RawQuery: q.Encode()}).String()}
}

func (s *Server) renderReport(c *gin.Context, status int, p *reportPage) {
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Language", p.T.Lang)
	c.HTML(status, "report.html", p)
}

// reportForm answers GET /report/{code}: the form to report a suspected
// fake. It does not look the stamp up (that would count as a scan); a text
// that is not a stamp code gets 400.
func (s *Server) reportForm(c *gin.Context) {
	p := s.newReportPage(c, PickLang(c))
	code, err := stamp.ParseCode(c.Param("code"))
	if err != nil {
		p.Invalid, p.Error = true, stamp.ErrorMessage(err)
		s.renderReport(c, http.StatusBadRequest, p)
		return
	}
	p.Code = code.Text()
	if id, err := strconv.ParseInt(c.Query("sent"), 10, 64); err == nil && id > 0 {
		p.Sent, p.ID = true, id
		s.renderReport(c, http.StatusOK, p)
		return
	}
	p.Action = ReportFormPath + "/" + p.Code
	s.renderReport(c, http.StatusOK, p)
}

// reportSubmit answers POST /report/{code} and /s/{code}/report (form
// fields what, where, contact, lang): it stores the report and redirects
// (303) to the thank-you page, or answers 201 JSON when the client asks for
// JSON. Refusals re-show the form with what was typed: 400 (no
// description, too long, not a stamp code), 413 (body over
// MaxReportFormBody), 408 (body too slow), 429 past Config.ReportBurst
// reports, 503 when the store fails.
func (s *Server) reportSubmit(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxReportFormBody)
	perr := c.Request.ParseForm()
	lang := PickLang(c)
	if l := c.Request.PostForm.Get("lang"); l == wording.LangEN || l == wording.LangVI {
		lang = l
	}
	p := s.newReportPage(c, lang)
	asJSON := negotiate(c, formatHTML) == formatJSON
	refuse := func(status int, code, msg string) {
		if asJSON {
			c.Header("Cache-Control", "no-store")
			c.AbortWithStatusJSON(status, ErrorBody{Error: APIError{Status: status, Code: code, Message: msg}})
			return
		}
		p.Error = msg
		s.renderReport(c, status, p)
	}
	var mbe *http.MaxBytesError
	if errors.As(perr, &mbe) {
		refuse(http.StatusRequestEntityTooLarge, CodeTooLarge, p.R.TooLong)
		return
	}
	if perr != nil {
		if !IsReadError(perr) {
			refuse(http.StatusBadRequest, stamp.EInvalid, "malformed form: "+perr.Error())
			return
		}
		status, msg := BodyReadFailure(perr)
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
	p.What, p.Where, p.From = form.Get("what"), form.Get("where"), form.Get("contact")
	switch {
	case strings.TrimSpace(p.What) == "":
		refuse(http.StatusBadRequest, stamp.EInvalid, p.R.NeedWhat)
		return
	case utf8.RuneCountInString(p.What) > storage.MaxReportText,
		utf8.RuneCountInString(p.Where) > storage.MaxReportField,
		utf8.RuneCountInString(p.From) > storage.MaxReportField:
		refuse(http.StatusBadRequest, stamp.EInvalid, p.R.TooLong)
		return
	}
	if !s.reportLimiter.Take(c.ClientIP()) {
		_, wait := s.reportLimiter.Blocked(c.ClientIP())
		c.Header("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
		refuse(http.StatusTooManyRequests, CodeRateLimited, p.R.TooMany)
		return
	}
	r, err := s.deps.Reports.ReceiveConsumerReport(c.Request.Context(), code,
		storage.ConsumerReport{What: p.What, WhereBought: p.Where, Contact: p.From, Lang: lang})
	if err != nil {
		if stamp.ErrorCode(err) == stamp.EInvalid {
			refuse(http.StatusBadRequest, stamp.EInvalid, stamp.ErrorMessage(err))
			return
		}
		s.log.Error("server: store consumer report", "stamp", code.StampID, "err", err)
		refuse(http.StatusServiceUnavailable, stamp.EUnavailable, p.R.Failed)
		return
	}
	s.log.Info("consumer report received", "id", r.ID, "stamp", r.StampID, "product", r.ProductNumber)
	if asJSON {
		c.JSON(http.StatusCreated, gin.H{"id": r.ID, "stamp_id": r.StampID, "at": r.At})
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%s?sent=%d&lang=%s", ReportFormPath, code.Text(), r.ID, lang))
}
