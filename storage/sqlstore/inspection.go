package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

const inspectionCols = "id, at, inspector, place, result, notes, code, stamp_id, serial, product_number, client_id, photo IS NOT NULL"

func scanInspection(r scanner) (storage.Inspection, error) {
	var in storage.Inspection
	var at int64
	var id []byte
	var serial, product sql.NullInt64
	var client sql.NullString
	err := r.Scan(&in.ID, &at, &in.Inspector, &in.Place, &in.Result, &in.Notes, &in.Code, &id, &serial, &product, &client, &in.HasPhoto)
	in.At, in.Serial, in.ProductNumber, in.ClientID = fromMicros(at), uint64(serial.Int64), uint32(product.Int64), client.String
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

// checkText applies stamp.CheckFreeText: EInvalid when s is longer than max
// characters or holds control or invisible characters other than line
// breaks and tabs.
func checkText(what, s string, max int) error {
	return stamp.CheckFreeText(what, s, max)
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
		return stamp.Refusef(stamp.EInvalid, "Biên bản kiểm tra: chưa ghi địa điểm", "inspection: place is required")
	case in.Result != storage.InspectionGenuine && in.Result != storage.InspectionSuspect && in.Result != storage.InspectionCounterfeit:
		return stamp.Refusef(stamp.EInvalid, "Biên bản kiểm tra: kết luận %q không hợp lệ; chỉ nhận genuine (chính hãng), suspect (nghi vấn) hoặc counterfeit (hàng giả)", "inspection: result %q: want genuine, suspect or counterfeit", in.Result)
	case in.Serial > stamp.MaxSerial:
		return stamp.Refusef(stamp.EInvalid, "Biên bản kiểm tra: số sê-ri %d nằm ngoài phạm vi cho phép", "inspection: serial %d is out of range", in.Serial)
	case in.ClientID != "" && !validClientID(in.ClientID):
		return stamp.Refusef(stamp.EInvalid, "Biên bản kiểm tra: client_id %q cần 1 đến 64 ký tự gồm chữ cái, chữ số, '-' hoặc '_'", "inspection: client_id %q: want 1 to 64 letters, digits, '-' or '_'", in.ClientID)
	case len(in.Photo) > storage.MaxInspectionPhoto:
		return stamp.Refusef(stamp.EInvalid, "Biên bản kiểm tra: ảnh nặng %d byte; tối đa %d byte", "inspection: photo is %d bytes; at most %d", len(in.Photo), storage.MaxInspectionPhoto)
	case len(in.Photo) > 0 && !bytes.HasPrefix(in.Photo, []byte{0xff, 0xd8, 0xff}):
		return stamp.Refusef(stamp.EInvalid, "Biên bản kiểm tra: ảnh không phải ảnh JPEG", "inspection: photo is not a JPEG image")
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
	var photo any
	if len(in.Photo) > 0 {
		photo = in.Photo
	}
	return s.inTx(ctx, "record inspection", func(w *tx) error {
		in.At = w.now
		// A repeated client id inserts nothing (the unique index
		// inspections_client_id) and returns no row: the first record is
		// read back instead, and nothing is audited again.
		err := w.queryRow(ctx, `INSERT INTO inspections (at, inspector, place, result, notes, code, stamp_id, serial, product_number, client_id, photo)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
			micros(in.At), in.Inspector, in.Place, in.Result, in.Notes, in.Code, nullID(in.StampID),
			nullInt(int64(in.Serial)), nullInt(int64(in.ProductNumber)), nullText(in.ClientID), photo).Scan(&in.ID)
		if errors.Is(err, sql.ErrNoRows) && in.ClientID != "" {
			first, err := scanInspection(w.queryRow(ctx, `SELECT `+inspectionCols+` FROM inspections WHERE inspector = ? AND client_id = ?`,
				in.Inspector, in.ClientID))
			if err != nil {
				return fmt.Errorf("record inspection: read the first record of client id %s: %w", in.ClientID, err)
			}
			*in = first
			in.Repeated = true
			return nil
		}
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

// validClientID: 1 to 64 ASCII letters, digits, '-' or '_' (a UUID fits).
func validClientID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// InspectionPhoto returns inspection id's photo, or ENotFound.
func (s *Store) InspectionPhoto(ctx context.Context, id int64) ([]byte, error) {
	var photo []byte
	err := s.queryRow(ctx, `SELECT photo FROM inspections WHERE id = ?`, id).Scan(&photo)
	if errors.Is(err, sql.ErrNoRows) || err == nil && len(photo) == 0 {
		return nil, stamp.Refusef(stamp.ENotFound, "Biên bản kiểm tra %d không có ảnh kèm theo", "inspection %d has no photo", id)
	}
	if err != nil {
		return nil, fmt.Errorf("inspection %d photo: %w", id, err)
	}
	return photo, nil
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
