package storage

import (
	"context"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Snapshots reads what the signed registry snapshot for offline inspectors
// needs beyond Registry and Batches (verify.WriteSnapshot). Both SQL stores
// implement it.
type Snapshots interface {
	// CurrentCertifications returns every product's current certification
	// (the one with the latest decision date, whatever its status), ordered
	// by product number. Products without one are absent.
	CurrentCertifications(ctx context.Context) ([]stamp.Certification, error)
	// StampIDRanges returns, for every batch, the smallest and the largest
	// of its stamp ids in byte order (time order for the UUIDv7 ids the
	// minter issues), ordered by batch id.
	StampIDRanges(ctx context.Context) ([]StampIDRange, error)
	// RevokedStamps calls fn for every stamp revoked on its own (a revoked
	// batch does not make its stamps appear here), in serial order, with
	// the fields its batch holds filled in. An error from fn stops the walk
	// and is returned.
	RevokedStamps(ctx context.Context, fn func(stamp.Stamp) error) error
}

// StampIDRange is the span of one batch's stamp ids.
type StampIDRange struct {
	Batch       uuid.UUID
	First, Last uuid.UUID
}
