package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// ImportFacilities inserts all facilities or none. An invalid row is EInvalid,
// a code already stored or repeated in fs EConflict, each naming the row.
func (s *Store) ImportFacilities(ctx context.Context, actor string, fs []stamp.Facility) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	rows, err := checkImport(fs, func(f stamp.Facility) (stamp.Facility, error) {
		f = nfcFacility(f)
		return f, f.Validate()
	}, func(f stamp.Facility) string { return "facility code " + f.Code })
	if err != nil {
		return err
	}
	return s.inTx(ctx, "import facilities", func(t *tx) error {
		ins, err := t.prepare(ctx, insertFacility)
		if err != nil {
			return fmt.Errorf("import facilities: %w", err)
		}
		defer ins.Close()
		for i := range rows {
			f := &rows[i]
			f.CreatedAt, f.UpdatedAt = t.now, t.now
			if err := t.placeCommune(ctx, fmt.Sprintf("row %d: facility %s", i+1, f.Code), f.CommuneCode, &f.Commune, &f.District); err != nil {
				return err
			}
			if err := s.insertFacility(ctx, ins, *f); err != nil {
				return err
			}
			if err := t.audit(ctx, actor, "facility.import", "facility:"+f.Code, nil, f); err != nil {
				return err
			}
			t.changed(storage.ChangeFacility, f.Code)
		}
		return nil
	})
}

const insertFacility = `INSERT INTO facilities (code, name, kind, district, commune, address, phone, representative, created_at, updated_at, commune_code)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (s *Store) insertFacility(ctx context.Context, ins *sql.Stmt, f stamp.Facility) error {
	_, err := ins.ExecContext(ctx, f.Code, f.Name, f.Kind, f.District, f.Commune, f.Address, f.Phone, f.Representative,
		micros(f.CreatedAt), micros(f.UpdatedAt), f.CommuneCode)
	if s.d.IsUniqueViolation(err) {
		return stamp.Refusef(stamp.EConflict, "Cơ sở %s đã có trong danh mục", "facility %s already exists", f.Code)
	}
	if err != nil {
		return fmt.Errorf("insert facility %s: %w", f.Code, err)
	}
	return nil
}

// CreateFacility stores a new facility; an existing code is EConflict.
func (s *Store) CreateFacility(ctx context.Context, actor string, f stamp.Facility) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	f = nfcFacility(f)
	if err := f.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, "create facility", func(t *tx) error {
		f.CreatedAt, f.UpdatedAt = t.now, t.now
		if err := t.placeCommune(ctx, "facility "+f.Code, f.CommuneCode, &f.Commune, &f.District); err != nil {
			return err
		}
		ins, err := t.prepare(ctx, insertFacility)
		if err != nil {
			return fmt.Errorf("create facility: %w", err)
		}
		defer ins.Close()
		if err := s.insertFacility(ctx, ins, f); err != nil {
			return err
		}
		t.changed(storage.ChangeFacility, f.Code)
		return t.audit(ctx, actor, "facility.create", "facility:"+f.Code, nil, f)
	})
}

// UpdateFacility replaces the stored facility with f's code; an unknown code
// is ENotFound.
func (s *Store) UpdateFacility(ctx context.Context, actor string, f stamp.Facility) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	f = nfcFacility(f)
	if err := f.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, "update facility", func(t *tx) error {
		before, err := scanFacility(t.queryRow(ctx, `SELECT `+facilityCols+` FROM facilities WHERE code = ?`, f.Code))
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy cơ sở %s", "facility %s not found", f.Code)
		}
		if err != nil {
			return fmt.Errorf("update facility %s: %w", f.Code, err)
		}
		f.CreatedAt, f.UpdatedAt = before.CreatedAt, t.now
		if err := t.placeCommune(ctx, "facility "+f.Code, f.CommuneCode, &f.Commune, &f.District); err != nil {
			return err
		}
		_, err = t.exec(ctx, `UPDATE facilities SET name = ?, kind = ?, district = ?, commune = ?, address = ?, phone = ?,
representative = ?, updated_at = ?, commune_code = ? WHERE code = ?`,
			f.Name, f.Kind, f.District, f.Commune, f.Address, f.Phone, f.Representative, micros(f.UpdatedAt), f.CommuneCode, f.Code)
		if err != nil {
			return fmt.Errorf("update facility %s: %w", f.Code, err)
		}
		t.changed(storage.ChangeFacility, f.Code)
		return t.audit(ctx, actor, "facility.update", "facility:"+f.Code, before, f)
	})
}

// Facility returns the facility with code, or ENotFound.
func (s *Store) Facility(ctx context.Context, code string) (*stamp.Facility, error) {
	code = nfc(code)
	f, err := scanFacility(s.queryRow(ctx, `SELECT `+facilityCols+` FROM facilities WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy cơ sở %s", "facility %s not found", code)
	}
	if err != nil {
		return nil, fmt.Errorf("facility %s: %w", code, err)
	}
	return &f, nil
}

// Facilities lists every facility by code.
func (s *Store) Facilities(ctx context.Context) ([]stamp.Facility, error) {
	rows, err := s.query(ctx, `SELECT `+facilityCols+` FROM facilities ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("facilities: %w", err)
	}
	return collect(rows, scanFacility, "facilities")
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error), what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
