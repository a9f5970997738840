package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// maxPageBytes is the budget of one consumer page on a slow mobile link.
const maxPageBytes = 30 << 10

func TestVerdictsSQLite(t *testing.T) {
	testVerdicts(t, newFixture(t, storagetest.OpenSQLite(t), nil))
}

func TestVerdictsPostgres(t *testing.T) {
	testVerdicts(t, newFixture(t, storagetest.OpenPostgres(t), nil))
}

// testVerdicts checks every verdict as JSON and HTML, in Vietnamese and
// English.
func testVerdicts(t *testing.T, f *fixture) {
	for _, tc := range f.verdictCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, lang := range []string{wording.LangVI, wording.LangEN} {
				// JSON, from both routes; the language from Accept-Language.
				for _, path := range []string{tc.path, "/api/v1/stamps/" + strings.TrimPrefix(tc.path, "/S/")} {
					resp, body := f.do(t, "GET", path, acceptJSON, "Accept-Language: "+lang)
					if resp.StatusCode != 200 {
						t.Fatalf("%s: status %d: %s", path, resp.StatusCode, body)
					}
					if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
						t.Fatalf("%s: content type %q", path, ct)
					}
					var r verify.Result
					if err := json.Unmarshal([]byte(body), &r); err != nil {
						t.Fatalf("%s: %v: %s", path, err, body)
					}
					if r.Verdict != tc.verdict {
						t.Fatalf("%s: verdict %s, want %s", path, r.Verdict, tc.verdict)
					}
					msg := r.Message
					if msg == "" || msg != verify.Message(&r, lang) {
						t.Fatalf("%s: message %q, want %q", path, msg, verify.Message(&r, lang))
					}
					if !hasToken(resp.Header.Values("Vary"), "Accept-Language") {
						t.Fatalf("%s: Vary %q lacks Accept-Language", path, resp.Header.Values("Vary"))
					}
					if resp.Header.Get("Content-Language") != lang || resp.Header.Get("Cache-Control") != "no-store" {
						t.Fatalf("%s: Content-Language %q, Cache-Control %q", path, resp.Header.Get("Content-Language"), resp.Header.Get("Cache-Control"))
					}
				}
				// HTML: the language from ?lang=.
				resp, body := f.do(t, "GET", tc.path+"?lang="+lang, acceptBrowser)
				if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					t.Fatalf("html %s: status %d, type %q", lang, resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				want := tc.wantVI
				if lang == wording.LangEN {
					want = tc.wantEN
				}
				want = append(want, wording.Title(tc.verdict, lang), `class="banner `+string(wording.ToneOf(tc.verdict))+`"`)
				for _, w := range want {
					if !strings.Contains(body, w) {
						t.Errorf("html %s: page lacks %q", lang, w)
					}
				}
				checkPage(t, body, lang)
			}
		})
	}
}

// checkPage checks what every consumer page must be: small, in its
// language, self-contained, with a language switch and the serial form.
func checkPage(t *testing.T, body, lang string) {
	t.Helper()
	if len(body) > maxPageBytes {
		t.Errorf("page is %d bytes, budget %d", len(body), maxPageBytes)
	}
	for _, bad := range []string{"<script", "src=\"http", "href=\"http", "@import", "url(", "style=\""} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, w := range []string{`<html lang="` + lang + `">`, `name="viewport"`, `action="/serial"`, `hreflang="`} {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Contains(body, "ZgotmplZ") {
		t.Error("template escaped an unsafe value (ZgotmplZ)")
	}
}

func hasToken(values []string, token string) bool {
	for _, v := range values {
		for p := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), token) {
				return true
			}
		}
	}
	return false
}

