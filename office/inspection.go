package office

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/photo"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// InspectionInput is a market inspector's check of a stamped product. The
// product checked is named by its stamp code (as scanned, even a forged
// one) or its printed serial, or neither (a product sold without a stamp).
type InspectionInput struct {
	Place  string
	Result string // genuine, suspect or counterfeit, any case
	Notes  string
	Code   string  // optional code text
	Serial *uint64 // optional printed serial's number
	// ClientID is the id the inspector's device made for the inspection
	// ("" when none): the same inspector's ClientID recorded again stores
	// nothing and returns the first record, with Repeated set.
	ClientID string
	Photo    []byte // optional JPEG of at most storage.MaxInspectionPhoto bytes
}

// RecordInspection records an inspection by who (audited
// inspection.create) and returns it as stored (Repeated set when the
// ClientID was recorded before: nothing new is stored): the stamp id, serial and
// product number are filled from the code or serial when the registry
// knows them. A malformed code, a serial out of range, a missing place or
// an unknown result is EInvalid. Inspector role.
func (o *Office) RecordInspection(ctx context.Context, who stamp.Actor, in InspectionInput) (*storage.Inspection, error) {
	if err := allow(who, stamp.RoleInspector, "recording an inspection"); err != nil {
		return nil, err
	}
	rec := storage.Inspection{Place: in.Place, Result: strings.ToLower(strings.TrimSpace(in.Result)), Notes: in.Notes,
		ClientID: in.ClientID, Photo: in.Photo}
	if strings.TrimSpace(in.Code) != "" {
		code, err := stamp.ParseCode(in.Code)
		if err != nil {
			return nil, stamp.Errorf(stamp.EInvalid, "code: %s", stamp.ErrorMessage(err))
		}
		rec.Code, rec.StampID, rec.ProductNumber = code.Text(), code.StampID, code.Product
	}
	if in.Serial != nil {
		rec.Serial = *in.Serial
		if rec.Serial == 0 || rec.Serial > stamp.MaxSerial {
			return nil, stamp.Refusef(stamp.EInvalid, "Số sê-ri %d nằm ngoài phạm vi cho phép", "serial %d is out of range", rec.Serial)
		}
		st, err := o.Store.StampBySerial(ctx, rec.Serial)
		switch {
		case err == nil:
			if rec.StampID == uuid.Nil {
				rec.StampID, rec.ProductNumber = st.ID, st.ProductNumber
			}
		case stamp.ErrorCode(err) != stamp.ENotFound:
			return nil, err
		}
	}
	if rec.StampID != uuid.Nil && rec.Serial == 0 {
		v, err := o.Store.StampView(ctx, rec.StampID)
		switch {
		case err == nil:
			rec.Serial = v.Stamp.Serial
		case stamp.ErrorCode(err) != stamp.ENotFound:
			return nil, err
		}
	}
	if err := o.Store.RecordInspection(ctx, who.Name, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// ReceiveConsumerReport stores a consumer's report of a suspected fake,
// sent from the consumer page of the code they scanned: the stamp id,
// code text and product number come from code. Consumers are anonymous:
// the report is not audited. A photo in r.Photo is cleaned first
// (photo.Clean: decoded and encoded anew, so no EXIF or GPS position is
// kept; r.PhotoType is set from it). A missing description, over-long
// text, or a photo that is too large or not a JPEG or PNG is EInvalid; a
// photo's error also matches photo.ErrTooBig, ErrNotImage or ErrTooLarge
// (errors.Is), so a front end can word it.
func (o *Office) ReceiveConsumerReport(ctx context.Context, code stamp.Code, r storage.ConsumerReport) (*storage.ConsumerReport, error) {
	r.StampID, r.Code, r.ProductNumber = code.StampID, code.Text(), code.Product
	r.PhotoType = ""
	if len(r.Photo) > 0 {
		p, err := photo.Clean(ctx, r.Photo)
		if errors.Is(err, photo.ErrCancelled) {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", stamp.Errorf(stamp.EInvalid, "consumer report: photo: %v", err), err)
		}
		r.Photo, r.PhotoType = p.Data, p.Type
	}
	if err := o.Store.AddConsumerReport(ctx, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// ReportSubject is what the report form shows of the stamp being
// reported, instead of its 143-character code.
type ReportSubject struct {
	// Product is the registry's name of the product the code names, ""
	// when the registry has no such product.
	Product string
	// Serial is the printed serial of the stamp, 0 when the registry does
	// not hold the stamp for that product (a forged or unknown code).
	Serial uint64
}

// DescribeReported returns the product name and printed serial of the
// stamp code names, as the registry holds them, without recording a
// scan. Not finding them is no error (the fields stay empty); a failing
// store is.
func (o *Office) DescribeReported(ctx context.Context, code stamp.Code) (ReportSubject, error) {
	var sub ReportSubject
	v, err := o.Store.StampView(ctx, code.StampID)
	switch {
	case err == nil && v.Stamp.ProductNumber == code.Product:
		return ReportSubject{Product: v.Product.Name, Serial: v.Stamp.Serial}, nil
	case err != nil && stamp.ErrorCode(err) != stamp.ENotFound:
		return sub, fmt.Errorf("describe reported stamp: %w", err)
	}
	p, err := o.Store.Product(ctx, code.Product)
	switch {
	case err == nil:
		sub.Product = p.Name
	case stamp.ErrorCode(err) != stamp.ENotFound:
		return sub, fmt.Errorf("describe reported product: %w", err)
	}
	return sub, nil
}
