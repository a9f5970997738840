package console_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
)

// browser is a headless Chromium tab on the env's server.
type browser struct {
	t    *testing.T
	e    *env
	ctx  contextT
	size string // "desktop" or "phone": the screenshot suffix
}

func (e *env) browser(size browsertest.Size) *browser {
	e.t.Helper()
	name := "desktop"
	if size == browsertest.Phone {
		name = "phone"
	}
	ctx := browsertest.New(e.t, browsertest.Options{Size: size, Timeout: 3 * time.Minute})
	return &browser{t: e.t, e: e, ctx: ctx, size: name}
}

// run runs actions and fails the test with what on error.
func (b *browser) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	browsertest.Run(b.t, b.ctx, what, actions...)
}

// open loads path and waits for the page's main content.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.e.ts.URL+path), chromedp.WaitReady("body", chromedp.ByQuery))
}

// text returns the visible text of the page's body.
func (b *browser) text() string {
	b.t.Helper()
	var s string
	b.run("read page", chromedp.Text("body", &s, chromedp.ByQuery))
	return s
}

// check screenshots the current page as name and runs axe-core on it.
func (b *browser) check(name string) {
	b.t.Helper()
	browsertest.Screenshot(b.t, b.ctx, name+"-"+b.size)
	browsertest.CheckAxe(b.t, b.ctx, name+" ("+b.size+")")
}

// signIn signs in through the form with the role's token.
func (b *browser) signIn(role string) {
	b.t.Helper()
	b.open("/office/signin")
	b.run("sign in as "+role,
		chromedp.SendKeys("#token", b.e.tokens[role], chromedp.ByID),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`nav.menu`, chromedp.ByQuery))
}

// readScreens are the screens every check walks, by screenshot name.
func (e *env) readScreens(role string) [][2]string {
	s := [][2]string{
		{"overview", "/office/"},
		{"facilities", "/office/facilities"},
		{"products", "/office/products"},
		{"certifications", "/office/certifications"},
		{"points-of-sale", "/office/points-of-sale"},
		{"batches", "/office/batches"},
		{"batch", "/office/batches/" + e.batch.ID.String()},
		{"audit", "/office/audit"},
		{"reports", "/office/reports"},
	}
	if role == "office" {
		s = append(s, [][2]string{
			{"stamps", "/office/stamps"},
			{"stamp", "/office/stamps/" + e.firstStampID()},
			{"inbox", "/office/inbox"},
			{"tokens", "/office/tokens"},
			{"facility-form", "/office/facilities/new"},
			{"product-edit", "/office/products/" + strconv.FormatUint(uint64(e.batch.ProductNumber), 10) + "/edit"},
			{"certification-new", "/office/certifications/new"},
			{"certification-edit", "/office/certifications/" + strconv.FormatInt(e.firstCertID(), 10) + "/edit"},
			{"point-of-sale-form", "/office/points-of-sale/new"},
			{"import", "/office/import"},
			{"mint-form", "/office/batches/new"},
			{"revoke-form", "/office/revoke"},
		}...)
	}
	return s
}

func TestBrowserViewer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(browsertest.Desktop)
	b.open("/office/")
	if !strings.Contains(b.text(), "Đăng nhập") {
		t.Fatal("no session: the console does not ask to sign in")
	}
	b.check("signin")
	b.signIn("viewer")
	for _, s := range e.readScreens("viewer") {
		b.open(s[1])
		var forms int
		b.run("count write forms", chromedp.Evaluate(`document.querySelectorAll('form[method=post]:not([action*="signout"])').length`, &forms))
		if forms != 0 {
			t.Errorf("%s shows a viewer %d write forms", s[0], forms)
		}
		// The same screens get axe-core in TestBrowserPhone.
		browsertest.Screenshot(t, b.ctx, "viewer-"+s[0]+"-"+b.size)
	}
	// A hand-made POST to a write route, with the page's own CSRF token.
	var status int
	b.run("hand-made POST", page.SetBypassCSP(true), chromedp.Navigate(e.ts.URL+"/office/batches"),
		chromedp.Evaluate(fmt.Sprintf(`(async () => {
  const csrf = document.querySelector('input[name=csrf]').value;
  const r = await fetch('/office/batches/%s/revoke', {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'csrf=' + encodeURIComponent(csrf) + '&reason=x'});
  return r.status; })()`, e.batch.ID), &status, awaitPromise))
	if status != http.StatusForbidden {
		t.Errorf("viewer's hand-made POST: %d, want 403", status)
	}
	// A form without its CSRF token.
	b.open("/office/")
	b.run("sign out without CSRF", chromedp.Evaluate(`document.querySelector('form[action="/office/signout"] input[name=csrf]').remove()`, nil),
		chromedp.Click(`form[action="/office/signout"] button`, chromedp.ByQuery), chromedp.WaitVisible(`p.error`, chromedp.ByQuery))
	if txt := b.text(); !strings.Contains(txt, "Lỗi 403") || !strings.Contains(txt, "mã bảo vệ") {
		t.Errorf("a form without its CSRF token was not refused:\n%s", txt)
	}
	b.check("csrf-refused")
	// A session past its idle expiry goes to sign-in.
	e.clock.Advance(8*time.Hour + time.Minute)
	b.open("/office/products")
	if txt := b.text(); !strings.Contains(txt, "hết hạn") || !strings.Contains(txt, "Đăng nhập") {
		t.Errorf("an expired session was not sent to sign in:\n%s", txt)
	}
	b.check("session-expired")
}

// TestBrowserPhone walks every screen at phone width (screenshots and
// axe-core), as office, in English for half of them.
func TestBrowserPhone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(browsertest.Phone)
	b.open("/office/signin")
	b.check("signin")
	b.signIn("office")
	for _, s := range e.readScreens("office") {
		b.open(s[1])
		b.check(s[0])
	}
	var w int
	b.run("page width", chromedp.Evaluate(`document.documentElement.scrollWidth`, &w))
	if w > browsertest.Phone.W {
		t.Errorf("the page is %d px wide at phone width %d", w, browsertest.Phone.W)
	}
	b.open("/office/?lang=en")
	if !strings.Contains(b.text(), "Overview") {
		t.Error("no English overview")
	}
	b.check("overview-en")
}

// TestBrowserDesktopShots leaves desktop screenshots of every office
// screen when OCOPSTAMP_SCREENSHOTS is set (the phone walk runs axe-core on
// the same pages).
func TestBrowserDesktopShots(t *testing.T) {
	t.Parallel()
	if browsertest.Dir() == "" {
		t.Skip("OCOPSTAMP_SCREENSHOTS is not set")
	}
	e := newEnv(t)
	b := e.browser(browsertest.Desktop)
	b.signIn("office")
	for _, s := range e.readScreens("office") {
		b.open(s[1])
		browsertest.Screenshot(t, b.ctx, s[0]+"-"+b.size)
	}
}