func TestContentNegotiation(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	path := codePath(f.genuine.Code())
	for _, tc := range []struct {
		accept string
		json   bool
	}{
		{"", false},
		{acceptBrowser, false},
		{acceptJSON, true},
		{"Accept: */*", false},
		{"Accept: application/json;q=0.5, text/html;q=0.4", true},
		{"Accept: text/html;q=0.5, application/json;q=0.4", false},
		{"Accept: application/json;q=0.1, text/html", false},
		{"Accept: text/html;q=0, */*", true},
		{"Accept: application/*", true},
		{"Accept: text/*;q=0.3, application/json;q=0.2", false},
		{"Accept: image/png", false},              // neither acceptable: HTML, never 406
		{"Accept: application/json;q=abc", false}, // invalid q: range ignored
		{"Accept: application/json;q=0", false},
	} {
		resp, body := f.do(t, "GET", path, tc.accept)
		if resp.StatusCode != 200 {
			t.Fatalf("%q: status %d", tc.accept, resp.StatusCode)
		}
		isJSON := strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json")
		if isJSON != tc.json {
			t.Errorf("%q: got JSON=%v, want %v (%s)", tc.accept, isJSON, tc.json, resp.Header.Get("Content-Type"))
		}
		if !hasToken(resp.Header.Values("Vary"), "Accept") {
			t.Errorf("%q: Vary %q lacks Accept", tc.accept, resp.Header.Values("Vary"))
		}
		if isJSON && !json.Valid([]byte(body)) {
			t.Errorf("%q: invalid JSON", tc.accept)
		}
	}
	// The lower-case route answers too.
	if resp, _ := f.do(t, "GET", "/s/"+strings.ToLower(f.genuine.Code().Text()), acceptJSON); resp.StatusCode != 200 {
		t.Fatalf("lower-case /s/: status %d", resp.StatusCode)
	}
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "vi"},
		{"vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"},
		{"en-US,en;q=0.9", "en"},
		{"en-US;q=0.8,en;q=0.9,vi;q=0.95", "vi"},
		{"en-US,en;q=0.9,vi;q=0.95", "en"},
		{"vi;q=0.2, en;q=0.8", "en"},
		{"ko-KR,ko;q=0.9", "en"},
		{"ko-KR,ko;q=0.9,vi;q=0.1", "vi"},
		{"*", "vi"},
		{"en;q=0, fr", "en"},
		{"vi;q=0, en;q=0", "vi"},
		{"garbage;;;q=7", "vi"},
	} {
		if got := langFromHeader(tc.header); got != tc.want {
			t.Errorf("Accept-Language %q: %s, want %s", tc.header, got, tc.want)
		}
	}
}

func TestMalformedCodes(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	good := f.genuine.Code().Text()
	v2 := f.genuine.Code().Bytes()
	v2[0] = 0x02
	for _, tc := range []struct{ name, path, want string }{
		{"empty", "/S/", "wrong length"},
		{"short", "/S/ABC", "wrong length"},
		{"one short", "/S/" + good[1:], "wrong length"},
		{"one long", "/S/" + good + "A", "wrong length"},
		{"long", "/S/" + strings.Repeat("A", 1000), "wrong length"},
		{"nul byte", "/S/" + good[:70] + "%00" + good[71:], "outside the base32 alphabet"},
		{"binary", "/S/" + good[:70] + "%FF%FE" + good[72:], "not a stamp code"},
		{"digit 0", "/S/" + good[:5] + "0" + good[6:], "outside the base32 alphabet"},
		{"digit 8", "/S/" + good[:5] + "8" + good[6:], "outside the base32 alphabet"},
		{"cyrillic A", "/S/" + strings.Replace(good, "A", "%D0%90", 1), "not a stamp code"},
		{"full-width", "/S/" + "%EF%BC%A1" + good[1:], "not a stamp code"},
		{"padding", "/S/" + good[:139] + "====", "not a stamp code"},
		{"version 2", "/S/" + stamp.Encoding.EncodeToString(v2), "unsupported version"},
		{"non-canonical", "/S/" + good[:142] + "7", "non-canonical"},
		{"slash inside", "/S/" + good[:70] + "/" + good[70:], "not a stamp code"},
		{"url without scheme", "/S/txng.example.vn%2FS%2F" + good, "not a stamp code"},
		{"javascript", "/S/javascript:alert(1)", "not a stamp code"},
		{"html", "/S/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "not a stamp code"},
		{"api short", "/api/v1/stamps/ABC", "wrong length"},
		{"api empty", "/api/v1/stamps/", "wrong length"},
		{"lower route", "/s/xyz", "wrong length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.do(t, "GET", tc.path, acceptJSON)
			if resp.StatusCode != 400 {
				t.Fatalf("JSON: status %d, want 400: %s", resp.StatusCode, body)
			}
			var e ErrorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("JSON error body: %v: %s", err, body)
			}
			if e.Error.Code != stamp.EInvalid || e.Error.Status != 400 || !strings.Contains(e.Error.Message, tc.want) {
				t.Fatalf("JSON error %+v, want message with %q", e.Error, tc.want)
			}
			if strings.HasPrefix(tc.path, "/api/") {
				return
			}
			for _, lang := range []string{"vi", "en"} {
				resp, body = f.do(t, "GET", tc.path+"?lang="+lang, acceptBrowser)
				if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					t.Fatalf("HTML: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				want := wording.PageFor(lang).NotCodeTitle
				if !strings.Contains(body, want) || !strings.Contains(body, tc.want) {
					t.Fatalf("HTML %s lacks %q or %q", lang, want, tc.want)
				}
				if strings.Contains(body, "<script>alert") {
					t.Fatal("HTML echoes markup")
				}
				checkPage(t, body, lang)
			}
		})
	}
	// Any letter case, the whole URL, white space around: accepted.
	for _, path := range []string{
		"/s/" + strings.ToLower(good),
		"/S/" + strings.ToLower(good[:70]) + good[70:],
		"/S/" + good + "/",
		"/S/%20" + good + "%20",
		"/S/HTTPS:%2F%2FTXNG.EXAMPLE.VN%2FS%2F" + good,
		"/S/" + good + "?lang=xx&utm_source=%00&a[]=1&lang=en&&=",
	} {
		if resp, body := f.do(t, "GET", path, acceptJSON); resp.StatusCode != 200 {
			t.Errorf("%s: status %d: %s", path, resp.StatusCode, body)
		}
	}
}

