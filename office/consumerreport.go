package office

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// The office's handling of consumer reports (the CLI's consumer-reports
// command, the admin API's /consumer-reports): each report has the inbox
// state the web console's inbox shows (storage.InboxStates), kept in one
// place, storage.Inbox. Reading one report marks it seen; closing needs a
// note. Consumer reports hold consumers' contacts: reading them needs the
// inspector role, as every other route to them does.

// ConsumerReportDetail is one consumer report as the office reads it: the
// report and its state, and what the registry knows of the stamp it names.
type ConsumerReportDetail struct {
	storage.ConsumerReport
	// Product is the product the code names; nil when the registry has no
	// product of that number.
	Product *stamp.Product
	// Serial is the stamp's printed serial (stamp.FormatSerial); "" when
	// the registry holds no stamp of that id (a forged or unknown code).
	Serial string
	// Verdict is the verdict of the latest lookup of the stamp recorded at
	// or before the report (in the usual case the consumer's own scan that
	// led to the report form); "" when no lookup was recorded before it.
	Verdict stamp.Verdict
	// VerdictAt is when that lookup was.
	VerdictAt *time.Time
	// MarkedSeen says that this reading marked the report seen (it was
	// new).
	MarkedSeen bool
}

// verdictScans bounds the scans of a stamp read to find the verdict at the
// time of a report.
const verdictScans = 500

// ParseInboxStates reads a list of inbox states as a person writes it:
// states separated by commas, any case ("new,seen"), or "all" (nil: every
// state); "" is nil too. An unknown state is EInvalid naming the states.
func ParseInboxStates(s string) ([]string, error) {
	if s = strings.TrimSpace(s); s == "" || strings.EqualFold(s, "all") {
		return nil, nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if !slices.Contains(storage.InboxStates, part) {
			return nil, stamp.Refusef(stamp.EInvalid, "Tình trạng %q không hợp lệ; chỉ nhận một trong: %s, hoặc all (tất cả)", "state %q: want %s, or all", part, strings.Join(storage.InboxStates, ", "))
		}
		out = append(out, part)
	}
	return out, nil
}

// ConsumerReports lists consumer reports with their states, newest first,
// as f selects (an unknown state is EInvalid). Inspector role.
func (o *Office) ConsumerReports(ctx context.Context, who stamp.Actor, f storage.ConsumerReportFilter) ([]storage.ConsumerReport, error) {
	if err := allow(who, stamp.RoleInspector, "reading consumer reports"); err != nil {
		return nil, err
	}
	return o.Store.ListConsumerReports(ctx, f)
}

// OpenConsumerReport returns report id with what the registry knows of its
// stamp, and marks it seen when it is new (audited inbox.state by who). An
// unknown id is ENotFound. Inspector role.
func (o *Office) OpenConsumerReport(ctx context.Context, who stamp.Actor, id int64) (*ConsumerReportDetail, error) {
	if err := allow(who, stamp.RoleInspector, "reading consumer reports"); err != nil {
		return nil, err
	}
	r, err := o.Store.ConsumerReport(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &ConsumerReportDetail{ConsumerReport: *r}
	if r.State.State == storage.InboxNew {
		st := &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: id, State: storage.InboxSeen, Note: r.State.Note}
		err := o.Store.SetInboxState(ctx, who.Name, st, storage.InboxNew)
		switch {
		case err == nil:
			d.State, d.MarkedSeen = *st, true
		case stamp.ErrorCode(err) == stamp.EConflict: // someone else opened or handled it meanwhile
			if r, err = o.Store.ConsumerReport(ctx, id); err != nil {
				return nil, err
			}
			d.State = r.State
		default:
			return nil, err
		}
	}
	if err := o.describeStamp(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// describeStamp fills d's product, serial and verdict at the time from the
// registry and the scans.
func (o *Office) describeStamp(ctx context.Context, d *ConsumerReportDetail) error {
	v, err := o.Store.StampView(ctx, d.StampID)
	switch {
	case err == nil && v.Product.Number == d.ProductNumber:
		d.Serial, d.Product = stamp.FormatSerial(v.Stamp.Serial), &v.Product
	case err == nil, stamp.ErrorCode(err) == stamp.ENotFound:
		// A code naming another product than the stamp's is not that stamp.
		p, err := o.Store.Product(ctx, d.ProductNumber)
		if err == nil {
			d.Product = p
		} else if stamp.ErrorCode(err) != stamp.ENotFound {
			return err
		}
	default:
		return err
	}
	scans, err := o.Store.StampScans(ctx, d.StampID, verdictScans)
	if err != nil {
		return err
	}
	for _, s := range scans { // newest first
		if !s.At.After(d.At) {
			d.Verdict = stamp.Verdict(s.Verdict)
			at := s.At
			d.VerdictAt = &at
			break
		}
	}
	return nil
}

// CloseConsumerReport closes report id with note (required: how it was
// handled; at most storage.MaxReportText characters of text, see
// stamp.CheckFreeText), recording who closed it and when (audited
// inbox.state). A missing or bad note is EInvalid, an unknown id
// ENotFound, a report already closed EConflict naming who closed it and
// when. Inspector role.
func (o *Office) CloseConsumerReport(ctx context.Context, who stamp.Actor, id int64, note string) (*storage.InboxState, error) {
	if err := allow(who, stamp.RoleInspector, "closing consumer reports"); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, stamp.Refusef(stamp.EInvalid, "Cần ghi chú khi đóng phản ánh: nêu rõ đã xử lý thế nào", "a note is required to close a consumer report: say how it was handled")
	}
	if err := stamp.CheckFreeText("note", note, storage.MaxReportText); err != nil {
		return nil, err
	}
	st := &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: id, State: storage.InboxClosed, Note: note}
	if err := o.Store.SetInboxState(ctx, who.Name, st, storage.InboxOpenStates...); err != nil {
		return nil, err
	}
	return st, nil
}

// SetConsumerReportState sets report id's state to state (new, seen,
// in_progress or closed) with note; a nil note keeps the report's note.
// Closing is CloseConsumerReport (a note is required; closing a closed
// report is EConflict); any other state may be set from any state, as the
// web console's inbox does (a closed report can be reopened). An unknown
// state or a bad note is EInvalid, an unknown id ENotFound; audited
// inbox.state. Inspector role.
func (o *Office) SetConsumerReportState(ctx context.Context, who stamp.Actor, id int64, state string, note *string) (*storage.InboxState, error) {
	if err := allow(who, stamp.RoleInspector, "handling consumer reports"); err != nil {
		return nil, err
	}
	if state == storage.InboxClosed {
		n := ""
		if note != nil {
			n = *note
		}
		return o.CloseConsumerReport(ctx, who, id, n)
	}
	if !slices.Contains(storage.InboxStates, state) {
		return nil, stamp.Refusef(stamp.EInvalid, "Tình trạng %q không hợp lệ; chỉ nhận một trong: %s", "state %q: want %s", state, strings.Join(storage.InboxStates, ", "))
	}
	var n string
	if note != nil {
		n = *note
		if err := stamp.CheckFreeText("note", strings.TrimSpace(n), storage.MaxReportText); err != nil {
			return nil, err
		}
	} else {
		r, err := o.Store.ConsumerReport(ctx, id)
		if err != nil {
			return nil, err
		}
		n = r.State.Note
	}
	st := &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: id, State: state, Note: n}
	if err := o.Store.SetInboxState(ctx, who.Name, st); err != nil {
		return nil, err
	}
	return st, nil
}
