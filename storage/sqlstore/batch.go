package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func batchSubject(id uuid.UUID) string { return "batch:" + id.String() }

// auditBatch is a batch as the audit log records it.
type auditBatch struct {
	ID           uuid.UUID  `json:"id"`
	Product      uint32     `json:"product"`
	Facility     string     `json:"facility"`
	Count        int        `json:"count"`
	KeyID        string     `json:"key_id"`
	FirstSerial  uint64     `json:"first_serial"`
	LastSerial   uint64     `json:"last_serial"`
	Lot          string     `json:"lot,omitempty"`
	ProducedOn   stamp.Date `json:"produced_on"`
	BestBefore   stamp.Date `json:"best_before"`
	Note         string     `json:"note,omitempty"`
	MintedBy     string     `json:"minted_by"`
	MintedAt     time.Time  `json:"minted_at"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
}

func auditOf(b *stamp.Batch) auditBatch {
	return auditBatch{ID: b.ID, Product: b.ProductNumber, Facility: b.FacilityCode, Count: b.Count, KeyID: b.KeyID.String(),
		FirstSerial: b.FirstSerial, LastSerial: b.LastSerial(), Lot: b.Lot, ProducedOn: b.ProducedOn, BestBefore: b.BestBefore,
		Note: b.Note, MintedBy: b.MintedBy, MintedAt: b.MintedAt, RevokedAt: b.RevokedAt, RevokeReason: b.RevokeReason}
}

// checkBatch validates a batch about to be minted.
func checkBatch(b *stamp.Batch) error {
	switch {
	case b.ID == uuid.Nil:
		return stamp.Errorf(stamp.EInvalid, "batch id is required")
	case b.ProductNumber == 0:
		return stamp.Refusef(stamp.EInvalid, "Lô tem %s: chưa nhập số sản phẩm", "batch %s: product number is required", b.ID)
	case b.Count < 1 || b.Count > stamp.MaxBatchSize:
		return stamp.Refusef(stamp.EInvalid, "Lô tem %s: số tem %d phải trong khoảng 1..%d", "batch %s: count %d is not in 1..%d", b.ID, b.Count, stamp.MaxBatchSize)
	case b.KeyID == stamp.KeyID{}:
		return stamp.Errorf(stamp.EInvalid, "batch %s: key id is required", b.ID)
	case b.MintedBy == "":
		return stamp.Refusef(stamp.EInvalid, "Lô tem %s: chưa ghi người phát hành", "batch %s: minted by is required", b.ID)
	case !b.ProducedOn.IsZero() && !b.BestBefore.IsZero() && b.BestBefore.Before(b.ProducedOn):
		return stamp.Refusef(stamp.EInvalid, "Lô tem %s: hạn sử dụng %s sớm hơn ngày sản xuất %s", "batch %s: best-before %s is before the production date %s", b.ID, b.BestBefore, b.ProducedOn)
	}
	return nil
}

// CreateBatch stores b and exactly b.Count stamps from next in one
// transaction: all or none. It allocates b.FirstSerial and sets b.MintedAt
// (the store's clock) and b.FacilityCode (the product's). An unknown product
// is ENotFound; a bad batch, a stamp under another key or a count that does
// not match is EInvalid; an error from next is returned wrapped. The serial
// counter is not consumed when it fails.
func (s *Store) CreateBatch(ctx context.Context, b *stamp.Batch, next stamp.StampChunks) error {
	nfcBatch(b)
	if err := checkBatch(b); err != nil {
		return err
	}
	out := *b
	err := s.inTx(ctx, "create batch", func(t *tx) error {
		err := t.queryRow(ctx, `SELECT facility_code FROM products WHERE number = ?`, int64(out.ProductNumber)).Scan(&out.FacilityCode)
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy sản phẩm %d", "product %d not found", out.ProductNumber)
		}
		if err != nil {
			return fmt.Errorf("create batch: product %d: %w", out.ProductNumber, err)
		}
		var last int64
		err = t.queryRow(ctx, `UPDATE counters SET value = value + ? WHERE name = 'serial' RETURNING value`, out.Count).Scan(&last)
		if err != nil {
			return fmt.Errorf("create batch: allocate serials: %w", err)
		}
		out.FirstSerial, out.MintedAt = uint64(last)-uint64(out.Count)+1, t.now
		_, err = t.exec(ctx, `INSERT INTO batches (id, product_number, facility_code, count, key_id, first_serial, lot,
produced_on, best_before, note, minted_by, minted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			idArg(out.ID), int64(out.ProductNumber), out.FacilityCode, out.Count, out.KeyID[:], int64(out.FirstSerial),
			out.Lot, out.ProducedOn, out.BestBefore, out.Note, out.MintedBy, micros(out.MintedAt))
		if s.d.IsUniqueViolation(err) {
			return stamp.Refusef(stamp.EConflict, "Lô tem %s đã có trong hệ thống", "batch %s already exists", out.ID)
		}
		if err != nil {
			return fmt.Errorf("create batch %s: %w", out.ID, err)
		}
		n, err := s.insertStamps(ctx, t, &out, next)
		if err != nil {
			return err
		}
		if n != out.Count {
			return stamp.Errorf(stamp.EInvalid, "batch %s: got %d stamps, want %d: nothing stored", out.ID, n, out.Count)
		}
		t.changed(storage.ChangeMint, out.ID.String()) // stamps unknown to lookups are now known
		return t.audit(ctx, out.MintedBy, "batch.mint", batchSubject(out.ID), nil, auditOf(&out))
	})
	if err != nil {
		return err
	}
	*b = out
	return nil
}

