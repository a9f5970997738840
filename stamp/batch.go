package stamp

import (
	"time"

	"github.com/google/uuid"
)

// MaxBatchSize bounds the number of stamps in one batch.
const MaxBatchSize = 1_000_000

// Batch is a set of stamps minted together for one product, in one
// transaction: all of its stamps exist or none do.
type Batch struct {
	ID            uuid.UUID
	ProductNumber uint32
	FacilityCode  string
	Count         int
	KeyID         KeyID
	FirstSerial   uint64 // serials are FirstSerial … FirstSerial+Count-1
	Lot           string
	ProducedOn    Date
	BestBefore    Date
	Note          string
	MintedBy      string
	MintedAt      time.Time
	RevokedAt     *time.Time
	RevokeReason  string
}

// LastSerial returns the serial of the batch's last stamp.
func (b Batch) LastSerial() uint64 { return b.FirstSerial + uint64(b.Count) - 1 }

// MintRequest asks for a batch of Count stamps of a product.
type MintRequest struct {
	ProductNumber uint32
	Count         int
	Lot           string
	ProducedOn    Date
	BestBefore    Date
	Note          string
	MintedBy      string
}

// Validate checks the request's bounds.
func (r MintRequest) Validate() error {
	switch {
	case r.ProductNumber == 0:
		return Refusef(EInvalid, "Chưa nhập số sản phẩm", "product number is required")
	case r.Count < 1 || r.Count > MaxBatchSize:
		return Refusef(EInvalid, "Số tem %d phải trong khoảng 1..%d", "count %d is not in 1..%d", r.Count, MaxBatchSize)
	case r.MintedBy == "":
		return Refusef(EInvalid, "Chưa ghi người phát hành", "minted by is required")
	case !r.ProducedOn.IsZero() && !r.BestBefore.IsZero() && r.BestBefore.Before(r.ProducedOn):
		return Refusef(EInvalid, "Hạn sử dụng %s sớm hơn ngày sản xuất %s", "best-before %s is before the production date %s", r.BestBefore, r.ProducedOn)
	}
	return nil
}

// StampChunks supplies the stamps of a batch being minted, in order, a chunk
// at a time; it returns (nil, nil) after the last chunk. Each stamp carries ID,
// KeyID and Signature; the store fills BatchID, ProductNumber, Serial and
// MintedAt.
type StampChunks func() ([]Stamp, error)
