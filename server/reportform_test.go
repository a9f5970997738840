package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"image/jpeg"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ocop-hatinh/ocopstamp/photo"
	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// form encodes vals as a URL-encoded form body.
func form(vals map[string]string) string {
	v := url.Values{}
	for k, x := range vals {
		v.Set(k, x)
	}
	return v.Encode()
}

// serve sends one request to f's handler from remote (host:port).
func (f *fixture) serve(method, path, body, remote string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.RemoteAddr = remote
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, req)
	return w
}

var styleRE = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// checkReportPage checks what every report page must be: HTML, no script,
// no external asset, its one style sheet allowed by the CSP's hash.
func checkReportPage(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	body := w.Body.String()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
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
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("CSP %q does not allow the page's style sheet", csp)
	}
}

// TestReportForm: the form page in Vietnamese and English, a report sent
// from it, its thank-you page, the JSON variant, mistakes and the rate
// limit, on SQLite and PostgreSQL.
func TestReportForm(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testReportForm(t, storagetest.OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { testReportForm(t, storagetest.OpenPostgres(t)) })
}

func testReportForm(t *testing.T, st storage.Store) {
	f := newFixture(t, st, nil)
	s := f.genuineMore[0]
	text := s.Code().Text()
	const me = "192.0.2.50:9999"

	w := f.serve("GET", "/report/"+strings.ToLower(text), "", me, nil)
	if w.Code != 200 {
		t.Fatalf("form: %d", w.Code)
	}
	page := w.Body.String()
	checkReportPage(t, w)
	for _, want := range []string{`lang="vi"`, "Báo cáo nghi ngờ hàng giả", "Bạn thấy điều gì bất thường?", "không bắt buộc",
		`action="/report/` + text + `"`, "English", `name="what"`, `name="where"`, `name="contact"`,
		`enctype="multipart/form-data"`, `type="file" id="photo" name="photo" accept="image/jpeg,image/png"`, "tối đa 5 MB",
		"Cam Khe Mây", stamp.FormatSerial(s.Serial), "Điện thoại của văn phòng:", testContactPhone} {
		if !strings.Contains(page, want) {
			t.Fatalf("form page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, ">"+text+"<") {
		t.Fatalf("form page shows the 143-character code:\n%s", page)
	}
	w = f.serve("GET", "/report/"+text+"?lang=en", "", me, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Report a suspected fake") || !strings.Contains(w.Body.String(), "Tiếng Việt") {
		t.Fatalf("English form: %d %s", w.Code, w.Body.String())
	}
	// A forged code names the product its header claims; no serial.
	forgedHeader := s.Code()
	forgedHeader.StampID[0] ^= 0xff
	w = f.serve("GET", "/report/"+forgedHeader.Text(), "", me, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Cam Khe Mây") || !strings.Contains(w.Body.String(), "không có trong sổ đăng ký") {
		t.Fatalf("unknown stamp: %d %s", w.Code, w.Body.String())
	}
	w = f.serve("GET", "/report/NOT-A-CODE", "", me, nil)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "không chứa mã tem hợp lệ") {
		t.Fatalf("bad code: %d %s", w.Code, w.Body.String())
	}
	checkReportPage(t, w)

	// A report from the consumer page's link (POST /s/{code}/report).
	w = f.serve("POST", "/s/"+text+"/report", form(map[string]string{"what": "Tem dán đè lên tem cũ",
		"where": "Chợ Hà Tĩnh", "contact": "0912 345 678", "lang": "vi"}), me, nil)
	loc := w.Header().Get("Location")
	if w.Code != 303 || !strings.HasPrefix(loc, "/report/"+text+"?sent=") {
		t.Fatalf("submit: %d %q %s", w.Code, loc, w.Body.String())
	}
	w = f.serve("GET", loc, "", me, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Cảm ơn bạn!") {
		t.Fatalf("thank-you page: %d %s", w.Code, w.Body.String())
	}
	checkReportPage(t, w)

	// JSON clients get 201.
	w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "Hologram missing", "lang": "en"}), me,
		map[string]string{"Accept": "application/json"})
	if w.Code != 201 || !strings.Contains(w.Body.String(), `"stamp_id":"`+s.ID.String()+`"`) {
		t.Fatalf("JSON submit: %d %s", w.Code, w.Body.String())
	}
	// Mistakes: no description, too long, not a code.
	w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "  ", "where": "Chợ Vinh"}), me, nil)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "Hãy mô tả") || !strings.Contains(w.Body.String(), `value="Chợ Vinh"`) {
		t.Fatalf("no description: %d %s", w.Code, w.Body.String())
	}
	checkReportPage(t, w)
	if w = f.serve("POST", "/report/"+text, form(map[string]string{"what": strings.Repeat("x", storage.MaxReportText+1)}), me, nil); w.Code != 400 {
		t.Fatalf("too long: %d", w.Code)
	}
	if w = f.serve("POST", "/s/XYZ/report", form(map[string]string{"what": "x"}), me, nil); w.Code != 400 {
		t.Fatalf("not a code: %d", w.Code)
	}
	// The third accepted report is the last of the burst; the fourth is
	// refused.
	if w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "lần ba"}), me, nil); w.Code != 303 {
		t.Fatalf("third report: %d", w.Code)
	}
	w = f.serve("POST", "/report/"+text, form(map[string]string{"what": "lần bốn"}), me, nil)
	if w.Code != 429 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "nhiều báo cáo") {
		t.Fatalf("fourth report: %d %v %s", w.Code, w.Header(), w.Body.String())
	}
	// Another client may still report, about a forged code too.
	forged := s.Code()
	forged.Signature[0] ^= 1
	if w = f.serve("POST", "/S/"+forged.Text()+"/report", form(map[string]string{"what": "giả"}), "192.0.2.51:1", nil); w.Code != 303 {
		t.Fatalf("other client: %d %s", w.Code, w.Body.String())
	}
	rs, err := f.store.ListConsumerReports(t.Context(), storage.ConsumerReportFilter{Stamp: s.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Four: the forged code carries the same stamp id.
	if len(rs) != 4 || rs[3].Contact != "0912 345 678" || rs[3].WhereBought != "Chợ Hà Tĩnh" || rs[0].Code != forged.Text() {
		t.Fatalf("reports of the stamp: %+v", rs)
	}
}

// TestReportSlowBodyNamesNoAddress: a report whose body arrives too slowly
// gets 408 with a plain message; it used to name the server's internal
// socket address.
func TestReportSlowBodyNamesNoAddress(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	// A socket read past its deadline: the error names both addresses.
	slow := iotest.ErrReader(&net.OpError{Op: "read", Net: "tcp", Source: &net.TCPAddr{IP: net.IPv4(10, 20, 30, 40), Port: 8080},
		Addr: &net.TCPAddr{IP: net.IPv4(10, 99, 0, 7), Port: 51234}, Err: os.ErrDeadlineExceeded})
	req := httptest.NewRequest(http.MethodPost, ReportFormPath+"/"+f.genuine.Code().Text(), slow)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusRequestTimeout || strings.Contains(w.Body.String(), "10.") || !strings.Contains(w.Body.String(), "too slowly") {
		t.Errorf("slow body: %d %s", w.Code, w.Body.String())
	}
}

// TestReportFormOff: without Deps.Reports the form is not served.
func TestReportFormOff(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), nil)
	srv, err := New(Config{RateLimit: -1}, Deps{Lookup: f.svc, Keys: f.keys})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, httptest.NewRequest("GET", ReportFormPath+"/"+f.genuine.Code().Text(), nil))
	if w.Code != http.StatusNotFound {
		t.Fatalf("form without a receiver: %d", w.Code)
	}
}

