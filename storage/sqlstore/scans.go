package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// RecordScans stores events in one transaction: all or none. Events without
// a time get the store's clock; an event without a stamp id is EInvalid.
// Stamps the registry does not hold are recorded too. Each scan keeps, for
// reports, its product number (the registry's for a stamp it holds, else the
// event's; NULL when 0) and its client's key (see clientKey).
func (s *Store) RecordScans(ctx context.Context, events []stamp.ScanEvent) error {
	if len(events) == 0 {
		return nil
	}
	for i, e := range events {
		if e.StampID == uuid.Nil {
			return stamp.Errorf(stamp.EInvalid, "scan %d: stamp id is required", i+1)
		}
	}
	return s.inTx(ctx, "record scans", func(t *tx) error {
		ins, err := t.prepare(ctx, `INSERT INTO scans (stamp_id, at, channel, client_hash, client_key, verdict, product_number)
VALUES (?, ?, ?, ?, ?, ?, COALESCE((SELECT b.product_number FROM stamps s
  JOIN batches b ON b.first_serial = (SELECT max(b2.first_serial) FROM batches b2 WHERE b2.first_serial <= s.serial)
  WHERE s.id = ?), ?))`)
		if err != nil {
			return fmt.Errorf("record scans: %w", err)
		}
		defer ins.Close()
		for _, e := range events {
			at := e.At
			if at.IsZero() {
				at = t.now
			}
			var claimed any // NULL unless the event names a product
			if e.ProductNumber != 0 {
				claimed = int64(e.ProductNumber)
			}
			if _, err := ins.ExecContext(ctx, idArg(e.StampID), micros(at), e.Channel, e.ClientHash, clientKey(e.ClientHash),
				e.Verdict, idArg(e.StampID), claimed); err != nil {
				return fmt.Errorf("record scans: %w", err)
			}
		}
		return nil
	})
}

// ScanStats summarises the scans of stamp id (zero for none) from the
// (stamp_id, client_hash, at) index.
func (s *Store) ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error) {
	var st stamp.ScanStats
	var first, last sql.NullInt64
	err := s.queryRow(ctx, `SELECT count(*), count(DISTINCT client_hash), min(at), max(at) FROM scans WHERE stamp_id = ?`,
		idArg(id)).Scan(&st.Count, &st.DistinctClients, &first, &last)
	if err != nil {
		return st, fmt.Errorf("scan stats %s: %w", id, err)
	}
	st.FirstAt, st.LastAt = timePtr(first), timePtr(last)
	return st, nil
}

// StampScans lists the most recent scans of stamp id, newest first, at most
// limit (100 when limit <= 0).
func (s *Store) StampScans(ctx context.Context, id uuid.UUID, limit int) ([]stamp.ScanEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.query(ctx, `SELECT stamp_id, at, channel, client_hash, verdict FROM scans WHERE stamp_id = ?
ORDER BY at DESC, id DESC LIMIT ?`, idArg(id), limit)
	if err != nil {
		return nil, fmt.Errorf("scans of %s: %w", id, err)
	}
	return collect(rows, func(r scanner) (stamp.ScanEvent, error) {
		var e stamp.ScanEvent
		var at int64
		err := r.Scan(&e.StampID, &at, &e.Channel, &e.ClientHash, &e.Verdict)
		e.At = fromMicros(at)
		return e, err
	}, "scans")
}
