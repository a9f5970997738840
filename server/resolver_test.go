package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// dlFixture is the verdict fixture with GTINs: product 1 (Cam Khe Mây)
// has GTIN-13 8934588012228, product 4 (Chè xanh) GTIN-8 96385074, and
// product 1 has a batch of lot L2026-11 besides its batches of lot LÔ-7
// (which cannot be a GS1 AI 10 value).
type dlFixture struct {
	*fixture
	ts      *httptest.Server
	lotted  []stamp.Stamp // of lot L2026-11
	gtin1   string        // 08934588012228
	gtin4   string        // 00000096385074
	baseURI string        // https://txng.example.vn
}

func newDLFixture(t testing.TB, cfg func(*Config)) *dlFixture {
	t.Helper()
	st := storagetest.OpenSQLite(t)
	f := newFixture(t, st, cfg)
	ctx := context.Background()
	for n, g := range map[uint32]string{1: "8934588012228", 4: "96385074"} {
		p, err := st.Product(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		p.GTIN = g
		if err := st.UpdateProduct(ctx, "test", *p); err != nil {
			t.Fatal(err)
		}
	}
	b := &stamp.Batch{ProductNumber: 1, Count: 3, Lot: "L2026-11", ProducedOn: stamp.DateOf(time.Now()).AddDays(-2),
		BestBefore: stamp.DateOf(time.Now()).AddMonths(6), MintedBy: "test"}
	lotted := storagetest.MintSigned(t, st, f.signer, b)
	if err := f.srv.MountResolver(ResolverConfig{Registry: st, BaseURL: baseURL}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(f.srv.Handler())
	t.Cleanup(ts.Close)
	return &dlFixture{fixture: f, ts: ts, lotted: lotted, gtin1: "08934588012228", gtin4: "00000096385074", baseURI: "https://txng.example.vn"}
}

// get sends a request without following redirects.
func (d *dlFixture) get(t *testing.T, method, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestResolverAnswers(t *testing.T) {
	d := newDLFixture(t, nil)
	g1, g4 := d.gtin1, d.gtin4
	serial := func(s stamp.Stamp) string { return stamp.FormatSerial(s.Serial) }
	other := serial(d.participating) // a stamp of product 4
	for _, tc := range []struct {
		name, path string
		headers    []string
		status     int
		location   string   // for 301 and 307
		want       []string // in the body
		wantNot    []string
	}{
		{"product page", "/01/" + g1, []string{acceptBrowser}, 200, "",
			[]string{"Cam Khe Mây", "Mã vạch (GTIN): 08934588012228", "★★★★☆", "HTX Cam Hương Khê", "2101/QĐ-UBND", "Các lô hàng đã cấp tem", `href="/01/08934588012228/10/L2026-11"`, "Lô LÔ-7", "Chứng nhận OCOP"},
			[]string{`href="/01/08934588012228/10/L%C3%94-7"`}},
		{"product page in English", "/01/" + g1 + "?lang=en", nil, 200, "", []string{"Product information", "Stamped batches", "OCOP product rated 4 stars"}, nil},
		{"GTIN-13 redirects to the 14 digits", "/01/8934588012228?lang=en", nil, 301, "/01/08934588012228?lang=en", nil, nil},
		{"GTIN-8 redirects to the 14 digits", "/01/96385074", nil, 301, "/01/00000096385074", nil, nil},
		{"trailing slash", "/01/" + g1 + "/", nil, 301, "/01/" + g1, nil, nil},
		{"GTIN-8 product", "/01/" + g4, nil, 200, "", []string{"Chè xanh", "Sản phẩm tham gia Chương trình OCOP"}, nil},
		{"bad check digit", "/01/08934588012227", nil, 400, "",
			[]string{"ĐƯỜNG DẪN GS1 KHÔNG HỢP LỆ", `lang="en">This link is not a valid GS1 Digital Link`, "ends in 8"}, nil},
		{"bad check digit JSON", "/01/08934588012227", []string{acceptJSON}, 400, "", []string{`"code":"invalid"`, "a GTIN-14 starting 0893458801222 ends in 8"}, nil},
		{"unknown AI", "/01/" + g1 + "/99/x", nil, 400, "", []string{"AI (99) is not a key qualifier"}, nil},
		{"AIs out of order", "/01/" + g1 + "/21/" + serial(d.genuine) + "/10/L2026-11", nil, 400, "", []string{"AI (10) after AI (21)"}, nil},
		{"lot not in character set 82", "/01/" + g1 + "/10/L%C3%94-7", nil, 400, "", []string{"GS1 character set 82"}, nil},
		{"serial with a wrong check digit", "/01/" + g1 + "/21/0000-00001-0", nil, 400, "", []string{"AI (21): serial"}, nil},
		{"unknown GTIN", "/01/04006381333931", nil, 404, "",
			[]string{"KHÔNG CÓ SẢN PHẨM VỚI MÃ GTIN NÀY", "04006381333931", `lang="en">GTIN 04006381333931 belongs to no OCOP product`}, nil},
		{"unknown GTIN JSON", "/01/04006381333931", []string{acceptJSON}, 404, "", []string{`"code":"not_found"`, "no product has GTIN 04006381333931"}, nil},
		{"lot page", "/01/" + g1 + "/10/L2026-11", nil, 200, "", []string{"Lô hàng L2026-11", "Lô L2026-11", "Cam Khe Mây"}, []string{"LÔ-7"}},
		{"unknown lot", "/01/" + g1 + "/10/NOPE", nil, 404, "", []string{"KHÔNG TÌM THẤY LÔ HÀNG", "NOPE"}, nil},
		{"stamp by serial: the typed-serial verdict", "/01/" + g1 + "/21/" + serial(d.lotted[0]), []string{acceptJSON}, 200, "",
			[]string{`"verdict":"serial_found"`, `"reason":"typed_serial"`, `"gtin":"08934588012228"`}, nil},
		{"stamp page", "/01/" + g1 + "/21/" + serial(d.lotted[0]), nil, 200, "", []string{"L2026-11", serial(d.lotted[0])}, nil},
		{"stamp with its lot", "/01/" + g1 + "/10/L2026-11/21/" + serial(d.lotted[1]), []string{acceptJSON}, 200, "", []string{`"verdict":"serial_found"`}, nil},
		{"stamp of another lot", "/01/" + g1 + "/10/L2026-11/21/" + serial(d.genuine), nil, 404, "", []string{"KHÔNG TÌM THẤY TEM"}, nil},
		{"stamp of another product", "/01/" + g1 + "/21/" + other, []string{acceptJSON}, 404, "", []string{"serial " + other + " is not a stamp of GTIN 08934588012228"}, nil},
		{"serial not minted", "/01/" + g1 + "/21/" + d.missingSerial, nil, 404, "", []string{"KHÔNG TÌM THẤY TEM", `lang="en">Serial`}, nil},
		{"serial in digits redirects to its printed form", "/01/" + g1 + "/21/" + strings.ReplaceAll(serial(d.genuine), "-", ""), nil, 301, "/01/" + g1 + "/21/" + serial(d.genuine), nil, nil},
		{"certificate link", "/01/" + g1 + "?linkType=gs1:certificationInfo", nil, 200, "", []string{"2101/QĐ-UBND", "Có hiệu lực đến"}, []string{"HTX Cam Hương Khê", "Các lô hàng đã cấp tem"}},
		{"traceability link", "/01/" + g1 + "?linkType=https://gs1.org/voc/traceability", nil, 200, "", []string{"Các lô hàng đã cấp tem", "L2026-11"}, []string{"2101/QĐ-UBND"}},
		{"a link type the item lacks: the default", "/01/" + g1 + "?linkType=gs1:recipeInfo", nil, 200, "", []string{"HTX Cam Hương Khê", "Các lô hàng đã cấp tem"}, nil},
		{"lot to product page", "/01/" + g1 + "/10/L2026-11?linkType=gs1:pip&lang=en", nil, 307, d.baseURI + "/01/" + g1 + "?lang=en", nil, nil},
		{"stamp to its lot", "/01/" + g1 + "/21/" + serial(d.lotted[0]) + "?linkType=traceability", nil, 307, d.baseURI + "/01/" + g1 + "/10/L2026-11", nil, nil},
		{"stamp of a lot that is no AI value: the product's batches", "/01/" + g1 + "/21/" + serial(d.genuine) + "?linkType=gs1:traceability", nil, 307,
			d.baseURI + "/01/" + g1 + "?linkType=gs1:traceability", nil, nil},
		{"stamp to certificate keeps other parameters", "/01/" + g1 + "/21/" + serial(d.genuine) + "?linkType=gs1:certificationInfo&lang=en", nil, 307,
			d.baseURI + "/01/" + g1 + "?linkType=gs1:certificationInfo&lang=en", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := d.get(t, "GET", tc.path, tc.headers...)
			if resp.StatusCode != tc.status {
				t.Fatalf("GET %s: %d, want %d\n%.600s", tc.path, resp.StatusCode, tc.status, body)
			}
			if tc.location != "" && resp.Header.Get("Location") != tc.location {
				t.Errorf("Location %q, want %q", resp.Header.Get("Location"), tc.location)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%.3000s", w, body)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Error("no CORS header")
			}
		})
	}
}

func TestResolverLinks(t *testing.T) {
	d := newDLFixture(t, nil)
	resp, _ := d.get(t, "GET", "/01/"+d.gtin1)
	link := resp.Header.Get("Link")
	for _, w := range []string{
		`<https://txng.example.vn/01/08934588012228>; rel="gs1:pip"; type="text/html"; hreflang="vi"; hreflang="en"; title="Product information"`,
		`<https://txng.example.vn/01/08934588012228?linkType=gs1:certificationInfo>; rel="gs1:certificationInfo"`,
		`<https://txng.example.vn/01/08934588012228?linkType=gs1:traceability>; rel="gs1:traceability"`,
		`<https://txng.example.vn/01/08934588012228?linkType=linkset>; rel="linkset"; type="application/linkset+json"`,
	} {
		if !strings.Contains(link, w) {
			t.Errorf("Link header lacks %s:\n%s", w, link)
		}
	}
	for _, req := range [][]string{{"/01/" + d.gtin1 + "?linkType=all"}, {"/01/" + d.gtin1 + "?linkType=linkset"}, {"/01/" + d.gtin1, "Accept: application/linkset+json"}} {
		resp, body := d.get(t, "GET", req[0], req[1:]...)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != MediaLinkset {
			t.Fatalf("%v: %d %s", req, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Link"), ", "), `<https://ref.gs1.org/standards/resolver/linkset-context>; rel="http://www.w3.org/ns/json-ld#context"`) {
			t.Errorf("%v: no JSON-LD context link", req)
		}
		var ls struct {
			Linkset []map[string]json.RawMessage `json:"linkset"`
		}
		if err := json.Unmarshal([]byte(body), &ls); err != nil || len(ls.Linkset) != 1 {
			t.Fatalf("%v: linkset %v: %s", req, err, body)
		}
		ctx := ls.Linkset[0]
		var anchor string
		_ = json.Unmarshal(ctx["anchor"], &anchor)
		if anchor != "https://txng.example.vn/01/08934588012228" {
			t.Errorf("anchor %q", anchor)
		}
		var def []struct {
			Href, Title string
			TitleStar   []struct{ Value, Language string } `json:"title*"`
		}
		if err := json.Unmarshal(ctx["https://gs1.org/voc/defaultLink"], &def); err != nil || len(def) != 1 || def[0].Href != anchor || def[0].Title != "Product information" ||
			len(def[0].TitleStar) != 2 || def[0].TitleStar[0].Value != "Thông tin sản phẩm" {
			t.Errorf("default link %+v, %v", def, err)
		}
		for _, k := range []string{"https://gs1.org/voc/pip", "https://gs1.org/voc/certificationInfo", "https://gs1.org/voc/traceability"} {
			if _, ok := ctx[k]; !ok {
				t.Errorf("linkset lacks %s", k)
			}
		}
	}
	// A stamp's linkset: its check is the default.
	_, body := d.get(t, "GET", "/01/"+d.gtin1+"/21/"+stamp.FormatSerial(d.lotted[0].Serial)+"?linkType=all")
	if !strings.Contains(body, `"https://gs1.org/voc/defaultLink":[{"href":"https://txng.example.vn/01/08934588012228/21/`+stamp.FormatSerial(d.lotted[0].Serial)) ||
		!strings.Contains(body, `"https://gs1.org/voc/verificationService"`) || !strings.Contains(body, `"href":"https://txng.example.vn/01/08934588012228/10/L2026-11"`) {
		t.Errorf("stamp linkset:\n%s", body)
	}
}

func TestResolverWellKnownAndOptions(t *testing.T) {
	d := newDLFixture(t, nil)
	resp, body := d.get(t, "GET", WellKnownGS1Resolver)
	var desc struct {
		ResolverRoot         string
		SupportedPrimaryKeys []string
		SupportedLinkType    []struct{ Namespace, Prefix string }
		Name                 string
	}
	if err := json.Unmarshal([]byte(body), &desc); err != nil || resp.StatusCode != 200 || desc.ResolverRoot != "https://txng.example.vn" ||
		len(desc.SupportedPrimaryKeys) != 1 || desc.SupportedPrimaryKeys[0] != "01" || desc.SupportedLinkType[0].Prefix != "gs1:" || desc.Name == "" {
		t.Fatalf("%d %v %+v\n%s", resp.StatusCode, err, desc, body)
	}
	resp, _ = d.get(t, "OPTIONS", "/01/"+d.gtin1)
	if resp.StatusCode != 204 || resp.Header.Get("Allow") != "GET, HEAD, OPTIONS" || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("OPTIONS: %d %v", resp.StatusCode, resp.Header)
	}
	resp, body = d.get(t, "HEAD", "/01/"+d.gtin1)
	if resp.StatusCode != 200 || body != "" || resp.Header.Get("Link") == "" {
		t.Errorf("HEAD: %d %q", resp.StatusCode, body)
	}
	if resp, _ := d.get(t, "POST", "/01/"+d.gtin1); resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// TestResolverSerialRateLimit: a serial in a Digital Link takes from the
// typed-serial bucket, like /serial?s=: the resolver is no way around it.
func TestResolverSerialRateLimit(t *testing.T) {
	d := newDLFixture(t, func(c *Config) { c.SerialRateLimit, c.SerialRateBurst = 0.001, 2 })
	path := "/01/" + d.gtin1 + "/21/" + stamp.FormatSerial(d.lotted[0].Serial)
	for i, want := range []int{200, 200, 429} {
		if resp, _ := d.get(t, "GET", path, acceptJSON); resp.StatusCode != want {
			t.Fatalf("request %d: %d, want %d", i+1, resp.StatusCode, want)
		}
	}
	if resp, _ := d.get(t, "GET", "/01/"+d.gtin1); resp.StatusCode != 200 {
		t.Errorf("a product page counts against the serial bucket: %d", resp.StatusCode)
	}
}

func TestResolverBase(t *testing.T) {
	for in, want := range map[string]string{"HTTPS://TXNG.EXAMPLE.VN": "https://txng.example.vn", "http://127.0.0.1:8080/": "http://127.0.0.1:8080",
		"https://x.vn/tem/": "https://x.vn/tem"} {
		if got, err := resolverBase(in); err != nil || got != want {
			t.Errorf("resolverBase(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "txng.example.vn", "ftp://x.vn", "https://x.vn/?a=1"} {
		if _, err := resolverBase(in); err == nil {
			t.Errorf("resolverBase(%q) accepted", in)
		}
	}
}

// TestBrowserResolver opens a product's Digital Link at phone width, follows
// its lot link and opens an unknown GTIN, checking each page with axe.
// With OCOPSTAMP_SCREENSHOTS=dir it leaves resolver-product-vi.png,
// resolver-lot-vi.png and resolver-404-vi.png there.
func TestBrowserResolver(t *testing.T) {
	d := newDLFixture(t, nil)
	ctx := browsertest.New(t, browsertest.Options{Size: browsertest.Phone})
	var heading, lotHeading, notFound, also string
	browsertest.Run(t, ctx, "product page",
		chromedp.Navigate(d.ts.URL+"/01/8934588012228"), // GTIN-13: redirected to the 14 digits
		chromedp.WaitVisible(".product", chromedp.ByQuery),
		chromedp.Text(".banner h1", &heading, chromedp.ByQuery))
	if heading != "Thông tin sản phẩm" {
		t.Errorf("product page heading %q", heading)
	}
	browsertest.CheckAxe(t, ctx, "resolver product page")
	browsertest.Screenshot(t, ctx, "resolver-product-vi")
	browsertest.Run(t, ctx, "lot page",
		chromedp.Click(`a[href="/01/08934588012228/10/L2026-11"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//h1[contains(., "L2026-11")]`, chromedp.BySearch),
		chromedp.Text(".banner h1", &lotHeading, chromedp.ByQuery))
	browsertest.CheckAxe(t, ctx, "resolver lot page")
	browsertest.Screenshot(t, ctx, "resolver-lot-vi")
	browsertest.Run(t, ctx, "unknown GTIN",
		chromedp.Navigate(d.ts.URL+"/01/04006381333931"),
		chromedp.WaitVisible(".also", chromedp.ByQuery),
		chromedp.Text(".banner h1", &notFound, chromedp.ByQuery),
		chromedp.Text(".also", &also, chromedp.ByQuery))
	if notFound != "KHÔNG CÓ SẢN PHẨM VỚI MÃ GTIN NÀY" || !strings.Contains(also, "belongs to no OCOP product") {
		t.Errorf("unknown GTIN page: %q / %q", notFound, also)
	}
	browsertest.CheckAxe(t, ctx, "resolver 404 page")
	browsertest.Screenshot(t, ctx, "resolver-404-vi")
}
