package sqlstore

import (
	"database/sql"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// cols returns the columns with a table alias prefix: cols("f", "a, b") is
// "f.a, f.b".
func cols(alias, list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// nullMicros is the database form of an optional time.
func nullMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

const facilityCols = "code, name, kind, district, commune, address, phone, representative, created_at, updated_at, commune_code"

func scanFacility(r scanner) (stamp.Facility, error) {
	var f stamp.Facility
	var created, updated int64
	err := r.Scan(&f.Code, &f.Name, &f.Kind, &f.District, &f.Commune, &f.Address, &f.Phone, &f.Representative, &created, &updated, &f.CommuneCode)
	f.CreatedAt, f.UpdatedAt = fromMicros(created), fromMicros(updated)
	return f, err
}

const productCols = "number, facility_code, name, product_group, gtin, description, created_at, updated_at"

func scanProduct(r scanner) (stamp.Product, error) {
	var p stamp.Product
	var number, created, updated int64
	err := r.Scan(&number, &p.FacilityCode, &p.Name, &p.Group, &p.GTIN, &p.Description, &created, &updated)
	p.Number, p.CreatedAt, p.UpdatedAt = uint32(number), fromMicros(created), fromMicros(updated)
	return p, err
}

const certificationCols = "id, product_number, rank, decision_number, decision_date, expires_on, status, status_reason, process_confirmed, lab_test_date, declaration_date, created_at, updated_at"

func scanCertification(r scanner) (stamp.Certification, error) {
	var c stamp.Certification
	var product, rank, created, updated int64
	err := r.Scan(&c.ID, &product, &rank, &c.DecisionNumber, &c.DecisionDate, &c.ExpiresOn, &c.Status, &c.StatusReason,
		&c.ProcessConfirmed, &c.LabTestDate, &c.DeclarationDate, &created, &updated)
	c.ProductNumber, c.Rank = uint32(product), stamp.Rank(rank)
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	return c, err
}

// scanNullCertification scans the certification columns of an outer join,
// returning nil when they are NULL.
func scanNullCertification(dest []any) (func() *stamp.Certification, []any) {
	var id, product, rank, created, updated sql.NullInt64
	var number, status, reason, process sql.NullString
	var c stamp.Certification
	dest = append(dest, &id, &product, &rank, &number, &c.DecisionDate, &c.ExpiresOn, &status, &reason, &process,
		&c.LabTestDate, &c.DeclarationDate, &created, &updated)
	return func() *stamp.Certification {
		if !id.Valid {
			return nil
		}
		c.ID, c.ProductNumber, c.Rank = id.Int64, uint32(product.Int64), stamp.Rank(rank.Int64)
		c.DecisionNumber, c.Status, c.StatusReason, c.ProcessConfirmed = number.String, status.String, reason.String, process.String
		c.CreatedAt, c.UpdatedAt = fromMicros(created.Int64), fromMicros(updated.Int64)
		return &c
	}, dest
}

const pointOfSaleCols = "id, name, district, commune, address, phone, created_at, updated_at, commune_code"

func scanPointOfSale(r scanner) (stamp.PointOfSale, error) {
	var p stamp.PointOfSale
	var created, updated int64
	err := r.Scan(&p.ID, &p.Name, &p.District, &p.Commune, &p.Address, &p.Phone, &created, &updated, &p.CommuneCode)
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return p, err
}

const batchCols = "id, product_number, facility_code, count, key_id, first_serial, lot, produced_on, best_before, note, minted_by, minted_at, revoked_at, revoke_reason"

// batchDest returns scan destinations for batchCols and a function that
// fills b once scanned.
func batchDest(b *stamp.Batch) ([]any, func()) {
	var product, first, minted int64
	var keyID []byte
	var revoked sql.NullInt64
	dest := []any{&b.ID, &product, &b.FacilityCode, &b.Count, &keyID, &first, &b.Lot, &b.ProducedOn, &b.BestBefore,
		&b.Note, &b.MintedBy, &minted, &revoked, &b.RevokeReason}
	return dest, func() {
		b.ProductNumber, b.FirstSerial, b.MintedAt, b.RevokedAt = uint32(product), uint64(first), fromMicros(minted), timePtr(revoked)
		copy(b.KeyID[:], keyID)
	}
}

func scanBatch(r scanner) (stamp.Batch, error) {
	var b stamp.Batch
	dest, fill := batchDest(&b)
	err := r.Scan(dest...)
	fill()
	return b, err
}

const stampCols = "serial, id, batch_id, signature, revoked_at, revoke_reason"

// stampDest returns scan destinations for stampCols and a function that fills
// s once scanned; fromBatch fills the rest.
func stampDest(s *stamp.Stamp) ([]any, func()) {
	var serial int64
	var sig []byte
	var revoked sql.NullInt64
	var reason sql.NullString
	dest := []any{&serial, &s.ID, &s.BatchID, &sig, &revoked, &reason}
	return dest, func() {
		s.Serial, s.RevokedAt, s.RevokeReason = uint64(serial), timePtr(revoked), reason.String
		copy(s.Signature[:], sig)
	}
}
