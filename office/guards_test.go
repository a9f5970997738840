package office_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// guardOffice returns an office on SQLite with product 7 certified from
// yesterday for 12 months, and a minted batch of 4 stamps.
func guardOffice(t *testing.T) (*office.Office, *stamp.Certification, *stamp.Batch) {
	t.Helper()
	ctx := context.Background()
	sg, keys := storagetest.Signer(t, 3)
	o := &office.Office{Store: storagetest.OpenSQLite(t), Signer: sg, Keys: keys, BaseURL: "https://tem.example.vn"}
	_, err := o.AddFacility(ctx, clerk, stamp.Facility{Code: "F1", Name: "HTX", District: "Hương Khê"})
	must(t, err)
	_, err = o.AddProduct(ctx, clerk, stamp.Product{Number: 7, FacilityCode: "F1", Name: "Kẹo", Group: "Thực phẩm"})
	must(t, err)
	today := stamp.DateOf(time.Now())
	cert, err := o.AddCertification(ctx, clerk, stamp.Certification{ProductNumber: 7, Rank: stamp.Rank3, DecisionNumber: "1/QĐ",
		DecisionDate: today.AddDays(-1), ExpiresOn: today.AddMonths(12)})
	must(t, err)
	b, err := o.Mint(ctx, clerk, stamp.MintRequest{ProductNumber: 7, Count: 4}, nil)
	must(t, err)
	return o, cert, b
}

// printAudits returns the After of the batch.print entries.
func printAudits(t *testing.T, o *office.Office) []string {
	t.Helper()
	log, err := o.Store.AuditLog(context.Background(), time.Time{}, 1000)
	must(t, err)
	var out []string
	for _, e := range log {
		if e.Action == "batch.print" {
			out = append(out, e.After)
		}
	}
	return out
}

// TestPrintGuards: a revoked batch, or a product whose certification is
// suspended, withdrawn or expired, is printed only with force and a
// reason, which the print's audit entry keeps (issue 10 §3).
func TestPrintGuards(t *testing.T) {
	ctx := context.Background()
	tmpl, err := print.TemplateByName(print.DefaultTemplate)
	must(t, err)
	printIt := func(o *office.Office, b *stamp.Batch, force bool, reason string) error {
		var sink memSink
		_, err := o.Print(ctx, clerk, office.PrintInput{Batch: b.ID, Template: tmpl, Force: force, Reason: reason}, &sink)
		if err != nil && sink.Len() > 0 {
			t.Errorf("refused print wrote %d bytes", sink.Len())
		}
		return err
	}
	refused := func(o *office.Office, b *stamp.Batch, what, want string) {
		t.Helper()
		err := printIt(o, b, false, "")
		wantCode(t, what, err, stamp.EConflict)
		if !strings.Contains(stamp.ErrorMessage(err), want) {
			t.Errorf("%s: %q lacks %q", what, stamp.ErrorMessage(err), want)
		}
		wantCode(t, what+", forced without a reason", printIt(o, b, true, "  "), stamp.EInvalid)
		must(t, printIt(o, b, true, "reprint for "+what))
		got := printAudits(t, o)
		if len(got) == 0 || !strings.Contains(got[len(got)-1], "reprint for "+what) {
			t.Errorf("%s: print audits %q lack the reason", what, got)
		}
	}

	o, cert, b := guardOffice(t)
	must(t, printIt(o, b, false, ""))
	if got := printAudits(t, o); len(got) != 1 || strings.Contains(got[0], "forced") {
		t.Errorf("unforced print audited as %q", got)
	}
	_, err = o.SetCertificationStatus(ctx, clerk, cert.ID, stamp.CertSuspended, "kiểm tra lại")
	must(t, err)
	refused(o, b, "suspended", "is suspended")
	_, err = o.SetCertificationStatus(ctx, clerk, cert.ID, stamp.CertWithdrawn, "rút")
	must(t, err)
	refused(o, b, "withdrawn", "is withdrawn")

	o, _, b = guardOffice(t)
	o.Now = func() time.Time { return time.Now().AddDate(1, 1, 0) }
	refused(o, b, "expired", "expired on")

	o, _, b = guardOffice(t)
	_, err = o.RevokeBatch(ctx, clerk, b.ID, "lô hỏng")
	must(t, err)
	refused(o, b, "revoked", "is revoked (lô hỏng)")
}

