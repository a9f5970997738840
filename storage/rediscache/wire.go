package rediscache

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// wireFormat is bumped whenever wireView changes, so that replicas running
// different releases never read each other's entries.
const wireFormat = "1"

// notFound is the cached value of a stamp the registry does not hold.
const notFound = "-"

// wireView is the cached JSON form of a storage.StampView. The stamp's
// signature travels as base64 rather than as 64 JSON numbers.
type wireView struct {
	Stamp         wireStamp            `json:"s"`
	Batch         stamp.Batch          `json:"b"`
	Product       stamp.Product        `json:"p"`
	Facility      stamp.Facility       `json:"f"`
	Certification *stamp.Certification `json:"c,omitempty"`
	PointsOfSale  []stamp.PointOfSale  `json:"o,omitempty"`
}

type wireStamp struct {
	ID            uuid.UUID  `json:"id"`
	BatchID       uuid.UUID  `json:"b"`
	ProductNumber uint32     `json:"p"`
	Serial        uint64     `json:"n"`
	KeyID         string     `json:"k"`
	Signature     []byte     `json:"g"`
	MintedAt      time.Time  `json:"m"`
	RevokedAt     *time.Time `json:"r,omitempty"`
	RevokeReason  string     `json:"rr,omitempty"`
}

func encodeView(v *storage.StampView) ([]byte, error) {
	s := v.Stamp
	w := wireView{
		Stamp: wireStamp{ID: s.ID, BatchID: s.BatchID, ProductNumber: s.ProductNumber, Serial: s.Serial,
			KeyID: s.KeyID.String(), Signature: s.Signature[:], MintedAt: s.MintedAt,
			RevokedAt: s.RevokedAt, RevokeReason: s.RevokeReason},
		Batch: v.Batch, Product: v.Product, Facility: v.Facility,
		Certification: v.Certification, PointsOfSale: v.PointsOfSale,
	}
	return json.Marshal(&w)
}

func decodeView(b []byte) (*storage.StampView, error) {
	var w wireView
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("decode cached view: %w", err)
	}
	kid, err := stamp.ParseKeyID(w.Stamp.KeyID)
	if err != nil {
		return nil, fmt.Errorf("decode cached view: %w", err)
	}
	if len(w.Stamp.Signature) != stamp.SignatureSize {
		return nil, fmt.Errorf("decode cached view: signature is %d bytes", len(w.Stamp.Signature))
	}
	v := &storage.StampView{
		Stamp: stamp.Stamp{ID: w.Stamp.ID, BatchID: w.Stamp.BatchID, ProductNumber: w.Stamp.ProductNumber,
			Serial: w.Stamp.Serial, KeyID: kid, MintedAt: w.Stamp.MintedAt,
			RevokedAt: w.Stamp.RevokedAt, RevokeReason: w.Stamp.RevokeReason},
		Batch: w.Batch, Product: w.Product, Facility: w.Facility,
		Certification: w.Certification, PointsOfSale: w.PointsOfSale,
	}
	copy(v.Stamp.Signature[:], w.Stamp.Signature)
	return v, nil
}
