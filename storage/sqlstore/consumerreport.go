package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

const consumerReportCols = "id, at, stamp_id, code, product_number, what, where_bought, contact, lang, photo IS NOT NULL"

func scanConsumerReport(r scanner) (storage.ConsumerReport, error) {
	var c storage.ConsumerReport
	var at int64
	var product sql.NullInt64
	err := r.Scan(&c.ID, &at, &c.StampID, &c.Code, &product, &c.What, &c.WhereBought, &c.Contact, &c.Lang, &c.HasPhoto)
	c.At, c.ProductNumber = fromMicros(at), uint32(product.Int64)
	return c, err
}

// AddConsumerReport validates and stores r and fills its ID and At. It is
// not audited and does not bump the registry version.
func (s *Store) AddConsumerReport(ctx context.Context, r *storage.ConsumerReport) error {
	r.What, r.WhereBought = strings.TrimSpace(nfc(r.What)), strings.TrimSpace(nfc(r.WhereBought))
	r.Contact, r.Code = strings.TrimSpace(nfc(r.Contact)), strings.TrimSpace(r.Code)
	switch {
	case r.StampID == uuid.Nil:
		return stamp.Errorf(stamp.EInvalid, "consumer report: stamp id is required")
	case r.What == "":
		return stamp.Errorf(stamp.EInvalid, "consumer report: say what looked wrong")
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

// ListConsumerReports lists consumer reports newest first.
func (s *Store) ListConsumerReports(ctx context.Context, f storage.ConsumerReportFilter) ([]storage.ConsumerReport, error) {
	where, args := filterQuery(f.Stamp, f.Since, f.Limit)
	rows, err := s.query(ctx, `SELECT `+consumerReportCols+` FROM consumer_reports`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("consumer reports: %w", err)
	}
	return collect(rows, scanConsumerReport, "consumer reports")
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
		return stamp.Errorf(stamp.EInvalid, "consumer report: photo is %d bytes; at most %d", len(data), storage.MaxReportPhoto)
	case magic[typ] == nil || !bytes.HasPrefix(data, magic[typ]):
		return stamp.Errorf(stamp.EInvalid, "consumer report: photo is not a JPEG or PNG image of its type %q", typ)
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
		return nil, "", stamp.Errorf(stamp.ENotFound, "consumer report %d has no photo", id)
	}
	if err != nil {
		return nil, "", fmt.Errorf("consumer report %d photo: %w", id, err)
	}
	return photo, typ, nil
}