// TestRevokeAgain: revoking what is already revoked is a conflict that
// says so, not a silent success (issue 10 §3).
func TestRevokeAgain(t *testing.T) {
	ctx := context.Background()
	o, _, b := guardOffice(t)
	var all []stamp.Stamp
	must(t, o.Store.BatchStamps(ctx, b.ID, 0, 0, func(x stamp.Stamp) error { all = append(all, x); return nil }))
	again := func(what string, err error) {
		t.Helper()
		wantCode(t, what, err, stamp.EConflict)
		if !strings.Contains(stamp.ErrorMessage(err), "already revoked") {
			t.Errorf("%s: %q", what, stamp.ErrorMessage(err))
		}
	}

	ref := office.StampRef{Serial: all[0].Serial}
	_, err := o.RevokeStamp(ctx, clerk, ref, "mất")
	must(t, err)
	_, err = o.RevokeStamp(ctx, clerk, ref, "mất")
	again("stamp twice", err)

	n, err := o.RevokeSerials(ctx, clerk, all[0].Serial, all[1].Serial, "hỏng")
	must(t, err)
	if n != 1 {
		t.Errorf("range revoked %d, want 1 (one was revoked)", n)
	}
	_, err = o.RevokeSerials(ctx, clerk, all[0].Serial, all[1].Serial, "hỏng")
	again("range twice", err)

	_, err = o.RevokeBatch(ctx, clerk, b.ID, "lô hỏng")
	must(t, err)
	_, err = o.RevokeBatch(ctx, clerk, b.ID, "lô hỏng")
	again("batch twice", err)
	_, err = o.RevokeStamp(ctx, clerk, office.StampRef{ID: all[3].ID}, "mất")
	again("stamp of a revoked batch", err)

	n = 0
	for _, a := range audited(t, o, clerk.Name) {
		if strings.Contains(a, ".revoke") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d revocations audited, want 3", n)
	}
}

// TestPrintChecksLabelURL: Print itself refuses a base URL phones cannot
// open (every front end's print goes through it), unless AllowTestURL; a
// calibration sheet carries no code and is not checked (issue 10 §1).
func TestPrintChecksLabelURL(t *testing.T) {
	ctx := context.Background()
	tmpl, err := print.TemplateByName(print.DefaultTemplate)
	must(t, err)
	o, _, b := guardOffice(t)
	o.BaseURL = "http://10.0.0.5:8080"
	var sink memSink
	_, err = o.Print(ctx, clerk, office.PrintInput{Batch: b.ID, Template: tmpl}, &sink)
	wantCode(t, "print under a private http URL", err, stamp.EConflict)
	if err == nil || !strings.Contains(err.Error(), "private network address") || sink.Len() > 0 || len(printAudits(t, o)) != 0 {
		t.Errorf("refused print: %v, %d bytes, %d audit entries", err, sink.Len(), len(printAudits(t, o)))
	}
	_, err = o.Print(ctx, clerk, office.PrintInput{Template: tmpl, Calibration: true}, &memSink{})
	must(t, err)
	o.AllowTestURL = true
	_, err = o.Print(ctx, clerk, office.PrintInput{Batch: b.ID, Template: tmpl}, &memSink{})
	must(t, err)
}

// TestExportChecksLabelURL: a code export carries the same QR payloads as
// a print, so it gets the same base-URL check (issue 10 §1).
func TestExportChecksLabelURL(t *testing.T) {
	ctx := context.Background()
	o, _, b := guardOffice(t)
	o.BaseURL = "http://127.0.0.1:8080"
	_, err := o.ExportCodes(ctx, clerk, office.ExportInput{Batch: b.ID}, &memSink{})
	wantCode(t, "export under a loopback URL", err, stamp.EConflict)
	o.AllowTestURL = true
	_, err = o.ExportCodes(ctx, clerk, office.ExportInput{Batch: b.ID}, &memSink{})
	must(t, err)
}
