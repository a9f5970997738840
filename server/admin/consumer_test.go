package admin_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func form(vals map[string]string) string {
	v := url.Values{}
	for k, x := range vals {
		v.Set(k, x)
	}
	return v.Encode()
}

func (f *fixture) post(path, body string, header map[string]string) (int, string, map[string][]string) {
	f.t.Helper()
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for k, v := range header {
		h[k] = v
	}
	w := f.do(call{method: "POST", path: path, body: body, header: h, remote: "192.0.2.50:9999"})
	return w.Code, w.Body.String(), w.Header()
}

var styleRE = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// checkPage checks what every report page must be: HTML, no script, no
// external asset, its one style sheet allowed by the CSP's hash.
func checkPage(t *testing.T, body string, header map[string][]string) {
	t.Helper()
	if ct := strings.Join(header["Content-Type"], ""); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("content type %q", ct)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Fatalf("page has a script or an external reference:\n%s", body)
	}
	m := styleRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("page has no style sheet")
	}
	sum := sha256.Sum256([]byte(m[1]))
	csp := strings.Join(header["Content-Security-Policy"], "")
	if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("CSP %q does not allow the page's style sheet", csp)
	}
}

// TestConsumerReport: the form page in Vietnamese and English, a report
// sent from it, its thank-you page, the JSON variant, mistakes, the rate
// limit, and who may read the reports.
func TestConsumerReport(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		st := f.stamps[3]
		text := st.Code().Text()

		w := f.do(call{method: "GET", path: "/report/" + strings.ToLower(text)})
		if w.Code != 200 {
			t.Fatalf("form: %d", w.Code)
		}
		page := w.Body.String()
		checkPage(t, page, w.Header())
		for _, want := range []string{`lang="vi"`, "Báo cáo nghi ngờ hàng giả", "Bạn thấy điều gì bất thường?", "không bắt buộc",
			`action="/report/` + text + `"`, "English", `name="what"`, `name="where"`, `name="contact"`} {
			if !strings.Contains(page, want) {
				t.Fatalf("form page lacks %q:\n%s", want, page)
			}
		}
		w = f.do(call{method: "GET", path: "/report/" + text + "?lang=en"})
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Report a suspected fake") || !strings.Contains(w.Body.String(), "Tiếng Việt") {
			t.Fatalf("English form: %d %s", w.Code, w.Body.String())
		}
		w = f.do(call{method: "GET", path: "/report/NOT-A-CODE"})
		if w.Code != 400 || !strings.Contains(w.Body.String(), "không chứa mã tem hợp lệ") {
			t.Fatalf("bad code: %d %s", w.Code, w.Body.String())
		}
		checkPage(t, w.Body.String(), w.Header())

		// A report from the consumer page's link (POST /s/{code}/report).
		code, body, hdr := f.post("/s/"+text+"/report", form(map[string]string{"what": "Tem dán đè lên tem cũ",
			"where": "Chợ Hà Tĩnh", "contact": "0912 345 678", "lang": "vi"}), nil)
		loc := strings.Join(hdr["Location"], "")
		if code != 303 || !strings.HasPrefix(loc, "/report/"+text+"?sent=") {
			t.Fatalf("submit: %d %q %s", code, loc, body)
		}
		w = f.do(call{method: "GET", path: loc})
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Cảm ơn bạn!") {
			t.Fatalf("thank-you page: %d %s", w.Code, w.Body.String())
		}
		checkPage(t, w.Body.String(), w.Header())

		// JSON clients get 201.
		code, body, _ = f.post("/report/"+text, form(map[string]string{"what": "Hologram missing", "lang": "en"}),
			map[string]string{"Accept": "application/json"})
		if code != 201 || !strings.Contains(body, `"stamp_id":"`+st.ID.String()+`"`) {
			t.Fatalf("JSON submit: %d %s", code, body)
		}
		// Mistakes: no description, too long, not a code.
		code, body, hdr = f.post("/report/"+text, form(map[string]string{"what": "  ", "where": "Chợ Vinh"}), nil)
		if code != 400 || !strings.Contains(body, "Hãy mô tả") || !strings.Contains(body, `value="Chợ Vinh"`) {
			t.Fatalf("no description: %d %s", code, body)
		}
		checkPage(t, body, hdr)
		code, _, _ = f.post("/report/"+text, form(map[string]string{"what": strings.Repeat("x", storage.MaxReportText+1)}), nil)
		if code != 400 {
			t.Fatalf("too long: %d", code)
		}
		code, _, _ = f.post("/s/XYZ/report", form(map[string]string{"what": "x"}), nil)
		if code != 400 {
			t.Fatalf("not a code: %d", code)
		}
		// The third accepted report is the last of the burst; the fourth is
		// refused.
		code, _, _ = f.post("/report/"+text, form(map[string]string{"what": "lần ba"}), nil)
		if code != 303 {
			t.Fatalf("third report: %d", code)
		}
		code, body, hdr = f.post("/report/"+text, form(map[string]string{"what": "lần bốn"}), nil)
		if code != 429 || len(hdr["Retry-After"]) == 0 || !strings.Contains(body, "nhiều báo cáo") {
			t.Fatalf("fourth report: %d %v %s", code, hdr, body)
		}
		// Another client may still report, about a forged code too.
		forged := st.Code()
		forged.Signature[0] ^= 1
		w = f.do(call{method: "POST", path: "/S/" + forged.Text() + "/report", body: form(map[string]string{"what": "giả"}),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, remote: "192.0.2.51:1"})
		if w.Code != 303 {
			t.Fatalf("other client: %d %s", w.Code, w.Body.String())
		}

		// Office and inspectors read the reports; viewers may not.
		var list struct {
			Reports []map[string]any `json:"consumer_reports"`
		}
		f.ok(stamp.RoleInspector, "GET", p+"/consumer-reports?stamp="+stamp.FormatSerial(st.Serial), "", 200, &list)
		// Four: the forged code carries the same stamp id.
		if len(list.Reports) != 4 || list.Reports[3]["contact"] != "0912 345 678" || list.Reports[3]["where_bought"] != "Chợ Hà Tĩnh" ||
			list.Reports[0]["code"] != forged.Text() {
			t.Fatalf("reports of the stamp: %v", list.Reports)
		}
		f.ok(stamp.RoleOffice, "GET", p+"/consumer-reports?since=1h&limit=2", "", 200, &list)
		if len(list.Reports) != 2 {
			t.Fatalf("all reports: %d", len(list.Reports))
		}
		if w := f.as(stamp.RoleViewer, "GET", p+"/consumer-reports", ""); w.Code != 403 {
			t.Fatalf("viewer: %d", w.Code)
		}
		n, err := f.store.ConsumerReportCount(t.Context(), st.ID)
		must(t, err)
		if n != 4 {
			t.Fatalf("count on the stamp: %d", n)
		}
	})
}
