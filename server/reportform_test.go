package server

import (
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// form encodes vals as a URL-encoded form body.
func form(vals map[string]string) string {
	v := url.Values{}
	for k, x := range vals {
		v.Set(k, x)
	}
	return v.Encode()
}

// serve sends one request to f's handler from remote (host:port).
func (f *fixture) serve(method, path, body, remote string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.RemoteAddr = remote
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, req)
	return w
}

var styleRE = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// checkReportPage checks what every report page must be: HTML, no script,
// no external asset, its one style sheet allowed by the CSP's hash.
func checkReportPage(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	body := w.Body.String()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("content type %q", ct)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Fatalf("page has a script or an external reference:\n%s", body)
	}
	m := styleRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("page has no style sheet")
	}
	sum := sha256.Sum256([]byte(m[1]))
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("CSP %q does not allow the page's style sheet", csp)
	}
}

// TestReportForm: the form page in Vietnamese and English, a report sent
// from it, its thank-you page, the JSON variant, mistakes and the rate
// limit, on SQLite and PostgreSQL.
func TestReportForm(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testReportForm(t, storagetest.OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { testReportForm(t, storagetest.OpenPostgres(t)) })
}

func testReportForm(t *testing.T, st storage.Store) {
	f := newFixture(t, st, nil)
	s := f.genuineMore[0]
	text := s.Code().Text()
	const me = "192.0.2.50:9999"

	w := f.serve("GET", "/report/"+strings.ToLower(text), "", me, nil)
	if w.Code != 200 {
		t.Fatalf("form: %d", w.Code)
	}
	page := w.Body.String()
	checkReportPage(t, w)
	for _, want := range []string{`lang="vi"`, "Báo cáo nghi ngờ hàng giả", "Bạn thấy điều gì bất thường?", "không bắt buộc",
		`action="/report/` + text + `"`, "English", `name="what"`, `name="where"`, `name="contact"`} {
		if !strings.Contains(page, want) {
			t.Fatalf("form page lacks %q:\n%s", want, page)
		}
	}
	w = f.serve("GET", "/report/"+text+"?lang=en", "", me, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Report a suspected fake") || !strings.Contains(w.Body.String(), "Tiếng Việt") {
		t.Fatalf("English form: %d %s", w.Code, w.Body.String())
	}
	w = f.serve("GET", "/report/NOT-A-CODE", "", me, nil)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "không chứa mã tem hợp lệ") {
		t.Fatalf("bad code: %d %s", w.Code, w.Body.String())
	}
	checkReportPage(t, w)

	// A report from the consumer page's link (POST /s/{code}/report).
	w = f.serve("POST", "/s/"+text+"/report", form(map[string]string{"what": "Tem dán đè lên tem cũ",
		"where": "Chợ Hà Tĩnh", "contact": "0912 345 678", "lang": "vi"}), me, nil)
	loc := w.Header().Get("Location")
	if w.Code != 303 || !strings.HasPrefix(loc, "/report/"+text+"?sent=") {
		t.Fatalf("submit: %d %q %s", w.Code, loc, w.Body.String())
	}
	w = f.serve("GET", loc, "", me, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Cảm ơn bạn!") {
		t.Fatalf("thank-you page: %d %s", w.Code, w.Body.String())
	}
	checkReportPage(t, w)

	// JSON clients get 201.
	w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "Hologram missing", "lang": "en"}), me,
		map[string]string{"Accept": "application/json"})
	if w.Code != 201 || !strings.Contains(w.Body.String(), `"stamp_id":"`+s.ID.String()+`"`) {
		t.Fatalf("JSON submit: %d %s", w.Code, w.Body.String())
	}
	// Mistakes: no description, too long, not a code.
	w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "  ", "where": "Chợ Vinh"}), me, nil)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "Hãy mô tả") || !strings.Contains(w.Body.String(), `value="Chợ Vinh"`) {
		t.Fatalf("no description: %d %s", w.Code, w.Body.String())
	}
	checkReportPage(t, w)
	if w = f.serve("POST", "/report/"+text, form(map[string]string{"what": strings.Repeat("x", storage.MaxReportText+1)}), me, nil); w.Code != 400 {
		t.Fatalf("too long: %d", w.Code)
	}
	if w = f.serve("POST", "/s/XYZ/report", form(map[string]string{"what": "x"}), me, nil); w.Code != 400 {
		t.Fatalf("not a code: %d", w.Code)
	}
	// The third accepted report is the last of the burst; the fourth is
	// refused.
	if w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "lần ba"}), me, nil); w.Code != 303 {
		t.Fatalf("third report: %d", w.Code)
	}
	w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "lần bốn"}), me, nil)
	if w.Code != 429 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "nhiều báo cáo") {
		t.Fatalf("fourth report: %d %v %s", w.Code, w.Header(), w.Body.String())
	}
	// Another client may still report, about a forged code too.
	forged := s.Code()
	forged.Signature[0] ^= 1
	if w = f.serve("POST", "/S/"+forged.Text()+"/report", form(map[string]string{"what": "giả"}), "192.0.2.51:1", nil); w.Code != 303 {
		t.Fatalf("other client: %d %s", w.Code, w.Body.String())
	}
	rs, err := f.store.ListConsumerReports(t.Context(), storage.ConsumerReportFilter{Stamp: s.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Four: the forged code carries the same stamp id.
	if len(rs) != 4 || rs[3].Contact != "0912 345 678" || rs[3].WhereBought != "Chợ Hà Tĩnh" || rs[0].Code != forged.Text() {
		t.Fatalf("reports of the stamp: %+v", rs)
	}
}

// TestReportSlowBodyNamesNoAddress: a report whose body arrives too slowly
// gets 408 with a plain message; it used to name the server's internal
// socket address.
func TestReportSlowBodyNamesNoAddress(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	// A socket read past its deadline: the error names both addresses.
	slow := iotest.ErrReader(&net.OpError{Op: "read", Net: "tcp", Source: &net.TCPAddr{IP: net.IPv4(10, 20, 30, 40), Port: 8080},
		Addr: &net.TCPAddr{IP: net.IPv4(10, 99, 0, 7), Port: 51234}, Err: os.ErrDeadlineExceeded})
	req := httptest.NewRequest(http.MethodPost, ReportFormPath+"/"+f.genuine.Code().Text(), slow)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusRequestTimeout || strings.Contains(w.Body.String(), "10.") || !strings.Contains(w.Body.String(), "too slowly") {
		t.Errorf("slow body: %d %s", w.Code, w.Body.String())
	}
}

// TestReportFormOff: without Deps.Reports the form is not served.
func TestReportFormOff(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	srv, err := New(Config{RateLimit: -1}, Deps{Lookup: f.svc, Keys: f.keys})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, httptest.NewRequest("GET", ReportFormPath+"/"+f.genuine.Code().Text(), nil))
	if w.Code != http.StatusNotFound {
		t.Fatalf("form without a receiver: %d", w.Code)
	}
}
