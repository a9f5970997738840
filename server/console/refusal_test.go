package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// bilingual checks that body shows the refusal first (the page's language)
// and then second in a span marked with the other language, right after it.
func bilingual(t *testing.T, what, body, first, second, secondLang string) {
	t.Helper()
	text := html.UnescapeString(body)
	i := strings.Index(text, first)
	if i < 0 {
		t.Errorf("%s: %q is not shown:\n%s", what, first, body)
		return
	}
	rest := text[i+len(first):]
	span := `<span class="alt" lang="` + secondLang + `">`
	j := strings.Index(rest, span)
	if j < 0 || strings.Contains(rest[:j], "<") || !strings.HasPrefix(rest[j+len(span):], second) {
		t.Errorf("%s: %q is not followed by %s%q:\n%s", what, first, span, second, body)
	}
}

// TestRefusalsInVietnamese: the office layer's refusals show in the
// console in Vietnamese first, then English; with the console in English,
// the other way round (issue 12, left over).
func TestRefusalsInVietnamese(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	o := e.client()
	csrf := o.signIn("office")
	id := e.batch.ID.String()
	path := "/office/batches/" + id

	r := o.post(path+"/revoke", url.Values{"csrf": {csrf}, "reason": {"  "}})
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("revoke without reason: %d, want 400", r.StatusCode)
	}
	bilingual(t, "revoke without reason", r.body, "Cần nêu lý do thu hồi (người tiêu dùng quét tem sẽ thấy lý do này)",
		"reason is required to revoke (consumers who scan the stamp see it)", "en")

	if r := o.post(path+"/revoke", url.Values{"csrf": {csrf}, "reason": {"lô hỏng"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	r = o.post(path+"/print", url.Values{"csrf": {csrf}, "template": {"a4-40"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("print of a revoked batch: %d, want 409", r.StatusCode)
	}
	bilingual(t, "print of a revoked batch", r.body,
		"Lô tem "+id+" đã bị thu hồi (lô hỏng): cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)",
		"batch "+id+" is revoked (lô hỏng); print it anyway with force and a reason (recorded in the audit log)", "en")

	r = o.post("/office/tokens", url.Values{"csrf": {csrf}, "name": {"chị viewer"}, "role": {"viewer"}})
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("token with a used name: %d, want 400", r.StatusCode)
	}
	bilingual(t, "token with a used name", r.body, `Đã có mã truy cập tên "chị viewer" (tên đã dùng thì không dùng lại)`,
		`a token named "chị viewer" exists already (names are never reused)`, "en")

	r = o.get("/office/products/424242/edit")
	if r.StatusCode != http.StatusNotFound {
		t.Errorf("edit of a missing product: %d, want 404", r.StatusCode)
	}
	bilingual(t, "edit of a missing product", r.body, "Không tìm thấy sản phẩm 424242", "product 424242 not found", "en")

	// The console in English: English first, Vietnamese second.
	if r := o.get("/office/?lang=en"); r.StatusCode != http.StatusOK {
		t.Fatalf("switch to English: %d", r.StatusCode)
	}
	r = o.post(path+"/print", url.Values{"csrf": {csrf}, "template": {"a4-40"}})
	bilingual(t, "print of a revoked batch, in English", r.body,
		"batch "+id+" is revoked (lô hỏng); print it anyway with force and a reason (recorded in the audit log)",
		"Lô tem "+id+" đã bị thu hồi (lô hỏng): cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)", "vi")
}

// TestInboxRefusalInVietnamese: an unknown inbox state is refused next to
// the item in Vietnamese first.
func TestInboxRefusalInVietnamese(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := &storage.ConsumerReport{StampID: e.batch.ID, What: "Tem lạ (mẫu)", Lang: "vi"}
	must(t, e.store.AddConsumerReport(context.Background(), rep))
	c := e.client()
	csrf := c.signIn("inspector")
	r := c.post("/office/inbox/consumer_report/"+strconv.FormatInt(rep.ID, 10), url.Values{"csrf": {csrf}, "state": {"lost"}})
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad state: %d, want 400", r.StatusCode)
	}
	bilingual(t, "bad inbox state", r.body,
		`Tình trạng "lost" không hợp lệ; chỉ nhận một trong: new, seen, in_progress, closed`,
		`inbox state "lost": want new, seen, in_progress, closed`, "en")
}

// TestBrowserRefusalPhone: at phone width, printing a revoked batch shows
// the refusal in Vietnamese with the English below it (screenshot
// refusal-print-phone), and the page passes axe-core.
func TestBrowserRefusalPhone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	must(t, e.store.RevokeBatch(context.Background(), "chị office", e.batch.ID, "cuộn nhãn bị mất"))
	b := e.browser(browsertest.Phone)
	b.signIn("office")
	b.open("/office/batches/" + e.batch.ID.String())
	b.run("print the revoked batch without a reason",
		chromedp.Click(`form[action$="/print"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`p.error span.alt`, chromedp.ByQuery))
	var vi, en string
	b.run("read the refusal", chromedp.Evaluate(`document.querySelector("p.error span.alt").parentElement.innerText`, &vi),
		chromedp.Text(`p.error span.alt`, &en, chromedp.ByQuery))
	if !strings.HasPrefix(vi, "Lô tem "+e.batch.ID.String()+" đã bị thu hồi (cuộn nhãn bị mất): cần nêu lý do nếu vẫn muốn in") {
		t.Errorf("the refusal does not start in Vietnamese: %q", vi)
	}
	if !strings.HasPrefix(en, "batch "+e.batch.ID.String()+" is revoked") {
		t.Errorf("the English line is %q", en)
	}
	var w int
	b.run("page width", chromedp.Evaluate(`document.documentElement.scrollWidth`, &w))
	if w > browsertest.Phone.W {
		t.Errorf("the page is %d px wide at phone width %d", w, browsertest.Phone.W)
	}
	b.check("refusal-print")
}

// TestImportProblemsInVietnamese: the problems of a registry CSV file are
// listed in Vietnamese first, then English.
func TestImportProblemsInVietnamese(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	o := e.client()
	csrf := o.signIn("office")
	csv := "code,name,district\nHT-X-1,,Hương Khê\nHT-X-2,HTX Sai Huyện,Huyện Không Có\n" + e.batch.FacilityCode + ",HTX trùng,Hương Khê\n"
	r := o.post("/office/import", url.Values{"csrf": {csrf}, "confirm": {"1"}, "kind": {"facilities"}, "file_name": {"co-so-loi.csv"}, "csv": {csv}})
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("a file with mistakes: %d, want 400", r.StatusCode)
	}
	bilingual(t, "empty cell", r.body, "Cột name đang để trống", "name is empty", "en")
	bilingual(t, "unknown district", r.body, `Huyện "Huyện Không Có" không có trong danh mục; chọn một trong:`, `unknown district "Huyện Không Có": want one of`, "en")
	bilingual(t, "registered facility", r.body, "Mã cơ sở "+e.batch.FacilityCode+" đã có trong danh mục (hoặc lặp lại trong tệp)",
		"facility code "+e.batch.FacilityCode+" is already registered (or repeated in the file)", "en")
}
