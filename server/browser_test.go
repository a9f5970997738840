package server

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// chromiumPath returns the headless browser, or skips (fails under CI with
// OCOPSTAMP_TEST_BROWSER=1) when there is none.
func chromiumPath(t *testing.T) string {
	t.Helper()
	return browsertest.Path(t)
}

// chromium runs headless Chromium on a 390×844 phone-sized window with args
// and returns its standard output.
func chromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir(), "--window-size=390,844"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestBrowser renders a genuine and a not_genuine page in a real browser
// and checks the DOM it builds. With OCOPSTAMP_SCREENSHOTS=dir it also
// leaves phone-sized screenshots there for a person to look at.
func TestBrowser(t *testing.T) {
	bin := chromiumPath(t)
	f := newFixture(t, storagetest.OpenSQLite(t), func(c *Config) { c.SampleData = true })
	shots := os.Getenv("OCOPSTAMP_SCREENSHOTS")
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"genuine-vi", codePath(f.genuine.Code()), []string{"TEM CHÍNH HÃNG", "Cam Khe Mây", "Sản phẩm OCOP đạt 4 sao", "Mua hàng chính hãng tại"}},
		{"not-genuine-vi", codePath(f.forged), []string{"TEM KHÔNG CHÍNH HÃNG", "Đừng mua sản phẩm này", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"}},
		{"genuine-en", codePath(f.genuine.Code()) + "?lang=en", []string{"GENUINE OCOP STAMP", "OCOP product rated 4 stars"}},
		{"suspicious-vi", codePath(f.copied.Code()), []string{"CẢNH BÁO"}},
		{"revoked-en", codePath(f.revoked.Code()) + "?lang=en", []string{"STAMP REVOKED", "Tem in lỗi"}},
		{"malformed-vi", "/S/ABC", []string{"KHÔNG PHẢI MÃ TEM OCOP"}},
		{"cert-suspended-vi", codePath(f.suspended.Code()), []string{"CHỨNG NHẬN OCOP KHÔNG CÒN HIỆU LỰC", `class="stars void"`, "không còn áp dụng"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if shots == "" && !strings.HasPrefix(tc.name, "genuine-vi") && !strings.HasPrefix(tc.name, "not-genuine") {
				return // without a screenshot folder, two pages are enough
			}
			url := f.ts.URL + tc.path
			// A Vietnamese phone asks for Vietnamese; the English cases ask
			// with ?lang=en.
			lang := "--accept-lang=vi-VN,vi"
			dom := string(chromium(t, bin, lang, "--dump-dom", url))
			for _, w := range tc.want {
				if !strings.Contains(dom, w) {
					t.Errorf("DOM lacks %q", w)
				}
			}
			if !strings.Contains(dom, `class="banner `) {
				t.Error("DOM has no verdict banner")
			}
			if shots != "" {
				png := filepath.Join(shots, tc.name+".png")
				chromium(t, bin, lang, "--screenshot="+png, url)
				chromium(t, bin, lang, "--window-size=390,2400", "--screenshot="+filepath.Join(shots, tc.name+"-full.png"), url)
				if st, err := os.Stat(png); err != nil || st.Size() < 1000 {
					t.Errorf("screenshot %s: %v", png, err)
				}
			}
		})
	}
}

// TestBrowserTypedSerial types the genuine stamp's serial into the page's
// form at phone width, as a consumer without a camera would, and checks
// that the answer is the amber serial_found page, never the green genuine
// one (issue 10 item 2). With OCOPSTAMP_SCREENSHOTS=dir it leaves
// typed-serial-vi.png there.
func TestBrowserTypedSerial(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	ctx := browsertest.New(t, browsertest.Options{Size: browsertest.Phone})
	var banner, heading, advice string
	browsertest.Run(t, ctx, "type a serial",
		chromedp.Navigate(f.ts.URL+"/serial"),
		chromedp.SendKeys("#s", stamp.FormatSerial(f.genuine.Serial), chromedp.ByID),
		chromedp.Submit("#s", chromedp.ByID),
		chromedp.WaitVisible(".advice", chromedp.ByQuery),
		chromedp.AttributeValue(".banner", "class", &banner, nil, chromedp.ByQuery),
		chromedp.Text(".banner h1", &heading, chromedp.ByQuery),
		chromedp.Text(".advice", &advice, chromedp.ByQuery),
	)
	if banner != "banner warn" || heading != wording.Title(stamp.SerialFound, "vi") {
		t.Errorf("typed serial page: banner %q heading %q", banner, heading)
	}
	if !strings.Contains(advice, "quét mã QR") {
		t.Errorf("typed serial advice: %q", advice)
	}
	browsertest.Screenshot(t, ctx, "typed-serial-vi")
}
