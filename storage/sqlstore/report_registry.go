package sqlstore

import (
	"context"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// ReportRegistry returns every facility, every product with its district and
// its current certification on day asOf (the latest decision dated asOf or
// earlier, whatever its status; nil when none), and every point of sale,
// from one snapshot. It fails only when the database does.
func (s *Store) ReportRegistry(ctx context.Context, asOf stamp.Date) (*storage.ReportRegistry, error) {
	t, err := s.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	reg := &storage.ReportRegistry{AsOf: asOf}
	err = t.each(ctx, "facilities", `SELECT `+facilityCols+` FROM facilities ORDER BY district, code`, nil, func(r scanner) error {
		f, err := scanFacility(r)
		reg.Facilities = append(reg.Facilities, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The current certification: dated asOf or earlier, with no later one
	// (certifications_product index: product_number, decision_date, id).
	err = t.each(ctx, "products", `SELECT `+cols("p", productCols)+`, f.district, `+cols("c", certificationCols)+`
FROM products p JOIN facilities f ON f.code = p.facility_code
LEFT JOIN certifications c ON c.product_number = p.number AND c.decision_date <= ?
  AND NOT EXISTS (SELECT 1 FROM certifications n WHERE n.product_number = c.product_number AND n.decision_date <= ?
    AND (n.decision_date > c.decision_date OR (n.decision_date = c.decision_date AND n.id > c.id)))
ORDER BY p.facility_code, p.number`, []any{asOf, asOf}, func(r scanner) error {
		var rp storage.ReportProduct
		var number, created, updated int64
		dest := []any{&number, &rp.FacilityCode, &rp.Name, &rp.Group, &rp.GTIN, &rp.Description, &created, &updated, &rp.District}
		cert, dest := scanNullCertification(dest)
		if err := r.Scan(dest...); err != nil {
			return err
		}
		rp.Number, rp.CreatedAt, rp.UpdatedAt = uint32(number), fromMicros(created), fromMicros(updated)
		rp.Certification = cert()
		reg.Products = append(reg.Products, rp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = t.each(ctx, "communes", `SELECT `+communeCols+` FROM communes ORDER BY former_district, name, code`, nil, func(r scanner) error {
		c, err := scanCommune(r)
		reg.Communes = append(reg.Communes, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = t.each(ctx, "points of sale", `SELECT `+pointOfSaleCols+` FROM points_of_sale ORDER BY district, name, id`, nil,
		func(r scanner) error {
			p, err := scanPointOfSale(r)
			reg.PointsOfSale = append(reg.PointsOfSale, p)
			return err
		})
	if err != nil {
		return nil, err
	}
	return reg, nil
}
