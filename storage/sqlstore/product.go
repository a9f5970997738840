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

// ImportProducts inserts all products or none. An invalid row or an unknown
// facility code is EInvalid, a number or GTIN already stored or repeated in
// ps EConflict, each naming the row.
func (s *Store) ImportProducts(ctx context.Context, actor string, ps []stamp.Product) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	rows, err := checkImport(ps, func(p stamp.Product) (stamp.Product, error) {
		p = nfcProduct(p)
		return p, p.Validate()
	}, func(p stamp.Product) string { return fmt.Sprintf("product number %d", p.Number) })
	if err != nil {
		return err
	}
	return s.inTx(ctx, "import products", func(t *tx) error {
		ins, err := t.prepare(ctx, insertProduct)
		if err != nil {
			return fmt.Errorf("import products: %w", err)
		}
		defer ins.Close()
		known := map[string]bool{}
		for i := range rows {
			p := &rows[i]
			if !known[p.FacilityCode] {
				if err := t.requireFacility(ctx, p.FacilityCode, fmt.Sprintf("row %d: product %d", i+1, p.Number)); err != nil {
					return err
				}
				known[p.FacilityCode] = true
			}
			if err := t.requireFreeGTIN(ctx, *p, fmt.Sprintf("row %d: ", i+1)); err != nil {
				return err
			}
			p.CreatedAt, p.UpdatedAt = t.now, t.now
			if err := s.insertProduct(ctx, ins, *p); err != nil {
				return err
			}
			if err := t.audit(ctx, actor, "product.import", productSubject(p.Number), nil, p); err != nil {
				return err
			}
			t.changed(storage.ChangeProduct, strconv.FormatUint(uint64(p.Number), 10))
		}
		return nil
	})
}

func productSubject(n uint32) string { return fmt.Sprintf("product:%d", n) }

// requireFreeGTIN returns EConflict, prefixed by row, when another product
// than p holds p's GTIN (one GTIN names one product).
func (t *tx) requireFreeGTIN(ctx context.Context, p stamp.Product, row string) error {
	if p.GTIN == "" {
		return nil
	}
	var other int64
	err := t.queryRow(ctx, `SELECT number FROM products WHERE gtin = ? AND number <> ?`, p.GTIN, int64(p.Number)).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%sproduct %d: GTIN %s: %w", row, p.Number, p.GTIN, err)
	}
	return stamp.Refusef(stamp.EConflict, "%ssản phẩm %d: GTIN %s đã thuộc sản phẩm %d (mỗi GTIN chỉ dùng cho một sản phẩm)", "%sproduct %d: GTIN %s is product %d's (a GTIN names one product)", row, p.Number, p.GTIN, other)
}

// requireFacility returns EInvalid naming who when facility code is unknown.
func (t *tx) requireFacility(ctx context.Context, code, who string) error {
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM facilities WHERE code = ?`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return stamp.Refusef(stamp.EInvalid, "%s: cơ sở %s chưa có trong danh mục", "%s: facility %s is not in the registry", who, code)
	}
	if err != nil {
		return fmt.Errorf("%s: facility %s: %w", who, code, err)
	}
	return nil
}

const insertProduct = `INSERT INTO products (number, facility_code, name, product_group, gtin, description, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

func (s *Store) insertProduct(ctx context.Context, ins *sql.Stmt, p stamp.Product) error {
	_, err := ins.ExecContext(ctx, int64(p.Number), p.FacilityCode, p.Name, p.Group, p.GTIN, p.Description,
		micros(p.CreatedAt), micros(p.UpdatedAt))
	if s.d.IsUniqueViolation(err) {
		if p.GTIN != "" {
			return stamp.Refusef(stamp.EConflict, "Sản phẩm %d hoặc GTIN %s đã có trong danh mục", "product %d or GTIN %s already exists", p.Number, p.GTIN)
		}
		return stamp.Refusef(stamp.EConflict, "Sản phẩm %d đã có trong danh mục", "product %d already exists", p.Number)
	}
	if err != nil {
		return fmt.Errorf("insert product %d: %w", p.Number, err)
	}
	return nil
}

// CreateProduct stores a new product, its GTIN in the 14-digit form. An
// unknown facility is EInvalid, an existing number or GTIN EConflict.
func (s *Store) CreateProduct(ctx context.Context, actor string, p stamp.Product) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	p = nfcProduct(p)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, "create product", func(t *tx) error {
		if err := t.requireFacility(ctx, p.FacilityCode, fmt.Sprintf("product %d", p.Number)); err != nil {
			return err
		}
		if err := t.requireFreeGTIN(ctx, p, ""); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = t.now, t.now
		ins, err := t.prepare(ctx, insertProduct)
		if err != nil {
			return fmt.Errorf("create product: %w", err)
		}
		defer ins.Close()
		if err := s.insertProduct(ctx, ins, p); err != nil {
			return err
		}
		t.changed(storage.ChangeProduct, strconv.FormatUint(uint64(p.Number), 10))
		return t.audit(ctx, actor, "product.create", productSubject(p.Number), nil, p)
	})
}

