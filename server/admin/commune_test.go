package admin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestCommuneCodes: a facility or point of sale created with an
// administrative unit code gets the commune's name and former district; an
// unknown code is a 400 that says how to load the list.
func TestCommuneCodes(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	must(t, f.store.ImportCommunes(context.Background(), seedActor, []stamp.Commune{
		{Code: "99001", Name: "Sơn Tây (mẫu)", Kind: stamp.CommuneKindCommune, FormerDistrict: "Hương Sơn"}}))
	var fac map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/facilities", `{"code":"HT-CS-030","name":"HTX Sơn Tây (mẫu)","commune_code":"99001"}`, 201, &fac)
	if fac["commune_code"] != "99001" || fac["commune"] != "xã Sơn Tây (mẫu)" || fac["district"] != "Hương Sơn" {
		t.Fatalf("facility placed by commune code: %v", fac)
	}
	var pos map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/points-of-sale", `{"name":"Điểm bán Sơn Tây (mẫu)","commune_code":"99001"}`, 201, &pos)
	if pos["commune_code"] != "99001" || pos["district"] != "Hương Sơn" {
		t.Fatalf("point of sale placed by commune code: %v", pos)
	}
	w := f.as(stamp.RoleOffice, "POST", p+"/facilities", `{"code":"HT-CS-031","name":"X","commune_code":"12345"}`)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "import communes") {
		t.Fatalf("unknown commune code: %d %s", w.Code, w.Body.String())
	}
	w = f.as(stamp.RoleOffice, "POST", p+"/facilities", `{"code":"HT-CS-032","name":"X","commune_code":"1234"}`)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "five") {
		t.Fatalf("malformed commune code: %d %s", w.Code, w.Body.String())
	}
	w = f.as(stamp.RoleOffice, "POST", p+"/facilities", `{"code":"HT-CS-033","name":"X"}`)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "commune_code") {
		t.Fatalf("no place: %d %s", w.Code, w.Body.String())
	}
}