func TestRequestLimits(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	resp, body := f.do(t, "GET", "/S/"+strings.Repeat("A", 5000), acceptJSON)
	if resp.StatusCode != 414 || !strings.Contains(body, "too long") {
		t.Fatalf("long URI: %d %s", resp.StatusCode, body)
	}
	resp, _ = f.do(t, "GET", "/S/"+strings.Repeat("A", 5000), acceptBrowser)
	if resp.StatusCode != 414 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("long URI as HTML: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = f.do(t, "GET", "/healthz?"+strings.Repeat("x=1&", 2000))
	if resp.StatusCode != 414 {
		t.Fatalf("long query: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", f.ts.URL+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	// httptest.Server uses net/http defaults (1 MB headers); HTTPServer sets
	// the real limit, checked in TestRun.
	if r.StatusCode >= 500 {
		t.Fatalf("big header: %d", r.StatusCode)
	}
	post, err := http.Post(f.ts.URL+codePath(f.genuine.Code()), "application/json", strings.NewReader(strings.Repeat("x", 20<<10)))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != 413 && post.StatusCode != 405 {
		t.Fatalf("big POST: %d", post.StatusCode)
	}
}

// TestSerial: a typed serial is never "genuine" (issue 10 item 2). The
// test asserted the green genuine page for a typed serial before; that was
// the defect, since a counterfeiter can print a real serial on a fake label.
func TestSerial(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), func(c *Config) { c.SerialRateLimit = -1 })
	serial := stamp.FormatSerial(f.genuine.Serial)
	resp, body := f.do(t, "GET", "/serial?s="+serial, acceptBrowser)
	if resp.StatusCode != 200 || !strings.Contains(body, wording.Title(stamp.SerialFound, "vi")) || !strings.Contains(body, `value="`+serial+`"`) {
		t.Fatalf("serial page: %d", resp.StatusCode)
	}
	for _, w := range []string{`class="banner warn"`, "Cam Khe Mây", "quét mã QR", serial} {
		if !strings.Contains(body, w) {
			t.Errorf("serial page lacks %q", w)
		}
	}
	for _, bad := range []string{"TEM CHÍNH HÃNG", `class="banner ok"`} {
		if strings.Contains(body, bad) {
			t.Errorf("serial page shows %q", bad)
		}
	}
	checkPage(t, body, "vi")
	resp, body = f.do(t, "GET", "/serial?s="+serial+"&lang=en", acceptBrowser)
	if resp.StatusCode != 200 || !strings.Contains(body, "SERIAL NUMBER IS REGISTERED") || !strings.Contains(body, "scan the QR code") ||
		strings.Contains(body, "GENUINE") || strings.Contains(body, `class="banner ok"`) {
		t.Fatalf("serial page en: %d", resp.StatusCode)
	}
	digits := strings.ReplaceAll(serial, "-", "")
	resp, body = f.do(t, "GET", "/api/v1/serials/"+digits, "Accept-Language: en")
	var r verify.Result
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &r) != nil || r.Verdict != stamp.SerialFound ||
		r.Reason != stamp.ReasonTypedSerial || r.Stamp.Serial != serial || r.Scans == nil || r.Product == nil {
		t.Fatalf("serial API: %d %s", resp.StatusCode, body)
	}
	// Revoked and certification problems still win over serial_found.
	for _, tc := range []struct {
		st   stamp.Stamp
		want stamp.Verdict
	}{{f.revoked, stamp.Revoked}, {f.suspended, stamp.CertificationInvalid}} {
		resp, body = f.do(t, "GET", "/api/v1/serials/"+stamp.FormatSerial(tc.st.Serial), acceptJSON)
		var r verify.Result
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &r) != nil || r.Verdict != tc.want {
			t.Errorf("serial of a %s stamp: %d %s", tc.want, resp.StatusCode, body)
		}
	}
	resp, body = f.do(t, "GET", "/serial?s="+f.missingSerial+"&lang=en", acceptBrowser)
	if resp.StatusCode != 200 || !strings.Contains(body, "STAMP NOT IN THE REGISTRY") || !strings.Contains(body, "no stamp with this serial") {
		t.Fatalf("missing serial: %d", resp.StatusCode)
	}
	resp, body = f.do(t, "GET", "/serial", acceptBrowser)
	if resp.StatusCode != 200 || !strings.Contains(body, wording.PageFor(wording.LangVI).SerialTitle) {
		t.Fatalf("serial form: %d", resp.StatusCode)
	}
	checkPage(t, body, "vi")
	wrong := []byte(serial)
	wrong[3] = '0' + (wrong[3]-'0'+1)%10
	// A wrong check digit is a typing error: neutral, in the page's
	// language, without the copied-stamp triangle or English detail.
	for _, tc := range []struct{ lang, want, notWant string }{
		{"vi", wording.PageFor(wording.LangVI).BadSerialText, "check digit"},
		{"en", wording.PageFor(wording.LangEN).BadSerialText, "Số sê-ri"},
	} {
		resp, body = f.do(t, "GET", "/serial?s="+string(wrong)+"&lang="+tc.lang, acceptBrowser)
		if resp.StatusCode != 400 || !strings.Contains(body, tc.want) || !strings.Contains(body, `class="banner info"`) ||
			strings.Contains(body, tc.notWant) || strings.Contains(body, string(icons["warn"])) {
			t.Errorf("typing error %s: %d %s", tc.lang, resp.StatusCode, body)
		}
	}
	for _, bad := range []string{string(wrong), "12345", "ABCD-EFGHI-J", strings.Repeat("1", 200), "%00%FF", "０１２３"} {
		resp, body = f.do(t, "GET", "/serial?s="+bad, acceptBrowser)
		if resp.StatusCode != 400 || !strings.Contains(body, wording.PageFor(wording.LangVI).BadSerialTitle) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("serial %q: status %d", bad, resp.StatusCode)
		}
		resp, body = f.do(t, "GET", "/serial?s="+bad, acceptJSON)
		var e ErrorBody
		if resp.StatusCode != 400 || json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != stamp.EInvalid || !strings.Contains(e.Error.Message, "serial") {
			t.Errorf("serial %q JSON: %d %s", bad, resp.StatusCode, body)
		}
	}
	if resp, _ := f.do(t, "GET", "/serial", acceptJSON); resp.StatusCode != 400 {
		t.Errorf("serial JSON without s: %d", resp.StatusCode)
	}
}

