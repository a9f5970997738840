package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/photo"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// ReportFormPath + "/{code}" is the consumer report form.
const ReportFormPath = "/report"

// ReportReceiver stores consumers' reports of suspected fakes;
// *office.Office implements it. ReceiveConsumerReport: a missing
// description, over-long text or a refused photo is an EInvalid
// *stamp.Error (a photo's also matching photo.ErrTooBig, ErrNotImage or
// ErrTooLarge), anything else a failure of the store. DescribeReported
// names the product and serial of a code without recording a scan.
type ReportReceiver interface {
	ReceiveConsumerReport(ctx context.Context, code stamp.Code, r storage.ConsumerReport) (*storage.ConsumerReport, error)
	DescribeReported(ctx context.Context, code stamp.Code) (office.ReportSubject, error)
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

// MaxReportUpload bounds a multipart report (the form with a photo): the
// server reads up to this much so that a photo over photo.MaxBytes gets
// the form back, with what was typed, instead of a broken connection.
// A body announced larger is refused 413 before it is read.
const MaxReportUpload = 32 << 20

// reportUploadTime is how long a report with a photo may take to arrive
// (a 5 MB photo over a slow mobile link), instead of the server's 10 s.
const reportUploadTime = 3 * time.Minute

// reportRoutes mounts the report form: GET and POST /report/{code}, and
// POST /s/{code}/report and /S/{code}/report (the consumer page's link),
// each POST with its larger body cap.
func (s *Server) reportRoutes(e *gin.Engine) {
	e.GET(ReportFormPath+"/:code", s.reportForm)
	for _, p := range []string{ReportFormPath + "/:code", "/s/:code/report", "/S/:code/report"} {
		e.POST(p, s.reportSubmit)
		s.AllowBody(http.MethodPost, p, MaxReportUpload)
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
	Product, Serial   string // of the reported stamp, as the registry holds it
	What, Where       string
	From              string // the consumer's phone or e-mail
	Error             string
	PhotoLost         bool // a photo was sent with a refused form
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
	if !s.describe(c, p, code) {
		p.Error = p.R.Failed
		s.renderReport(c, http.StatusServiceUnavailable, p)
		return
	}
	s.renderReport(c, http.StatusOK, p)
}

// describe fills p's product and serial from the registry; it logs a
// failing store and returns false.
func (s *Server) describe(c *gin.Context, p *reportPage, code stamp.Code) bool {
	sub, err := s.deps.Reports.DescribeReported(c.Request.Context(), code)
	if err != nil {
		s.log.Error("server: describe reported stamp", "stamp", code.StampID, "err", err)
		return false
	}
	p.Product = sub.Product
	if sub.Serial != 0 {
		p.Serial = stamp.FormatSerial(sub.Serial)
	}
	return true
}

// reportSubmit answers POST /report/{code} and /s/{code}/report: a form
// (URL-encoded, or multipart with an optional photo) with fields what,
// where, contact, lang and photo. It stores the report and redirects (303)
// to the thank-you page, or answers 201 JSON when the client asks for
// JSON. Refusals re-show the form with what was typed: 400 (no
// description, too long, not a stamp code, a photo that is not a JPEG or
// PNG or has too many pixels), 413 (a photo over photo.MaxBytes, or a
// URL-encoded body over MaxReportFormBody), 408 (body too slow), 429 past
// Config.ReportBurst reports, 503 when the store fails.
func (s *Server) reportSubmit(c *gin.Context) {
	in, perr := readReport(c)
	lang := PickLang(c)
	if in.lang == wording.LangEN || in.lang == wording.LangVI {
		lang = in.lang
	}
	p := s.newReportPage(c, lang)
	p.What, p.Where, p.From = in.what, in.where, in.contact
	p.PhotoLost = in.photoSent
	asJSON := negotiate(c, formatHTML) == formatJSON
	code, codeErr := stamp.ParseCode(c.Param("code"))
	if codeErr == nil {
		p.Code, p.Action = code.Text(), ReportFormPath+"/"+code.Text()
	}
	refuse := func(status int, kind, msg string) {
		if asJSON {
			c.Header("Cache-Control", "no-store")
			c.AbortWithStatusJSON(status, ErrorBody{Error: APIError{Status: status, Code: kind, Message: msg}})
			return
		}
		p.Error = msg
		if codeErr == nil && !s.describe(c, p, code) {
			p.Product, p.Serial = "", ""
		}
		s.renderReport(c, status, p)
	}
	var mbe *http.MaxBytesError
	switch {
	case in.photoTooBig:
		refuse(http.StatusRequestEntityTooLarge, CodeTooLarge, p.R.PhotoTooBig)
		return
	case errors.As(perr, &mbe):
		refuse(http.StatusRequestEntityTooLarge, CodeTooLarge, p.R.TooLong)
		return
	case perr != nil && IsReadError(perr):
		status, msg := BodyReadFailure(perr)
		refuse(status, stamp.EInvalid, msg)
		return
	case perr != nil:
		refuse(http.StatusBadRequest, stamp.EInvalid, "malformed form: "+perr.Error())
		return
	case codeErr != nil:
		p.Invalid = true
		refuse(http.StatusBadRequest, stamp.EInvalid, stamp.ErrorMessage(codeErr))
		return
	case strings.TrimSpace(p.What) == "" && !in.tooLong:
		refuse(http.StatusBadRequest, stamp.EInvalid, p.R.NeedWhat)
		return
	case in.tooLong || utf8.RuneCountInString(p.What) > storage.MaxReportText,
		utf8.RuneCountInString(p.Where) > storage.MaxReportField,
		utf8.RuneCountInString(p.From) > storage.MaxReportField:
		refuse(http.StatusBadRequest, stamp.EInvalid, p.R.TooLong)
		return
	}
	if !s.reportLimiter.Take(c.ClientIP()) {
		c.Header("Retry-After", strconv.Itoa(s.reportLimiter.RetryAfter(c.ClientIP())))
		refuse(http.StatusTooManyRequests, CodeRateLimited, p.R.TooMany)
		return
	}
	r, err := s.deps.Reports.ReceiveConsumerReport(c.Request.Context(), code,
		storage.ConsumerReport{What: p.What, WhereBought: p.Where, Contact: p.From, Lang: lang, Photo: in.photo})
	switch {
	case errors.Is(err, photo.ErrTooBig):
		refuse(http.StatusRequestEntityTooLarge, CodeTooLarge, p.R.PhotoTooBig)
		return
	case errors.Is(err, photo.ErrNotImage):
		refuse(http.StatusBadRequest, stamp.EInvalid, p.R.PhotoNotImage)
		return
	case errors.Is(err, photo.ErrTooLarge):
		refuse(http.StatusBadRequest, stamp.EInvalid, p.R.PhotoTooLarge)
		return
	case stamp.ErrorCode(err) == stamp.EInvalid:
		refuse(http.StatusBadRequest, stamp.EInvalid, stamp.ErrorMessage(err))
		return
	case err != nil:
		if c.Request.Context().Err() == nil {
			s.log.Error("server: store consumer report", "stamp", code.StampID, "err", err)
		}
		refuse(http.StatusServiceUnavailable, stamp.EUnavailable, p.R.Failed)
		return
	}
	s.log.Info("consumer report received", "id", r.ID, "stamp", r.StampID, "product", r.ProductNumber, "photo", r.PhotoType)
	if asJSON {
		c.JSON(http.StatusCreated, gin.H{"id": r.ID, "stamp_id": r.StampID, "at": r.At, "photo": r.PhotoType != ""})
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%s?sent=%d&lang=%s", ReportFormPath, code.Text(), r.ID, lang))
}
