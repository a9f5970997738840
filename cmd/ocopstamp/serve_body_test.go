package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestServeReportFormVietnamese: a consumer report in Vietnamese at the
// documented limits (2,000 characters of what, 300 of where and contact),
// about 25 KB URL-encoded, is accepted by the server as served; it was
// refused 413 by the 8 KiB body cap. One character more is refused with 400.
func TestServeReportFormVietnamese(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	e := &Env{IO: &IO{Out: io.Discard, Err: io.Discard}, Command: "serve", DB: c.db, KeysDir: filepath.Join(c.dir, "keys"), BaseURL: "https://txng.example.vn"}
	defer e.close()
	srv, _, closeAll, err := buildServer(context.Background(), e, serveOptions{rateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	code := stamp.Code{Header: stamp.Header{Product: 1006, StampID: uuid.New()}}.Text()
	post := func(path string, what, where, contact string) *httptest.ResponseRecorder {
		form := url.Values{"what": {what}, "where": {where}, "contact": {contact}, "lang": {"vi"}}.Encode()
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = "192.0.2.9:1234"
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		return rec
	}
	what := strings.Repeat("ệ", 2000) // 3 bytes of UTF-8, 9 URL-encoded
	where := strings.Repeat("ữ", 300)
	contact := strings.Repeat("đ", 300)
	for _, path := range []string{"/report/" + code, "/s/" + code + "/report"} {
		if rec := post(path, what, where, contact); rec.Code != http.StatusSeeOther {
			t.Fatalf("POST %s at the documented limits: %d %s", path, rec.Code, rec.Body.String())
		}
	}
	if rec := post("/report/"+code, what+"ệ", where, contact); rec.Code != http.StatusBadRequest {
		t.Fatalf("2,001 characters: %d, want 400", rec.Code)
	}
}
