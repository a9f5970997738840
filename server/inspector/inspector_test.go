package inspector_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/server/inspector"
)

func get(t *testing.T, h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestServe checks how the app's files are served: compressed when asked,
// revalidated by ETag, with the app's own CSP and camera permission, the
// service worker's asset list filled in, and 404 for anything else.
func TestServe(t *testing.T) {
	app, err := inspector.New()
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	app.Register(e)

	r := get(t, e, "GET", "/kiem-tra/", "Accept-Encoding", "gzip, br")
	if r.Code != 200 || r.Header().Get("Content-Encoding") != "gzip" || !strings.HasPrefix(r.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("index: %d %v", r.Code, r.Header())
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(zr)
	if !strings.Contains(string(html), `<script type="module" src="app.js">`) {
		t.Errorf("index.html body: %.200s", html)
	}
	if csp := r.Header().Get("Content-Security-Policy"); csp != inspector.CSP || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if pp := r.Header().Get("Permissions-Policy"); !strings.Contains(pp, "camera=(self)") {
		t.Errorf("Permissions-Policy %q", pp)
	}
	etag := r.Header().Get("ETag")
	if r := get(t, e, "GET", "/kiem-tra/", "If-None-Match", etag); r.Code != http.StatusNotModified || r.Body.Len() != 0 {
		t.Errorf("revalidation: %d, %d bytes", r.Code, r.Body.Len())
	}
	if r := get(t, e, "GET", "/kiem-tra/index.html"); r.Code != 200 || r.Header().Get("Content-Encoding") != "" {
		t.Errorf("index.html without gzip: %d %q", r.Code, r.Header().Get("Content-Encoding"))
	}

	sw := get(t, e, "GET", "/kiem-tra/sw.js").Body.String()
	if strings.Contains(sw, "__ASSETS__") || strings.Contains(sw, "__VERSION__") || !strings.Contains(sw, `"/kiem-tra/vendor/zxing-wasm/reader/zxing_reader.wasm"`) ||
		!strings.Contains(sw, `"/kiem-tra/"`) || !strings.Contains(sw, app.Version()) {
		t.Errorf("sw.js placeholders not filled: %.600s", sw)
	}
	for path, ct := range map[string]string{
		"/kiem-tra/vendor/zxing-wasm/reader/zxing_reader.wasm": "application/wasm",
		"/kiem-tra/manifest.webmanifest":                       "application/manifest+json",
		"/kiem-tra/code.js":                                    "text/javascript; charset=utf-8",
		"/kiem-tra/icons/icon-192.png":                         "image/png",
	} {
		if r := get(t, e, "HEAD", path); r.Code != 200 || r.Header().Get("Content-Type") != ct || r.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d %q %d bytes", path, r.Code, r.Header().Get("Content-Type"), r.Body.Len())
		}
	}
	for _, path := range []string{"/kiem-tra/nope.js", "/kiem-tra/test/code.test.mjs", "/kiem-tra/assets.go", "/kiem-tra/../go.mod"} {
		if r := get(t, e, "GET", path); r.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.Code)
		}
	}
	if r := get(t, e, "GET", "/kiem-tra"); r.Code != http.StatusMovedPermanently || r.Header().Get("Location") != "/kiem-tra/" {
		t.Errorf("/kiem-tra: %d %q", r.Code, r.Header().Get("Location"))
	}
}
