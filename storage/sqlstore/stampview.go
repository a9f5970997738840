package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// stampViewQuery joins a stamp with its batch, product, the facility the batch
// was issued to and the product's current certification, by primary keys
// and the certifications (product_number, decision_date) index.
var stampViewQuery = `SELECT ` + cols("s", stampCols) + `, ` + cols("b", batchCols) + `, ` + cols("p", productCols) + `, ` +
	cols("f", facilityCols) + `, ` + cols("c", certificationCols) + `
FROM stamps s
JOIN batches b ON b.id = s.batch_id
JOIN products p ON p.number = b.product_number
JOIN facilities f ON f.code = b.facility_code
LEFT JOIN certifications c ON c.id = (SELECT c2.id FROM certifications c2 WHERE c2.product_number = b.product_number
	ORDER BY c2.decision_date DESC, c2.id DESC LIMIT 1)
WHERE s.id = ?`

// posNearQuery lists the province's points of sale for a consumer: those
// in the facility's commune or ward first, then those of its former
// district, then the rest, at most MaxPointsOfSale.
var posNearQuery = `SELECT ` + pointOfSaleCols + ` FROM points_of_sale
ORDER BY CASE WHEN commune_code = ? AND ? <> '' THEN 0 WHEN district = ? THEN 1 ELSE 2 END, name, id
LIMIT ` + fmt.Sprint(storage.MaxPointsOfSale)

// StampView returns everything a lookup shows about stamp id, or ENotFound
// when the registry does not hold it. It takes two indexed queries.
func (s *Store) StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error) {
	v := &storage.StampView{}
	dest, fillStamp := stampDest(&v.Stamp)
	bd, fillBatch := batchDest(&v.Batch)
	dest = append(dest, bd...)
	var product, created, updated, fcreated, fupdated int64
	p, f := &v.Product, &v.Facility
	dest = append(dest, &product, &p.FacilityCode, &p.Name, &p.Group, &p.GTIN, &p.Description, &created, &updated,
		&f.Code, &f.Name, &f.Kind, &f.District, &f.Commune, &f.Address, &f.Phone, &f.Representative, &fcreated, &fupdated, &f.CommuneCode)
	cert, dest := scanNullCertification(dest)
	err := s.queryRow(ctx, stampViewQuery, idArg(id)).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundStamp(id)
	}
	if err != nil {
		return nil, fmt.Errorf("stamp view %s: %w", id, err)
	}
	fillStamp()
	fillBatch()
	fromBatch(&v.Stamp, &v.Batch)
	p.Number, p.CreatedAt, p.UpdatedAt = uint32(product), fromMicros(created), fromMicros(updated)
	f.CreatedAt, f.UpdatedAt = fromMicros(fcreated), fromMicros(fupdated)
	v.Certification = cert()
	rows, err := s.query(ctx, posNearQuery, f.CommuneCode, f.CommuneCode, f.District)
	if err != nil {
		return nil, fmt.Errorf("stamp view %s: points of sale: %w", id, err)
	}
	if v.PointsOfSale, err = collect(rows, scanPointOfSale, "points of sale"); err != nil {
		return nil, fmt.Errorf("stamp view %s: %w", id, err)
	}
	return v, nil
}
