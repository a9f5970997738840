package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// TestRegistryWrites: creates answer the stored entry (districts
// canonical), PATCH changes only the fields given, and every write bumps
// the registry version lookups watch.
func TestRegistryWrites(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	v0 := f.state().Version
	var fac map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/facilities", `{"code":"HT-CS-020","name":"HTX Nhung hươu (mẫu)","kind":"hợp tác xã","district":"huyện hương sơn","phone":"0239 1"}`, 201, &fac)
	if fac["district"] != "Hương Sơn" || fac["created_at"] == nil {
		t.Fatalf("created facility: %v", fac)
	}
	f.ok(stamp.RoleOffice, "PATCH", p+"/facilities/HT-CS-020", `{"address":"Thôn 3"}`, 200, &fac)
	if fac["address"] != "Thôn 3" || fac["phone"] != "0239 1" || fac["name"] != "HTX Nhung hươu (mẫu)" {
		t.Fatalf("patched facility: %v", fac)
	}
	var prod map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/products", `{"number":3001,"facility_code":"HT-CS-020","name":"Nhung hươu","group":"thảo dược","gtin":"8930000000019"}`, 201, &prod)
	if prod["group"] != "Thảo dược" || prod["gtin"] != "08930000000019" {
		t.Fatalf("product group or GTIN not canonical: %v", prod)
	}
	w := f.as(stamp.RoleOffice, "POST", p+"/products", `{"number":3002,"facility_code":"HT-CS-020","name":"Nhung hươu khô","group":"thảo dược","gtin":"8930000000019"}`)
	if e := apiError(t, w); w.Code != 409 || !strings.Contains(e.Message, "GTIN 08930000000019 is product 3001's") {
		t.Fatalf("a second product with GTIN 8930000000019: %d %+v", w.Code, e)
	}
	var prods struct{ Products []map[string]any }
	f.ok(stamp.RoleViewer, "GET", p+"/products?facility=HT-CS-020", "", 200, &prods)
	if len(prods.Products) != 1 {
		t.Fatalf("products of HT-CS-020: %v", prods)
	}
	var cert map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/certifications", fmt.Sprintf(`{"product_number":3001,"rank":0,"decision_number":"7/QĐ","decision_date":"%s","lab_test_date":"01/10/2026"}`,
		stamp.DateOf(time.Now()).AddDays(-2)), 201, &cert)
	if cert["state"] != "valid" || cert["rank"] != float64(0) || cert["lab_test_date"] != "2026-10-01" || cert["expires_on"] == nil {
		t.Fatalf("certification: %v", cert)
	}
	id := int64(cert["id"].(float64))
	f.ok(stamp.RoleOffice, "POST", fmt.Sprintf("%s/certifications/%d/rank", p, id), `{"rank":3}`, 200, &cert)
	f.ok(stamp.RoleOffice, "POST", fmt.Sprintf("%s/certifications/%d/suspend", p, id), `{"reason":"Chờ kiểm tra"}`, 200, &cert)
	if cert["rank"] != float64(3) || cert["status"] != "suspended" || cert["state"] != "suspended" || cert["status_reason"] != "Chờ kiểm tra" {
		t.Fatalf("re-ranked and suspended: %v", cert)
	}
	f.ok(stamp.RoleOffice, "POST", fmt.Sprintf("%s/certifications/%d/restore", p, id), `{}`, 200, &cert)
	if cert["status"] != "valid" || cert["status_reason"] != "" {
		t.Fatalf("restored: %v", cert)
	}
	var certs struct{ Certifications []map[string]any }
	f.ok(stamp.RoleViewer, "GET", p+"/certifications", "", 200, &certs)
	if len(certs.Certifications) != 2 {
		t.Fatalf("current certifications: %v", certs)
	}
	var pos map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/points-of-sale", `{"name":"Điểm bán Hồng Lĩnh","district":"Hồng Lĩnh"}`, 201, &pos)
	if pos["district"] != "Thị xã Hồng Lĩnh" {
		t.Fatalf("point of sale: %v", pos)
	}
	f.ok(stamp.RoleOffice, "PATCH", fmt.Sprintf("%s/points-of-sale/%v", p, pos["id"]), `{"phone":"0239 2"}`, 200, &pos)
	if pos["phone"] != "0239 2" || pos["name"] != "Điểm bán Hồng Lĩnh" {
		t.Fatalf("patched point of sale: %v", pos)
	}
	if v := f.state().Version; v != v0+9 {
		t.Fatalf("registry version %d -> %d, want 9 bumps", v0, v)
	}
}

