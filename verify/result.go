package verify

import (
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Result is the JSON answer of a lookup (GET /api/v1/stamps/{code}) and the
// data of the consumer page. docs/api.md documents it. Sections are nil when
// the verdict leaves them unknown (a forged code has only Code).
type Result struct {
	Verdict       stamp.Verdict `json:"verdict"`
	Reason        string        `json:"reason,omitempty"`
	Message       string        `json:"message"` // one sentence for people, in the requested language
	Code          CodeInfo      `json:"code"`
	Stamp         *StampInfo    `json:"stamp,omitempty"`
	Product       *ProductInfo  `json:"product,omitempty"`
	Facility      *FacilityInfo `json:"facility,omitempty"`
	Certification *CertInfo     `json:"certification,omitempty"`
	PointsOfSale  []PointOfSale `json:"points_of_sale,omitempty"`
	Scans         *ScanInfo     `json:"scans,omitempty"`
	CheckedAt     time.Time     `json:"checked_at"`
}

// CodeInfo is what the code itself says once decoded.
type CodeInfo struct {
	Text           string `json:"text"`
	KeyID          string `json:"key_id"`
	KeyState       string `json:"key_state,omitempty"` // active, retired, compromised; empty when unknown
	SignatureValid bool   `json:"signature_valid"`
	ProductNumber  uint32 `json:"product_number"`
	StampID        string `json:"stamp_id"`
}

// StampInfo is the registry's record of the stamp and its batch.
type StampInfo struct {
	ID     string `json:"id"`
	Serial string `json:"serial"` // printed form, FormatSerial
	// SerialFirst and SerialLast are, offline, the span of serials of the
	// stamp's batch when Serial is not known (the snapshot holds batches,
	// not each stamp's serial): the label's printed serial lies in it.
	SerialFirst  string     `json:"serial_first,omitempty"`
	SerialLast   string     `json:"serial_last,omitempty"`
	BatchID      string     `json:"batch_id"`
	Lot          string     `json:"lot,omitempty"`
	ProducedOn   string     `json:"produced_on,omitempty"` // YYYY-MM-DD
	BestBefore   string     `json:"best_before,omitempty"`
	MintedAt     time.Time  `json:"minted_at"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
}

// ProductInfo describes the product.
type ProductInfo struct {
	Number uint32 `json:"number"`
	Name   string `json:"name"`
	Group  string `json:"group"`
	GTIN   string `json:"gtin,omitempty"`
}

// FacilityInfo describes the producer.
type FacilityInfo struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	District string `json:"district"` // the former district (before July 2025)
	Commune  string `json:"commune,omitempty"`
	// CommuneCode is the commune's or ward's administrative unit code, ""
	// when the registry does not have it yet.
	CommuneCode string `json:"commune_code,omitempty"`
	Address     string `json:"address,omitempty"`
	Phone       string `json:"phone,omitempty"`
}

// CertInfo describes the product's current certification.
type CertInfo struct {
	Rank             int    `json:"rank"`  // 0 participating, 3..5 stars
	Class            string `json:"class"` // "ocop" (ranked) or "participating"
	DecisionNumber   string `json:"decision_number"`
	DecisionDate     string `json:"decision_date"`
	ExpiresOn        string `json:"expires_on"`
	Status           string `json:"status"` // valid, expired, suspended, withdrawn (effective today)
	StatusReason     string `json:"status_reason,omitempty"`
	ProcessConfirmed string `json:"process_confirmed,omitempty"`
	LabTestDate      string `json:"lab_test_date,omitempty"`
	DeclarationDate  string `json:"declaration_date,omitempty"`
}

// PointOfSale is a showroom of the province; those in the producer's
// commune or ward come first and have SameCommune set.
type PointOfSale struct {
	Name        string `json:"name"`
	District    string `json:"district"` // the former district
	Commune     string `json:"commune,omitempty"`
	CommuneCode string `json:"commune_code,omitempty"`
	SameCommune bool   `json:"same_commune,omitempty"`
	Address     string `json:"address,omitempty"`
	Phone       string `json:"phone,omitempty"`
}

// ScanInfo summarises the stamp's scans, including this one.
type ScanInfo struct {
	Count           int64      `json:"count"`
	DistinctClients int64      `json:"distinct_scanners"`
	FirstAt         *time.Time `json:"first_scan_at,omitempty"`
}
