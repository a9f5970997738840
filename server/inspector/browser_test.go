package inspector_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// camera starts Chromium whose camera plays the video file. The page's
// console and uncaught exceptions go to the test log.
func camera(t *testing.T, video string) context.Context {
	ctx := browsertest.New(t, browsertest.Options{Flags: []chromedp.ExecAllocatorOption{
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", video),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	}})
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			t.Logf("console.%s: %s", ev.Type, strings.Join(args, " "))
		case *runtime.EventExceptionThrown:
			t.Logf("exception: %s", ev.ExceptionDetails.Error())
		}
	})
	return ctx
}

// poll waits until the JavaScript expression is truthy and stores it in res.
func poll(t *testing.T, ctx context.Context, what, expr string, res any) {
	t.Helper()
	browsertest.Run(t, ctx, what, chromedp.Poll(expr, res, chromedp.WithPollingTimeout(45*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
}

// results is how many results the page has shown.
func results(t *testing.T, ctx context.Context) int {
	t.Helper()
	var n int
	browsertest.Run(t, ctx, "count results", chromedp.Evaluate(`Number(document.body.dataset.results || 0)`, &n))
	return n
}

// nextVerdict waits for the result after the n-th and returns its verdict
// and reason.
func nextVerdict(t *testing.T, ctx context.Context, n int) (string, string) {
	t.Helper()
	var v string
	poll(t, ctx, "wait for a verdict", fmt.Sprintf(`Number(document.body.dataset.results || 0) > %d && document.getElementById("verdict").dataset.verdict`, n), &v)
	var reason string
	browsertest.Run(t, ctx, "reason", chromedp.Evaluate(`document.getElementById("verdict").dataset.reason`, &reason))
	return v, reason
}

// open loads the app and waits until it has started.
func (w *world) open(t *testing.T, ctx context.Context) {
	t.Helper()
	var ok bool
	browsertest.Run(t, ctx, "open the app", chromedp.Navigate(w.ts.URL+"/kiem-tra/"))
	poll(t, ctx, "app ready", `document.body.dataset.ready === "1"`, &ok)
}

// signIn signs in with the inspector's token and waits for the snapshot.
func (w *world) signIn(t *testing.T, ctx context.Context) {
	t.Helper()
	var ok bool
	browsertest.Run(t, ctx, "sign in", chromedp.WaitVisible("#token", chromedp.ByID),
		chromedp.SetValue("#token", w.token, chromedp.ByID), chromedp.Click("#signin-form button", chromedp.ByQuery))
	poll(t, ctx, "snapshot downloaded and verified", `!!document.getElementById("snapshot-age").dataset.generatedAt`, &ok)
	poll(t, ctx, "service worker in control", `!!navigator.serviceWorker.controller`, &ok)
}

// shot scrolls to the top (the header is sticky) and takes a screenshot.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	browsertest.Run(t, ctx, "scroll to the top", chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
	browsertest.Screenshot(t, ctx, name)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	browsertest.Run(t, ctx, "read "+sel, chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

// TestCameraGenuineThenOffline: the phone's camera sees a printed genuine
// label: genuine, with product, producer and rank. Then the network goes:
// the app reloads from the service worker, the camera's stamp still
// verifies, a stamp the snapshot lists as revoked shows revoked, and an
// inspection recorded offline is delivered once when the network is back,
// although the answer to its first send is lost.
func TestCameraGenuineThenOffline(t *testing.T) {
	w := newWorld(t)
	ctx := camera(t, w.labelVideo(t, w.stamps[0]))
	w.open(t, ctx)
	w.signIn(t, ctx)

	n := results(t, ctx)
	browsertest.Run(t, ctx, "start the camera", chromedp.Click("#start-camera", chromedp.ByID))
	v, reason := nextVerdict(t, ctx, n)
	if v != "genuine" || reason != "" {
		t.Fatalf("camera on a genuine label: %s/%s", v, reason)
	}
	var serial string
	poll(t, ctx, "printed serial from the registry", `(document.getElementById("fact-serial")||{}).textContent?.match(/^\d{4}-\d{5}-\d$/)?.[0]`, &serial)
	if serial != stamp.FormatSerial(w.stamps[0].Serial) {
		t.Errorf("serial %q, want %q", serial, stamp.FormatSerial(w.stamps[0].Serial))
	}
	for sel, want := range map[string]string{"#verdict-title": "TEM CHÍNH HÃNG", "#fact-product": productName,
		"#fact-producer": facilityName, "#fact-rank": "4 sao", "#decoder": "ZXing"} {
		if got := text(t, ctx, sel); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	shot(t, ctx, "inspector-genuine")

	// Airplane mode: the browser is offline and the server unreachable.
	w.down.Store(true)
	browsertest.Run(t, ctx, "go offline", network.Enable(), network.EmulateNetworkConditions(true, 0, -1, -1))
	w.open(t, ctx) // from the service worker's cache
	if got := text(t, ctx, "#net"); got != "Ngoại tuyến" {
		t.Errorf("offline badge %q", got)
	}
	if got := text(t, ctx, "#snapshot-age"); !strings.Contains(got, "Dữ liệu đăng ký:") {
		t.Errorf("snapshot age offline: %q", got)
	}
	n = results(t, ctx)
	browsertest.Run(t, ctx, "start the camera offline", chromedp.Click("#start-camera", chromedp.ByID))
	if v, reason := nextVerdict(t, ctx, n); v != "genuine" || reason != "" {
		t.Fatalf("offline, camera on a genuine label: %s/%s", v, reason)
	}
	browsertest.Run(t, ctx, "stop the camera", chromedp.Click("#stop-camera", chromedp.ByID))

	n = results(t, ctx)
	browsertest.Run(t, ctx, "type a revoked stamp's code",
		chromedp.SetValue("#code-text", w.stamps[1].Code().URL(printBaseURL), chromedp.ByID), chromedp.Click("#text-form button", chromedp.ByQuery))
	if v, reason := nextVerdict(t, ctx, n); v != "revoked" || reason != "stamp_revoked" {
		t.Fatalf("offline, revoked stamp: %s/%s", v, reason)
	}
	if got := text(t, ctx, "#fact-revoked"); got != revokeReason {
		t.Errorf("revocation reason %q", got)
	}
	// Offline the printed serial is known only as its batch's span.
	first, last := stamp.FormatSerial(w.stamps[0].Serial), stamp.FormatSerial(w.stamps[len(w.stamps)-1].Serial)
	if got := text(t, ctx, "#fact-serial"); !strings.HasPrefix(got, "trong "+first+" … "+last) {
		t.Errorf("offline serial %q, want the batch's span %s … %s", got, first, last)
	}
	shot(t, ctx, "inspector-revoked")

	var pending string
	browsertest.Run(t, ctx, "record an inspection offline",
		chromedp.SetValue("#place", "Chợ Vũ Quang, ki-ốt 3", chromedp.ByID),
		chromedp.SetValue("#notes", "Tem đã thu hồi vẫn dán trên hàng", chromedp.ByID),
		chromedp.Click("#record-form button", chromedp.ByQuery))
	poll(t, ctx, "queued", `document.getElementById("queue").dataset.pending === "1" && "1"`, &pending)
	shot(t, ctx, "inspector-offline")
	if ins := w.inspections(t); len(ins) != 0 {
		t.Fatalf("offline, the server got %d inspections", len(ins))
	}

	// Back online; the answer to the first send is lost on the way back.
	w.dropAns.Store(1)
	w.down.Store(false)
	browsertest.Run(t, ctx, "go online", network.EmulateNetworkConditions(false, 0, -1, -1))
	poll(t, ctx, "queue sent", `document.getElementById("queue").dataset.pending === "0" && "0"`, &pending)
	ins := w.inspections(t)
	if len(ins) != 1 {
		t.Fatalf("the server holds %d inspections, want exactly 1", len(ins))
	}
	got := ins[0]
	if got.StampID != w.stamps[1].ID || got.Place != "Chợ Vũ Quang, ki-ốt 3" || got.Result != "suspect" ||
		got.Inspector != "thanh tra Vũ Quang" || got.ClientID == "" || !strings.Contains(got.Notes, "[revoked/stamp_revoked") {
		t.Errorf("stored inspection %+v", got)
	}
	if w.dropAns.Load() >= 0 {
		t.Errorf("the lost answer was never exercised (drop counter %d)", w.dropAns.Load())
	}
}

// TestCameraForgedLabel: a label printed with an altered code (one bit of
// its signature) reads as not genuine.
func TestCameraForgedLabel(t *testing.T) {
	w := newWorld(t)
	forged := w.stamps[2]
	forged.Signature[10] ^= 0x04
	ctx := camera(t, w.labelVideo(t, forged))
	w.open(t, ctx)
	w.signIn(t, ctx)
	n := results(t, ctx)
	browsertest.Run(t, ctx, "start the camera", chromedp.Click("#start-camera", chromedp.ByID))
	v, reason := nextVerdict(t, ctx, n)
	if v != "not_genuine" || reason != "bad_signature" {
		t.Fatalf("camera on a forged label: %s/%s", v, reason)
	}
	if got := text(t, ctx, "#verdict-title"); got != "TEM KHÔNG CHÍNH HÃNG" {
		t.Errorf("title %q", got)
	}
	var outcome string
	browsertest.Run(t, ctx, "outcome", chromedp.Value("#outcome", &outcome, chromedp.ByID))
	if outcome != "counterfeit" {
		t.Errorf("the record form proposes %q, want counterfeit", outcome)
	}
	shot(t, ctx, "inspector-forged")
}