// TestMintAndPrint: minting with the server's key, refusals, and a print
// that is audited before the PDF is sent.
func TestMintAndPrint(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, openSQLite(t), func(d *admin.Deps) { d.MaxPrint = 20 })
	var b map[string]any
	f.ok(stamp.RoleOffice, "POST", p+"/batches", `{"product_number":1001,"count":25,"lot":"LÔ-9","produced_on":"2026-11-01","best_before":"2027-11-01","note":"API"}`, 201, &b)
	if b["minted_by"] != "test office" || b["count"] != float64(25) || b["key_id"] != f.signer.KeyID().String() || b["produced_on"] != "2026-11-01" {
		t.Fatalf("minted batch: %v", b)
	}
	id := b["id"].(string)
	stored, err := f.store.Batch(ctx, uuid.MustParse(id))
	must(t, err)
	if stored.Count != 25 || stored.Lot != "LÔ-9" {
		t.Fatalf("stored batch: %+v", stored)
	}
	w := f.as(stamp.RoleOffice, "POST", p+"/batches/"+id+"/print", `{}`)
	if w.Code != 400 || !strings.Contains(apiError(t, w).Message, "limit of 20") {
		t.Fatalf("print over the limit: %d %s", w.Code, w.Body.String())
	}
	first := uint64(b["first_serial"].(float64))
	w = f.as(stamp.RoleOffice, "POST", p+"/batches/"+id+"/print", fmt.Sprintf(`{"first":%d,"last":%d,"template":"A4-40","offset_x":1.5}`, first+5, first+9))
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "%PDF-") ||
		!strings.Contains(w.Header().Get("Content-Disposition"), fmt.Sprintf("batch-%s-%d-%d.pdf", id, first+5, first+9)) {
		t.Fatalf("print: %d %v", w.Code, w.Header())
	}
	es, err := f.store.AuditLog(ctx, time.Time{}, 0)
	must(t, err)
	last := es[len(es)-1]
	if last.Action != "batch.print" || last.Actor != "test office" || !strings.Contains(last.After, `"count":5`) {
		t.Fatalf("print audit entry: %+v", last)
	}

	// A suspended certification stops minting.
	f.ok(stamp.RoleOffice, "POST", fmt.Sprintf("%s/certifications/%d/suspend", p, f.certID), `{"reason":"Kiểm nghiệm không đạt"}`, 200, nil)
	before := f.state()
	w = f.as(stamp.RoleOffice, "POST", p+"/batches", `{"product_number":1001,"count":1}`)
	if w.Code != 400 || !strings.Contains(apiError(t, w).Message, "suspended") {
		t.Fatalf("mint while suspended: %d %s", w.Code, w.Body.String())
	}
	if f.state().String() != before.String() {
		t.Fatal("a refused mint changed the store")
	}

	// Without a signing key or base URL the server says so.
	g := newFixture(t, openSQLite(t), func(d *admin.Deps) { d.Signer, d.BaseURL = nil, "" })
	w = g.as(stamp.RoleOffice, "POST", p+"/batches", `{"product_number":1001,"count":1}`)
	if w.Code != 503 || !strings.Contains(apiError(t, w).Message, "no signing key") {
		t.Fatalf("mint without a key: %d %s", w.Code, w.Body.String())
	}
	w = g.as(stamp.RoleOffice, "POST", p+"/batches/"+g.batch.ID.String()+"/print", `{}`)
	if w.Code != 503 || !strings.Contains(apiError(t, w).Message, "base URL") {
		t.Fatalf("print without a base URL: %d %s", w.Code, w.Body.String())
	}
	if w = g.as(stamp.RoleInspector, "GET", admin.SnapshotPath, ""); w.Code != 503 {
		t.Fatalf("snapshot without a key: %d", w.Code)
	}
}

