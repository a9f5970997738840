package admin_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

type auditEntry struct {
	ID      int64          `json:"id"`
	At      time.Time      `json:"at"`
	Actor   string         `json:"actor"`
	Action  string         `json:"action"`
	Subject string         `json:"subject"`
	Before  map[string]any `json:"before"`
	After   map[string]any `json:"after"`
}

// TestFullDay replays a day at the office (import, add, mint, print,
// revoke, suspend, a token created for an inspector who records an
// inspection, the token revoked) and reads the audit trail back through the
// API: every step, in order, with its actor.
func TestFullDay(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		ctx := context.Background()
		f := newFixture(t, open(t))
		// The day starts after the fixture's last entry.
		seeded, err := f.store.AuditLog(ctx, time.Time{}, 0)
		must(t, err)
		last := seeded[len(seeded)-1]
		const cli = "cli:nguyen"
		const office = "test office"

		// Morning: the spreadsheet import on the server (ocopstamp import).
		must(t, f.store.ImportFacilities(ctx, cli, []stamp.Facility{{Code: "HT-CS-010", Name: "HTX Cam Vũ Quang (mẫu)", District: "Vũ Quang"}}))
		must(t, f.store.ImportProducts(ctx, cli, []stamp.Product{{Number: 1010, FacilityCode: "HT-CS-010", Name: "Cam Vũ Quang", Group: "Thực phẩm"}}))
		must(t, f.store.ImportCertifications(ctx, cli, []stamp.Certification{{ProductNumber: 1010, Rank: stamp.Rank3,
			DecisionNumber: "15/QĐ-UBND", DecisionDate: stamp.DateOf(time.Now()).AddDays(-3)}}))

		// The admin API, as the office.
		f.ok(stamp.RoleOffice, "POST", p+"/facilities", `{"code":"HT-CS-011","name":"Cơ sở nước mắm (mẫu)","district":"Lộc Hà"}`, 201, nil)
		f.ok(stamp.RoleOffice, "POST", p+"/products", `{"number":1011,"facility_code":"HT-CS-011","name":"Nước mắm","group":"Thực phẩm"}`, 201, nil)
		var cert struct{ ID int64 }
		f.ok(stamp.RoleOffice, "POST", p+"/certifications", fmt.Sprintf(`{"product_number":1011,"rank":4,"decision_number":"16/QĐ-UBND","decision_date":"%s"}`,
			stamp.DateOf(time.Now()).AddDays(-1)), 201, &cert)
		f.ok(stamp.RoleOffice, "POST", p+"/points-of-sale", `{"name":"Điểm bán OCOP Lộc Hà","district":"Lộc Hà"}`, 201, nil)
		var b struct {
			ID          string `json:"id"`
			FirstSerial uint64 `json:"first_serial"`
		}
		f.ok(stamp.RoleOffice, "POST", p+"/batches", `{"product_number":1010,"count":5,"lot":"LÔ-SÁNG"}`, 201, &b)
		w := f.as(stamp.RoleOffice, "POST", p+"/batches/"+b.ID+"/print", `{"template":"a4-24"}`)
		if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "%PDF-") || w.Header().Get("Content-Type") != "application/pdf" {
			t.Fatalf("print: %d %q", w.Code, w.Header())
		}
		f.ok(stamp.RoleOffice, "POST", p+"/stamps/"+stamp.FormatSerial(b.FirstSerial)+"/revoke", `{"reason":"Tem in lệch"}`, 200, nil)
		f.ok(stamp.RoleOffice, "POST", fmt.Sprintf("%s/certifications/%d/suspend", p, cert.ID), `{"reason":"Chờ kiểm nghiệm lại"}`, 200, nil)
		var tok struct{ Token string }
		f.ok(stamp.RoleOffice, "POST", p+"/tokens", `{"name":"thanh tra Kỳ Anh","role":"inspector","expires_in":"8h"}`, 201, &tok)

		// The inspector in the market, with the new token.
		w = f.do(call{method: "POST", path: p + "/inspections", token: tok.Token,
			body: fmt.Sprintf(`{"place":"Chợ Kỳ Anh","result":"genuine","serial":%d,"notes":"Tem khớp sản phẩm"}`, b.FirstSerial+1)})
		if w.Code != 201 {
			t.Fatalf("inspection: %d %s", w.Code, w.Body.String())
		}
		// Evening: the inspector's token is revoked.
		f.ok(stamp.RoleOffice, "POST", p+"/tokens/"+url.PathEscape("thanh tra Kỳ Anh")+"/revoke", `{}`, 200, nil)

		var log struct {
			Entries   []auditEntry `json:"entries"`
			Truncated bool         `json:"truncated"`
		}
		f.ok(stamp.RoleViewer, "GET", p+"/audit?since="+url.QueryEscape(last.At.Format(time.RFC3339Nano)), "", 200, &log)
		for len(log.Entries) > 0 && log.Entries[0].ID <= last.ID {
			log.Entries = log.Entries[1:]
		}
		want := []string{
			"facility.import facility:HT-CS-010 by " + cli,
			"product.import product:1010 by " + cli,
			"certification.import certification:* by " + cli,
			"facility.create facility:HT-CS-011 by " + office,
			"product.create product:1011 by " + office,
			"certification.create certification:* by " + office,
			"point_of_sale.create point_of_sale:* by " + office,
			"batch.mint batch:" + b.ID + " by " + office,
			"batch.print batch:" + b.ID + " by " + office,
			"stamp.revoke stamp:* by " + office,
			"certification.status certification:* by " + office,
			"token.create token:thanh tra Kỳ Anh by " + office,
			"inspection.create stamp:* by thanh tra Kỳ Anh",
			"token.revoke token:thanh tra Kỳ Anh by " + office,
		}
		var got []string
		for _, e := range log.Entries {
			got = append(got, e.Action+" "+e.Subject+" by "+e.Actor)
		}
		if len(got) != len(want) || log.Truncated {
			t.Fatalf("audit trail has %d entries, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
		}
		for i := range want {
			pre, _, star := strings.Cut(want[i], "*")
			ok := got[i] == want[i]
			if star {
				ok = strings.HasPrefix(got[i], pre) && strings.HasSuffix(got[i], want[i][len(pre)+1:])
			}
			if !ok {
				t.Fatalf("entry %d is %q, want %q\nwhole trail:\n%s", i, got[i], want[i], strings.Join(got, "\n"))
			}
			if i > 0 && log.Entries[i].At.Before(log.Entries[i-1].At) {
				t.Fatalf("entry %d is older than entry %d", i, i-1)
			}
		}
		// Before and after are JSON: the suspension shows both states.
		susp := log.Entries[10]
		if susp.Before["Status"] != "valid" || susp.After["Status"] != "suspended" {
			t.Fatalf("suspension before/after: %v / %v", susp.Before, susp.After)
		}
		if log.Entries[8].After["count"] != float64(5) {
			t.Fatalf("print entry: %v", log.Entries[8].After)
		}
	})
}

// TestAuditImmutable: the audit log has no route that changes or deletes
// entries; every attempt is refused and the log is unchanged.
func TestAuditImmutable(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	before := f.state()
	for _, m := range []string{"PUT", "PATCH", "DELETE", "POST"} {
		for _, path := range []string{p + "/audit", p + "/audit/1"} {
			w := f.as(stamp.RoleOffice, m, path, `{"actor":"nobody"}`)
			if w.Code != 404 && w.Code != 405 {
				t.Errorf("%s %s: %d, want 404 or 405", m, path, w.Code)
			}
		}
	}
	if after := f.state(); after.String() != before.String() {
		t.Fatalf("the audit log changed: %s -> %s", before, after)
	}
}
