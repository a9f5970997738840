package verify

import (
	"crypto/ed25519"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// keyFixture is a key set with an active, a retired and a compromised key,
// and signers for each, generated from a fixed seed.
type keyFixture struct {
	keys                         *stamp.KeySet
	active, retired, compromised *stamp.Signer
	compromisedAt                time.Time
}

func newKeyFixture(t testing.TB) *keyFixture {
	t.Helper()
	rnd := rand.NewChaCha8([32]byte{1, 2, 3})
	mk := func() (*stamp.Signer, ed25519.PublicKey) {
		pub, priv, err := ed25519.GenerateKey(rnd)
		if err != nil {
			t.Fatal(err)
		}
		s, err := stamp.NewSigner(priv)
		if err != nil {
			t.Fatal(err)
		}
		return s, pub
	}
	f := &keyFixture{compromisedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	var pa, pr, pc ed25519.PublicKey
	f.active, pa = mk()
	f.retired, pr = mk()
	f.compromised, pc = mk()
	created := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ks, err := stamp.NewKeySet(
		stamp.PublicKey{ID: f.active.KeyID(), Key: pa, State: stamp.KeyActive, CreatedAt: created},
		stamp.PublicKey{ID: f.retired.KeyID(), Key: pr, State: stamp.KeyRetired, CreatedAt: created},
		stamp.PublicKey{ID: f.compromised.KeyID(), Key: pc, State: stamp.KeyCompromised, CreatedAt: created, CompromisedAt: &f.compromisedAt},
	)
	if err != nil {
		t.Fatal(err)
	}
	f.keys = ks
	return f
}

// view returns a registry view of a genuine stamp signed by s.
func testView(s *stamp.Signer, minted time.Time) (*storage.StampView, stamp.Code) {
	id := uuid.New()
	code := s.Sign(42, id)
	batch := stamp.Batch{ID: uuid.New(), ProductNumber: 42, FacilityCode: "HT-CS-0001", Count: 10, KeyID: s.KeyID(),
		FirstSerial: 100, Lot: "L1", ProducedOn: stamp.NewDate(2025, 1, 2), MintedAt: minted}
	v := &storage.StampView{
		Stamp: stamp.Stamp{ID: id, BatchID: batch.ID, ProductNumber: 42, Serial: 105, KeyID: s.KeyID(),
			Signature: code.Signature, MintedAt: minted},
		Batch:    batch,
		Product:  stamp.Product{Number: 42, FacilityCode: "HT-CS-0001", Name: "Kẹo cu đơ", Group: "Thực phẩm"},
		Facility: stamp.Facility{Code: "HT-CS-0001", Name: "HTX Cu Đơ", District: "Thành phố Hà Tĩnh"},
		Certification: &stamp.Certification{ID: 1, ProductNumber: 42, Rank: stamp.Rank4, DecisionNumber: "123/QĐ-UBND",
			DecisionDate: stamp.NewDate(2024, 3, 1), ExpiresOn: stamp.NewDate(2027, 3, 1), Status: stamp.CertValid},
		PointsOfSale: []stamp.PointOfSale{{Name: "Điểm OCOP Hà Tĩnh", District: "Thành phố Hà Tĩnh"}},
	}
	return v, code
}
