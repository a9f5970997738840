package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// RecordScans stores events in one transaction: all or none, and each scan
// once: an event whose (ID, At) the store already holds is skipped, so
// writing a batch again after a lost reply or from a replayed spool adds
// nothing, to the scans and to their rollups (see rollups.go), which the
// same transaction keeps. Events without an ID get a new UUIDv7; events
// without a time get their UUIDv7 ID's time (so that a replay of the event
// has the same one); an event with neither is given the store's clock. An
// event without a stamp id, or with an ID that is not a UUIDv7 and no time,
// is EInvalid. Stamps the registry does not hold are recorded too. Each scan
// keeps, for reports, its product number (the registry's for a stamp it
// holds, else the event's; NULL when 0) and its client's key (see
// clientKey). The rows are bulk-loaded into a temporary table (COPY on
// PostgreSQL, multi-row INSERTs on SQLite) and moved into scans and the
// rollups by moveStaged, skipping those already recorded.
func (s *Store) RecordScans(ctx context.Context, events []stamp.ScanEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]ScanRow, 0, len(events))
	claimed := make([]int64, len(events))
	seen := make(map[uuid.UUID]bool, len(events))
	noTime := make([]bool, 0, len(events))
	for i := range events {
		e := &events[i]
		if e.StampID == uuid.Nil {
			return stamp.Errorf(stamp.EInvalid, "scan %d: stamp id is required", i+1)
		}
		id, at := e.ID, e.At
		if id == uuid.Nil {
			var err error
			if id, err = uuid.NewV7(); err != nil {
				return fmt.Errorf("record scans: scan id: %w", err)
			}
		} else if at.IsZero() {
			if id.Version() != 7 {
				return stamp.Errorf(stamp.EInvalid, "scan %d: no time, and its id %s is not a UUIDv7 that carries one", i+1, id)
			}
			sec, nsec := id.Time().UnixTime()
			at = time.Unix(sec, nsec)
		}
		if seen[id] {
			continue // the same event twice in one batch
		}
		seen[id] = true
		rows = append(rows, ScanRow{ScanID: id[:], StampID: idArg(e.StampID), At: micros(at),
			Channel: e.Channel, ClientHash: e.ClientHash, ClientKey: clientKey(e.ClientHash), Verdict: e.Verdict})
		noTime = append(noTime, at.IsZero())
		if e.ProductNumber != 0 {
			claimed[i] = int64(e.ProductNumber)
			rows[len(rows)-1].Claimed = &claimed[i]
		}
	}
	return s.inTx(ctx, "record scans", func(t *tx) error {
		for i := range rows {
			if noTime[i] {
				rows[i].At = micros(t.now)
			}
		}
		if err := s.d.StageScans(ctx, t.conn, t.Tx, rows); err != nil {
			return fmt.Errorf("record scans: stage: %w", err)
		}
		if err := t.moveStaged(ctx); err != nil {
			return fmt.Errorf("record scans: %w", err)
		}
		return nil
	})
}

// stampProduct is the product of a staged scan: the registry's for a stamp
// it holds, else the one the code names (claimed).
const stampProduct = `COALESCE((SELECT b.product_number FROM stamps s
    JOIN batches b ON b.first_serial = (SELECT max(b2.first_serial) FROM batches b2 WHERE b2.first_serial <= s.serial)
    WHERE s.id = scan_stage.stamp_id), claimed)`

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
