package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// RecordScans stores events in one transaction: all or none, and each scan
// once: an event whose ID the store already holds is skipped, so writing a
// batch again after a lost reply or from a replayed spool adds nothing.
// Events without a time get the store's clock, events without an ID a new
// UUIDv7; an event without a stamp id is EInvalid. Stamps the registry does
// not hold are recorded too. Each scan keeps, for reports, its product
// number (the registry's for a stamp it holds, else the event's; NULL when 0)
// and its client's key (see clientKey). The rows are bulk-loaded into a
// temporary table (COPY on PostgreSQL, multi-row INSERTs on SQLite) and moved
// into scans by one INSERT ... SELECT.
func (s *Store) RecordScans(ctx context.Context, events []stamp.ScanEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]ScanRow, len(events))
	claimed := make([]int64, len(events))
	for i := range events {
		e := &events[i]
		if e.StampID == uuid.Nil {
			return stamp.Errorf(stamp.EInvalid, "scan %d: stamp id is required", i+1)
		}
		id := e.ID
		if id == uuid.Nil {
			var err error
			if id, err = uuid.NewV7(); err != nil {
				return fmt.Errorf("record scans: scan id: %w", err)
			}
		}
		r := &rows[i]
		r.ScanID, r.StampID = id[:], idArg(e.StampID)
		r.At = micros(e.At)
		r.Channel, r.ClientHash, r.Verdict = e.Channel, e.ClientHash, e.Verdict
		r.ClientKey = clientKey(e.ClientHash)
		if e.ProductNumber != 0 {
			claimed[i] = int64(e.ProductNumber)
			r.Claimed = &claimed[i]
		}
	}
	return s.inTx(ctx, "record scans", func(t *tx) error {
		for i := range rows {
			if events[i].At.IsZero() {
				rows[i].At = micros(t.now)
			}
		}
		if err := s.d.StageScans(ctx, t.conn, t.Tx, rows); err != nil {
			return fmt.Errorf("record scans: stage: %w", err)
		}
		if _, err := t.exec(ctx, moveScans); err != nil {
			return fmt.Errorf("record scans: %w", err)
		}
		return nil
	})
}

// moveScans copies the staged scans into scans, skipping ids already there.
// "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
const moveScans = `INSERT INTO scans (scan_id, stamp_id, at, channel, client_hash, client_key, verdict, product_number)
SELECT g.scan_id, g.stamp_id, g.at, g.channel, g.client_hash, g.client_key, g.verdict,
  COALESCE((SELECT b.product_number FROM stamps s
    JOIN batches b ON b.first_serial = (SELECT max(b2.first_serial) FROM batches b2 WHERE b2.first_serial <= s.serial)
    WHERE s.id = g.stamp_id), g.claimed)
FROM scan_stage g WHERE true
ON CONFLICT (scan_id) DO NOTHING`

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