func TestRoutingErrors(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	code := codePath(f.genuine.Code())
	for _, tc := range []struct {
		method, path, accept string
		status               int
		html                 bool
	}{
		{"GET", "/nope", acceptBrowser, 404, true},
		{"GET", "/nope", "", 404, false},
		{"GET", "/api/v1/nope", acceptBrowser, 404, true},
		{"GET", "/api/v1/nope", acceptJSON, 404, false},
		{"GET", "/S", "", 404, false},
		{"GET", "/%00", "", 404, false},
		{"GET", "/healthz/", "", 404, false},
		{"POST", code, acceptBrowser, 405, true},
		{"PUT", code, acceptJSON, 405, false},
		{"DELETE", "/api/v1/stamps/x", "", 405, false},
		{"PATCH", "/healthz", "", 405, false},
		{"OPTIONS", code, "", 405, true},
		{"POST", "/nope", "", 404, false},
	} {
		resp, body := f.do(t, tc.method, tc.path, tc.accept)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.status)
			continue
		}
		isHTML := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
		if isHTML != tc.html {
			t.Errorf("%s %s: HTML=%v, want %v", tc.method, tc.path, isHTML, tc.html)
		}
		if !isHTML {
			var e ErrorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Status != tc.status || e.Error.Message == "" {
				t.Errorf("%s %s: error body %s", tc.method, tc.path, body)
			}
		}
		if tc.status == 405 {
			if allow := resp.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") {
				t.Errorf("%s %s: Allow %q", tc.method, tc.path, allow)
			}
		}
	}
	// HEAD answers like GET without a body.
	resp, body := f.do(t, "HEAD", code, acceptBrowser)
	if resp.StatusCode != 200 || body != "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("HEAD: %d %q", resp.StatusCode, body)
	}
	resp, _ = f.do(t, "HEAD", "/S/short", acceptBrowser)
	if resp.StatusCode != 400 {
		t.Fatalf("HEAD malformed: %d", resp.StatusCode)
	}
	resp, body = f.do(t, "GET", "/robots.txt")
	if resp.StatusCode != 200 || !strings.Contains(body, "Disallow: /s/") {
		t.Fatalf("robots: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "GET", "/?lang=en", acceptBrowser)
	if resp.StatusCode != 200 || !strings.Contains(body, template.HTMLEscapeString(wording.PageFor(wording.LangEN).HomeIntro)) {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	checkPage(t, body, "en")
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	for _, path := range []string{codePath(f.genuine.Code()), "/S/bad", "/nope", "/"} {
		resp, body := f.do(t, "GET", path, acceptBrowser)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Fatalf("%s: CSP %q", path, csp)
		}
		m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no inline style", path)
		}
		sum := sha256.Sum256([]byte(m[1]))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, h) {
			t.Fatalf("%s: CSP %q does not allow the inline style %s", path, csp, h)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if resp.Header.Get(k) != v {
				t.Errorf("%s: %s %q", path, k, resp.Header.Get(k))
			}
		}
	}
}

