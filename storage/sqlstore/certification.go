package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// ImportCertifications inserts all certifications or none and fills in their
// IDs (and the defaults Validate sets) once stored. An invalid row or an
// unknown product is EInvalid naming the row.
func (s *Store) ImportCertifications(ctx context.Context, actor string, cs []stamp.Certification) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	rows, err := checkImport(cs, func(c stamp.Certification) (stamp.Certification, error) {
		c = nfcCertification(c)
		return c, c.Validate()
	}, nil)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, "import certifications", func(t *tx) error {
		known := map[uint32]bool{}
		for i := range rows {
			c := &rows[i]
			if !known[c.ProductNumber] {
				if err := t.requireProduct(ctx, c.ProductNumber, fmt.Sprintf("row %d: certification %s", i+1, c.DecisionNumber)); err != nil {
					return err
				}
				known[c.ProductNumber] = true
			}
			if err := t.insertCertification(ctx, c); err != nil {
				return err
			}
			if err := t.audit(ctx, actor, "certification.import", certSubject(c.ID), nil, c); err != nil {
				return err
			}
			t.changed(storage.ChangeProduct, strconv.FormatUint(uint64(c.ProductNumber), 10))
		}
		return nil
	})
	if err != nil {
		return err
	}
	copy(cs, rows)
	return nil
}

func certSubject(id int64) string { return fmt.Sprintf("certification:%d", id) }

// requireProduct returns EInvalid naming who when product number is unknown.
func (t *tx) requireProduct(ctx context.Context, number uint32, who string) error {
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM products WHERE number = ?`, int64(number)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return stamp.Refusef(stamp.EInvalid, "%s: sản phẩm %d chưa có trong danh mục", "%s: product %d is not in the registry", who, number)
	}
	if err != nil {
		return fmt.Errorf("%s: product %d: %w", who, number, err)
	}
	return nil
}

// insertCertification stores c and sets its ID and times.
func (t *tx) insertCertification(ctx context.Context, c *stamp.Certification) error {
	c.CreatedAt, c.UpdatedAt = t.now, t.now
	err := t.queryRow(ctx, `INSERT INTO certifications (product_number, rank, decision_number, decision_date, expires_on,
status, status_reason, process_confirmed, lab_test_date, declaration_date, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		int64(c.ProductNumber), int(c.Rank), c.DecisionNumber, c.DecisionDate, c.ExpiresOn, c.Status, c.StatusReason,
		c.ProcessConfirmed, c.LabTestDate, c.DeclarationDate, micros(c.CreatedAt), micros(c.UpdatedAt)).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert certification %s: %w", c.DecisionNumber, err)
	}
	return nil
}

// AddCertification validates and stores c and returns its id. An unknown
// product is EInvalid.
func (s *Store) AddCertification(ctx context.Context, actor string, c stamp.Certification) (int64, error) {
	if err := requireActor(actor); err != nil {
		return 0, err
	}
	c = nfcCertification(c)
	if err := c.Validate(); err != nil {
		return 0, err
	}
	err := s.inTx(ctx, "add certification", func(t *tx) error {
		if err := t.requireProduct(ctx, c.ProductNumber, "certification "+c.DecisionNumber); err != nil {
			return err
		}
		if err := t.insertCertification(ctx, &c); err != nil {
			return err
		}
		t.changed(storage.ChangeProduct, strconv.FormatUint(uint64(c.ProductNumber), 10))
		return t.audit(ctx, actor, "certification.create", certSubject(c.ID), nil, c)
	})
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}

