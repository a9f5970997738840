package office

import (
	"context"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// PrintInput asks for the label sheets of a batch's serials [First, Last]
// (0: the batch's first or last), or for an empty calibration grid.
type PrintInput struct {
	Batch            uuid.UUID
	First, Last      uint64
	Template         print.Template // a preset (print.TemplateByName) or a custom grid
	OffsetX, OffsetY float64        // printer correction, mm
	Calibration      bool           // an empty grid to align the printer: no batch, not audited
	// Force prints a revoked batch, or one whose product's certification
	// is suspended, withdrawn or expired today, which Print otherwise
	// refuses; Reason (required with Force) is recorded in the audit entry
	// of the print.
	Force  bool
	Reason string
}

// PrintSink receives the PDF of a print. Print asks for the writer only
// once every check passed and the labels are loaded, calls Keep once the
// sheets are rendered and before the print is recorded, and Discard when
// rendering or recording failed: an unrecorded print must not be handed
// out.
type PrintSink interface {
	Open() (io.Writer, error)
	Keep() error
	Discard()
}

// PrintResult is what Print printed.
type PrintResult struct {
	Batch       *stamp.Batch // nil for a calibration sheet
	First, Last uint64
	Stats       print.Stats
	// Forced is why a refused print was forced (PrintInput.Reason), empty
	// when nothing needed forcing.
	Forced string
}

// Print renders the label sheets of in to out and records the print in the
// audit log (batch.print) after out kept them. Serials outside the batch, a
// range over MaxPrint or a bad template is EInvalid; an unknown batch
// ENotFound; an Office without BaseURL EUnavailable, with a BaseURL that
// phones cannot open (CheckLabelURL) EConflict unless o.AllowTestURL (a
// calibration sheet has no codes: it is not checked). A revoked batch, or
// one whose product's certification is not valid today, is EConflict
// unless in.Force with a Reason (Force without a Reason is EInvalid).
// Office role.
func (o *Office) Print(ctx context.Context, who stamp.Actor, in PrintInput, out PrintSink) (*PrintResult, error) {
	if err := allow(who, stamp.RoleOffice, "printing"); err != nil {
		return nil, err
	}
	if o.BaseURL == "" {
		return nil, stamp.Errorf(stamp.EUnavailable, "server has no public base URL to print in QR codes")
	}
	if !in.Calibration {
		if err := o.checkLabelURL(); err != nil {
			return nil, err
		}
	}
	job := print.Job{Template: in.Template, BaseURL: o.BaseURL, OffsetX: in.OffsetX, OffsetY: in.OffsetY,
		PrintedAt: o.now(), Calibration: in.Calibration}
	res := &PrintResult{}
	if err := checkForce(&in); err != nil {
		return nil, err
	}
	if !in.Calibration {
		if err := o.loadLabels(ctx, in, &job, res); err != nil {
			return nil, err
		}
	}
	if err := in.Template.Validate(o.BaseURL); err != nil {
		return nil, err
	}
	w, err := out.Open()
	if err != nil {
		return nil, err
	}
	res.Stats, err = print.Render(w, job)
	if err == nil {
		err = out.Keep()
	}
	if err == nil && res.Batch != nil {
		err = o.Store.RecordPrint(ctx, who.Name, res.Batch.ID, res.First, res.Last, res.Forced, "")
	}
	if err != nil {
		out.Discard()
		return nil, err
	}
	return res, nil
}

// checkForce trims in.Reason and checks it: required with Force (except
// for a calibration sheet), free text of at most MaxLongLen. It returns an
// EInvalid *stamp.Error otherwise.
func checkForce(in *PrintInput) error {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Force && in.Reason == "" && !in.Calibration {
		return stamp.Refusef(stamp.EInvalid, "Cần nêu lý do khi vẫn muốn in (lý do được ghi vào nhật ký)", "a reason is required to force a print (it is recorded in the audit log)")
	}
	return stamp.CheckFreeText("print reason", in.Reason, stamp.MaxLongLen)
}

// loadLabels checks the range and fills job with the batch's stamps, its
// product, facility and current rank.
func (o *Office) loadLabels(ctx context.Context, in PrintInput, job *print.Job, res *PrintResult) error {
	st := o.Store
	b, err := st.Batch(ctx, in.Batch)
	if err != nil {
		return err
	}
	from, to := in.First, in.Last
	if from == 0 {
		from = b.FirstSerial
	}
	if to == 0 {
		to = b.LastSerial()
	}
	if from < b.FirstSerial || to > b.LastSerial() || from > to {
		return stamp.Refusef(stamp.EInvalid, "Dải số sê-ri %s..%s nằm ngoài lô tem %s (%s..%s)", "serials %s..%s are outside batch %s (%s..%s)", stamp.FormatSerial(from), stamp.FormatSerial(to),
			b.ID, stamp.FormatSerial(b.FirstSerial), stamp.FormatSerial(b.LastSerial()))
	}
	if n := to - from + 1; o.MaxPrint > 0 && n > uint64(o.MaxPrint) {
		return stamp.Refusef(stamp.EInvalid, "%d nhãn vượt mức tối đa %d nhãn cho một lần in: hãy in lô theo từng dải số sê-ri, hoặc dùng dòng lệnh", "%d labels is over this API's limit of %d a request: ask for the batch in ranges (first, last), or use the command line", n, o.MaxPrint)
	}
	p, err := st.Product(ctx, b.ProductNumber)
	if err != nil {
		return err
	}
	f, err := st.Facility(ctx, b.FacilityCode)
	if err != nil {
		return err
	}
	rank := stamp.RankParticipating
	cert, err := st.CurrentCertification(ctx, b.ProductNumber)
	if err == nil {
		rank = cert.Rank
	} else if stamp.ErrorCode(err) != stamp.ENotFound {
		return err
	}
	if why := printRefusal(b, p, cert, stamp.DateOf(o.now())); why != nil {
		if !in.Force {
			return why
		}
		res.Forced = in.Reason
	}
	job.Batch, job.ProductName, job.FacilityName, job.Rank = *b, p.Name, f.Name, rank
	job.Stamps = make([]stamp.Stamp, 0, to-from+1)
	err = st.BatchStamps(ctx, b.ID, from, to, func(x stamp.Stamp) error {
		job.Stamps = append(job.Stamps, x)
		return nil
	})
	if err != nil {
		return err
	}
	res.Batch, res.First, res.Last = b, from, to
	return nil
}

// printRefusal says why batch b should not be printed on day today: it is
// revoked, or its product's certification is not in force. It returns an
// EConflict *stamp.Error naming the reason in both languages (the caller
// adds that force with a reason overrides it), or nil.
func printRefusal(b *stamp.Batch, p *stamp.Product, cert *stamp.Certification, today stamp.Date) *stamp.Error {
	if b.RevokedAt != nil {
		return stamp.Refusef(stamp.EConflict, "Lô tem %s đã bị thu hồi (%s): cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)",
			"batch %s is revoked (%s); print it anyway with force and a reason (recorded in the audit log)", b.ID, b.RevokeReason)
	}
	if cert == nil {
		return nil
	}
	switch state := cert.StateOn(today); state {
	case stamp.CertValid:
		return nil
	case "expired":
		return stamp.Refusef(stamp.EConflict, "Chứng nhận %s của sản phẩm %d (%s) đã hết hạn ngày %s: cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)",
			"the certification %s of product %d (%s) expired on %s; print it anyway with force and a reason (recorded in the audit log)", cert.DecisionNumber, p.Number, p.Name, cert.ExpiresOn)
	case stamp.CertSuspended:
		return stamp.Refusef(stamp.EConflict, "Chứng nhận %s của sản phẩm %d (%s) đang bị tạm đình chỉ: cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)",
			"the certification %s of product %d (%s) is suspended; print it anyway with force and a reason (recorded in the audit log)", cert.DecisionNumber, p.Number, p.Name)
	case stamp.CertWithdrawn:
		return stamp.Refusef(stamp.EConflict, "Chứng nhận %s của sản phẩm %d (%s) đã bị thu hồi: cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)",
			"the certification %s of product %d (%s) is withdrawn; print it anyway with force and a reason (recorded in the audit log)", cert.DecisionNumber, p.Number, p.Name)
	default:
		return stamp.Refusef(stamp.EConflict, "Chứng nhận %s của sản phẩm %d (%s) đang ở tình trạng %s: cần nêu lý do nếu vẫn muốn in (lý do được ghi vào nhật ký)",
			"the certification %s of product %d (%s) is %s; print it anyway with force and a reason (recorded in the audit log)", cert.DecisionNumber, p.Number, p.Name, state)
	}
}