func TestKeysEndpoint(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	resp, body := f.do(t, "GET", KeysPath)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("keys: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ks, err := stamp.ParseKeySet([]byte(body))
	if err != nil {
		t.Fatalf("keys do not parse: %v", err)
	}
	if k := ks.Lookup(f.signer.KeyID()); k == nil || k.State != stamp.KeyActive {
		t.Fatalf("published keys lack the active key")
	}
	seed := hex.EncodeToString(f.priv.Seed())
	low := strings.ToLower(body)
	for _, bad := range []string{seed, seed[:16], hex.EncodeToString(f.priv), "private", "seed", "secret"} {
		if strings.Contains(low, strings.ToLower(bad)) {
			t.Fatalf("key set contains %q", bad)
		}
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") || resp.Header.Get("ETag") == "" {
		t.Fatalf("keys cache headers: %q %q", cc, resp.Header.Get("ETag"))
	}
	resp, body = f.do(t, "GET", KeysPath, "If-None-Match: "+resp.Header.Get("ETag"))
	if resp.StatusCode != 304 || body != "" {
		t.Fatalf("conditional keys: %d", resp.StatusCode)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	st := storagetest.OpenSQLite(t)
	f := newFixture(t, st, nil)
	if resp, body := f.do(t, "GET", "/healthz"); resp.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "GET", "/readyz"); resp.StatusCode != 200 || !strings.Contains(body, `"database":"ok"`) {
		t.Fatalf("readyz: %d %s", resp.StatusCode, body)
	}
	// A second server whose store is closed: not ready, and lookups answer
	// 503 or 500 with a generic message, never the error's text.
	down := storagetest.OpenSQLite(t)
	g := newFixture(t, down, nil)
	g.rec.Close(t.Context())
	if err := down.Close(); err != nil {
		t.Fatal(err)
	}
	resp, body := g.do(t, "GET", "/readyz")
	if resp.StatusCode != 503 || !strings.Contains(body, `"database":"unavailable"`) {
		t.Fatalf("readyz on a closed store: %d %s", resp.StatusCode, body)
	}
	if resp, _ := g.do(t, "GET", "/healthz"); resp.StatusCode != 200 {
		t.Fatalf("healthz on a closed store: %d", resp.StatusCode)
	}
	resp, body = g.do(t, "GET", codePath(g.genuine.Code()), acceptJSON)
	var e ErrorBody
	if resp.StatusCode < 500 || json.Unmarshal([]byte(body), &e) != nil || strings.Contains(body, "sql") || strings.Contains(body, "closed") {
		t.Fatalf("lookup on a closed store: %d %s", resp.StatusCode, body)
	}
	resp, body = g.do(t, "GET", codePath(g.genuine.Code()), acceptBrowser)
	if resp.StatusCode < 500 || !strings.Contains(body, "không phải lỗi của bạn") {
		t.Fatalf("lookup page on a closed store: %d", resp.StatusCode)
	}
	// A forged code needs no store: still answered.
	if resp, _ := g.do(t, "GET", codePath(g.forged), acceptJSON); resp.StatusCode != 200 {
		t.Fatalf("forged lookup on a closed store: %d", resp.StatusCode)
	}
}

func TestMetrics(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	f.do(t, "GET", codePath(f.genuine.Code()), acceptBrowser)
	f.do(t, "GET", codePath(f.forged), acceptJSON)
	f.do(t, "GET", "/S/bad")
	f.do(t, "GET", "/no/such/route")
	resp, body := f.do(t, "GET", "/metrics")
	if resp.StatusCode != 200 {
		t.Fatalf("metrics: %d", resp.StatusCode)
	}
	for _, w := range []string{
		`ocopstamp_http_requests_total{method="GET",route="/S/*code",status="200"} 2`,
		`ocopstamp_http_requests_total{method="GET",route="/S/*code",status="400"} 1`,
		`ocopstamp_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`ocopstamp_http_request_duration_seconds_bucket{route="/S/*code",le=`,
		`ocopstamp_http_lookup_verdicts_total{channel="web",verdict="genuine"} 1`,
		`ocopstamp_http_lookup_verdicts_total{channel="api",verdict="not_genuine"} 1`,
		`ocopstamp_lookups_total{verdict="genuine"} 1`,
		`ocopstamp_scan_queue_depth`,
		`ocopstamp_scans_recorded_total`,
		`ocopstamp_http_requests_in_flight`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("metrics lack %s", w)
		}
	}
}

// TestSerialRateLimit: typed serials have their own, smaller bucket on
// top of the lookup one; scanned codes and the empty form do not use it.
func TestSerialRateLimit(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), func(c *Config) { c.SerialRateLimit, c.SerialRateBurst = 0.001, 2 })
	serial := stamp.FormatSerial(f.genuine.Serial)
	for i := range 2 {
		if resp, _ := f.do(t, "GET", "/api/v1/serials/"+serial, acceptJSON); resp.StatusCode != 200 {
			t.Fatalf("serial %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := f.do(t, "GET", "/serial?s="+serial, acceptBrowser)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, wording.PageFor(wording.LangVI).TooManyTitle) {
		t.Fatalf("over the serial limit: %d", resp.StatusCode)
	}
	// One serial every 1,000 s: Retry-After says when the next one comes,
	// not "1" (a client obeying "1" was refused again and again).
	if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 900 {
		t.Errorf("Retry-After %q over the serial limit, want about 1000", resp.Header.Get("Retry-After"))
	}
	if resp, _ := f.do(t, "GET", "/api/v1/serials/"+serial, acceptJSON); resp.StatusCode != 429 {
		t.Fatalf("over the serial limit, API: %d", resp.StatusCode)
	}
	if resp, _ := f.do(t, "GET", "/serial", acceptBrowser); resp.StatusCode != 200 {
		t.Fatalf("serial form under the serial limit: %d", resp.StatusCode)
	}
	if resp, _ := f.do(t, "GET", codePath(f.genuine.Code()), acceptJSON); resp.StatusCode != 200 {
		t.Fatalf("scanned code under the serial limit: %d", resp.StatusCode)
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), func(c *Config) { c.RateLimit, c.RateBurst = 0.001, 3 })
	path := codePath(f.forged)
	for i := range 3 {
		if resp, _ := f.do(t, "GET", path, acceptJSON); resp.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := f.do(t, "GET", path, acceptJSON)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "rate_limited") {
		t.Fatalf("over the limit: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "GET", path, acceptBrowser)
	if resp.StatusCode != 429 || !strings.Contains(body, wording.PageFor(wording.LangVI).TooManyTitle) {
		t.Fatalf("over the limit, HTML: %d", resp.StatusCode)
	}
	// Other routes are not limited.
	if resp, _ := f.do(t, "GET", "/healthz"); resp.StatusCode != 200 {
		t.Fatalf("healthz under limit: %d", resp.StatusCode)
	}
}