// UpdateProduct replaces the stored product with p's number. An unknown
// number is ENotFound, an unknown facility EInvalid, a GTIN another product
// holds EConflict.
func (s *Store) UpdateProduct(ctx context.Context, actor string, p stamp.Product) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	p = nfcProduct(p)
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, "update product", func(t *tx) error {
		before, err := scanProduct(t.queryRow(ctx, `SELECT `+productCols+` FROM products WHERE number = ?`, int64(p.Number)))
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy sản phẩm %d", "product %d not found", p.Number)
		}
		if err != nil {
			return fmt.Errorf("update product %d: %w", p.Number, err)
		}
		if err := t.requireFacility(ctx, p.FacilityCode, fmt.Sprintf("product %d", p.Number)); err != nil {
			return err
		}
		if err := t.requireFreeGTIN(ctx, p, ""); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, t.now
		_, err = t.exec(ctx, `UPDATE products SET facility_code = ?, name = ?, product_group = ?, gtin = ?, description = ?,
updated_at = ? WHERE number = ?`,
			p.FacilityCode, p.Name, p.Group, p.GTIN, p.Description, micros(p.UpdatedAt), int64(p.Number))
		if s.d.IsUniqueViolation(err) {
			return stamp.Refusef(stamp.EConflict, "Sản phẩm %d: GTIN %s đã thuộc một sản phẩm khác", "product %d: GTIN %s is already another product's", p.Number, p.GTIN)
		}
		if err != nil {
			return fmt.Errorf("update product %d: %w", p.Number, err)
		}
		t.changed(storage.ChangeProduct, strconv.FormatUint(uint64(p.Number), 10))
		return t.audit(ctx, actor, "product.update", productSubject(p.Number), before, p)
	})
}

// Product returns the product with number, or ENotFound.
func (s *Store) Product(ctx context.Context, number uint32) (*stamp.Product, error) {
	p, err := scanProduct(s.queryRow(ctx, `SELECT `+productCols+` FROM products WHERE number = ?`, int64(number)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy sản phẩm %d", "product %d not found", number)
	}
	if err != nil {
		return nil, fmt.Errorf("product %d: %w", number, err)
	}
	return &p, nil
}

// ProductByGTIN returns the product whose GTIN is gtin (read by
// stamp.ParseGTIN: EInvalid when it is no GTIN), or ENotFound.
func (s *Store) ProductByGTIN(ctx context.Context, gtin string) (*stamp.Product, error) {
	g, err := stamp.ParseGTIN(gtin)
	if err != nil {
		return nil, err
	}
	p, err := scanProduct(s.queryRow(ctx, `SELECT `+productCols+` FROM products WHERE gtin = ?`, string(g)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stamp.Refusef(stamp.ENotFound, "Không có sản phẩm nào mang GTIN %s", "no product has GTIN %s", g)
	}
	if err != nil {
		return nil, fmt.Errorf("product with GTIN %s: %w", g, err)
	}
	return &p, nil
}

// Products lists every product by number.
func (s *Store) Products(ctx context.Context) ([]stamp.Product, error) {
	rows, err := s.query(ctx, `SELECT `+productCols+` FROM products ORDER BY number`)
	if err != nil {
		return nil, fmt.Errorf("products: %w", err)
	}
	return collect(rows, scanProduct, "products")
}