// multipartForm encodes fields (in the page's order: lang, what, where,
// contact) and, when name is not "", a file part "photo" as a browser
// sends the report form.
func multipartForm(t *testing.T, fields map[string]string, name string, file []byte) (string, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, k := range []string{"lang", "what", "where", "contact"} {
		if v, ok := fields[k]; ok {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if name != "" || file != nil {
		fw, err := mw.CreateFormFile("photo", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), map[string]string{"Content-Type": mw.FormDataContentType()}
}

// TestReportPhoto: the form with a photo. A JPEG whose EXIF holds a GPS
// position is stored without it; a photo over 5 MB gets 413 and the form
// again with what was typed, in the page's language; a file that is not a
// JPEG or PNG, or a header claiming a huge image, gets 400 the same way;
// staff read the stored photo back. On SQLite and PostgreSQL.
func TestReportPhoto(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testReportPhoto(t, storagetest.OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { testReportPhoto(t, storagetest.OpenPostgres(t)) })
}

func testReportPhoto(t *testing.T, st storage.Store) {
	f := newFixture(t, st, func(c *Config) { c.ReportBurst = 100 })
	s := f.genuineMore[1]
	path := ReportFormPath + "/" + s.Code().Text()
	typed := map[string]string{"lang": "vi", "what": "Nắp chai bị bóc", "where": "Chợ Hà Tĩnh", "contact": "0912 345 678"}

	gps := phototest.JPEG(t, phototest.Picture(120, 90), 6)
	body, hdr := multipartForm(t, typed, "IMG_0001.JPG", gps)
	w := f.serve("POST", path, body, "192.0.2.60:1", hdr)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("report with photo: %d %s", w.Code, w.Body.String())
	}
	rs, err := f.store.ListConsumerReports(t.Context(), storage.ConsumerReportFilter{Stamp: s.ID})
	if err != nil || len(rs) != 1 || !rs[0].HasPhoto || rs[0].What != typed["what"] || rs[0].Contact != typed["contact"] {
		t.Fatalf("stored: %+v %v", rs, err)
	}
	data, typ, err := f.store.ConsumerReportPhoto(t.Context(), rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(gps, phototest.GPSLatitude) {
		t.Fatal("the test photo lost its GPS block before it was sent")
	}
	if typ != "image/jpeg" || bytes.Contains(data, phototest.GPSLatitude) || bytes.Contains(data, []byte("Exif")) {
		t.Fatalf("stored photo (%s, %d bytes) keeps its EXIF or GPS position", typ, len(data))
	}
	if img, err := jpeg.Decode(bytes.NewReader(data)); err != nil || img.Bounds().Dx() != 90 || img.Bounds().Dy() != 120 {
		t.Fatalf("stored photo is not the picture turned upright: %v", err)
	}

	// No file chosen: the browser sends an empty part; no photo stored.
	body, hdr = multipartForm(t, typed, "", []byte{})
	if w = f.serve("POST", path, body, "192.0.2.60:1", hdr); w.Code != http.StatusSeeOther {
		t.Fatalf("report without photo: %d %s", w.Code, w.Body.String())
	}

	for _, c := range []struct {
		name, lang string
		file       []byte
		status     int
		want       string
	}{
		{"over 5 MB", "vi", append(append([]byte{}, gps...), make([]byte, photo.MaxBytes)...), 413, "Ảnh quá lớn: tối đa 5 MB"},
		{"over 5 MB", "en", append(append([]byte{}, gps...), make([]byte, photo.MaxBytes)...), 413, "The photo is too large: at most 5 MB"},
		{"not an image", "vi", []byte("%PDF-1.7 not a photo"), 400, "không phải ảnh JPEG hoặc PNG"},
		{"bomb", "en", phototest.HugePNG(30000, 30000), 400, "too many pixels"},
	} {
		in := map[string]string{"lang": c.lang, "what": "Tem " + c.name, "where": "Chợ Vinh", "contact": "vp@example.vn"}
		body, hdr := multipartForm(t, in, "photo.jpg", c.file)
		w := f.serve("POST", path, body, "192.0.2.61:1", hdr)
		page := w.Body.String()
		if w.Code != c.status || !strings.Contains(page, c.want) {
			t.Fatalf("%s (%s): %d, want %d and %q:\n%s", c.name, c.lang, w.Code, c.status, c.want, page)
		}
		for _, kept := range []string{">Tem " + c.name + "</textarea>", `value="Chợ Vinh"`, `value="vp@example.vn"`, `lang="` + c.lang + `"`,
			"Cam Khe Mây", stamp.FormatSerial(s.Serial)} {
			if !strings.Contains(page, kept) {
				t.Fatalf("%s (%s): the form lost %q:\n%s", c.name, c.lang, kept, page)
			}
		}
		checkReportPage(t, w)
	}
	if rs, _ := f.store.ListConsumerReports(t.Context(), storage.ConsumerReportFilter{Stamp: s.ID}); len(rs) != 2 {
		t.Fatalf("refused photos stored reports: %d", len(rs))
	}
	// An announced body over MaxReportUpload is refused before it is read.
	req := httptest.NewRequest("POST", path, strings.NewReader("x"))
	req.ContentLength = MaxReportUpload + 1
	req.Header.Set("Content-Type", hdr["Content-Type"])
	w = httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("body over %d: %d", MaxReportUpload, w.Code)
	}
}
