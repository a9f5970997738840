package print

import (
	"crypto/ed25519"
	"encoding/binary"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

const (
	testBaseURL = "https://txng.example.vn"
	testProduct = "Nước mắm Vũ Quang – thượng hạng"
	testFacilty = "HTX Chế biến hải sản Vũ Quang"
)

var testPrintedAt = time.Date(2026, 11, 29, 9, 30, 0, 0, stamp.Vietnam)

// testKeys returns a signer from a fixed seed and the key set that verifies it.
func testKeys(tb testing.TB) (*stamp.Signer, *stamp.KeySet) {
	tb.Helper()
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, "ocopstamp print test seed")
	signer, err := stamp.NewSigner(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := stamp.NewKeySet(stamp.PublicKey{ID: signer.KeyID(), Key: signer.Public(), State: stamp.KeyActive})
	if err != nil {
		tb.Fatal(err)
	}
	return signer, keys
}

// fabricate mints n stamps of a batch with serials from first on, without a
// database: ids are derived from the serial so that runs repeat exactly.
func fabricate(signer *stamp.Signer, n int, first uint64) (stamp.Batch, []stamp.Stamp) {
	b := stamp.Batch{
		ID:            uuid.NewSHA1(uuid.NameSpaceOID, []byte("batch")),
		ProductNumber: 1001, FacilityCode: "HT-CS-0001", Count: n, KeyID: signer.KeyID(),
		FirstSerial: first, Lot: "NM-2026-11",
	}
	stamps := make([]stamp.Stamp, n)
	for i := range stamps {
		var seed [8]byte
		binary.BigEndian.PutUint64(seed[:], first+uint64(i))
		id := uuid.NewSHA1(b.ID, seed[:])
		c := signer.Sign(b.ProductNumber, id)
		stamps[i] = stamp.Stamp{ID: id, BatchID: b.ID, ProductNumber: b.ProductNumber, Serial: first + uint64(i),
			KeyID: c.KeyID, Signature: c.Signature}
	}
	return b, stamps
}

func testJob(t Template, b stamp.Batch, stamps []stamp.Stamp) Job {
	return Job{Template: t, BaseURL: testBaseURL, Batch: b, ProductName: testProduct, FacilityName: testFacilty,
		Rank: stamp.Rank4, Stamps: stamps, PrintedAt: testPrintedAt}
}

// needPoppler skips (or fails under CI) when the poppler tools are missing.
func needPoppler(tb testing.TB, tools ...string) {
	tb.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				tb.Fatalf("%s not found: install poppler-utils", tool)
			}
			tb.Skipf("%s not found: install poppler-utils to run this test", tool)
		}
	}
}
