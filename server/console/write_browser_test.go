package console_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/examples"
	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
)

// TestBrowserOfficeMonth is a clerk's month in the browser, on an empty
// registry: upload the sample CSVs (one with errors first: shown, nothing
// written), add a product with a mistake, mint 100, print them on a4-40,
// download the PDF and scan it back, revoke a serial range and see a
// consumer page turn to revoked, answer the inbox, issue and revoke a
// token.
func TestBrowserOfficeMonth(t *testing.T) {
	t.Parallel()
	e := newBareEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	b := e.browser(browsertest.Desktop)
	b.signIn("office")

	// A facilities file with mistakes: every problem is listed, nothing
	// is written.
	bad := filepath.Join(dir, "co-so-loi.csv")
	must(t, os.WriteFile(bad, []byte("code,name,district\nHT-X-1,,Hương Khê\nHT-X-2,HTX Sai Huyện,Huyện Không Có\n"), 0o644))
	b.upload("facilities", bad)
	if txt := b.text(); !strings.Contains(txt, "lỗi trong tệp co-so-loi.csv") || !strings.Contains(txt, "Không có gì được ghi") {
		t.Errorf("the problems of a bad file are not shown:\n%s", txt)
	}
	b.check("import-errors")
	if fs, _ := e.store.Facilities(ctx); len(fs) != 0 {
		t.Fatalf("a file with mistakes wrote %d facilities", len(fs))
	}
	// The sample files: a preview, then written.
	for i, kind := range []string{"communes", "facilities", "products", "certifications", "points-of-sale"} {
		path := filepath.Join(dir, kind+".csv")
		data, err := examples.FS.ReadFile(kind + ".csv")
		must(t, err)
		must(t, os.WriteFile(path, data, 0o644))
		b.upload(kind, path)
		if !strings.Contains(b.text(), "Xem trước") {
			t.Fatalf("no preview of %s:\n%s", kind, b.text())
		}
		if i == 1 {
			b.check("import-preview")
		}
		b.run("write "+kind, chromedp.Click(`form[action="/office/import"] button[type=submit]`, chromedp.ByQuery),
			chromedp.WaitVisible(`p.flash`, chromedp.ByQuery))
	}
	fs, err := e.store.Facilities(ctx)
	must(t, err)
	if len(fs) == 0 {
		t.Fatal("the sample facilities were not imported")
	}
	b.check("facilities-imported")

	// A product with a bad GTIN: the error is next to the field.
	b.open("/office/products/new")
	b.run("add a product with a bad GTIN",
		chromedp.SetValue("#f-number", "2001", chromedp.ByID),
		chromedp.SetValue("#f-facility", fs[0].Code, chromedp.ByID),
		chromedp.SetValue("#f-name", "Mật ong thử nghiệm (mẫu)", chromedp.ByID),
		chromedp.SetValue("#f-group", stamp.ProductGroups[0], chromedp.ByID),
		chromedp.SetValue("#f-gtin", "12345", chromedp.ByID),
		chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#e-gtin`, chromedp.ByID))
	b.check("product-form-error")
	b.run("fix the GTIN", chromedp.Evaluate(`document.getElementById('f-gtin').value = ''`, nil),
		chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery))
	if _, err := e.store.Product(ctx, 2001); err != nil {
		t.Errorf("the corrected product was not stored: %v", err)
	}

	// Mint 100 for a certified sample product.
	product := firstProduct(t, e.store)
	b.open("/office/batches/new")
	b.check("mint-form")
	b.run("mint 100",
		chromedp.SetValue("#f-product", strconv.FormatUint(uint64(product), 10), chromedp.ByID),
		chromedp.SetValue("#f-count", "100", chromedp.ByID),
		chromedp.SetValue("#f-lot", "LÔ-THÁNG-11", chromedp.ByID),
		chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#h-print`, chromedp.ByID))
	bs, err := e.store.BatchesOf(ctx, product)
	must(t, err)
	if len(bs) != 1 || bs[0].Count != 100 || bs[0].MintedBy != "chị office" {
		t.Fatalf("batches after minting 100: %+v", bs)
	}
	batch := bs[0]
	b.check("batch")

	// Print on a4-40 and download the PDF.
	pdf := b.download(`form[action$="/print"] button[type=submit]`, func() {
		b.run("choose a4-40", chromedp.SetValue("#f-template", "a4-40", chromedp.ByID))
	})
	if !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("the download is not a PDF (%d bytes)", len(pdf))
	}
	scanned := scanFirstSheet(t, pdf)
	if len(scanned) != 40 {
		t.Errorf("scanned %d codes from the first a4-40 sheet, want 40", len(scanned))
	}
	for _, text := range scanned {
		code, _, err := stamp.DecodeAndVerify(text, e.keys)
		if err != nil || code.Product != product {
			t.Errorf("scanned %q: %v (product %d)", text, err, code.Product)
		}
	}
	if es := auditOf(t, e, "batch.print"); len(es) != 1 || es[0].Actor != "chị office" {
		t.Errorf("print audit entries: %+v", es)
	}

	// Revoke serials first+10 … first+19.
	from, to := batch.FirstSerial+10, batch.FirstSerial+19
	b.open("/office/revoke")
	b.run("revoke a serial range",
		chromedp.SetValue("#f-first", stamp.FormatSerial(from), chromedp.ByID),
		chromedp.SetValue("#f-last", stamp.FormatSerial(to), chromedp.ByID),
		chromedp.SetValue("#f-reason", "Cuộn nhãn bị mất (mẫu)", chromedp.ByID))
	b.check("revoke-form")
	b.run("send", chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery))
	if !strings.Contains(b.text(), "Đã thu hồi 10 tem") {
		t.Errorf("no confirmation of 10 revoked stamps:\n%s", b.text())
	}
	st, err := e.store.StampBySerial(ctx, from+4)
	must(t, err)
	b.open("/s/" + st.Code().Text())
	if txt := b.text(); !strings.Contains(txt, "TEM ĐÃ BỊ THU HỒI") || !strings.Contains(txt, "Cuộn nhãn bị mất") {
		t.Errorf("the consumer page of a revoked stamp does not say so:\n%s", txt)
	}
	browsertest.Screenshot(t, b.ctx, "consumer-revoked-"+b.size)

	// The inbox: a consumer report, handled.
	rep := &storage.ConsumerReport{StampID: st.ID, Code: st.Code().Text(), What: "Tem bị bóc ra dán lại (mẫu)", WhereBought: "Chợ Hà Tĩnh", Lang: "vi"}
	must(t, e.store.AddConsumerReport(ctx, rep))
	b.open("/office/inbox")
	sel := "#s-consumer_report-" + strconv.FormatInt(rep.ID, 10)
	b.run("handle a report", chromedp.SetValue(sel, "in_progress", chromedp.ByQuery),
		chromedp.SetValue("#n-consumer_report-"+strconv.FormatInt(rep.ID, 10), "Đã báo thanh tra Hương Sơn", chromedp.ByQuery),
		chromedp.Click(`form[action^="/office/inbox/consumer_report/`+strconv.FormatInt(rep.ID, 10)+`"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`p.flash`, chromedp.ByQuery))
	if !strings.Contains(b.text(), "Đã báo thanh tra Hương Sơn") {
		t.Error("the inbox does not show the office's note")
	}
	b.check("inbox")

	// Tokens: issue one (shown once), revoke it.
	b.open("/office/tokens")
	b.run("issue a token", chromedp.SetValue("#f-name", "Thanh tra Hương Sơn", chromedp.ByID), chromedp.SetValue("#f-role", "inspector", chromedp.ByID),
		chromedp.Click(`form[action="/office/tokens"] button`, chromedp.ByQuery), chromedp.WaitVisible(`p.token`, chromedp.ByQuery))
	var text string
	b.run("read the token", chromedp.Text(`p.token`, &text, chromedp.ByQuery))
	if !strings.HasPrefix(text, "ocop_") {
		t.Errorf("new token shown as %q", text)
	}
	b.check("token-created")
	tok, err := e.store.Token(ctx, "Thanh tra Hương Sơn")
	must(t, err)
	b.run("revoke it", chromedp.Click(`form[action="/office/tokens/`+strconv.FormatInt(tok.ID, 10)+`/revoke"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`p.flash`, chromedp.ByQuery))
	if tok, _ = e.store.Token(ctx, "Thanh tra Hương Sơn"); tok.RevokedAt == nil {
		t.Error("the token was not revoked")
	}
}

