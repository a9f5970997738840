package office_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

var (
	clerk     = stamp.Actor{Name: "văn thư", Role: stamp.RoleOffice}
	inspector = stamp.Actor{Name: "thanh tra", Role: stamp.RoleInspector}
	viewer    = stamp.Actor{Name: "xem", Role: stamp.RoleViewer}
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if stamp.ErrorCode(err) != code {
		t.Errorf("%s: %v (%q), want %s", what, err, stamp.ErrorCode(err), code)
	}
}

// audited returns the audit log's actions by actor.
func audited(t *testing.T, o *office.Office, actor string) []string {
	t.Helper()
	log, err := o.Store.AuditLog(context.Background(), time.Time{}, 1000)
	must(t, err)
	var out []string
	for _, e := range log {
		if e.Actor == actor {
			out = append(out, e.Action)
		}
	}
	return out
}

type memSink struct {
	bytes.Buffer
	kept, discarded bool
}

func (m *memSink) Open() (io.Writer, error) { return &m.Buffer, nil }
func (m *memSink) Keep() error              { m.kept = true; return nil }
func (m *memSink) Discard()                 { m.discarded = true }

// TestUseCases runs each use case once as the CLI and the admin API call
// it: roles are checked, entries normalised, writes audited by the actor.
func TestUseCases(t *testing.T) {
	ctx := context.Background()
	sg, keys := storagetest.Signer(t, 3)
	o := &office.Office{Store: storagetest.OpenSQLite(t), Signer: sg, Keys: keys, BaseURL: "https://tem.example.vn"}

	_, err := o.AddFacility(ctx, viewer, stamp.Facility{Code: "F1", Name: "HTX", District: "Hương Khê"})
	wantCode(t, "viewer adds a facility", err, stamp.EForbidden)
	_, err = o.AddFacility(ctx, stamp.Actor{}, stamp.Facility{Code: "F1", Name: "HTX", District: "Hương Khê"})
	wantCode(t, "nobody adds a facility", err, stamp.EUnauthorized)
	_, err = o.AddFacility(ctx, clerk, stamp.Facility{Code: "F1", Name: "HTX", District: "Quận 1"})
	wantCode(t, "unknown district", err, stamp.EInvalid)
	f, err := o.AddFacility(ctx, clerk, stamp.Facility{Code: " F1 ", Name: "HTX", District: "huyện hương khê"})
	must(t, err)
	if f.Code != "F1" || f.District != "Hương Khê" {
		t.Errorf("facility stored as %+v", f)
	}
	_, err = o.EditFacility(ctx, clerk, "F1", func(f *stamp.Facility) { f.Code = "F2" })
	wantCode(t, "facility code change", err, stamp.EInvalid)
	f, err = o.EditFacility(ctx, clerk, "F1", func(f *stamp.Facility) { f.District = "Hồng Lĩnh" })
	must(t, err)
	if f.District != "Thị xã Hồng Lĩnh" {
		t.Errorf("edited district %q", f.District)
	}

	p, err := o.AddProduct(ctx, clerk, stamp.Product{Number: 7, FacilityCode: "F1", Name: "Kẹo", Group: "THỰC PHẨM"})
	must(t, err)
	if p.Group != "Thực phẩm" {
		t.Errorf("group stored as %q", p.Group)
	}
	_, err = o.EditProduct(ctx, clerk, 7, func(p *stamp.Product) { p.Number = 8 })
	wantCode(t, "product number change", err, stamp.EInvalid)
	pos, err := o.AddPointOfSale(ctx, clerk, stamp.PointOfSale{Name: "Điểm bán", District: "hà tĩnh"})
	must(t, err)
	if pos.District != "Thành phố Hà Tĩnh" {
		t.Errorf("point of sale district %q", pos.District)
	}

	cert, err := o.AddCertification(ctx, clerk, stamp.Certification{ProductNumber: 7, Rank: stamp.Rank3, DecisionNumber: "1/QĐ",
		DecisionDate: stamp.DateOf(time.Now()).AddDays(-1)})
	must(t, err)
	_, err = o.SetCertificationStatus(ctx, clerk, cert.ID, stamp.CertSuspended, "  ")
	wantCode(t, "suspend without a reason", err, stamp.EInvalid)
	cert, err = o.SetCertificationRank(ctx, clerk, cert.ID, stamp.Rank5)
	must(t, err)
	if cert.Rank != stamp.Rank5 {
		t.Errorf("rank %v", cert.Rank)
	}

	_, err = o.Mint(ctx, inspector, stamp.MintRequest{ProductNumber: 7, Count: 3}, nil)
	wantCode(t, "inspector mints", err, stamp.EForbidden)
	noKey := &office.Office{Store: o.Store}
	_, err = noKey.Mint(ctx, clerk, stamp.MintRequest{ProductNumber: 7, Count: 3}, nil)
	wantCode(t, "mint without a key", err, stamp.EUnavailable)
	b, err := o.Mint(ctx, clerk, stamp.MintRequest{ProductNumber: 7, Count: 3, MintedBy: "someone else"}, nil)
	must(t, err)
	if b.MintedBy != clerk.Name {
		t.Errorf("minted by %q", b.MintedBy)
	}

	tmpl, err := print.TemplateByName(print.DefaultTemplate)
	must(t, err)
	var sink memSink
	_, err = o.Print(ctx, clerk, office.PrintInput{Batch: b.ID, First: b.FirstSerial, Last: b.LastSerial() + 1, Template: tmpl}, &sink)
	wantCode(t, "print outside the batch", err, stamp.EInvalid)
	res, err := o.Print(ctx, clerk, office.PrintInput{Batch: b.ID, Template: tmpl}, &sink)
	must(t, err)
	if res.First != b.FirstSerial || res.Last != b.LastSerial() || !sink.kept || sink.discarded || !bytes.HasPrefix(sink.Bytes(), []byte("%PDF")) {
		t.Errorf("print: %+v kept %v discarded %v", res, sink.kept, sink.discarded)
	}

	var snap []byte
	err = o.Snapshot(ctx, inspector, func(data []byte, _ verify.SnapshotSummary) error { snap = data; return nil })
	must(t, err)
	if len(snap) == 0 {
		t.Error("empty snapshot")
	}

	var all []stamp.Stamp
	must(t, o.Store.BatchStamps(ctx, b.ID, 0, 0, func(x stamp.Stamp) error { all = append(all, x); return nil }))
	ref, err := office.ParseStampRef(stamp.FormatSerial(all[0].Serial))
	must(t, err)
	_, err = o.RevokeStamp(ctx, clerk, ref, "")
	wantCode(t, "revoke without a reason", err, stamp.EInvalid)
	st, err := o.RevokeStamp(ctx, clerk, ref, " in lỗi ")
	must(t, err)
	if st.ID != all[0].ID || st.RevokedAt == nil {
		t.Errorf("revoked %+v", st)
	}

	serial := all[1].Serial
	in, err := o.RecordInspection(ctx, inspector, office.InspectionInput{Place: "Chợ", Result: " Suspect ", Serial: &serial})
	must(t, err)
	if in.StampID != all[1].ID || in.ProductNumber != 7 || in.Result != "suspect" {
		t.Errorf("inspection %+v", in)
	}
	zero := uint64(0)
	_, err = o.RecordInspection(ctx, inspector, office.InspectionInput{Place: "Chợ", Result: "suspect", Serial: &zero})
	wantCode(t, "serial 0", err, stamp.EInvalid)

	secret, tok, err := o.IssueToken(ctx, clerk, office.TokenRequest{Name: "máy quét", Role: stamp.RoleViewer})
	must(t, err)
	if !office.WellFormed(secret) || tok.Role != stamp.RoleViewer {
		t.Errorf("token %q %+v", secret, tok)
	}
	_, _, err = o.IssueToken(ctx, inspector, office.TokenRequest{Name: "x", Role: stamp.RoleViewer})
	wantCode(t, "inspector issues a token", err, stamp.EForbidden)
	_, err = o.RevokeToken(ctx, clerk, "máy quét")
	must(t, err)

	want := []string{"facility.create", "facility.update", "product.create", "point_of_sale.create", "certification.create",
		"certification.rank", "batch.mint", "batch.print", "stamp.revoke", "token.create", "token.revoke"}
	got := strings.Join(audited(t, o, clerk.Name), " ")
	for _, a := range want {
		if !strings.Contains(got, a) {
			t.Errorf("audit by %s lacks %s: %s", clerk.Name, a, got)
		}
	}
	if got := strings.Join(audited(t, o, inspector.Name), " "); !strings.Contains(got, "registry.snapshot") || !strings.Contains(got, "inspection.create") {
		t.Errorf("audit by %s: %s", inspector.Name, got)
	}
}
