package browsertest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
)

// TestNew loads a page in the real browser and reads back what its script
// wrote and the language the browser asked for.
func TestNew(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><p id=lang>%s</p><p id=js></p><script>document.getElementById("js").textContent="chạy "+window.innerWidth</script>`, r.Header.Get("Accept-Language"))
	}))
	defer ts.Close()
	ctx := browsertest.New(t, browsertest.Options{})
	var lang, js string
	browsertest.Run(t, ctx, "load", chromedp.Navigate(ts.URL),
		chromedp.Text("#lang", &lang), chromedp.Text("#js", &js))
	if lang == "" || lang[:2] != "vi" {
		t.Errorf("Accept-Language = %q, want Vietnamese first", lang)
	}
	if js != fmt.Sprintf("chạy %d", browsertest.Phone.W) {
		t.Errorf("script wrote %q, want the phone width", js)
	}
	browsertest.Screenshot(t, ctx, "browsertest")
}