type detail struct {
	StampID    string `json:"stamp_id"`
	InRegistry bool   `json:"in_registry"`
	CodeCheck  *struct {
		SignatureValid bool   `json:"signature_valid"`
		KeyState       string `json:"key_state"`
		Error          string `json:"error"`
	} `json:"code_check"`
	Stamp *struct {
		Serial    uint64     `json:"serial"`
		RevokedAt *time.Time `json:"revoked_at"`
	} `json:"stamp"`
	Certification *struct{ State string } `json:"certification"`
	ScanStats     struct {
		Count           int64 `json:"count"`
		DistinctClients int64 `json:"distinct_clients"`
	} `json:"scan_stats"`
	Scans           []map[string]any `json:"scans"`
	ScansComplete   bool             `json:"scans_complete"`
	ConsumerReports []map[string]any `json:"consumer_reports"`
	Inspections     []map[string]any `json:"inspections"`
}

// TestStampDetail: an inspector sees a stamp's registry record, its whole
// scan history, consumer reports and inspections, by id, serial or code; a
// code the registry does not hold still has its history.
func TestStampDetail(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, openSQLite(t))
	st := f.stamps[5]
	var events []stamp.ScanEvent
	for i := range 7 {
		events = append(events, stamp.ScanEvent{StampID: st.ID, At: time.Now().Add(-time.Duration(i) * time.Minute),
			Channel: stamp.ChannelWeb, ClientHash: fmt.Sprintf("c%d", i%3), Verdict: "genuine"})
	}
	unknownID := uuid.Must(uuid.NewV7())
	events = append(events, stamp.ScanEvent{StampID: unknownID, Channel: stamp.ChannelAPI, ClientHash: "z", Verdict: "unknown"})
	must(t, f.store.RecordScans(ctx, events))
	must(t, f.store.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: st.ID, Code: st.Code().Text(), What: "nghi giả"}))
	f.ok(stamp.RoleInspector, "POST", p+"/inspections", `{"place":"Chợ Vinh","result":"genuine","code":"`+strings.ToLower(st.Code().Text())+`"}`, 201, nil)

	for _, ref := range []string{st.ID.String(), stamp.FormatSerial(st.Serial), strings.ReplaceAll(stamp.FormatSerial(st.Serial), "-", ""), st.Code().Text()} {
		var d detail
		f.ok(stamp.RoleInspector, "GET", p+"/stamps/"+ref, "", 200, &d)
		if !d.InRegistry || d.StampID != st.ID.String() || d.Stamp == nil || d.Stamp.Serial != st.Serial || d.Certification == nil ||
			d.Certification.State != "valid" || d.ScanStats.Count != 7 || d.ScanStats.DistinctClients != 3 || len(d.Scans) != 7 ||
			!d.ScansComplete || len(d.ConsumerReports) != 1 || len(d.Inspections) != 1 || d.Inspections[0]["inspector"] != "test inspector" {
			t.Fatalf("detail by %s: %+v", ref, d)
		}
		if ref == st.Code().Text() && (d.CodeCheck == nil || !d.CodeCheck.SignatureValid || d.CodeCheck.KeyState != "active") {
			t.Fatalf("code check: %+v", d.CodeCheck)
		}
	}
	var d detail
	f.ok(stamp.RoleInspector, "GET", p+"/stamps/"+st.ID.String()+"?scans=2", "", 200, &d)
	if len(d.Scans) != 2 || d.ScansComplete {
		t.Fatalf("two scans: %d complete %v", len(d.Scans), d.ScansComplete)
	}
	forged := st.Code()
	forged.Signature[3] ^= 0x40
	d = detail{}
	f.ok(stamp.RoleInspector, "GET", p+"/stamps/"+forged.Text(), "", 200, &d)
	if d.CodeCheck == nil || d.CodeCheck.SignatureValid || !strings.Contains(d.CodeCheck.Error, "signature") {
		t.Fatalf("forged code check: %+v", d.CodeCheck)
	}
	d = detail{}
	f.ok(stamp.RoleInspector, "GET", p+"/stamps/"+unknownID.String(), "", 200, &d)
	if d.InRegistry || d.Stamp != nil || d.ScanStats.Count != 1 || len(d.Scans) != 1 {
		t.Fatalf("unknown stamp: %+v", d)
	}
	if w := f.as(stamp.RoleInspector, "GET", p+"/stamps/"+stamp.FormatSerial(999_999), ""); w.Code != 404 {
		t.Fatalf("unknown serial: %d", w.Code)
	}
	// Revoked through the API, the detail says so.
	f.ok(stamp.RoleOffice, "POST", p+"/stamps/"+strings.ToLower(st.Code().Text())+"/revoke", `{"reason":"thu hồi"}`, 200, nil)
	d = detail{}
	f.ok(stamp.RoleInspector, "GET", p+"/stamps/"+st.ID.String(), "", 200, &d)
	if d.Stamp.RevokedAt == nil {
		t.Fatal("revoked stamp shows no revocation")
	}
}

