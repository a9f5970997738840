package office

import (
	"context"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// ExportInput asks for the codes of a batch's serials [First, Last] (0:
// the batch's first or last) as CSV for a print house.
type ExportInput struct {
	Batch       uuid.UUID
	First, Last uint64
	// Force exports what Print would refuse (a revoked batch, a product
	// whose certification is not valid today) and ranges holding revoked
	// stamps; Reason (required with Force) is recorded in the audit entry.
	Force  bool
	Reason string
}

// ExportOutput is the audit entry's "output" of a code export: an export is
// recorded as a print (action batch.print), so the monthly report counts
// its labels as printed, and this field tells the two apart.
const ExportOutput = "codes.csv"

// ExportCodes writes the codes of in's serials as CSV (print.WriteCodes) to
// out and records it in the audit log as a print of those serials
// (batch.print, with "output": ExportOutput), after out kept it. An export
// hands the codes to someone outside the office, so it is guarded as a
// print is, and more: a revoked batch, a product whose certification is not
// valid today, or any revoked stamp in the range is EConflict unless
// in.Force with a Reason (Force without a Reason is EInvalid). Serials
// outside the batch, first after last, or a range over MaxPrint is
// EInvalid; an unknown batch ENotFound; an Office without BaseURL
// EUnavailable, with one phones cannot open EConflict unless
// o.AllowTestURL (as Print). Office role, as printing.
func (o *Office) ExportCodes(ctx context.Context, who stamp.Actor, in ExportInput, out PrintSink) (*PrintResult, error) {
	if err := allow(who, stamp.RoleOffice, "exporting codes"); err != nil {
		return nil, err
	}
	if o.BaseURL == "" {
		return nil, stamp.Errorf(stamp.EUnavailable, "server has no public base URL to put in QR codes")
	}
	if err := o.checkLabelURL(); err != nil {
		return nil, err
	}
	pin := PrintInput{Batch: in.Batch, First: in.First, Last: in.Last, Force: in.Force, Reason: in.Reason}
	if err := checkForce(&pin); err != nil {
		return nil, err
	}
	job := print.Job{BaseURL: o.BaseURL}
	res := &PrintResult{}
	if err := o.loadLabels(ctx, pin, &job, res); err != nil {
		return nil, err
	}
	if n := revokedIn(job.Stamps); n > 0 {
		if !pin.Force {
			return nil, stamp.Refusef(stamp.EConflict, "%d tem trong dải số sê-ri %s..%s đã bị thu hồi; hãy xuất dải khác, hoặc nêu lý do để vẫn xuất (lý do được ghi vào nhật ký)", "%d stamp(s) in serials %s..%s are revoked; export another range, or force it with a reason (recorded in the audit log)",
				n, stamp.FormatSerial(res.First), stamp.FormatSerial(res.Last))
		}
		res.Forced = pin.Reason
	}
	w, err := out.Open()
	if err != nil {
		return nil, err
	}
	res.Stats, err = print.WriteCodes(w, job)
	if err == nil {
		err = out.Keep()
	}
	if err == nil {
		err = o.Store.RecordPrint(ctx, who.Name, res.Batch.ID, res.First, res.Last, res.Forced, ExportOutput)
	}
	if err != nil {
		out.Discard()
		return nil, err
	}
	return res, nil
}

// revokedIn counts the revoked stamps among ss.
func revokedIn(ss []stamp.Stamp) int {
	n := 0
	for _, s := range ss {
		if s.RevokedAt != nil {
			n++
		}
	}
	return n
}
