package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/server/console"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// screens are the read screens every role may open, with words each shows.
var screens = []struct{ path, want string }{
	{"/office/", "Tổng quan"},
	{"/office/facilities", "Cơ sở sản xuất"},
	{"/office/facilities?q=huong+khe", "Cơ sở sản xuất"},
	{"/office/products", "Sản phẩm"},
	{"/office/certifications", "Chứng nhận OCOP"},
	{"/office/points-of-sale", "Điểm bán"},
	{"/office/batches", "LÔ-MẪU-1"},
	{"/office/audit", "Nhật ký"},
	{"/office/reports", "Báo cáo tháng"},
	{"/office/reports", "Quét mã giả"},                  // the report's forged-code scans
	{"/office/reports", "Phản ánh của người tiêu dùng"}, // and consumer reports
}

func TestScreensAsViewer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.signIn("viewer")
	for _, s := range screens {
		r := c.get(s.path)
		if r.StatusCode != 200 {
			t.Errorf("GET %s: %d\n%s", s.path, r.StatusCode, r.body)
			continue
		}
		contains(t, s.path, r.body, s.want)
		if strings.Contains(r.body, "<no value>") {
			t.Errorf("GET %s shows a missing word", s.path)
		}
		if strings.Contains(r.body, `method="post" action="/office/`) && !strings.Contains(r.body, "signout") {
			t.Errorf("GET %s shows a write form to a viewer", s.path)
		}
		for _, w := range []string{"/new\"", "/import\"", "/edit\""} {
			if strings.Contains(r.body, w) {
				t.Errorf("GET %s links a viewer to a write screen (%s)", s.path, w)
			}
		}
	}
	for _, p := range []string{"/office/tokens", "/office/inbox", "/office/stamps"} {
		if r := c.get(p); r.StatusCode != http.StatusForbidden {
			t.Errorf("viewer GET %s: %d, want 403", p, r.StatusCode)
		}
	}
	r := c.get("/office/batches/" + e.batch.ID.String())
	if r.StatusCode != 200 {
		t.Fatalf("batch page: %d", r.StatusCode)
	}
	contains(t, "batch page", r.body, stamp.FormatSerial(e.batch.FirstSerial))
	if r := c.get("/office/reports/download?month=2026-01&format=csv"); r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), ".csv") {
		t.Errorf("report CSV: %d %s", r.StatusCode, r.Header.Get("Content-Disposition"))
	}
	if r := c.get("/office/reports/download?month=2026-01&format=pdf"); r.StatusCode != 200 || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("report PDF: %d", r.StatusCode)
	}
	if r := c.get("/office/?lang=en"); !strings.Contains(r.body, "Overview") || strings.Contains(r.body, "<no value>") {
		t.Errorf("English overview:\n%s", r.body)
	}
}

func TestScreensAsOffice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.signIn("office")
	for _, p := range []string{"/office/tokens", "/office/inbox", "/office/stamps",
		"/office/stamps/" + e.batch.ID.String(), "/office/audit?action=console"} {
		r := c.get(p)
		if r.StatusCode != 200 || strings.Contains(r.body, "<no value>") {
			t.Errorf("GET %s: %d\n%s", p, r.StatusCode, r.body)
		}
	}
	r := c.get("/office/stamps?q=" + url.QueryEscape(stamp.FormatSerial(e.batch.FirstSerial)))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/office/stamps/") {
		t.Fatalf("find by serial: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get(r.Header.Get("Location")); r.StatusCode != 200 || !strings.Contains(r.body, "LÔ-MẪU-1") {
		t.Errorf("stamp detail: %d", r.StatusCode)
	}
	if r := c.get("/office/stamps?q=nonsense"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("find nonsense: %d, want 400", r.StatusCode)
	}
	if r := c.get("/office/audit"); !strings.Contains(r.body, "console.signin") {
		t.Error("the audit log does not show the sign-in")
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *console.Deps) { d.SignInBurst = 2; d.SignInEvery = time.Hour })
	c := e.client()
	if r := c.get("/office/products"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/office/signin") {
		t.Fatalf("no session: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	p := c.get("/office/signin")
	form := field(t, p.body, "form")
	bad := "ocop_" + strings.Repeat("A", 43)
	// Without the form's secret: refused before the token is looked at.
	if r := c.post("/office/signin", url.Values{"token": {e.tokens["office"]}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without form secret: %d, want 403", r.StatusCode)
	}
	for i := range 2 {
		p := c.get("/office/signin")
		form = field(t, p.body, "form")
		if r := c.post("/office/signin", url.Values{"form": {form}, "token": {bad}}); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("bad token %d: %d, want 401", i, r.StatusCode)
		}
	}
	p = c.get("/office/signin")
	r := c.post("/office/signin", url.Values{"form": {field(t, p.body, "form")}, "token": {e.tokens["office"]}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("third failure: %d, want 429 with Retry-After", r.StatusCode)
	}
	es, err := e.store.AuditLog(context.Background(), time.Time{}, 0)
	must(t, err)
	fails := 0
	for _, a := range es {
		if a.Action == "console.signin_failed" {
			fails++
			if strings.Contains(a.After, bad) || strings.Contains(a.After, "AAAA") {
				t.Errorf("the audit log keeps the token text: %s", a.After)
			}
		}
	}
	if fails != 2 {
		t.Errorf("%d failed sign-ins audited, want 2", fails)
	}
	if strings.Contains(e.logs.String(), bad) {
		t.Error("the log keeps the token text")
	}
}

func TestSessionCookieAndExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	p := c.get("/office/signin")
	r := c.post("/office/signin", url.Values{"form": {field(t, p.body, "form")}, "token": {e.tokens["viewer"]}})
	var ck *http.Cookie
	for _, x := range r.Cookies() {
		if x.Name == "ocop_session" {
			ck = x
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/office/" || ck.Secure {
		t.Fatalf("session cookie = %+v", ck)
	}
	if r := c.get("/office/"); r.StatusCode != 200 {
		t.Fatalf("overview: %d", r.StatusCode)
	}
	e.clock.Advance(7 * time.Hour) // still within the idle time: the request renews it
	if r := c.get("/office/"); r.StatusCode != 200 {
		t.Fatalf("after 7 h: %d", r.StatusCode)
	}
	e.clock.Advance(8*time.Hour + time.Minute)
	r = c.get("/office/products")
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "why=expired") {
		t.Fatalf("past the idle expiry: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get(r.Header.Get("Location")); !strings.Contains(r.body, "hết hạn") {
		t.Error("the sign-in page does not say the session expired")
	}
}

func TestSecureCookieBehindHTTPS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *console.Deps) { d.SecureCookies = true })
	p := e.client().get("/office/signin")
	for _, x := range p.Cookies() {
		if !x.Secure {
			t.Errorf("cookie %s is not Secure", x.Name)
		}
	}
}

