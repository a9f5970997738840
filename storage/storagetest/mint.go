package storagetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// MintSigned stores batch b with b.Count stamps of b.ProductNumber signed by
// sg, bypassing stamp.Minter's certification check (tests mint for expired
// or suspended certifications this way). b.ID and b.KeyID are filled when
// zero. It returns the stamps as the store holds them (serials, batch id),
// and fails the test on any error.
func MintSigned(tb testing.TB, s storage.Store, sg *stamp.Signer, b *stamp.Batch) []stamp.Stamp {
	tb.Helper()
	if b.ID == uuid.Nil {
		b.ID = uuid.Must(uuid.NewV7())
	}
	b.KeyID = sg.KeyID()
	stamps := make([]stamp.Stamp, b.Count)
	for i := range stamps {
		id := uuid.Must(uuid.NewV7())
		stamps[i] = stamp.Stamp{ID: id, KeyID: b.KeyID, Signature: sg.Sign(b.ProductNumber, id).Signature}
	}
	sent := false
	err := s.CreateBatch(context.Background(), b, func() ([]stamp.Stamp, error) {
		if sent {
			return nil, nil
		}
		sent = true
		return stamps, nil
	})
	if err != nil {
		tb.Fatalf("mint: %v", err)
	}
	for i := range stamps {
		stamps[i].ProductNumber, stamps[i].Serial, stamps[i].BatchID = b.ProductNumber, b.FirstSerial+uint64(i), b.ID
	}
	return stamps
}
