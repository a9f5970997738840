package admin_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestPrintAndRevokeGuards: a print of a product whose certification is
// suspended is 409 unless forced with a reason (audited); revoking what is
// already revoked is 409 with a message (issue 10 §3).
func TestPrintAndRevokeGuards(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, openSQLite(t))
	printPath := p + "/batches/" + f.batch.ID.String() + "/print"
	f.ok(stamp.RoleOffice, "POST", fmt.Sprintf("%s/certifications/%d/suspend", p, f.certID), `{"reason":"Kiểm nghiệm không đạt"}`, 200, nil)
	w := f.as(stamp.RoleOffice, "POST", printPath, `{}`)
	if w.Code != 409 || !strings.Contains(apiError(t, w).Message, "is suspended") {
		t.Fatalf("print while suspended: %d %s", w.Code, w.Body.String())
	}
	if w = f.as(stamp.RoleOffice, "POST", printPath, `{"force":true}`); w.Code != 400 {
		t.Fatalf("forced print without a reason: %d %s", w.Code, w.Body.String())
	}
	w = f.as(stamp.RoleOffice, "POST", printPath, `{"force":true,"reason":"Hồ sơ kiểm tra"}`)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "%PDF-") {
		t.Fatalf("forced print: %d %s", w.Code, w.Body.String())
	}
	es, err := f.store.AuditLog(ctx, time.Time{}, 0)
	must(t, err)
	if last := es[len(es)-1]; last.Action != "batch.print" || !strings.Contains(last.After, "Hồ sơ kiểm tra") {
		t.Fatalf("forced print audit entry: %+v", last)
	}

	again := func(path, body string) {
		t.Helper()
		w := f.as(stamp.RoleOffice, "POST", path, body)
		if w.Code != 409 || !strings.Contains(apiError(t, w).Message, "already revoked") {
			t.Errorf("POST %s again: %d %s", path, w.Code, w.Body.String())
		}
	}
	st := stamp.FormatSerial(f.stamps[0].Serial)
	f.ok(stamp.RoleOffice, "POST", p+"/stamps/"+st+"/revoke", `{"reason":"rách"}`, 200, nil)
	again(p+"/stamps/"+st+"/revoke", `{"reason":"rách"}`)
	again(p+"/serials/revoke", fmt.Sprintf(`{"from":%q,"to":%q,"reason":"mất"}`, st, st))
	f.ok(stamp.RoleOffice, "POST", p+"/batches/"+f.batch.ID.String()+"/revoke", `{"reason":"lô hỏng"}`, 200, nil)
	again(p+"/batches/"+f.batch.ID.String()+"/revoke", `{"reason":"lô hỏng"}`)
}

// TestPrintRefusesTestURL: the admin API prints only under a base URL
// phones can open, as the CLI's print does (one check, in office.Print):
// loopback, private addresses and plain http are 409 saying why, unless the
// server allows test URLs; nothing is recorded for a refused print
// (issue 10 §1).
func TestPrintRefusesTestURL(t *testing.T) {
	ctx := context.Background()
	for _, base := range []string{"http://127.0.0.1:8080", "https://192.168.1.20", "http://txng.example.vn", "https://localhost"} {
		f := newFixture(t, openSQLite(t), func(d *admin.Deps) { d.BaseURL = base })
		path := p + "/batches/" + f.batch.ID.String() + "/print"
		w := f.as(stamp.RoleOffice, "POST", path, `{}`)
		if w.Code != 409 || !strings.Contains(apiError(t, w).Message, "phones cannot open") {
			t.Errorf("print under %s: %d %s", base, w.Code, w.Body.String())
		}
		es, err := f.store.AuditLog(ctx, time.Time{}, 0)
		must(t, err)
		for _, e := range es {
			if e.Action == "batch.print" {
				t.Errorf("a refused print under %s was recorded", base)
			}
		}
	}
	f := newFixture(t, openSQLite(t), func(d *admin.Deps) { d.BaseURL, d.AllowTestURL = "http://127.0.0.1:8080", true })
	if w := f.as(stamp.RoleOffice, "POST", p+"/batches/"+f.batch.ID.String()+"/print", `{}`); w.Code != 200 {
		t.Errorf("print on a trial server (AllowTestURL): %d %s", w.Code, w.Body.String())
	}
}
