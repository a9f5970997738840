package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

const inspectionCols = "id, at, inspector, place, result, notes, code, stamp_id, serial, product_number"

func scanInspection(r scanner) (storage.Inspection, error) {
	var in storage.Inspection
	var at int64
	var id []byte
	var serial, product sql.NullInt64
	err := r.Scan(&in.ID, &at, &in.Inspector, &in.Place, &in.Result, &in.Notes, &in.Code, &id, &serial, &product)
	in.At, in.Serial, in.ProductNumber = fromMicros(at), uint64(serial.Int64), uint32(product.Int64)
	if len(id) == 16 {
		copy(in.StampID[:], id)
	}
	return in, err
}

// auditInspection is an inspection as the audit log records it.
type auditInspection struct {
	ID      int64  `json:"id"`
	Place   string `json:"place"`
	Result  string `json:"result"`
	Notes   string `json:"notes,omitempty"`
	Code    string `json:"code,omitempty"`
	StampID string `json:"stamp_id,omitempty"`
	Serial  uint64 `json:"serial,omitempty"`
	Product uint32 `json:"product,omitempty"`
}

// checkText returns EInvalid when s is longer than max characters.
func checkText(what, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return stamp.Errorf(stamp.EInvalid, "%s is %d characters; at most %d", what, n, max)
	}
	return nil
}

// nullID is the database form of an optional stamp id.
func nullID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id[:]
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// RecordInspection validates and stores in, fills its ID and At, and audits
// it (action inspection.create, subject the stamp or the inspection).
func (s *Store) RecordInspection(ctx context.Context, actor string, in *storage.Inspection) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	in.Inspector = nfc(actor)
	in.Place, in.Result, in.Notes = strings.TrimSpace(nfc(in.Place)), strings.TrimSpace(in.Result), strings.TrimSpace(nfc(in.Notes))
	switch {
	case in.Place == "":
		return stamp.Errorf(stamp.EInvalid, "inspection: place is required")
	case in.Result != storage.InspectionGenuine && in.Result != storage.InspectionSuspect && in.Result != storage.InspectionCounterfeit:
		return stamp.Errorf(stamp.EInvalid, "inspection: result %q: want genuine, suspect or counterfeit", in.Result)
	case in.Serial > stamp.MaxSerial:
		return stamp.Errorf(stamp.EInvalid, "inspection: serial %d is out of range", in.Serial)
	}
	for _, c := range []struct {
		what string
		s    string
		max  int
	}{{"inspection place", in.Place, storage.MaxReportField}, {"inspection notes", in.Notes, storage.MaxReportText}, {"inspection code", in.Code, 256}} {
		if err := checkText(c.what, c.s, c.max); err != nil {
			return err
		}
	}
	return s.inTx(ctx, "record inspection", func(w *tx) error {
		in.At = w.now
		err := w.queryRow(ctx, `INSERT INTO inspections (at, inspector, place, result, notes, code, stamp_id, serial, product_number)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			micros(in.At), in.Inspector, in.Place, in.Result, in.Notes, in.Code, nullID(in.StampID),
			nullInt(int64(in.Serial)), nullInt(int64(in.ProductNumber))).Scan(&in.ID)
		if err != nil {
			return fmt.Errorf("record inspection: %w", err)
		}
		a := auditInspection{ID: in.ID, Place: in.Place, Result: in.Result, Notes: in.Notes, Code: in.Code,
			Serial: in.Serial, Product: in.ProductNumber}
		subject := fmt.Sprintf("inspection:%d", in.ID)
		if in.StampID != uuid.Nil {
			a.StampID = in.StampID.String()
			subject = "stamp:" + a.StampID
		}
		return w.audit(ctx, actor, "inspection.create", subject, nil, a)
	})
}

// filterQuery builds the WHERE and LIMIT of a stamp/since/limit filter.
func filterQuery(id uuid.UUID, since time.Time, limit int) (string, []any) {
	var conds []string
	var args []any
	if id != uuid.Nil {
		conds = append(conds, "stamp_id = ?")
		args = append(args, id[:])
	}
	if !since.IsZero() {
		conds = append(conds, "at >= ?")
		args = append(args, micros(since))
	}
	q := ""
	if len(conds) > 0 {
		q = " WHERE " + strings.Join(conds, " AND ")
	}
	if limit <= 0 {
		limit = 1000
	}
	return q + " ORDER BY at DESC, id DESC LIMIT ?", append(args, limit)
}

// ListInspections lists inspections newest first.
func (s *Store) ListInspections(ctx context.Context, f storage.InspectionFilter) ([]storage.Inspection, error) {
	where, args := filterQuery(f.Stamp, f.Since, f.Limit)
	rows, err := s.query(ctx, `SELECT `+inspectionCols+` FROM inspections`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("inspections: %w", err)
	}
	return collect(rows, scanInspection, "inspections")
}
