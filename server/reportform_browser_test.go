package server

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocop-hatinh/ocopstamp/internal/browsertest"
	"github.com/ocop-hatinh/ocopstamp/photo"
	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestBrowserReportForm fills the report form at phone width in a real
// browser, without JavaScript of ours: text, then a photo that carries a
// GPS position, and sends it (multipart). The thank-you page follows; the
// stored photo has no GPS block. A photo over 5 MB brings the form back
// with what was typed. axe-core checks each page. With
// OCOPSTAMP_SCREENSHOTS=dir it leaves report-*.png there.
func TestBrowserReportForm(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	ctx := browsertest.New(t, browsertest.Options{Size: browsertest.Phone})
	s := f.genuineMore[2]
	dir := t.TempDir()
	small := filepath.Join(dir, "IMG_2041.jpg")
	big := filepath.Join(dir, "IMG_2042.jpg")
	gps := phototest.JPEG(t, phototest.Picture(1200, 900), 6)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(small, gps, 0o600))
	must(os.WriteFile(big, append(append([]byte{}, gps...), make([]byte, photo.MaxBytes)...), 0o600))
	form := f.ts.URL + ReportFormPath + "/" + s.Code().Text()

	var product, serial string
	browsertest.Run(t, ctx, "open the form",
		chromedp.Navigate(form),
		chromedp.WaitVisible("#what", chromedp.ByID),
		chromedp.Text(".subject dd.strong", &product, chromedp.ByQuery),
		chromedp.Text(".subject .serial", &serial, chromedp.ByQuery),
	)
	if product != "Cam Khe Mây" || serial != stamp.FormatSerial(s.Serial) {
		t.Errorf("form names %q %q", product, serial)
	}
	browsertest.CheckAxe(t, ctx, "report form")
	browsertest.Screenshot(t, ctx, "report-form-vi")

	// A photo over 5 MB: the form comes back with what was typed.
	var errText, what, where string
	browsertest.Run(t, ctx, "send a photo over 5 MB",
		chromedp.SendKeys("#what", "Tem in mờ, nắp chai đã bị bóc", chromedp.ByID),
		chromedp.SendKeys("#where", "Chợ Hà Tĩnh, ki-ốt 12", chromedp.ByID),
		chromedp.SetUploadFiles("#photo", []string{big}, chromedp.ByID),
		chromedp.Click("button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".err", chromedp.ByQuery),
		chromedp.Text(".err", &errText, chromedp.ByQuery),
		chromedp.Value("#what", &what, chromedp.ByID),
		chromedp.Value("#where", &where, chromedp.ByID),
	)
	if !strings.Contains(errText, "Ảnh quá lớn") || what != "Tem in mờ, nắp chai đã bị bóc" || where != "Chợ Hà Tĩnh, ki-ốt 12" {
		t.Errorf("after a photo over 5 MB: %q, what %q, where %q", errText, what, where)
	}
	browsertest.CheckAxe(t, ctx, "report form, photo too large")
	browsertest.Screenshot(t, ctx, "report-photo-too-large-vi")

	// The same form with a photo that fits.
	var heading string
	browsertest.Run(t, ctx, "send the report with a photo",
		chromedp.SendKeys("#contact", "0912 345 678", chromedp.ByID),
		chromedp.SetUploadFiles("#photo", []string{small}, chromedp.ByID),
	)
	browsertest.Screenshot(t, ctx, "report-form-filled-vi")
	browsertest.Run(t, ctx, "submit",
		chromedp.Click("button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".banner.ok", chromedp.ByQuery),
		chromedp.Text(".banner h1", &heading, chromedp.ByQuery),
	)
	if heading != "Cảm ơn bạn!" {
		t.Errorf("after sending: %q", heading)
	}
	browsertest.CheckAxe(t, ctx, "report sent")
	browsertest.Screenshot(t, ctx, "report-sent-vi")

	browsertest.Run(t, ctx, "the form in English", chromedp.Navigate(form+"?lang=en"), chromedp.WaitVisible("#photo", chromedp.ByID))
	browsertest.CheckAxe(t, ctx, "report form (English)")
	browsertest.Screenshot(t, ctx, "report-form-en")

	rs, err := f.store.ListConsumerReports(t.Context(), storage.ConsumerReportFilter{Stamp: s.ID})
	must(err)
	if len(rs) != 1 || !rs[0].HasPhoto || rs[0].Contact != "0912 345 678" || rs[0].WhereBought != "Chợ Hà Tĩnh, ki-ốt 12" {
		t.Fatalf("stored: %+v", rs)
	}
	data, typ, err := f.store.ConsumerReportPhoto(t.Context(), rs[0].ID)
	must(err)
	if typ != photo.JPEG || bytes.Contains(data, phototest.GPSLatitude) || bytes.Contains(data, []byte("Exif")) {
		t.Fatalf("stored photo (%s) keeps its EXIF or GPS position", typ)
	}
}