// upload sends a registry CSV of kind through the import form.
func (b *browser) upload(kind, path string) {
	b.t.Helper()
	b.open("/office/import")
	b.run("upload "+path, chromedp.SetValue("#f-kind", kind, chromedp.ByID),
		chromedp.SetUploadFiles("#f-file", []string{path}, chromedp.ByID),
		chromedp.Click(`form[action="/office/import"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`section.errors, #h-preview`, chromedp.ByQuery))
}

// download clicks sel (after prepare) and returns the file the browser
// downloads.
func (b *browser) download(sel string, prepare func()) []byte {
	b.t.Helper()
	dir := b.t.TempDir()
	done := make(chan string, 1)
	listen := func(v any) {
		if ev, ok := v.(*cdpbrowser.EventDownloadProgress); ok && ev.State == cdpbrowser.DownloadProgressStateCompleted {
			select {
			case done <- ev.GUID:
			default:
			}
		}
	}
	chromedp.ListenBrowser(b.ctx, listen)
	chromedp.ListenTarget(b.ctx, listen)
	b.run("allow downloads", cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName).
		WithDownloadPath(dir).WithEventsEnabled(true))
	prepare()
	b.run("download", chromedp.Click(sel, chromedp.ByQuery))
	select {
	case guid := <-done:
		data, err := os.ReadFile(filepath.Join(dir, guid))
		must(b.t, err)
		return data
	case <-time.After(90 * time.Second):
		b.t.Fatal("the download did not finish")
	}
	return nil
}

// scanFirstSheet rasterises the PDF's first page with pdftoppm and reads
// every QR code on it.
func scanFirstSheet(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftoppm (poppler-utils) is needed to scan printed sheets back")
		}
		t.Skip("no pdftoppm: install poppler-utils to scan printed sheets back")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "sheet.pdf")
	must(t, os.WriteFile(in, pdf, 0o644))
	out, err := exec.Command("pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img, err := qrimage.ReadFile(filepath.Join(dir, "page.png"))
	must(t, err)
	var texts []string
	for _, c := range qrimage.Decode(img) {
		texts = append(texts, c.Text)
	}
	return texts
}

// auditOf returns the audit entries with action.
func auditOf(t *testing.T, e *env, action string) []stamp.AuditEntry {
	t.Helper()
	es, err := e.store.AuditLog(context.Background(), time.Time{}, 0)
	must(t, err)
	var out []stamp.AuditEntry
	for _, a := range es {
		if a.Action == action {
			out = append(out, a)
		}
	}
	return out
}
