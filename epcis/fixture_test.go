package epcis_test

import (
	"context"
	"flag"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

var update = flag.Bool("update", false, "rewrite testdata/document.json from the fixture")

const (
	seedActor = "cli:fixture"
	baseURL   = "HTTPS://TXNG.EXAMPLE.VN"
)

// clock is the fixture's settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// seededReader is a deterministic, goroutine-safe source of stamp ids.
type seededReader struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

func (s *seededReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Read(p)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// ict returns a time on 2026-11-dd in Vietnam.
func ict(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, stamp.Vietnam) }

// fixture is a registry with a history: product 1001 (with a GTIN) and
// 1002 (without); a batch of 1,205 stamps of 1001 minted on the 20th (two
// commissioning events), a batch of 5 of 1002 on the 21st; stamp 3
// revoked on the 22nd, serials 10–12 on the 23rd, the batch of 1002 (one
// of its stamps revoked before) on the 24th; inspections on the 25th: a
// genuine one by serial, a suspect one by stamp id, a counterfeit one
// naming no stamp (no event).
type fixture struct {
	store  storage.Store
	clock  *clock
	b1, b2 *stamp.Batch
}

func newFixture(t *testing.T, open func(testing.TB, func() time.Time) storage.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{clock: &clock{t: ict(19, 9, 0)}}
	s := open(t, f.clock.Now)
	f.store = s
	must(t, s.CreateFacility(ctx, seedActor, stamp.Facility{Code: "HT-CS-001", Name: "HTX Mật ong Hương Khê (mẫu)",
		Kind: "hợp tác xã", District: "Hương Khê", Commune: "xã Hương Trà"}))
	gtin := "893456789012" + string(stamp.GTINCheckDigit("893456789012"))
	must(t, s.CreateProduct(ctx, seedActor, stamp.Product{Number: 1001, FacilityCode: "HT-CS-001", Name: "Mật ong rừng (mẫu)",
		Group: "Thực phẩm", GTIN: gtin}))
	must(t, s.CreateProduct(ctx, seedActor, stamp.Product{Number: 1002, FacilityCode: "HT-CS-001", Name: "Sáp ong (mẫu)",
		Group: "Thực phẩm"}))
	for _, n := range []uint32{1001, 1002} {
		_, err := s.AddCertification(ctx, seedActor, stamp.Certification{ProductNumber: n, Rank: stamp.Rank4,
			DecisionNumber: "QĐ-" + string(rune('0'+n%10)), DecisionDate: stamp.NewDate(2026, 1, 5)})
		must(t, err)
	}
	sg, _ := storagetest.Signer(t, 5)
	m := &stamp.Minter{Store: s, Signer: sg, Now: f.clock.Now, Workers: 1,
		Rand: &seededReader{r: rand.NewChaCha8([32]byte{'e', 'p', 'c', 'i', 's'})}}
	var err error
	f.clock.Set(ict(20, 8, 30))
	f.b1, err = m.Mint(ctx, stamp.MintRequest{ProductNumber: 1001, Count: 1205, Lot: "MO-2026/11", MintedBy: seedActor,
		ProducedOn: stamp.NewDate(2026, 11, 18), BestBefore: stamp.NewDate(2028, 11, 18)})
	must(t, err)
	f.clock.Set(ict(21, 14, 0))
	f.b2, err = m.Mint(ctx, stamp.MintRequest{ProductNumber: 1002, Count: 5, MintedBy: seedActor})
	must(t, err)

	st3, err := s.StampBySerial(ctx, 3)
	must(t, err)
	f.clock.Set(ict(22, 9, 15))
	must(t, s.RevokeStamp(ctx, seedActor, st3.ID, "Tem rách"))
	f.clock.Set(ict(23, 10, 0))
	_, err = s.RevokeSerials(ctx, seedActor, 10, 12, "Cuộn tem bị mất")
	must(t, err)
	f.clock.Set(ict(23, 11, 0))
	_, err = s.RevokeSerials(ctx, seedActor, f.b2.FirstSerial+1, f.b2.FirstSerial+1, "Tem in lỗi")
	must(t, err)
	f.clock.Set(ict(24, 16, 45))
	must(t, s.RevokeBatch(ctx, seedActor, f.b2.ID, "Lô hàng bị thu hồi"))

	st20, err := s.StampBySerial(ctx, 20)
	must(t, err)
	f.clock.Set(ict(25, 9, 0))
	must(t, s.RecordInspection(ctx, "QLTT Hương Sơn", &storage.Inspection{Place: "Chợ Hà Tĩnh, ki-ốt 12",
		Result: storage.InspectionGenuine, Serial: 21}))
	f.clock.Set(ict(25, 9, 30))
	must(t, s.RecordInspection(ctx, "QLTT Hương Sơn", &storage.Inspection{Place: "Chợ Hà Tĩnh, ki-ốt 14",
		Result: storage.InspectionSuspect, StampID: st20.ID}))
	f.clock.Set(ict(25, 10, 0))
	must(t, s.RecordInspection(ctx, "QLTT Hương Sơn", &storage.Inspection{Place: "Cửa hàng X",
		Result: storage.InspectionCounterfeit, Notes: "Mã không phải của văn phòng"}))
	f.clock.Set(ict(30, 8, 0))
	return f
}
