package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

const consumerReportCols = "id, at, stamp_id, code, product_number, what, where_bought, contact, lang, photo IS NOT NULL"

// consumerReportDest returns scan destinations for consumerReportCols and
// a function that fills c once scanned.
func consumerReportDest(c *storage.ConsumerReport) ([]any, func()) {
	var at int64
	var product sql.NullInt64
	return []any{&c.ID, &at, &c.StampID, &c.Code, &product, &c.What, &c.WhereBought, &c.Contact, &c.Lang, &c.HasPhoto}, func() {
		c.At, c.ProductNumber = fromMicros(at), uint32(product.Int64)
	}
}

// AddConsumerReport validates and stores r and fills its ID and At. It is
// not audited and does not bump the registry version.
func (s *Store) AddConsumerReport(ctx context.Context, r *storage.ConsumerReport) error {
	r.What, r.WhereBought = strings.TrimSpace(nfc(r.What)), strings.TrimSpace(nfc(r.WhereBought))
	r.Contact, r.Code = strings.TrimSpace(nfc(r.Contact)), strings.TrimSpace(r.Code)
	switch {
	case r.StampID == uuid.Nil:
		return stamp.Refusef(stamp.EInvalid, "Phản ánh: thiếu mã tem", "consumer report: stamp id is required")
	case r.What == "":
		return stamp.Refusef(stamp.EInvalid, "Phản ánh: cần nêu điều gì có vẻ không đúng", "consumer report: say what looked wrong")
	}
	if err := checkReportPhoto(r.Photo, r.PhotoType); err != nil {
		return err
	}
	for _, c := range []struct {
		what string
		s    string
		max  int
	}{{"description", r.What, storage.MaxReportText}, {"where bought", r.WhereBought, storage.MaxReportField},
		{"contact", r.Contact, storage.MaxReportField}, {"code", r.Code, 256}, {"language", r.Lang, 8}} {
		if err := checkText(c.what, c.s, c.max); err != nil {
			return err
		}
	}
	var photo any
	if len(r.Photo) > 0 {
		photo = r.Photo
	}
	return s.inTx(ctx, "add consumer report", func(w *tx) error {
		r.At = w.now
		err := w.queryRow(ctx, `INSERT INTO consumer_reports (at, stamp_id, code, product_number, what, where_bought, contact, lang, photo, photo_type)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			micros(r.At), r.StampID[:], r.Code, nullInt(int64(r.ProductNumber)), r.What, r.WhereBought, r.Contact, r.Lang,
			photo, r.PhotoType).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("add consumer report: %w", err)
		}
		return nil
	})
}

// consumerReportStateCols are the report's inbox state from the outer join
// "consumer_reports r LEFT JOIN inbox_states i" (consumerReportFrom): new
// when never handled.
const consumerReportStateCols = "COALESCE(i.state, 'new'), COALESCE(i.note, ''), COALESCE(i.changed_by, ''), COALESCE(i.changed_at, 0)"

const consumerReportFrom = ` FROM consumer_reports r LEFT JOIN inbox_states i ON i.kind = 'consumer_report' AND i.item_id = r.id`

// scanConsumerReportState scans cols("r", consumerReportCols) followed by
// consumerReportStateCols.
func scanConsumerReportState(r scanner) (storage.ConsumerReport, error) {
	var c storage.ConsumerReport
	var changed int64
	dest, fill := consumerReportDest(&c)
	err := r.Scan(append(dest, &c.State.State, &c.State.Note, &c.State.ChangedBy, &changed)...)
	fill()
	c.State.Kind, c.State.ItemID = storage.InboxConsumerReport, c.ID
	if changed != 0 {
		c.State.ChangedAt = fromMicros(changed)
	}
	return c, err
}

// ListConsumerReports lists consumer reports with their inbox states,
// newest first.
func (s *Store) ListConsumerReports(ctx context.Context, f storage.ConsumerReportFilter) ([]storage.ConsumerReport, error) {
	var conds []string
	var args []any
	if f.Stamp != uuid.Nil {
		conds, args = append(conds, "r.stamp_id = ?"), append(args, f.Stamp[:])
	}
	if !f.Since.IsZero() {
		conds, args = append(conds, "r.at >= ?"), append(args, micros(f.Since))
	}
	if len(f.States) > 0 {
		for _, st := range f.States {
			if !slices.Contains(storage.InboxStates, st) {
				return nil, stamp.Refusef(stamp.EInvalid, "Tình trạng phản ánh %q không hợp lệ; chỉ nhận một trong: %s", "consumer report state %q: want %s", st, strings.Join(storage.InboxStates, ", "))
			}
			args = append(args, st)
		}
		conds = append(conds, "COALESCE(i.state, 'new') IN (?"+strings.Repeat(", ?", len(f.States)-1)+")")
	}
	if f.Before != 0 {
		// Keyset paging in the list's order (at, id), from report Before.
		conds = append(conds, "(r.at, r.id) < (SELECT b.at, b.id FROM consumer_reports b WHERE b.id = ?)")
		args = append(args, f.Before)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.query(ctx, `SELECT `+cols("r", consumerReportCols)+`, `+consumerReportStateCols+consumerReportFrom+where+
		` ORDER BY r.at DESC, r.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("consumer reports: %w", err)
	}
	return collect(rows, scanConsumerReportState, "consumer reports")
}

// ConsumerReport returns one consumer report with its inbox state.
func (s *Store) ConsumerReport(ctx context.Context, id int64) (*storage.ConsumerReport, error) {
	c, err := scanConsumerReportState(s.queryRow(ctx, `SELECT `+cols("r", consumerReportCols)+`, `+consumerReportStateCols+consumerReportFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy phản ánh %d", "consumer report %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("consumer report %d: %w", id, err)
	}
	return &c, nil
}

// ConsumerReportCount returns how many consumer reports name stamp id, from
// the (stamp_id, at) index.
func (s *Store) ConsumerReportCount(ctx context.Context, id uuid.UUID) (int64, error) {
	var n int64
	if err := s.queryRow(ctx, `SELECT count(*) FROM consumer_reports WHERE stamp_id = ?`, id[:]).Scan(&n); err != nil {
		return 0, fmt.Errorf("consumer reports of %s: %w", id, err)
	}
	return n, nil
}

// checkReportPhoto refuses a photo over MaxReportPhoto bytes, one whose
// type is not image/jpeg or image/png, or whose bytes do not start as that
// type does; no photo must have no type.
func checkReportPhoto(data []byte, typ string) error {
	magic := map[string][]byte{"image/jpeg": {0xff, 0xd8, 0xff}, "image/png": []byte("\x89PNG\r\n\x1a\n")}
	switch {
	case len(data) == 0 && typ == "":
		return nil
	case len(data) > storage.MaxReportPhoto:
		return stamp.Refusef(stamp.EInvalid, "Phản ánh: ảnh nặng %d byte; tối đa %d byte", "consumer report: photo is %d bytes; at most %d", len(data), storage.MaxReportPhoto)
	case magic[typ] == nil || !bytes.HasPrefix(data, magic[typ]):
		return stamp.Refusef(stamp.EInvalid, "Phản ánh: ảnh không phải ảnh JPEG hay PNG đúng với loại %q đã khai", "consumer report: photo is not a JPEG or PNG image of its type %q", typ)
	}
	return nil
}

// ConsumerReportPhoto returns report id's photo and content type, or
// ENotFound.
func (s *Store) ConsumerReportPhoto(ctx context.Context, id int64) ([]byte, string, error) {
	var photo []byte
	var typ string
	err := s.queryRow(ctx, `SELECT photo, photo_type FROM consumer_reports WHERE id = ?`, id).Scan(&photo, &typ)
	if errors.Is(err, sql.ErrNoRows) || err == nil && len(photo) == 0 {
		return nil, "", stamp.Refusef(stamp.ENotFound, "Phản ánh %d không có ảnh kèm theo", "consumer report %d has no photo", id)
	}
	if err != nil {
		return nil, "", fmt.Errorf("consumer report %d photo: %w", id, err)
	}
	return photo, typ, nil
}
