package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	usecase "github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// roleCase is one admin route: the least role allowed, the status of a
// successful request, and a builder of a request that succeeds for an
// allowed role (n is unique per request; the builder may prepare the store).
type roleCase struct {
	method, route string // as registered
	role          string
	want          int
	req           func(f *fixture, n int) (path, body string)
}

func static(path, body string) func(*fixture, int) (string, string) {
	return func(*fixture, int) (string, string) { return path, body }
}

const p = admin.Prefix

// oldCert adds a certification of product 1001 decided long ago (so the
// seed certification stays current) and returns its id.
func oldCert(f *fixture, n int) int64 {
	id, err := f.store.AddCertification(context.Background(), seedActor, stamp.Certification{ProductNumber: 1001,
		Rank: stamp.Rank3, DecisionNumber: fmt.Sprintf("CŨ-%d", n), DecisionDate: stamp.NewDate(2019, 1, 1)})
	must(f.t, err)
	return id
}

// newReport files a consumer report on the fixture's first stamp and
// returns its id.
func newReport(f *fixture, n int) int64 {
	r, err := (&usecase.Office{Store: f.store}).ReceiveConsumerReport(context.Background(), f.stamps[0].Code(),
		storage.ConsumerReport{What: fmt.Sprintf("tem lạ %d", n), Lang: "vi"})
	must(f.t, err)
	return r.ID
}

