package admin_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// slowBody fails as a socket read past its deadline does: the error text
// names both socket addresses.
type slowBody struct{}

func (slowBody) Read([]byte) (int, error) {
	return 0, &net.OpError{Op: "read", Net: "tcp",
		Source: &net.TCPAddr{IP: net.IPv4(10, 20, 30, 40), Port: 8080},
		Addr:   &net.TCPAddr{IP: net.IPv4(10, 99, 0, 7), Port: 51234}, Err: os.ErrDeadlineExceeded}
}

// TestSlowBodyNamesNoAddress: a request body that arrives too slowly gets
// 408 with a plain message; it used to name the server's internal socket
// address.
func TestSlowBodyNamesNoAddress(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	send := func(path, ctype string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, path, slowBody{})
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", "Bearer "+f.tokens[stamp.RoleOffice])
		w := httptest.NewRecorder()
		f.engine.ServeHTTP(w, req)
		return w
	}
	for _, w := range []*httptest.ResponseRecorder{
		send(admin.Prefix+"/facilities", "application/json"),
	} {
		if w.Code != http.StatusRequestTimeout || strings.Contains(w.Body.String(), "10.") || !strings.Contains(w.Body.String(), "too slowly") {
			t.Errorf("slow body: %d %s", w.Code, w.Body.String())
		}
	}
}

// TestDuplicateJSONKeys: an admin request naming a member twice is refused
// (encoding/json silently kept the last one).
func TestDuplicateJSONKeys(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	before := f.state()
	for _, body := range []string{
		`{"name":"a","role":"viewer","role":"office"}`,
		`{"role":"office","name":"a","role":"viewer"}`,
	} {
		w := f.as(stamp.RoleOffice, "POST", admin.Prefix+"/tokens", body)
		if w.Code != http.StatusBadRequest || !strings.Contains(apiError(t, w).Message, "appears twice") {
			t.Errorf("%s: %d %s", body, w.Code, w.Body.String())
		}
	}
	if after := f.state(); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused request changed %+v to %+v", before, after)
	}
	// The same member name in two objects is fine.
	w := f.as(stamp.RoleOffice, "POST", admin.Prefix+"/tokens", `{"name":"dup test","role":"viewer"}`)
	if w.Code != http.StatusCreated {
		t.Fatalf("a plain token request: %d %s", w.Code, w.Body.String())
	}
}

// TestTokenNameConfusables: a token named like an existing one but for
// letter case, or with a look-alike dash, is refused (the audit log could
// be confused).
func TestTokenNameConfusables(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	f.ok(stamp.RoleOffice, "POST", admin.Prefix+"/tokens", `{"name":"t-office","role":"office"}`, http.StatusCreated, nil)
	if w := f.as(stamp.RoleOffice, "POST", admin.Prefix+"/tokens", `{"name":"T-OFFICE","role":"office"}`); w.Code != http.StatusConflict ||
		!strings.Contains(apiError(t, w).Message, "too like") {
		t.Errorf("T-OFFICE beside t-office: %d %s", w.Code, w.Body.String())
	}
	if w := f.as(stamp.RoleOffice, "POST", admin.Prefix+"/tokens", "{\"name\":\"t\u2010office\",\"role\":\"office\"}"); w.Code != http.StatusBadRequest {
		t.Errorf("t\u2010office: %d %s", w.Code, w.Body.String())
	}
}
