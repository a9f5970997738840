package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

var _ storage.Snapshots = (*Store)(nil)

// CurrentCertifications returns every product's current certification,
// ordered by product number, in one query.
func (s *Store) CurrentCertifications(ctx context.Context) ([]stamp.Certification, error) {
	rows, err := s.query(ctx, `SELECT `+cols("c", certificationCols)+` FROM certifications c
WHERE c.id = (SELECT c2.id FROM certifications c2 WHERE c2.product_number = c.product_number
	ORDER BY c2.decision_date DESC, c2.id DESC LIMIT 1)
ORDER BY c.product_number`)
	if err != nil {
		return nil, fmt.Errorf("current certifications: %w", err)
	}
	return collect(rows, scanCertification, "current certifications")
}

// StampIDRanges returns the smallest and largest stamp id of every batch.
// Each bound is one query over the batch's serial range (PostgreSQL has no
// min() of bytea), so the whole walk reads every stamp row once.
func (s *Store) StampIDRanges(ctx context.Context) ([]storage.StampIDRange, error) {
	batches, err := s.BatchesOf(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("stamp id ranges: %w", err)
	}
	out := make([]storage.StampIDRange, 0, len(batches))
	for _, b := range batches {
		r := storage.StampIDRange{Batch: b.ID}
		for _, bound := range []struct {
			order string
			id    *uuid.UUID
		}{{"ASC", &r.First}, {"DESC", &r.Last}} {
			err := s.queryRow(ctx, `SELECT id FROM stamps WHERE serial BETWEEN ? AND ? ORDER BY id `+bound.order+` LIMIT 1`,
				int64(b.FirstSerial), int64(b.LastSerial())).Scan(bound.id)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("stamp id ranges: batch %s holds no stamps", b.ID)
			}
			if err != nil {
				return nil, fmt.Errorf("stamp id ranges: batch %s: %w", b.ID, err)
			}
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].Batch[:], out[j].Batch[:]) < 0 })
	return out, nil
}

// RevokedStamps calls fn for every stamp revoked on its own, in serial
// order, streaming.
func (s *Store) RevokedStamps(ctx context.Context, fn func(stamp.Stamp) error) error {
	rows, err := s.query(ctx, `SELECT `+cols("s", stampCols)+`, b.product_number, b.key_id, b.minted_at
FROM stamps s JOIN batches b ON b.id = s.batch_id WHERE s.revoked_at IS NOT NULL ORDER BY s.serial`)
	if err != nil {
		return fmt.Errorf("revoked stamps: %w", err)
	}
	defer rows.Close()
	var st stamp.Stamp
	dest, fill := stampDest(&st)
	var product, minted int64
	var keyID []byte
	dest = append(dest, &product, &keyID, &minted)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("revoked stamps: %w", err)
		}
		fill()
		st.ProductNumber, st.MintedAt = uint32(product), fromMicros(minted)
		copy(st.KeyID[:], keyID)
		if err := fn(st); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("revoked stamps: %w", err)
	}
	return nil
}