func roleCases() []roleCase {
	const (
		office    = stamp.RoleOffice
		inspector = stamp.RoleInspector
		viewer    = stamp.RoleViewer
	)
	return []roleCase{
		{"GET", p + "/me", viewer, 200, static(p+"/me", "")},

		{"GET", p + "/facilities", viewer, 200, static(p+"/facilities", "")},
		{"GET", p + "/facilities/:code", viewer, 200, static(p+"/facilities/HT-CS-001", "")},
		{"POST", p + "/facilities", office, 201, func(f *fixture, n int) (string, string) {
			return p + "/facilities", fmt.Sprintf(`{"code":"HT-T-%d","name":"Cơ sở thử %d (mẫu)","district":"huyện Hương Khê"}`, n, n)
		}},
		{"PATCH", p + "/facilities/:code", office, 200, func(f *fixture, n int) (string, string) {
			return p + "/facilities/HT-CS-001", fmt.Sprintf(`{"phone":"0239 %d"}`, n)
		}},

		{"GET", p + "/products", viewer, 200, static(p+"/products?facility=HT-CS-001", "")},
		{"GET", p + "/products/:number", viewer, 200, static(p+"/products/1001", "")},
		{"POST", p + "/products", office, 201, func(f *fixture, n int) (string, string) {
			return p + "/products", fmt.Sprintf(`{"number":%d,"facility_code":"HT-CS-001","name":"Nước mắm %d","group":"Thực phẩm"}`, 5000+n, n)
		}},
		{"PATCH", p + "/products/:number", office, 200, func(f *fixture, n int) (string, string) {
			return p + "/products/1001", fmt.Sprintf(`{"description":"mô tả %d"}`, n)
		}},

		{"GET", p + "/certifications", viewer, 200, static(p+"/certifications?product=1001", "")},
		{"GET", p + "/certifications/:id", viewer, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/certifications/%d", p, f.certID), ""
		}},
		{"POST", p + "/certifications", office, 201, func(f *fixture, n int) (string, string) {
			return p + "/certifications", fmt.Sprintf(`{"product_number":1001,"rank":3,"decision_number":"QĐ-%d","decision_date":"2020-01-01"}`, n)
		}},
		{"POST", p + "/certifications/:id/suspend", office, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/certifications/%d/suspend", p, oldCert(f, n)), `{"reason":"Kiểm nghiệm không đạt"}`
		}},
		{"POST", p + "/certifications/:id/withdraw", office, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/certifications/%d/withdraw", p, oldCert(f, n)), `{"reason":"Vi phạm"}`
		}},
		{"POST", p + "/certifications/:id/restore", office, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/certifications/%d/restore", p, oldCert(f, n)), `{}`
		}},
		{"POST", p + "/certifications/:id/rank", office, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/certifications/%d/rank", p, oldCert(f, n)), `{"rank":5}`
		}},

		{"GET", p + "/points-of-sale", viewer, 200, static(p+"/points-of-sale?district=H%C6%B0%C6%A1ng%20Kh%C3%AA", "")},
		{"GET", p + "/points-of-sale/:id", viewer, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/points-of-sale/%d", p, f.posID), ""
		}},
		{"POST", p + "/points-of-sale", office, 201, func(f *fixture, n int) (string, string) {
			return p + "/points-of-sale", fmt.Sprintf(`{"name":"Điểm bán %d","district":"Hà Tĩnh"}`, n)
		}},
		{"PATCH", p + "/points-of-sale/:id", office, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/points-of-sale/%d", p, f.posID), fmt.Sprintf(`{"phone":"%d"}`, n)
		}},

		{"GET", p + "/batches", viewer, 200, static(p+"/batches?product=1001", "")},
		{"GET", p + "/batches/:id", viewer, 200, func(f *fixture, n int) (string, string) { return p + "/batches/" + f.batch.ID.String(), "" }},
		{"POST", p + "/batches", office, 201, static(p+"/batches", `{"product_number":1001,"count":2,"lot":"LÔ-API"}`)},
		{"POST", p + "/batches/:id/print", office, 200, func(f *fixture, n int) (string, string) {
			return p + "/batches/" + f.batch.ID.String() + "/print", fmt.Sprintf(`{"first":%d,"last":"%s"}`,
				f.stamps[0].Serial, stamp.FormatSerial(f.stamps[1].Serial))
		}},
		{"POST", p + "/batches/:id/export-codes", office, 200, func(f *fixture, n int) (string, string) {
			return p + "/batches/" + f.batch.ID.String() + "/export-codes", fmt.Sprintf(`{"first":%d,"last":"%s"}`,
				f.stamps[0].Serial, stamp.FormatSerial(f.stamps[1].Serial))
		}},
		{"POST", p + "/batches/:id/revoke", office, 200, func(f *fixture, n int) (string, string) {
			m := &stamp.Minter{Store: f.store, Signer: f.signer}
			b, err := m.Mint(context.Background(), stamp.MintRequest{ProductNumber: 1001, Count: 1, MintedBy: seedActor})
			must(f.t, err)
			return p + "/batches/" + b.ID.String() + "/revoke", `{"reason":"Lô in hỏng"}`
		}},
		{"POST", p + "/stamps/:ref/revoke", office, 200, func(f *fixture, n int) (string, string) {
			return p + "/stamps/" + f.stamps[2+n%30].ID.String() + "/revoke", `{"reason":"Tem rách"}`
		}},
		{"POST", p + "/serials/revoke", office, 200, func(f *fixture, n int) (string, string) {
			s := f.stamps[32+n%8].Serial
			return p + "/serials/revoke", fmt.Sprintf(`{"from":%d,"to":%d,"reason":"Mất cắp"}`, s, s)
		}},

		{"GET", p + "/stamps/:ref", inspector, 200, func(f *fixture, n int) (string, string) {
			return p + "/stamps/" + stamp.FormatSerial(f.stamps[0].Serial), ""
		}},
		{"GET", p + "/inspections", inspector, 200, static(p+"/inspections?since=24h", "")},
		{"POST", p + "/inspections", inspector, 201, func(f *fixture, n int) (string, string) {
			return p + "/inspections", fmt.Sprintf(`{"place":"Chợ Hà Tĩnh, ki-ốt %d","result":"suspect","serial":"%s"}`,
				n, stamp.FormatSerial(f.stamps[1].Serial))
		}},
		{"GET", p + "/inspections/:id/photo", inspector, 200, func(f *fixture, n int) (string, string) {
			in := &storage.Inspection{Place: "Chợ Hà Tĩnh", Result: storage.InspectionGenuine, Photo: []byte{0xff, 0xd8, 0xff, 0xe0, byte(n)}}
			must(f.t, f.store.RecordInspection(context.Background(), seedActor, in))
			return fmt.Sprintf("%s/inspections/%d/photo", p, in.ID), ""
		}},
		{"GET", p + "/consumer-reports", inspector, 200, static(p+"/consumer-reports", "")},
		{"GET", p + "/consumer-reports/:id/photo", inspector, 200, func(f *fixture, n int) (string, string) {
			r := &storage.ConsumerReport{StampID: f.stamps[2].ID, What: "ảnh", Photo: []byte{0xff, 0xd8, 0xff, 0xe0, byte(n)}, PhotoType: "image/jpeg"}
			must(f.t, f.store.AddConsumerReport(context.Background(), r))
			return fmt.Sprintf("%s/consumer-reports/%d/photo", p, r.ID), ""
		}},
		{"GET", p + "/consumer-reports/:id", inspector, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/consumer-reports/%d", p, newReport(f, n)), ""
		}},
		{"PATCH", p + "/consumer-reports/:id", inspector, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/consumer-reports/%d", p, newReport(f, n)), `{"state":"in_progress","note":"đang gọi người mua"}`
		}},
		{"POST", p + "/consumer-reports/:id/close", inspector, 200, func(f *fixture, n int) (string, string) {
			return fmt.Sprintf("%s/consumer-reports/%d/close", p, newReport(f, n)), `{"note":"đã xử lý"}`
		}},
		{"GET", admin.SnapshotPath, inspector, 200, static(admin.SnapshotPath, "")},

		{"GET", p + "/audit", viewer, 200, static(p+"/audit?since=2020-01-01&limit=5", "")},
		{"GET", p + "/epcis/events", viewer, 200, static(p+"/epcis/events?since=2020-01-01&limit=5", "")},
		{"GET", p + "/reports", viewer, 200, static(p+"/reports?format=csv", "")},

		{"GET", p + "/tokens", office, 200, static(p+"/tokens", "")},
		{"POST", p + "/tokens", office, 201, func(f *fixture, n int) (string, string) {
			return p + "/tokens", fmt.Sprintf(`{"name":"máy quét %d","role":"viewer","expires_in":"30d"}`, n)
		}},
		{"POST", p + "/tokens/:ref/revoke", office, 200, func(f *fixture, n int) (string, string) {
			name := fmt.Sprintf("tạm %d", n)
			_, _, err := issueToken(context.Background(), f.store, usecase.TokenRequest{Name: name, Role: stamp.RoleViewer}, time.Now())
			must(f.t, err)
			return p + "/tokens/" + strings.ReplaceAll(name, " ", "%20") + "/revoke", `{}`
		}},
	}
}

