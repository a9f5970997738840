// Package browsertest drives the real headless Chromium from Go tests
// through chromedp: one place for finding the browser, the flags this
// machine needs, the phone and desktop window sizes, and screenshots.
//
// Without /usr/bin/chromium a test skips, except under CI with
// OCOPSTAMP_TEST_BROWSER=1, where it fails: a browser test that silently
// does not run is a hole in CI. With OCOPSTAMP_SCREENSHOTS=DIR, Screenshot
// writes full-page PNGs there for a person to look at.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Window sizes the tests use: a common phone and a laptop screen.
var (
	Phone   = Size{390, 844}
	Desktop = Size{1280, 900}
)

// Size is a browser window size in CSS pixels.
type Size struct{ W, H int }

// Options configures a browser started by New. The zero value is a
// phone-sized window that prefers Vietnamese.
type Options struct {
	Size Size
	// Lang is the Accept-Language the browser sends; "" means "vi-VN,vi".
	Lang string
	// Flags are extra Chromium flags, e.g. a fake camera.
	Flags []chromedp.ExecAllocatorOption
	// Timeout bounds the whole browser session; 0 means 2 minutes.
	Timeout time.Duration
}

// Path returns the Chromium binary, or skips the test when there is none
// (fails under CI with OCOPSTAMP_TEST_BROWSER=1).
func Path(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "no /usr/bin/chromium: install Debian's chromium (scripts/install-deps.sh) to run browser tests"
	if os.Getenv("CI") != "" && os.Getenv("OCOPSTAMP_TEST_BROWSER") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// New starts a headless Chromium with a fresh profile and returns a tab
// context for chromedp.Run. The browser is closed when the test ends.
func New(t testing.TB, o Options) context.Context {
	t.Helper()
	bin := Path(t)
	if o.Size == (Size{}) {
		o.Size = Phone
	}
	if o.Lang == "" {
		o.Lang = "vi-VN,vi"
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	// The profile is removed by hand: Chromium's helper processes may
	// still write to it for a moment after the browser is closed, which
	// t.TempDir's strict cleanup reports as a failure.
	profile, err := os.MkdirTemp("", "ocopstamp-chromium-")
	if err != nil {
		t.Fatalf("browser profile: %v", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(o.Size.W, o.Size.H),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", o.Lang),
		chromedp.Flag("accept-lang", o.Lang),
	}
	opts = append(opts, o.Flags...)
	ctx, cancelTime := context.WithTimeout(context.Background(), o.Timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTime()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	if err := chromedp.Run(bctx, chromedp.EmulateViewport(int64(o.Size.W), int64(o.Size.H))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// Run runs chromedp actions and fails the test with what on error.
func Run(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Dir returns the screenshot folder from OCOPSTAMP_SCREENSHOTS, or "".
func Dir() string { return os.Getenv("OCOPSTAMP_SCREENSHOTS") }

// Screenshot writes a full-page PNG of the current page to
// $OCOPSTAMP_SCREENSHOTS/name.png when that variable is set, and does
// nothing otherwise. A failure to capture or write fails the test.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := Dir()
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot folder: %v", err)
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil { // quality 100 gives PNG
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
}
