package stamp

import (
	"time"

	"github.com/google/uuid"
)

// Stamp is one minted traceability stamp as the registry holds it. Its code is
// derived: Signer.Sign(ProductNumber, ID) under KeyID with Signature.
type Stamp struct {
	ID            uuid.UUID
	BatchID       uuid.UUID
	ProductNumber uint32
	Serial        uint64
	KeyID         KeyID
	Signature     [SignatureSize]byte
	MintedAt      time.Time
	RevokedAt     *time.Time
	RevokeReason  string
}

// Code returns the stamp's signed code.
func (s Stamp) Code() Code {
	return Code{Header: Header{KeyID: s.KeyID, Product: s.ProductNumber, StampID: s.ID}, Signature: s.Signature}
}