// TestRoles sends every admin route with no token and with a token of every
// role: allowed roles get the route's success status, others 401 (no token)
// or 403, and a refused request changes nothing.
func TestRoles(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		cases := roleCases()
		checkCoverage(t, f, cases)
		n := 0
		for _, tc := range cases {
			for _, role := range []string{"", stamp.RoleViewer, stamp.RoleInspector, stamp.RoleOffice} {
				n++
				path, body := tc.req(f, n)
				before := f.state()
				// Requests without a token come from many addresses: one
				// address would soon be over its failed-authentication budget.
				w := f.do(call{method: tc.method, path: path, body: body, token: f.tokens[role],
					remote: fmt.Sprintf("10.0.%d.%d:1234", n/250, n%250)})
				allowed := role != "" && stamp.RoleRank(role) >= stamp.RoleRank(tc.role)
				switch {
				case allowed && w.Code != tc.want:
					t.Errorf("%s %s as %s: %d, want %d: %.300s", tc.method, path, role, w.Code, tc.want, w.Body.String())
				case !allowed:
					want := http.StatusForbidden
					if role == "" {
						want = http.StatusUnauthorized
					}
					if w.Code != want {
						t.Errorf("%s %s as %q: %d, want %d: %.300s", tc.method, path, role, w.Code, want, w.Body.String())
						continue
					}
					e := apiError(t, w)
					if role == "" && !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer realm=") {
						t.Errorf("%s %s: 401 without WWW-Authenticate", tc.method, path)
					}
					if role != "" && !strings.Contains(e.Message, tc.role) {
						t.Errorf("%s %s as %s: message %q does not name the role needed", tc.method, path, role, e.Message)
					}
					if after := f.state(); after.String() != before.String() {
						t.Errorf("%s %s as %q was refused but changed the store:\nbefore %s\nafter  %s", tc.method, path, role, before, after)
					}
				}
			}
		}
	})
}

// checkCoverage fails when a route registered under /api/v1 has no case.
func checkCoverage(t *testing.T, f *fixture, cases []roleCase) {
	t.Helper()
	have := map[string]bool{}
	for _, tc := range cases {
		have[tc.method+" "+tc.route] = true
	}
	var missing []string
	for _, r := range f.engine.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") && !have[r.Method+" "+r.Path] {
			missing = append(missing, r.Method+" "+r.Path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes without a role case: %s", strings.Join(missing, ", "))
	}
}
