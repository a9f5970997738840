package admin_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestInspectionSentTwice: the inspector app resends an inspection until it
// gets an answer; the same client_id is stored once (201 then 200 with the
// first record), and its photo can be fetched.
func TestInspectionSentTwice(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	photo := base64.StdEncoding.EncodeToString(append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 2000)...))
	body := `{"place":"Chợ Hà Tĩnh","result":"genuine","code":"` + f.stamps[0].Code().Text() +
		`","client_id":"6f1c2a9e-7d3b-4e5f-8a9b-0c1d2e3f4a5b","photo":"` + photo + `"}`
	var first, again struct {
		ID       int64  `json:"id"`
		ClientID string `json:"client_id"`
		HasPhoto bool   `json:"has_photo"`
		Serial   uint64 `json:"serial"`
	}
	f.ok(stamp.RoleInspector, "POST", admin.Prefix+"/inspections", body, http.StatusCreated, &first)
	f.ok(stamp.RoleInspector, "POST", admin.Prefix+"/inspections", body, http.StatusOK, &again)
	if first.ID == 0 || again != first || !first.HasPhoto || first.Serial != f.stamps[0].Serial {
		t.Fatalf("first %+v, again %+v", first, again)
	}
	var list struct {
		Inspections []struct{ ID int64 } `json:"inspections"`
	}
	f.ok(stamp.RoleInspector, "GET", admin.Prefix+"/inspections", "", http.StatusOK, &list)
	if len(list.Inspections) != 1 {
		t.Fatalf("%d inspections stored, want 1", len(list.Inspections))
	}
	w := f.as(stamp.RoleInspector, "GET", admin.Prefix+"/inspections/"+itoa(first.ID)+"/photo", "")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/jpeg" || w.Body.Len() != 2004 {
		t.Fatalf("photo: %d %s %d bytes", w.Code, w.Header().Get("Content-Type"), w.Body.Len())
	}
	for path, want := range map[string]int{"/inspections/x/photo": 400, "/inspections/999/photo": 404} {
		if w := f.as(stamp.RoleInspector, "GET", admin.Prefix+path, ""); w.Code != want {
			t.Errorf("GET %s: %d, want %d", path, w.Code, want)
		}
	}
	for _, bad := range []string{
		`{"place":"x","result":"genuine","client_id":"a b"}`,
		`{"place":"x","result":"genuine","photo":"not base64!"}`,
		`{"place":"x","result":"genuine","photo":"R0lGODlh"}`,
	} {
		if w := f.as(stamp.RoleInspector, "POST", admin.Prefix+"/inspections", bad); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, w.Code)
		}
	}
}
