package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// printed counts the labels printed in the period per product. Prints exist
// only as audit entries (RecordPrint: action batch.print, subject
// batch:<uuid>, after {"from","to","count"}); the period's few entries are
// read from the audit_log_action index and summed per batch here, because
// the JSON functions differ between the databases. Their batches' products
// are then read in one query per distinct batch.
func (t *reportTx) printed(ctx context.Context, a *storage.ReportActivity, from, to int64) error {
	perBatch := map[uuid.UUID]int64{}
	err := t.each(ctx, "printed", `SELECT subject, after_json FROM audit_log
WHERE action = 'batch.print' AND at >= ? AND at < ?`, []any{from, to}, func(r scanner) error {
		var subject, after string
		if err := r.Scan(&subject, &after); err != nil {
			return err
		}
		id, err := uuid.Parse(strings.TrimPrefix(subject, "batch:"))
		if err != nil {
			return fmt.Errorf("audit subject %q: %w", subject, err)
		}
		var pr printRange
		if err := json.Unmarshal([]byte(after), &pr); err != nil {
			return fmt.Errorf("audit entry of batch %s: %w", id, err)
		}
		perBatch[id] += int64(pr.Count)
		return nil
	})
	if err != nil || len(perBatch) == 0 {
		return err
	}
	stmt, err := t.PrepareContext(ctx, t.s.d.Rebind(`SELECT product_number FROM batches WHERE id = ?`))
	if err != nil {
		return fmt.Errorf("report: printed: %w", err)
	}
	defer stmt.Close()
	for id, n := range perBatch {
		var p int64
		if err := stmt.QueryRowContext(ctx, idArg(id)).Scan(&p); err != nil {
			return fmt.Errorf("report: printed batch %s: %w", id, err)
		}
		addProduct(a, p, func(v *storage.Activity) { v.Printed += n })
	}
	return nil
}
