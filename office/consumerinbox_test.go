package office_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestConsumerReportHandling: list by state, open (marks seen once, says
// what the registry knows of the stamp and the verdict of the lookup before
// the report), close with a note once (issue 10 §4).
func TestConsumerReportHandling(t *testing.T) {
	ctx := context.Background()
	o, _, b := guardOffice(t)
	var st stamp.Stamp
	must(t, o.Store.BatchStamps(ctx, b.ID, b.FirstSerial+1, b.FirstSerial+1, func(s stamp.Stamp) error { st = s; return nil }))
	scanAt := time.Now().Add(-time.Minute)
	must(t, o.Store.RecordScans(ctx, []stamp.ScanEvent{
		{StampID: st.ID, At: scanAt, Channel: "web", ClientHash: "c1", Verdict: string(stamp.Genuine)},
		{StampID: st.ID, At: time.Now().Add(time.Hour), Channel: "web", ClientHash: "c2", Verdict: string(stamp.Suspicious)},
	}))
	r, err := o.ReceiveConsumerReport(ctx, st.Code(), storage.ConsumerReport{What: "nhãn mờ", Contact: "0912 345 678", Lang: "vi"})
	must(t, err)
	forged := stamp.Code{Header: stamp.Header{Product: 7, StampID: uuid.New()}}
	r2, err := o.ReceiveConsumerReport(ctx, forged, storage.ConsumerReport{What: "tem lạ", Lang: "vi"})
	must(t, err)

	_, err = o.ConsumerReports(ctx, viewer, storage.ConsumerReportFilter{})
	wantCode(t, "viewer lists", err, stamp.EForbidden)
	_, err = o.OpenConsumerReport(ctx, viewer, r.ID)
	wantCode(t, "viewer opens", err, stamp.EForbidden)
	_, err = o.CloseConsumerReport(ctx, viewer, r.ID, "x")
	wantCode(t, "viewer closes", err, stamp.EForbidden)

	d, err := o.OpenConsumerReport(ctx, inspector, r.ID)
	must(t, err)
	if !d.MarkedSeen || d.State.State != storage.InboxSeen || d.State.ChangedBy != inspector.Name {
		t.Errorf("first opening: marked %v, state %+v; want seen by %s", d.MarkedSeen, d.State, inspector.Name)
	}
	if d.Serial != stamp.FormatSerial(b.FirstSerial+1) || d.Product == nil || d.Product.Name != "Kẹo" || d.Contact != "0912 345 678" {
		t.Errorf("detail: serial %q, product %+v, contact %q", d.Serial, d.Product, d.Contact)
	}
	if d.Verdict != stamp.Genuine || d.VerdictAt == nil || !d.VerdictAt.Equal(scanAt.UTC().Truncate(time.Microsecond)) {
		t.Errorf("verdict at the time: %q at %v; want genuine at %v (the later suspicious scan is after the report)", d.Verdict, d.VerdictAt, scanAt)
	}
	d, err = o.OpenConsumerReport(ctx, clerk, r.ID)
	must(t, err)
	if d.MarkedSeen || d.State.ChangedBy != inspector.Name {
		t.Errorf("second opening: marked %v, state %+v; want the first opening kept", d.MarkedSeen, d.State)
	}
	d2, err := o.OpenConsumerReport(ctx, inspector, r2.ID)
	must(t, err)
	if d2.Serial != "" || d2.Product == nil || d2.Verdict != "" {
		t.Errorf("forged code: serial %q, product %+v, verdict %q; want no serial, the product, no verdict", d2.Serial, d2.Product, d2.Verdict)
	}
	_, err = o.OpenConsumerReport(ctx, inspector, 424242)
	wantCode(t, "unknown report", err, stamp.ENotFound)

	for _, bad := range []string{"", "   ", strings.Repeat("x", storage.MaxReportText+1), "xong\x1b[2J"} {
		_, err = o.CloseConsumerReport(ctx, inspector, r.ID, bad)
		wantCode(t, "close with note "+bad[:min(len(bad), 10)], err, stamp.EInvalid)
	}
	closed, err := o.CloseConsumerReport(ctx, inspector, r.ID, "  Đã gọi người mua: tem thật, nhãn bị ướt  ")
	must(t, err)
	if closed.Note != "Đã gọi người mua: tem thật, nhãn bị ướt" || closed.ChangedBy != inspector.Name {
		t.Errorf("closed = %+v", closed)
	}
	_, err = o.CloseConsumerReport(ctx, clerk, r.ID, "lần hai")
	wantCode(t, "close twice", err, stamp.EConflict)
	if err == nil || !strings.Contains(err.Error(), "already closed") || !strings.Contains(err.Error(), inspector.Name) {
		t.Errorf("second close: %v; want who closed it", err)
	}
	_, err = o.CloseConsumerReport(ctx, inspector, 424242, "x")
	wantCode(t, "close unknown", err, stamp.ENotFound)

	open, err := o.ConsumerReports(ctx, inspector, storage.ConsumerReportFilter{States: storage.InboxOpenStates})
	must(t, err)
	if len(open) != 1 || open[0].ID != r2.ID {
		t.Errorf("open reports = %+v; want only %d", open, r2.ID)
	}
	if got := audited(t, o, inspector.Name); strings.Join(got, ",") != "inbox.state,inbox.state,inbox.state" {
		t.Errorf("inspector's audit entries %v; want seen, seen, closed", got)
	}
}
