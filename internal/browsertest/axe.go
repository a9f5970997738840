package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core from npm, vendored by scripts/refresh-axe.sh
// (version and licence beside it in axe/).
//
//go:embed axe/axe.min.js
var axeSource string

// Violation is one axe-core rule a page breaks, with the elements that
// break it.
type Violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"` // minor, moderate, serious, critical
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
}

// Axe runs axe-core on the current page and returns its violations. The
// page's Content-Security-Policy is bypassed for the injected checker only.
func Axe(ctx context.Context) ([]Violation, error) {
	const run = `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))))`
	var out string
	await := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
	err := chromedp.Run(ctx,
		page.SetBypassCSP(true),
		chromedp.Evaluate(`if (typeof axe === 'undefined') {`+axeSource+`}`, nil),
		chromedp.Evaluate(run, &out, await),
	)
	if err != nil {
		return nil, fmt.Errorf("axe-core: %w", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("axe-core result: %w", err)
	}
	return vs, nil
}

// CheckAxe fails the test when axe-core finds a serious or critical
// violation on the current page (what names the page); lesser ones are
// logged.
func CheckAxe(t testing.TB, ctx context.Context, what string) {
	t.Helper()
	vs, err := Axe(ctx)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: accessibility: %s", what, v)
		} else {
			t.Logf("%s: accessibility (minor): %s", what, v)
		}
	}
}
