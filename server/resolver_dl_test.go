package server

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/internal/nodetest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

var linkHref = regexp.MustCompile(`<([^>]*)>`)

// TestResolverDigitalLinkJS checks the resolver against digital-link.js
// (the npm library, vendored under testdata/vendor): every URI the
// resolver writes, in Link headers, linkset anchors and hrefs and JSON
// links, is a valid GS1 Digital Link; and every URI the library builds
// for the fixture's products, lots and stamps (from GTIN-13 and GTIN-8
// too), the resolver answers with 200.
func TestResolverDigitalLinkJS(t *testing.T) {
	node := nodetest.Node(t, "check Digital Link URIs with digital-link.js")
	d := newDLFixture(t, nil)
	ser := func(s stamp.Stamp) string { return stamp.FormatSerial(s.Serial) }
	g1, g4 := d.gtin1, d.gtin4
	asked := []string{
		"/01/" + g1, "/01/" + g4, "/01/" + g1 + "/10/L2026-11", "/01/" + g1 + "/21/" + ser(d.lotted[0]),
		"/01/" + g1 + "/21/" + ser(d.genuine), "/01/" + g1 + "/10/L2026-11/21/" + ser(d.lotted[2]), "/01/" + g4 + "/21/" + ser(d.participating),
	}
	emitted := map[string]bool{}
	for _, p := range asked {
		resp, _ := d.get(t, "GET", p, acceptJSON)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", p, resp.StatusCode)
		}
		for _, m := range linkHref.FindAllStringSubmatch(resp.Header.Get("Link"), -1) {
			emitted[m[1]] = true
		}
		_, body := d.get(t, "GET", p+"?linkType=linkset")
		var ls struct{ Linkset []map[string]json.RawMessage }
		if err := json.Unmarshal([]byte(body), &ls); err != nil {
			t.Fatalf("linkset of %s: %v", p, err)
		}
		for k, v := range ls.Linkset[0] {
			if k == "anchor" {
				var a string
				_ = json.Unmarshal(v, &a)
				emitted[a] = true
				continue
			}
			var ts []struct{ Href string }
			if err := json.Unmarshal(v, &ts); err != nil {
				t.Fatalf("linkset of %s, %s: %v", p, k, err)
			}
			for _, x := range ts {
				emitted[x.Href] = true
			}
		}
	}
	_, body := d.get(t, "GET", "/01/"+g1, acceptJSON)
	var pj resolverJSON
	if err := json.Unmarshal([]byte(body), &pj); err != nil {
		t.Fatal(err)
	}
	for _, b := range pj.Batches {
		if b.URI != "" {
			emitted[b.URI] = true
		}
	}
	var uris []string
	for u := range emitted {
		if !strings.Contains(u, "/01/") {
			continue // the JSON-LD context of linksets is no Digital Link
		}
		uris = append(uris, u)
	}
	sort.Strings(uris)
	if len(uris) < 12 {
		t.Fatalf("only %d URIs emitted: %v", len(uris), uris)
	}

	type build struct {
		Domain   string `json:"domain"`
		GTIN     string `json:"gtin"`
		Lot      string `json:"lot,omitempty"`
		Serial   string `json:"serial,omitempty"`
		LinkType string `json:"linkType,omitempty"`
	}
	dom := d.baseURI
	builds := []build{
		{Domain: dom, GTIN: "8934588012228"}, {Domain: dom, GTIN: g1}, {Domain: dom, GTIN: "96385074"},
		{Domain: dom, GTIN: g1, Lot: "L2026-11"}, {Domain: dom, GTIN: g1, Serial: ser(d.lotted[0])},
		{Domain: dom, GTIN: "8934588012228", Lot: "L2026-11", Serial: ser(d.lotted[1])},
		{Domain: dom, GTIN: "96385074", Serial: ser(d.participating)},
		{Domain: dom, GTIN: g1, LinkType: "gs1:certificationInfo"}, {Domain: dom, GTIN: g1, LinkType: "gs1:traceability"},
		{Domain: dom, GTIN: g1, Serial: ser(d.genuine), LinkType: "gs1:verificationService"},
	}
	in, err := json.Marshal(map[string]any{"validate": uris, "build": builds})
	if err != nil {
		t.Fatal(err)
	}
	reqFile := filepath.Join(t.TempDir(), "request.json")
	if err := os.WriteFile(reqFile, in, 0o600); err != nil {
		t.Fatal(err)
	}
	raw, err := exec.Command(node, filepath.Join("testdata", "dlcheck.js"), reqFile).Output()
	if err != nil {
		t.Fatalf("node dlcheck.js: %v", err)
	}
	var out struct {
		Invalid []struct{ URI, Reason string }
		Built   []string
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("dlcheck output %q: %v", raw, err)
	}
	for _, bad := range out.Invalid {
		t.Errorf("digital-link.js refuses %s: %s", bad.URI, bad.Reason)
	}
	t.Logf("%d emitted URIs valid by digital-link.js", len(uris)-len(out.Invalid))
	if len(out.Built) != len(builds) {
		t.Fatalf("built %d URIs, want %d", len(out.Built), len(builds))
	}
	for i, u := range out.Built {
		if !strings.HasPrefix(u, dom+"/01/") {
			t.Errorf("built %s", u)
			continue
		}
		path := strings.TrimPrefix(u, dom)
		resp, body := d.get(t, "GET", path)
		if resp.StatusCode != 200 {
			t.Errorf("built %+v → %s: %d\n%.300s", builds[i], u, resp.StatusCode, body)
		}
	}
}
