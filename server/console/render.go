package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/errkind"
)

//go:embed templates/*.html templates/style.css
var templateFS embed.FS

// parseTemplates parses the embedded screens once and returns them with the
// Content-Security-Policy that allows exactly the inlined style sheet (by
// hash), images from the console itself (chart, print preview) and forms
// posting back to it: no scripts, no external assets.
func parseTemplates() (*template.Template, string, error) {
	css, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		return nil, "", fmt.Errorf("console: read style sheet: %w", err)
	}
	sum := sha256.Sum256(css)
	funcs := template.FuncMap{
		"css":    func() template.CSS { return template.CSS(css) },
		"when":   func(t time.Time) string { return t.In(stamp.Vietnam).Format("02/01/2006 15:04") },
		"whenp":  func(t *time.Time) string { return fmtTimePtr(t) },
		"num":    func(n any) string { return groupDigits(fmt.Sprint(n)) },
		"serial": stamp.FormatSerial,
		"short":  func(s string, n int) string { return shorten(s, n) },
		"add":    func(a, b int) int { return a + b },
		"dict":   dict,
		"msg":    msgHTML,
		"cols":   func(s ...string) []string { return s },
	}
	t, err := template.New("console").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, "", fmt.Errorf("console: parse templates: %w", err)
	}
	csp := "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	return t, csp, nil
}

func fmtTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(stamp.Vietnam).Format("02/01/2006 15:04")
}

// groupDigits writes 1234567 as 1.234.567, the Vietnamese way.
func groupDigits(s string) string {
	if len(s) <= 3 {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var b []byte
	for i, ch := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, ch)
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// shorten cuts s to n characters with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// lang returns the request's language: ?lang= (remembered in a cookie),
// else the cookie, else Vietnamese.
func (c *Console) lang(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "vi" || l == "en" {
		if w != nil {
			c.setCookie(w, r, langCookie, l, 365*24*3600)
		}
		return l
	}
	if ck, err := r.Cookie(langCookie); err == nil && (ck.Value == "vi" || ck.Value == "en") {
		return ck.Value
	}
	return "vi"
}

// words returns the request's wording.
func (c *Console) words(r *http.Request) map[string]string {
	if c.lang(nil, r) == "en" {
		return wordsEN
	}
	return wordsVI
}

// page is what every screen template gets.
type page struct {
	T         map[string]string
	Lang      string
	Other     string // the other language's code
	SwitchURL string // this page in the other language
	Title     string
	Nav       string // the menu entry that is current
	S         *session
	Sample    bool
	Flash     string
	Data      any
}

// render writes template name with data, in the request's language.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, s *session, title string, data any) {
	lang := c.lang(w, r)
	t := wordsVI
	other := "en"
	if lang == "en" {
		t, other = wordsEN, "vi"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	sw := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	if r.Method != http.MethodGet {
		sw = url.URL{Path: Prefix + "/", RawQuery: "lang=" + other}
	}
	p := &page{T: t, Lang: lang, Other: other, SwitchURL: sw.String(), Title: title, Nav: name, S: s,
		Sample: c.d.SampleData, Flash: flashText(t, r.URL.Query()), Data: data}
	var buf bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		c.log.Error("console: render", "template", name, "err", err)
		http.Error(w, "internal error (details are in the server log)", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// flashText is the confirmation a redirect after a write asks for
// (?done=key, with a count ?n= for some).
func flashText(t map[string]string, q url.Values) string {
	key := q.Get("done")
	if key == "" {
		return ""
	}
	s, ok := t["done."+key]
	if !ok {
		return ""
	}
	if strings.Contains(s, "%s") {
		return fmt.Sprintf(s, q.Get("n"))
	}
	return s
}

// errorData is the error screen's content.
type errorData struct {
	Status  int
	Message string
}

// fail answers status with the error screen and msg.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, status int, msg string) {
	t := c.words(r)
	c.render(w, r, status, "error", s, t["error"]+" "+strconv.Itoa(status), errorData{status, msg})
}

// failErr answers err: a *stamp.Error with its code's status and message,
// anything else as internal.
func (c *Console) failErr(w http.ResponseWriter, r *http.Request, s *session, err error) {
	msg := refusal(c.lang(nil, r), err)
	switch stamp.ErrorCode(err) {
	case stamp.EInvalid:
		c.fail(w, r, s, http.StatusBadRequest, msg)
	case stamp.ENotFound:
		c.fail(w, r, s, http.StatusNotFound, msg)
	case stamp.EConflict:
		c.fail(w, r, s, http.StatusConflict, msg)
	case stamp.EForbidden:
		c.fail(w, r, s, http.StatusForbidden, msg)
	default:
		c.internal(w, r, s, err)
	}
}

// internal logs err and answers 503 when a dependency is down, else 500,
// with a generic message.
func (c *Console) internal(w http.ResponseWriter, r *http.Request, s *session, err error) {
	t := c.words(r)
	if r.Context().Err() != nil {
		return // the client went away
	}
	if errkind.Of(err) == stamp.EUnavailable {
		c.log.Warn("console: dependency unavailable", "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
		c.fail(w, r, s, http.StatusServiceUnavailable, t["unavailable"])
		return
	}
	c.log.Error("console: internal error", "path", r.URL.Path, "method", r.Method, "err", err)
	c.fail(w, r, s, http.StatusInternalServerError, t["internal"])
}

// roleName is a role in the page's language.
func roleName(t map[string]string, role string) string {
	if n, ok := t["role."+role]; ok {
		return n
	}
	return role
}

// dict builds a map from key, value pairs, for passing several values to a
// shared template ("table", "field", "pager").
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// option is one choice of a select field.
type option struct{ Value, Text string }
