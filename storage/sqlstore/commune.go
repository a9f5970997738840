package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

const communeCols = "code, name, kind, former_district, created_at, updated_at"

func scanCommune(r scanner) (stamp.Commune, error) {
	var c stamp.Commune
	var created, updated int64
	err := r.Scan(&c.Code, &c.Name, &c.Kind, &c.FormerDistrict, &created, &updated)
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	return c, err
}

// ImportCommunes stores the official list of communes and wards, all or
// none: a code already stored is updated (the list is reloaded when it
// changes), a new one inserted. An invalid row is EInvalid and a code
// repeated in cs EConflict, each naming the row.
func (s *Store) ImportCommunes(ctx context.Context, actor string, cs []stamp.Commune) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	rows, err := checkImport(cs, func(c stamp.Commune) (stamp.Commune, error) {
		c.Code, c.Name, c.Kind, c.FormerDistrict = nfc(c.Code), nfc(c.Name), nfc(c.Kind), nfc(c.FormerDistrict)
		return c, c.Validate()
	}, func(c stamp.Commune) string { return "commune code " + c.Code })
	if err != nil {
		return err
	}
	return s.inTx(ctx, "import communes", func(t *tx) error {
		for i := range rows {
			c := &rows[i]
			c.CreatedAt, c.UpdatedAt = t.now, t.now
			_, err := t.exec(ctx, `INSERT INTO communes (`+communeCols+`) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
former_district = excluded.former_district, updated_at = excluded.updated_at`,
				c.Code, c.Name, c.Kind, c.FormerDistrict, micros(c.CreatedAt), micros(c.UpdatedAt))
			if err != nil {
				return fmt.Errorf("import communes: %s: %w", c.Code, err)
			}
			if err := t.audit(ctx, actor, "commune.import", "commune:"+c.Code, nil, c); err != nil {
				return err
			}
		}
		if len(rows) > 0 {
			t.changed(storage.ChangeAll, "") // facilities and points of sale show commune names
		}
		return nil
	})
}

// Communes lists the communes and wards by former district, then name.
func (s *Store) Communes(ctx context.Context) ([]stamp.Commune, error) {
	rows, err := s.query(ctx, `SELECT `+communeCols+` FROM communes ORDER BY former_district, name, code`)
	if err != nil {
		return nil, fmt.Errorf("communes: %w", err)
	}
	return collect(rows, scanCommune, "communes")
}

// placeCommune checks a commune code given with a facility or point of sale
// (what names the entry in errors) and fills the commune name and former
// district when they are empty. An unknown code is EInvalid telling the
// office to load the official list; "" is left alone.
func (t *tx) placeCommune(ctx context.Context, what, code string, commune, district *string) error {
	if code == "" {
		return nil
	}
	c, err := scanCommune(t.queryRow(ctx, `SELECT `+communeCols+` FROM communes WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return stamp.Refusef(stamp.EInvalid, "%s: mã xã, phường %s chưa có trong danh mục; cần nạp danh mục chính thức trước (ocopstamp import communes TỆP.csv)", "%s: unknown commune code %s: load the official list first (ocopstamp import communes FILE.csv)", what, code)
	}
	if err != nil {
		return fmt.Errorf("%s: commune %s: %w", what, code, err)
	}
	if *commune == "" {
		*commune = c.FullName()
	}
	if *district == "" {
		*district = c.FormerDistrict
	}
	return nil
}