func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.client(), e.client()
	csrf := a.signIn("office")
	b.signIn("office")
	if r := a.post("/office/signout-all", url.Values{"csrf": {csrf}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out everywhere: %d", r.StatusCode)
	}
	for i, c := range []*client{a, b} {
		if r := c.get("/office/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("client %d after sign-out everywhere: %d, want a redirect to sign in", i, r.StatusCode)
		}
	}
}

func TestCSRFAndRoles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.client()
	csrf := v.signIn("viewer")
	// A viewer's hand-made POST to a write route is refused, CSRF token or
	// not.
	for _, p := range []string{"/office/batches/" + e.batch.ID.String() + "/revoke", "/office/revoke", "/office/tokens",
		"/office/batches/new", "/office/facilities/new", "/office/import", "/office/inbox/consumer_report/1"} {
		if r := v.post(p, url.Values{"csrf": {csrf}, "reason": {"x"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d, want 403", p, r.StatusCode)
		}
	}
	if b, _ := e.store.Batch(context.Background(), e.batch.ID); b.RevokedAt != nil {
		t.Error("a viewer's POST revoked a batch")
	}
	o := e.client()
	ocsrf := o.signIn("office")
	if r := o.post("/office/signout", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("POST without CSRF token: %d, want 403", r.StatusCode)
	}
	if r := o.post("/office/signout", url.Values{"csrf": {csrf}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("POST with another session's CSRF token: %d, want 403", r.StatusCode)
	}
	if r := o.post("/office/signout", url.Values{"csrf": {ocsrf}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("POST with its CSRF token: %d, want 303", r.StatusCode)
	}
}

func TestWordsBothLanguages(t *testing.T) {
	t.Parallel()
	vi, en := console.Words()
	for k := range vi {
		if _, ok := en[k]; !ok {
			t.Errorf("word %q has no English", k)
		}
	}
	for k := range en {
		if _, ok := vi[k]; !ok {
			t.Errorf("word %q has no Vietnamese", k)
		}
	}
}

// TestPrintGuard: the console refuses to print a revoked batch (409, the
// form says why) and prints it when a reason is given (issue 10 §3).
func TestPrintGuard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	o := e.client()
	csrf := o.signIn("office")
	path := "/office/batches/" + e.batch.ID.String()
	if r := o.post(path+"/revoke", url.Values{"csrf": {csrf}, "reason": {"lô hỏng"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	r := o.post(path+"/print", url.Values{"csrf": {csrf}, "template": {"a4-40"}})
	body := r.body
	if r.StatusCode != http.StatusConflict || !strings.Contains(body, "is revoked (lô hỏng)") || !strings.Contains(body, `name="print_reason"`) {
		t.Fatalf("print of a revoked batch: %d %s", r.StatusCode, body)
	}
	r = o.post(path+"/print", url.Values{"csrf": {csrf}, "template": {"a4-40"}, "print_reason": {"hồ sơ thu hồi"}})
	body = r.body
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
		t.Fatalf("forced print: %d %.200s", r.StatusCode, body)
	}
}

// TestPrintRefusesTestURL: the console prints only under a base URL phones
// can open, as the CLI's print does (office.Print checks it for every
// front end); the test server's own loopback URL is refused without
// AllowTestURL (issue 10 §1).
func TestPrintRefusesTestURL(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *console.Deps) { d.AllowTestURL = false; d.Office = nil })
	o := e.client()
	csrf := o.signIn("office")
	r := o.post("/office/batches/"+e.batch.ID.String()+"/print", url.Values{"csrf": {csrf}, "template": {"a4-40"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "phones cannot open") || !strings.Contains(r.body, "loopback") {
		t.Fatalf("print under a loopback base URL: %d %.300s", r.StatusCode, r.body)
	}
	if n := len(auditOf(t, e, "batch.print")); n != 0 {
		t.Errorf("a refused print was recorded %d times", n)
	}
}