// TestSnapshotAndReports: inspectors download the signed snapshot that the
// offline verifier opens; viewers read monthly reports in every format.
func TestSnapshotAndReports(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, openSQLite(t))
	w := f.as(stamp.RoleInspector, "GET", admin.SnapshotPath, "")
	if w.Code != 200 {
		t.Fatalf("snapshot: %d %s", w.Code, w.Body.String())
	}
	snap, err := verify.OpenSnapshot(w.Body.Bytes(), f.keys)
	if err != nil {
		t.Fatalf("the snapshot does not open: %v", err)
	}
	_ = snap
	// Served again from the cache while the registry is unchanged; rebuilt
	// after a write.
	w2 := f.as(stamp.RoleInspector, "GET", admin.SnapshotPath, "")
	if w2.Body.String() != w.Body.String() {
		t.Fatal("unchanged registry, different snapshot")
	}
	f.ok(stamp.RoleOffice, "POST", p+"/stamps/"+f.stamps[0].ID.String()+"/revoke", `{"reason":"mất"}`, 200, nil)
	w3 := f.as(stamp.RoleInspector, "GET", admin.SnapshotPath, "")
	if w3.Body.String() == w.Body.String() {
		t.Fatal("the snapshot was not rebuilt after a revocation")
	}
	es, err := f.store.AuditLog(ctx, time.Time{}, 0)
	must(t, err)
	n := 0
	for _, e := range es {
		if e.Action == "registry.snapshot" && e.Actor == "test inspector" {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("%d snapshot downloads audited, want 3", n)
	}

	month := time.Now().In(stamp.Vietnam).Format("2006-01")
	for _, tc := range []struct{ format, ctype, starts string }{
		{"json", "application/json", "{"}, {"csv", "text/csv", "\ufeff"}, {"html", "text/html", "<!DOCTYPE html>"},
		{"pdf", "application/pdf", "%PDF-"}, {"text", "text/plain", ""},
	} {
		w := f.as(stamp.RoleViewer, "GET", p+"/reports?month="+month+"&district=Hương%20Khê&format="+tc.format, "")
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), tc.ctype) || !strings.HasPrefix(w.Body.String(), tc.starts) {
			t.Fatalf("report %s: %d %q %.40q", tc.format, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
		if tc.format == "json" {
			var r struct {
				Month, District string
				Total           struct{ This struct{ Minted int } }
			}
			must(t, json.Unmarshal(w.Body.Bytes(), &r))
			if r.District != "Hương Khê" || r.Total.This.Minted != 40 {
				t.Fatalf("report: %+v", r)
			}
		}
	}
}