// insertStamps streams the stamps of next into the stamps table, numbering
// them from b.FirstSerial, and returns how many it stored.
func (s *Store) insertStamps(ctx context.Context, t *tx, b *stamp.Batch, next stamp.StampChunks) (int, error) {
	n := 0
	feed := func() ([]stamp.Stamp, error) {
		chunk, err := next()
		if err != nil {
			return nil, fmt.Errorf("batch %s: stamp %d: %w", b.ID, n+1, err)
		}
		if len(chunk) == 0 {
			return nil, nil
		}
		if n+len(chunk) > b.Count {
			return nil, stamp.Errorf(stamp.EInvalid, "batch %s: more than %d stamps supplied: nothing stored", b.ID, b.Count)
		}
		for i := range chunk {
			st := &chunk[i]
			if st.KeyID != b.KeyID {
				return nil, stamp.Errorf(stamp.EInvalid, "batch %s: stamp %s is signed under key %s, not the batch's key %s", b.ID, st.ID, st.KeyID, b.KeyID)
			}
			if st.ID == uuid.Nil {
				return nil, stamp.Errorf(stamp.EInvalid, "batch %s: stamp %d has no id", b.ID, n+i+1)
			}
			st.Serial, st.BatchID, st.ProductNumber, st.MintedAt = b.FirstSerial+uint64(n+i), b.ID, b.ProductNumber, b.MintedAt
		}
		n += len(chunk)
		return chunk, nil
	}
	err := s.d.InsertStamps(ctx, t.conn, t.Tx, feed)
	if s.d.IsUniqueViolation(err) {
		return n, stamp.Errorf(stamp.EConflict, "batch %s: a stamp id is already in the registry: nothing stored", b.ID)
	}
	if err != nil {
		if stamp.ErrorCode(err) != stamp.EInternal {
			return n, err
		}
		return n, fmt.Errorf("create batch %s: stamps: %w", b.ID, err)
	}
	return n, nil
}

