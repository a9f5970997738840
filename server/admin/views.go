package admin

import (
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// The JSON shapes of the admin API: snake_case fields, times in RFC 3339
// UTC, dates YYYY-MM-DD, serials as numbers with their printed form beside.

type facilityJSON struct {
	Code           string    `json:"code"`
	Name           string    `json:"name"`
	Kind           string    `json:"kind"`
	CommuneCode    string    `json:"commune_code"`
	District       string    `json:"district"` // the former district
	Commune        string    `json:"commune"`
	Address        string    `json:"address"`
	Phone          string    `json:"phone"`
	Representative string    `json:"representative"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func facilityView(f *stamp.Facility) facilityJSON {
	return facilityJSON{Code: f.Code, Name: f.Name, Kind: f.Kind, CommuneCode: f.CommuneCode, District: f.District, Commune: f.Commune,
		Address: f.Address, Phone: f.Phone, Representative: f.Representative, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

type productJSON struct {
	Number       uint32    `json:"number"`
	FacilityCode string    `json:"facility_code"`
	Name         string    `json:"name"`
	Group        string    `json:"group"`
	GTIN         string    `json:"gtin"`
	Description  string    `json:"description"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func productView(p *stamp.Product) productJSON {
	return productJSON{Number: p.Number, FacilityCode: p.FacilityCode, Name: p.Name, Group: p.Group, GTIN: p.GTIN,
		Description: p.Description, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

type certJSON struct {
	ID               int64      `json:"id"`
	ProductNumber    uint32     `json:"product_number"`
	Rank             int        `json:"rank"`
	DecisionNumber   string     `json:"decision_number"`
	DecisionDate     stamp.Date `json:"decision_date"`
	ExpiresOn        stamp.Date `json:"expires_on"`
	Status           string     `json:"status"` // as recorded: valid, suspended, withdrawn
	State            string     `json:"state"`  // effective today: valid, expired, suspended, withdrawn
	StatusReason     string     `json:"status_reason"`
	ProcessConfirmed string     `json:"process_confirmed"`
	LabTestDate      stamp.Date `json:"lab_test_date"`
	DeclarationDate  stamp.Date `json:"declaration_date"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

func certView(c *stamp.Certification, now time.Time) certJSON {
	return certJSON{ID: c.ID, ProductNumber: c.ProductNumber, Rank: int(c.Rank), DecisionNumber: c.DecisionNumber,
		DecisionDate: c.DecisionDate, ExpiresOn: c.ExpiresOn, Status: c.Status, State: c.StateOn(stamp.DateOf(now)),
		StatusReason: c.StatusReason, ProcessConfirmed: c.ProcessConfirmed, LabTestDate: c.LabTestDate,
		DeclarationDate: c.DeclarationDate, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

type posJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	CommuneCode string    `json:"commune_code"`
	District    string    `json:"district"` // the former district
	Commune     string    `json:"commune"`
	Address     string    `json:"address"`
	Phone       string    `json:"phone"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func posView(p *stamp.PointOfSale) posJSON {
	return posJSON{ID: p.ID, Name: p.Name, CommuneCode: p.CommuneCode, District: p.District, Commune: p.Commune, Address: p.Address,
		Phone: p.Phone, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

type batchJSON struct {
	ID                 uuid.UUID  `json:"id"`
	ProductNumber      uint32     `json:"product_number"`
	FacilityCode       string     `json:"facility_code"`
	Count              int        `json:"count"`
	KeyID              string     `json:"key_id"`
	FirstSerial        uint64     `json:"first_serial"`
	LastSerial         uint64     `json:"last_serial"`
	FirstSerialPrinted string     `json:"first_serial_printed"`
	LastSerialPrinted  string     `json:"last_serial_printed"`
	Lot                string     `json:"lot"`
	ProducedOn         stamp.Date `json:"produced_on"`
	BestBefore         stamp.Date `json:"best_before"`
	Note               string     `json:"note"`
	MintedBy           string     `json:"minted_by"`
	MintedAt           time.Time  `json:"minted_at"`
	RevokedAt          *time.Time `json:"revoked_at"`
	RevokeReason       string     `json:"revoke_reason"`
}

func batchView(b *stamp.Batch) batchJSON {
	return batchJSON{ID: b.ID, ProductNumber: b.ProductNumber, FacilityCode: b.FacilityCode, Count: b.Count,
		KeyID: b.KeyID.String(), FirstSerial: b.FirstSerial, LastSerial: b.LastSerial(),
		FirstSerialPrinted: stamp.FormatSerial(b.FirstSerial), LastSerialPrinted: stamp.FormatSerial(b.LastSerial()),
		Lot: b.Lot, ProducedOn: b.ProducedOn, BestBefore: b.BestBefore, Note: b.Note, MintedBy: b.MintedBy,
		MintedAt: b.MintedAt, RevokedAt: b.RevokedAt, RevokeReason: b.RevokeReason}
}

type stampJSON struct {
	ID            uuid.UUID  `json:"id"`
	Serial        uint64     `json:"serial"`
	SerialPrinted string     `json:"serial_printed"`
	BatchID       uuid.UUID  `json:"batch_id"`
	ProductNumber uint32     `json:"product_number"`
	KeyID         string     `json:"key_id"`
	Code          string     `json:"code"`
	MintedAt      time.Time  `json:"minted_at"`
	RevokedAt     *time.Time `json:"revoked_at"`
	RevokeReason  string     `json:"revoke_reason"`
}

func stampView(s *stamp.Stamp) stampJSON {
	return stampJSON{ID: s.ID, Serial: s.Serial, SerialPrinted: stamp.FormatSerial(s.Serial), BatchID: s.BatchID,
		ProductNumber: s.ProductNumber, KeyID: s.KeyID.String(), Code: s.Code().Text(), MintedAt: s.MintedAt,
		RevokedAt: s.RevokedAt, RevokeReason: s.RevokeReason}
}

type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	State      string     `json:"state"` // active, expired, revoked
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"created_by"`
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	RevokedBy  string     `json:"revoked_by,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// tokenView never includes the hash or the lookup key.
func tokenView(t *storage.Token, now time.Time) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Role: t.Role, State: t.State(now), CreatedAt: t.CreatedAt,
		CreatedBy: t.CreatedBy, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt, RevokedBy: t.RevokedBy,
		LastUsedAt: t.LastUsedAt}
}

type inspectionJSON struct {
	ID            int64      `json:"id"`
	At            time.Time  `json:"at"`
	Inspector     string     `json:"inspector"`
	Place         string     `json:"place"`
	Result        string     `json:"result"`
	Notes         string     `json:"notes"`
	Code          string     `json:"code,omitempty"`
	StampID       *uuid.UUID `json:"stamp_id"`
	Serial        *uint64    `json:"serial"`
	SerialPrinted string     `json:"serial_printed,omitempty"`
	ProductNumber *uint32    `json:"product_number"`
	ClientID      string     `json:"client_id,omitempty"`
	HasPhoto      bool       `json:"has_photo"`
}

func inspectionView(in *storage.Inspection) inspectionJSON {
	v := inspectionJSON{ID: in.ID, At: in.At, Inspector: in.Inspector, Place: in.Place, Result: in.Result,
		Notes: in.Notes, Code: in.Code, ClientID: in.ClientID, HasPhoto: in.HasPhoto || len(in.Photo) > 0}
	if in.StampID != uuid.Nil {
		id := in.StampID
		v.StampID = &id
	}
	if in.Serial != 0 {
		n := in.Serial
		v.Serial, v.SerialPrinted = &n, stamp.FormatSerial(n)
	}
	if in.ProductNumber != 0 {
		n := in.ProductNumber
		v.ProductNumber = &n
	}
	return v
}

// mapSlice maps a slice into a non-nil slice (so JSON says [] rather than
// null).
func mapSlice[T, U any](in []T, f func(*T) U) []U {
	out := make([]U, 0, len(in))
	for i := range in {
		out = append(out, f(&in[i]))
	}
	return out
}