// SetCertificationStatus sets the status of certification id (valid,
// suspended or withdrawn) with a reason, required unless the status is valid.
// An unknown id is ENotFound, a bad status EInvalid.
func (s *Store) SetCertificationStatus(ctx context.Context, actor string, id int64, status, reason string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	status, reason = nfc(status), nfc(reason)
	switch status {
	case stamp.CertValid:
	case stamp.CertSuspended, stamp.CertWithdrawn:
		if reason == "" {
			return stamp.Refusef(stamp.EInvalid, "Chứng nhận %d: cần nêu lý do khi chuyển sang tình trạng %s", "certification %d: a reason is required to set status %s", id, status)
		}
	default:
		return stamp.Refusef(stamp.EInvalid, "Chứng nhận %d: tình trạng %q không hợp lệ; chỉ nhận valid (còn hiệu lực), suspended (tạm đình chỉ) hoặc withdrawn (thu hồi)", "certification %d: status %q is not valid, suspended or withdrawn", id, status)
	}
	return s.updateCertification(ctx, actor, id, "certification.status", func(c *stamp.Certification) {
		c.Status, c.StatusReason = status, reason
	})
}

// SetCertificationRank re-ranks certification id. An unknown id is
// ENotFound, a rank other than 0, 3, 4, 5 EInvalid.
func (s *Store) SetCertificationRank(ctx context.Context, actor string, id int64, rank stamp.Rank) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !rank.Valid() {
		return stamp.Refusef(stamp.EInvalid, "Chứng nhận %d: hạng %d không hợp lệ; chỉ nhận 0 (tham gia OCOP), 3, 4 hoặc 5", "certification %d: rank %d is not 0 (participating), 3, 4 or 5", id, rank)
	}
	return s.updateCertification(ctx, actor, id, "certification.rank", func(c *stamp.Certification) { c.Rank = rank })
}

// updateCertification applies change to certification id and audits it.
func (s *Store) updateCertification(ctx context.Context, actor string, id int64, action string, change func(*stamp.Certification)) error {
	return s.inTx(ctx, action, func(t *tx) error {
		before, err := scanCertification(t.queryRow(ctx, `SELECT `+certificationCols+` FROM certifications WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy chứng nhận %d", "certification %d not found", id)
		}
		if err != nil {
			return fmt.Errorf("%s %d: %w", action, id, err)
		}
		after := before
		change(&after)
		after.UpdatedAt = t.now
		_, err = t.exec(ctx, `UPDATE certifications SET rank = ?, status = ?, status_reason = ?, updated_at = ? WHERE id = ?`,
			int(after.Rank), after.Status, after.StatusReason, micros(after.UpdatedAt), id)
		if err != nil {
			return fmt.Errorf("%s %d: %w", action, id, err)
		}
		t.changed(storage.ChangeProduct, strconv.FormatUint(uint64(before.ProductNumber), 10))
		return t.audit(ctx, actor, action, certSubject(id), before, after)
	})
}

// Certification returns certification id, or ENotFound.
func (s *Store) Certification(ctx context.Context, id int64) (*stamp.Certification, error) {
	c, err := scanCertification(s.queryRow(ctx, `SELECT `+certificationCols+` FROM certifications WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy chứng nhận %d", "certification %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("certification %d: %w", id, err)
	}
	return &c, nil
}

// CurrentCertification returns the product's certification with the latest
// decision date, whatever its status, or ENotFound.
func (s *Store) CurrentCertification(ctx context.Context, product uint32) (*stamp.Certification, error) {
	c, err := scanCertification(s.queryRow(ctx, `SELECT `+certificationCols+` FROM certifications
WHERE product_number = ? ORDER BY decision_date DESC, id DESC LIMIT 1`, int64(product)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Sản phẩm %d chưa có chứng nhận", "product %d has no certification", product)
	}
	if err != nil {
		return nil, fmt.Errorf("current certification of product %d: %w", product, err)
	}
	return &c, nil
}

// Certifications lists a product's certifications, newest decision first
// (none for an unknown product).
func (s *Store) Certifications(ctx context.Context, product uint32) ([]stamp.Certification, error) {
	rows, err := s.query(ctx, `SELECT `+certificationCols+` FROM certifications
WHERE product_number = ? ORDER BY decision_date DESC, id DESC`, int64(product))
	if err != nil {
		return nil, fmt.Errorf("certifications of product %d: %w", product, err)
	}
	return collect(rows, scanCertification, "certifications")
}
