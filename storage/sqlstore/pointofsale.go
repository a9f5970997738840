package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func posSubject(id int64) string { return fmt.Sprintf("point_of_sale:%d", id) }

// CreatePointOfSale validates and stores p and returns its id.
func (s *Store) CreatePointOfSale(ctx context.Context, actor string, p stamp.PointOfSale) (int64, error) {
	if err := requireActor(actor); err != nil {
		return 0, err
	}
	p = nfcPointOfSale(p)
	if err := p.Validate(); err != nil {
		return 0, err
	}
	err := s.inTx(ctx, "create point of sale", func(t *tx) error {
		p.CreatedAt, p.UpdatedAt = t.now, t.now
		if err := t.placeCommune(ctx, "point of sale "+p.Name, p.CommuneCode, &p.Commune, &p.District); err != nil {
			return err
		}
		err := t.queryRow(ctx, `INSERT INTO points_of_sale (name, district, commune, address, phone, created_at, updated_at, commune_code)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.Name, p.District, p.Commune, p.Address, p.Phone, micros(p.CreatedAt), micros(p.UpdatedAt), p.CommuneCode).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("create point of sale %s: %w", p.Name, err)
		}
		t.changed(storage.ChangeAll, "") // every view lists the points of sale
		return t.audit(ctx, actor, "point_of_sale.create", posSubject(p.ID), nil, p)
	})
	if err != nil {
		return 0, err
	}
	return p.ID, nil
}

// UpdatePointOfSale replaces point of sale p.ID; an unknown id is ENotFound.
func (s *Store) UpdatePointOfSale(ctx context.Context, actor string, p stamp.PointOfSale) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	p = nfcPointOfSale(p)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, "update point of sale", func(t *tx) error {
		before, err := scanPointOfSale(t.queryRow(ctx, `SELECT `+pointOfSaleCols+` FROM points_of_sale WHERE id = ?`, p.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy điểm bán %d", "point of sale %d not found", p.ID)
		}
		if err != nil {
			return fmt.Errorf("update point of sale %d: %w", p.ID, err)
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, t.now
		if err := t.placeCommune(ctx, fmt.Sprintf("point of sale %d", p.ID), p.CommuneCode, &p.Commune, &p.District); err != nil {
			return err
		}
		_, err = t.exec(ctx, `UPDATE points_of_sale SET name = ?, district = ?, commune = ?, address = ?, phone = ?, updated_at = ?,
commune_code = ? WHERE id = ?`, p.Name, p.District, p.Commune, p.Address, p.Phone, micros(p.UpdatedAt), p.CommuneCode, p.ID)
		if err != nil {
			return fmt.Errorf("update point of sale %d: %w", p.ID, err)
		}
		t.changed(storage.ChangeAll, "") // every view lists the points of sale
		return t.audit(ctx, actor, "point_of_sale.update", posSubject(p.ID), before, p)
	})
}

// PointsOfSale lists points of sale by district and name, only those of
// district when it is not "".
func (s *Store) PointsOfSale(ctx context.Context, district string) ([]stamp.PointOfSale, error) {
	var rows *sql.Rows
	var err error
	if district == "" {
		rows, err = s.query(ctx, `SELECT `+pointOfSaleCols+` FROM points_of_sale ORDER BY district, name, id`)
	} else {
		rows, err = s.query(ctx, `SELECT `+pointOfSaleCols+` FROM points_of_sale WHERE district = ? ORDER BY name, id`, nfc(district))
	}
	if err != nil {
		return nil, fmt.Errorf("points of sale: %w", err)
	}
	return collect(rows, scanPointOfSale, "points of sale")
}