// Batch returns batch id, or ENotFound.
func (s *Store) Batch(ctx context.Context, id uuid.UUID) (*stamp.Batch, error) {
	b, err := scanBatch(s.queryRow(ctx, `SELECT `+batchCols+` FROM batches WHERE id = ?`, idArg(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy lô tem %s", "batch %s not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", id, err)
	}
	return &b, nil
}

// BatchesOf lists a product's batches, newest first (every batch when
// product is 0).
func (s *Store) BatchesOf(ctx context.Context, product uint32) ([]stamp.Batch, error) {
	var rows *sql.Rows
	var err error
	if product == 0 {
		rows, err = s.query(ctx, `SELECT `+batchCols+` FROM batches ORDER BY minted_at DESC, first_serial DESC`)
	} else {
		rows, err = s.query(ctx, `SELECT `+batchCols+` FROM batches WHERE product_number = ?
ORDER BY minted_at DESC, first_serial DESC`, int64(product))
	}
	if err != nil {
		return nil, fmt.Errorf("batches: %w", err)
	}
	return collect(rows, scanBatch, "batches")
}

// serialRange resolves [from, to] inside batch b (0: the batch's first or
// last serial); a range outside the batch is EInvalid.
func serialRange(b *stamp.Batch, from, to uint64) (uint64, uint64, error) {
	if from == 0 {
		from = b.FirstSerial
	}
	if to == 0 {
		to = b.LastSerial()
	}
	if from > to || from < b.FirstSerial || to > b.LastSerial() {
		return 0, 0, stamp.Refusef(stamp.EInvalid, "Dải số sê-ri %d-%d không nằm trong lô tem %s (%d-%d)", "serials %d-%d are not within batch %s (%d-%d)",
			from, to, b.ID, b.FirstSerial, b.LastSerial())
	}
	return from, to, nil
}

// BatchStamps calls fn for the stamps of batch id with serial in [from, to]
// (0: the batch's first or last), in serial order, streaming. An unknown
// batch is ENotFound, a range outside it EInvalid; an error from fn stops the
// walk and is returned.
func (s *Store) BatchStamps(ctx context.Context, id uuid.UUID, from, to uint64, fn func(stamp.Stamp) error) error {
	b, err := s.Batch(ctx, id)
	if err != nil {
		return err
	}
	from, to, err = serialRange(b, from, to)
	if err != nil {
		return err
	}
	rows, err := s.query(ctx, `SELECT `+stampCols+` FROM stamps WHERE serial BETWEEN ? AND ? ORDER BY serial`, int64(from), int64(to))
	if err != nil {
		return fmt.Errorf("stamps of batch %s: %w", id, err)
	}
	defer rows.Close()
	var st stamp.Stamp
	dest, fill := stampDest(&st)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("stamps of batch %s: %w", id, err)
		}
		fill()
		fromBatch(&st, b)
		if err := fn(st); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("stamps of batch %s: %w", id, err)
	}
	return nil
}

// fromBatch fills the stamp fields kept on its batch.
func fromBatch(st *stamp.Stamp, b *stamp.Batch) {
	st.BatchID, st.ProductNumber, st.KeyID, st.MintedAt = b.ID, b.ProductNumber, b.KeyID, b.MintedAt
}

// StampsRevokedBetween calls fn for the stamps whose own revocation time is in
// [since, until), ordered by that time and serial (index stamps_revoked).
func (s *Store) StampsRevokedBetween(ctx context.Context, since, until time.Time, fn func(stamp.Stamp) error) error {
	rows, err := s.query(ctx, `SELECT `+cols("s", stampCols)+`, `+cols("b", batchCols)+`
FROM stamps s JOIN batches b ON b.id = s.batch_id
WHERE s.revoked_at >= ? AND s.revoked_at < ? ORDER BY s.revoked_at, s.serial`, micros(since), micros(until))
	if err != nil {
		return fmt.Errorf("revoked stamps: %w", err)
	}
	defer rows.Close()
	var st stamp.Stamp
	var b stamp.Batch
	sd, fillStamp := stampDest(&st)
	bd, fillBatch := batchDest(&b)
	dest := append(sd, bd...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("revoked stamps: %w", err)
		}
		fillStamp()
		fillBatch()
		fromBatch(&st, &b)
		if err := fn(st); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("revoked stamps: %w", err)
	}
	return nil
}

// StampBySerial returns the stamp with serial, or ENotFound.
func (s *Store) StampBySerial(ctx context.Context, serial uint64) (*stamp.Stamp, error) {
	var st stamp.Stamp
	var b stamp.Batch
	sd, fillStamp := stampDest(&st)
	bd, fillBatch := batchDest(&b)
	err := s.queryRow(ctx, `SELECT `+cols("s", stampCols)+`, `+cols("b", batchCols)+`
FROM stamps s JOIN batches b ON b.id = s.batch_id WHERE s.serial = ?`, int64(serial)).Scan(append(sd, bd...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không có tem nào mang số sê-ri %s", "no stamp has serial %s", stamp.FormatSerial(serial))
	}
	if err != nil {
		return nil, fmt.Errorf("stamp by serial %d: %w", serial, err)
	}
	fillStamp()
	fillBatch()
	fromBatch(&st, &b)
	return &st, nil
}
