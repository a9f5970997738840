package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func notFoundStamp(id uuid.UUID) error {
	return stamp.Refusef(stamp.ENotFound, "Tem %s không có trong hệ thống", "stamp %s is not in the registry", id)
}

// revokeArgs checks what every revocation needs.
func revokeArgs(actor, reason string) (string, error) {
	if err := requireActor(actor); err != nil {
		return "", err
	}
	reason = nfc(reason)
	if reason == "" {
		return "", stamp.Refusef(stamp.EInvalid, "Cần nêu lý do thu hồi", "a reason is required to revoke")
	}
	return reason, nil
}

type revocation struct {
	Reason  string `json:"reason"`
	Changed int64  `json:"changed"`
	From    uint64 `json:"from,omitempty"`
	To      uint64 `json:"to,omitempty"`
}

// RevokeStamp marks stamp id revoked with reason. An unknown stamp is
// ENotFound, a missing reason EInvalid; an already revoked stamp keeps its
// first revocation and is not an error.
func (s *Store) RevokeStamp(ctx context.Context, actor string, id uuid.UUID, reason string) error {
	reason, err := revokeArgs(actor, reason)
	if err != nil {
		return err
	}
	return s.inTx(ctx, "revoke stamp", func(t *tx) error {
		var serial int64
		err := t.queryRow(ctx, `SELECT serial FROM stamps WHERE id = ?`, idArg(id)).Scan(&serial)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundStamp(id)
		}
		if err != nil {
			return fmt.Errorf("revoke stamp %s: %w", id, err)
		}
		n, err := t.update(ctx, `UPDATE stamps SET revoked_at = ?, revoke_reason = ? WHERE serial = ? AND revoked_at IS NULL`,
			micros(t.now), reason, serial)
		if err != nil || n == 0 {
			return err
		}
		t.changed(storage.ChangeStamp, id.String())
		return t.audit(ctx, actor, "stamp.revoke", "stamp:"+id.String(),
			nil, revocation{Reason: reason, Changed: n, From: uint64(serial), To: uint64(serial)})
	})
}

// RevokeBatch marks batch id revoked with reason (its stamps then look
// revoked). An unknown batch is ENotFound, a missing reason EInvalid; an
// already revoked batch is not an error.
func (s *Store) RevokeBatch(ctx context.Context, actor string, id uuid.UUID, reason string) error {
	reason, err := revokeArgs(actor, reason)
	if err != nil {
		return err
	}
	return s.inTx(ctx, "revoke batch", func(t *tx) error {
		var one int
		err := t.queryRow(ctx, `SELECT 1 FROM batches WHERE id = ?`, idArg(id)).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy lô tem %s", "batch %s not found", id)
		}
		if err != nil {
			return fmt.Errorf("revoke batch %s: %w", id, err)
		}
		n, err := t.update(ctx, `UPDATE batches SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL`,
			micros(t.now), reason, idArg(id))
		if err != nil || n == 0 {
			return err
		}
		t.changed(storage.ChangeBatch, id.String())
		return t.audit(ctx, actor, "batch.revoke", batchSubject(id), nil, revocation{Reason: reason, Changed: n})
	})
}

// RevokeSerials marks the stamps with serials in [from, to] revoked with
// reason and returns how many changed (already revoked ones do not count). A
// range holding no stamp at all is ENotFound, a bad range or a missing reason
// EInvalid.
func (s *Store) RevokeSerials(ctx context.Context, actor string, from, to uint64, reason string) (int64, error) {
	reason, err := revokeArgs(actor, reason)
	if err != nil {
		return 0, err
	}
	if from == 0 || from > to {
		return 0, stamp.Refusef(stamp.EInvalid, "Dải số sê-ri %d-%d không có số nào", "serial range %d-%d is empty", from, to)
	}
	var changed int64
	err = s.inTx(ctx, "revoke serials", func(t *tx) error {
		var held int64
		err := t.queryRow(ctx, `SELECT count(*) FROM stamps WHERE serial BETWEEN ? AND ?`, int64(from), int64(to)).Scan(&held)
		if err != nil {
			return fmt.Errorf("revoke serials %d-%d: %w", from, to, err)
		}
		if held == 0 {
			return stamp.Refusef(stamp.ENotFound, "Không có tem nào mang số sê-ri trong khoảng %s … %s", "no stamp has a serial in %s … %s", stamp.FormatSerial(from), stamp.FormatSerial(to))
		}
		changed, err = t.update(ctx, `UPDATE stamps SET revoked_at = ?, revoke_reason = ? WHERE serial BETWEEN ? AND ? AND revoked_at IS NULL`,
			micros(t.now), reason, int64(from), int64(to))
		if err != nil || changed == 0 {
			return err
		}
		if err := t.changedBatches(ctx, from, to); err != nil {
			return fmt.Errorf("revoke serials %d-%d: %w", from, to, err)
		}
		return t.audit(ctx, actor, "stamp.revoke_serials", fmt.Sprintf("serials:%d-%d", from, to),
			nil, revocation{Reason: reason, Changed: changed, From: from, To: to})
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

// update runs an UPDATE and returns how many rows it changed.
func (t *tx) update(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	return n, nil
}

type printRange struct {
	From   uint64 `json:"from"`
	To     uint64 `json:"to"`
	Count  uint64 `json:"count"`
	Forced string `json:"forced,omitempty"` // why a refused print was forced
	Output string `json:"output,omitempty"` // what was made when not label sheets (office.ExportOutput)
}

// RecordPrint writes the audit entry of a (re)print of serials [from, to]
// (0: the batch's first or last) of batch id, with forced (empty when
// nothing was forced) as why a refused print was forced, and output (empty
// for label sheets) as what was made instead, e.g. a code export. An
// unknown batch is ENotFound, a range outside it EInvalid.
func (s *Store) RecordPrint(ctx context.Context, actor string, id uuid.UUID, from, to uint64, forced, output string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	return s.inTx(ctx, "record print", func(t *tx) error {
		b, err := scanBatch(t.queryRow(ctx, `SELECT `+batchCols+` FROM batches WHERE id = ?`, idArg(id)))
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy lô tem %s", "batch %s not found", id)
		}
		if err != nil {
			return fmt.Errorf("record print of batch %s: %w", id, err)
		}
		from, to, err := serialRange(&b, from, to)
		if err != nil {
			return err
		}
		return t.audit(ctx, actor, "batch.print", batchSubject(id), nil, printRange{From: from, To: to, Count: to - from + 1, Forced: nfc(forced), Output: output})
	})
}

// changedBatches records a change of every batch holding a serial in [from,
// to] (a revoked serial range invalidates those batches' cached views).
func (t *tx) changedBatches(ctx context.Context, from, to uint64) error {
	rows, err := t.QueryContext(ctx, t.s.d.Rebind(`SELECT id FROM batches WHERE first_serial <= ? AND first_serial + count > ?`), int64(to), int64(from))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return err
		}
		t.changed(storage.ChangeBatch, id.String())
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(t.changes) == 0 {
		t.changed(storage.ChangeAll, "")
	}
	return nil
}
