package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/errkind"
)

// ErrorBody is the JSON body of every error response:
//
//	{"error": {"status": 400, "code": "invalid", "message": "not a stamp code: …"}}
type ErrorBody struct {
	Error APIError `json:"error"`
}

// APIError describes what went wrong. Code is one of stamp's error codes
// (invalid, not_found, method_not_allowed, too_large, rate_limited, internal,
// unavailable); Message is one English sentence safe to show, stable for
// programs. MessageVI, set only by the admin API and only for an office
// refusal that has Vietnamese wording (stamp.Error.MessageVI), is the same
// refusal in Vietnamese, for a person; it is omitted otherwise.
type APIError struct {
	Status    int    `json:"status"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageVI string `json:"message_vi,omitempty"`
}

// failure is an error answer before it is written as JSON or HTML.
type failure struct {
	status int
	code   string
	msg    string // JSON message
	kind   failKind
	detail string // technical detail shown under the HTML message
}

type failKind int

const (
	kindNotCode failKind = iota
	kindBadSerial
	kindNotFound
	kindMethod
	kindTooMany
	kindInternal
	kindUnavailable
	kindTooLarge
)

// Error codes of answers beyond stamp's error kinds: HTTP-only refusals.
const (
	CodeMethodNotAllowed = "method_not_allowed"
	CodeTooLarge         = "too_large"
	CodeRateLimited      = "rate_limited"
)

// StatusOf returns the HTTP status of an error kind (stamp.EInvalid …
// stamp.EInternal, or one of the codes above): the one map both HTTP
// surfaces answer with. An unknown kind is 500.
func StatusOf(kind string) int {
	switch kind {
	case stamp.EInvalid:
		return http.StatusBadRequest
	case stamp.EUnauthorized:
		return http.StatusUnauthorized
	case stamp.EForbidden:
		return http.StatusForbidden
	case stamp.ENotFound:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case stamp.EConflict:
		return http.StatusConflict
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeRateLimited:
		return http.StatusTooManyRequests
	case stamp.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

var (
	failNotFound    = failure{status: http.StatusNotFound, code: stamp.ENotFound, msg: "no such page; see docs/api.md for the routes", kind: kindNotFound}
	failMethod      = failure{status: http.StatusMethodNotAllowed, code: CodeMethodNotAllowed, msg: "this method is not allowed on this route (see the Allow header)", kind: kindMethod}
	failTooMany     = failure{status: http.StatusTooManyRequests, code: CodeRateLimited, msg: "too many lookups from this address; wait a moment and retry", kind: kindTooMany}
	failInternal    = failure{status: http.StatusInternalServerError, code: stamp.EInternal, msg: "internal error; the stamp could not be checked, please retry later", kind: kindInternal}
	failUnavailable = failure{status: http.StatusServiceUnavailable, code: stamp.EUnavailable, msg: "service temporarily unavailable; please retry later", kind: kindUnavailable}
	failURITooLong  = failure{status: http.StatusRequestURITooLong, code: CodeTooLarge, msg: "request URI too long", kind: kindTooLarge}
	failBodyTooBig  = failure{status: http.StatusRequestEntityTooLarge, code: CodeTooLarge, msg: "request body too large", kind: kindTooLarge}
)

// classify turns a lookup error into its answer. User mistakes keep their
// message; anything else is logged here and answered with a generic message:
// 503 when a dependency is down or slow (errkind.Unavailable, by the
// error's type), 500 otherwise.
func (s *Server) classify(c *gin.Context, err error, what string) failure {
	kind := errkind.Of(err)
	switch kind {
	case stamp.EInvalid:
		f := failure{status: http.StatusBadRequest, code: stamp.EInvalid, msg: stamp.ErrorMessage(err), kind: kindBadSerial}
		var ce *stamp.CodeError
		if errors.As(err, &ce) {
			f.kind = kindNotCode
		}
		f.detail = f.msg
		return f
	case stamp.ENotFound:
		f := failNotFound
		f.msg = stamp.ErrorMessage(err)
		return f
	}
	if c.Request.Context().Err() != nil {
		// The client went away; nobody reads the answer.
		s.log.Debug(what+": client gone", "route", c.FullPath(), "err", err)
		return failUnavailable
	}
	if kind == stamp.EUnavailable {
		s.log.Warn(what+": dependency unavailable", "route", c.FullPath(), "err", err)
		c.Header("Retry-After", "5")
		return failUnavailable
	}
	s.log.Error(what+": internal error", "route", c.FullPath(), "err", err)
	return failInternal
}

// writeError answers f as JSON or as an HTML page in lang.
func (s *Server) writeError(c *gin.Context, fm format, lang string, f failure) {
	c.Header("Cache-Control", "no-store")
	if fm == formatJSON {
		c.JSON(f.status, ErrorBody{Error: APIError{Status: f.status, Code: f.code, Message: f.msg}})
		return
	}
	p := s.basePage(lang, c.Request.URL.Path, c.Request.URL.Query())
	t := p.T
	p.Tone = "danger"
	switch f.kind {
	case kindNotCode:
		// Not a verdict: a mis-scan or a mistyped link, so amber, not red.
		p.Tone, p.Heading, p.Message, p.Detail = "warn", t.NotCodeTitle, t.NotCodeText, f.detail
	case kindBadSerial:
		// A typing error, not a verdict: neutral, in the page's language,
		// without the (English) parser detail.
		p.Tone, p.Heading, p.Message = "info", t.BadSerialTitle, t.BadSerialText
		p.Serial, p.SerialError = c.Query("s"), true
	case kindNotFound:
		p.Tone, p.Heading, p.Message = "info", t.NotFoundTitle, t.NotFoundText
	case kindMethod:
		p.Tone, p.Heading, p.Message, p.ShowForm = "info", t.MethodTitle, t.MethodText, false
	case kindTooMany:
		p.Tone, p.Heading, p.Message, p.ShowForm = "warn", t.TooManyTitle, t.TooManyText, false
	case kindUnavailable:
		p.Tone, p.Heading, p.Message, p.ShowForm = "warn", t.UnavailableTitle, t.UnavailableText, false
	case kindTooLarge:
		p.Heading, p.Message = t.TooLargeTitle, t.TooLargeText
	default:
		p.Heading, p.Message, p.ShowForm = t.InternalTitle, t.InternalText, false
	}
	if len(p.Serial) > 64 {
		p.Serial = ""
	}
	p.Title = p.Heading + " – " + t.SiteTitle
	c.Header("Content-Language", t.Lang)
	c.HTML(f.status, "error.html", p)
}

// errorFormat picks JSON or HTML for an error outside a lookup: the
// consumer pages default to HTML, everything else to JSON, and the Accept
// header decides when it prefers one.
func (s *Server) errorFormat(c *gin.Context) format {
	def := formatJSON
	if htmlPath(c.Request.URL.Path) {
		def = formatHTML
	}
	return negotiate(c, def)
}

func htmlPath(p string) bool {
	return p == "/" || p == "/serial" || strings.HasPrefix(p, "/s/") || strings.HasPrefix(p, "/S/")
}

// notFound answers unknown routes with 404.
func (s *Server) notFound(c *gin.Context) {
	s.writeError(c, s.errorFormat(c), PickLang(c), failNotFound)
}

// methodNotAllowed answers 405; gin has set the Allow header.
func (s *Server) methodNotAllowed(c *gin.Context) {
	s.writeError(c, s.errorFormat(c), PickLang(c), failMethod)
}
