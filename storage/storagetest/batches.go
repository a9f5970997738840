package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// chunks returns a StampChunks of n stamps of product signed by sg, per
// stamps a chunk, whose call number failAt (1-based; 0: never) fails with
// err.
func chunks(sg *stamp.Signer, product uint32, n, per, failAt int, err error) stamp.StampChunks {
	done, calls := 0, 0
	return func() ([]stamp.Stamp, error) {
		calls++
		if calls == failAt {
			return nil, err
		}
		if done >= n {
			return nil, nil
		}
		k := min(per, n-done)
		out := make([]stamp.Stamp, k)
		for i := range out {
			id := uuid.Must(uuid.NewV7())
			c := sg.Sign(product, id)
			out[i] = stamp.Stamp{ID: id, KeyID: c.KeyID, Signature: c.Signature}
		}
		done += k
		return out, nil
	}
}

func newBatch(sg *stamp.Signer, product uint32, count int) *stamp.Batch {
	return &stamp.Batch{ID: uuid.Must(uuid.NewV7()), ProductNumber: product, Count: count, KeyID: sg.KeyID(), MintedBy: actor}
}

// sameBatch fails unless got is want as stored.
func sameBatch(t *testing.T, got, want *stamp.Batch) {
	t.Helper()
	if got.ID != want.ID || got.ProductNumber != want.ProductNumber || got.FacilityCode != want.FacilityCode ||
		got.Count != want.Count || got.KeyID != want.KeyID || got.FirstSerial != want.FirstSerial || got.Lot != want.Lot ||
		got.ProducedOn != want.ProducedOn || got.BestBefore != want.BestBefore || got.Note != want.Note ||
		got.MintedBy != want.MintedBy || !got.MintedAt.Equal(want.MintedAt) || got.RevokeReason != want.RevokeReason ||
		(got.RevokedAt == nil) != (want.RevokedAt == nil) {
		t.Fatalf("batch\n got %+v\nwant %+v", got, want)
	}
}

func testCreateBatch(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	sg, ks := testSigner(t)
	b1 := mint(t, s, 1001, 5000)
	if b1.FirstSerial != 1 || b1.LastSerial() != 5000 || b1.FacilityCode != "HT-CS-0001" || b1.MintedAt.IsZero() || b1.KeyID != sg.KeyID() {
		t.Fatalf("minted batch %+v", b1)
	}
	got, err := s.Batch(ctx, b1.ID)
	must(t, err)
	sameBatch(t, got, b1)
	if got.Lot != "LÔ-01" || got.ProducedOn.IsZero() || got.BestBefore.IsZero() {
		t.Fatalf("batch fields lost: %+v", got)
	}
	b2 := mint(t, s, 1001, 10)
	if b2.FirstSerial != 5001 {
		t.Fatalf("second batch starts at %d, want 5001", b2.FirstSerial)
	}
	list, err := s.BatchesOf(ctx, 1001)
	must(t, err)
	if len(list) != 2 || list[0].ID != b2.ID || list[1].ID != b1.ID {
		t.Fatalf("BatchesOf(1001) = %+v, want newest first", list)
	}
	if all, err := s.BatchesOf(ctx, 0); err != nil || len(all) != 2 {
		t.Fatalf("BatchesOf(0) = %d batches, %v", len(all), err)
	}
	if none, err := s.BatchesOf(ctx, 4242); err != nil || len(none) != 0 {
		t.Fatalf("BatchesOf(4242) = %+v, %v", none, err)
	}
	st, err := s.StampBySerial(ctx, 5003)
	must(t, err)
	if st.BatchID != b2.ID || st.Serial != 5003 || st.ProductNumber != 1001 || st.KeyID != sg.KeyID() ||
		!st.MintedAt.Equal(b2.MintedAt) || st.RevokedAt != nil {
		t.Fatalf("StampBySerial(5003) = %+v", st)
	}
	if _, err := st.Code().Verify(ks); err != nil {
		t.Fatalf("stored stamp does not verify: %v", err)
	}
	_, err = s.StampBySerial(ctx, 5011)
	wantCode(t, err, stamp.ENotFound)
	_, err = s.Batch(ctx, uuid.New())
	wantCode(t, err, stamp.ENotFound)

	wantCode(t, s.CreateBatch(ctx, newBatch(sg, 4242, 1), chunks(sg, 4242, 1, 1, 0, nil)), stamp.ENotFound, "4242")
	dup := newBatch(sg, 1001, 1)
	dup.ID = b1.ID
	wantCode(t, s.CreateBatch(ctx, dup, chunks(sg, 1001, 1, 1, 0, nil)), stamp.EConflict, b1.ID.String())
	wantCode(t, s.CreateBatch(ctx, newBatch(sg, 1001, 0), chunks(sg, 1001, 0, 1, 0, nil)), stamp.EInvalid, "count")
	noActor := newBatch(sg, 1001, 1)
	noActor.MintedBy = ""
	wantCode(t, s.CreateBatch(ctx, noActor, chunks(sg, 1001, 1, 1, 0, nil)), stamp.EInvalid, "minted by")

	e := wantAudit(t, s, "batch.mint", "batch:"+b1.ID.String())
	if !jsonHas(t, e.After, "count", 5000) || !jsonHas(t, e.After, "first_serial", 1) || !jsonHas(t, e.After, "last_serial", 5000) {
		t.Fatalf("mint audit %+v", e)
	}
}

func testCreateBatchRollback(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	sg, _ := testSigner(t)
	other, err := stamp.NewSigner(make([]byte, 64))
	must(t, err)
	v0, err := s.RegistryVersion(ctx)
	must(t, err)
	nothingStored := func(what string, b *stamp.Batch) {
		t.Helper()
		if _, err := s.Batch(ctx, b.ID); stamp.ErrorCode(err) != stamp.ENotFound {
			t.Fatalf("%s: batch stored (%v)", what, err)
		}
		if _, err := s.StampBySerial(ctx, 1); stamp.ErrorCode(err) != stamp.ENotFound {
			t.Fatalf("%s: a stamp was stored (%v)", what, err)
		}
		if list, _ := s.BatchesOf(ctx, 0); len(list) != 0 {
			t.Fatalf("%s: %d batches stored", what, len(list))
		}
		if es := auditFor(t, s, "batch.mint", "batch:"+b.ID.String()); len(es) != 0 {
			t.Fatalf("%s: audit entry stored", what)
		}
		if v, _ := s.RegistryVersion(ctx); v != v0 {
			t.Fatalf("%s: registry version %d, want %d", what, v, v0)
		}
	}
	boom := errors.New("signer crashed")
	b := newBatch(sg, 1001, 5000)
	err = s.CreateBatch(ctx, b, chunks(sg, 1001, 5000, 1000, 3, boom))
	if !errors.Is(err, boom) {
		t.Fatalf("CreateBatch with failing chunks: %v, want %v", err, boom)
	}
	nothingStored("next failed midway", b)

	b = newBatch(sg, 1001, 100)
	wantCode(t, s.CreateBatch(ctx, b, chunks(sg, 1001, 99, 50, 0, nil)), stamp.EInvalid, "99")
	nothingStored("too few stamps", b)
	b = newBatch(sg, 1001, 100)
	wantCode(t, s.CreateBatch(ctx, b, chunks(sg, 1001, 101, 50, 0, nil)), stamp.EInvalid, "100")
	nothingStored("too many stamps", b)
	b = newBatch(sg, 1001, 10)
	wantCode(t, s.CreateBatch(ctx, b, chunks(other, 1001, 10, 5, 0, nil)), stamp.EInvalid, "key")
	nothingStored("stamps under another key", b)
	b = newBatch(sg, 1001, 4)
	same := chunks(sg, 1001, 2, 2, 0, nil)
	first, _ := same()
	twice := append(append([]stamp.Stamp{}, first...), first...)
	calls := 0
	wantCode(t, s.CreateBatch(ctx, b, func() ([]stamp.Stamp, error) {
		calls++
		if calls == 1 {
			return twice, nil
		}
		return nil, nil
	}), stamp.EConflict)
	nothingStored("a repeated stamp id", b)
	cctx, cancel := context.WithCancel(ctx)
	b = newBatch(sg, 1001, 10)
	inner := chunks(sg, 1001, 10, 5, 0, nil)
	err = s.CreateBatch(cctx, b, func() ([]stamp.Stamp, error) {
		c, err := inner()
		cancel()
		return c, err
	})
	if err == nil {
		t.Fatal("CreateBatch with a cancelled context succeeded")
	}
	nothingStored("cancelled context", b)

	good := mint(t, s, 1001, 3)
	if good.FirstSerial != 1 {
		t.Fatalf("after failed batches the first serial is %d, want 1 (counter consumed)", good.FirstSerial)
	}
}

func testBatchStamps(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	_, ks := testSigner(t)
	mint(t, s, 1001, 7)
	b := mint(t, s, 1001, 3000)
	var got []stamp.Stamp
	must(t, s.BatchStamps(ctx, b.ID, 0, 0, func(st stamp.Stamp) error {
		got = append(got, st)
		return nil
	}))
	if len(got) != 3000 {
		t.Fatalf("BatchStamps gave %d stamps, want 3000", len(got))
	}
	ids := map[uuid.UUID]bool{}
	for i, st := range got {
		if st.Serial != b.FirstSerial+uint64(i) || st.BatchID != b.ID || st.ProductNumber != 1001 || st.KeyID != b.KeyID ||
			!st.MintedAt.Equal(b.MintedAt) || ids[st.ID] {
			t.Fatalf("stamp %d: %+v", i, st)
		}
		ids[st.ID] = true
		if i%250 == 0 {
			if _, err := st.Code().Verify(ks); err != nil {
				t.Fatalf("stamp %d does not verify: %v", st.Serial, err)
			}
		}
	}
	var sub []uint64
	must(t, s.BatchStamps(ctx, b.ID, b.FirstSerial+10, b.FirstSerial+20, func(st stamp.Stamp) error {
		sub = append(sub, st.Serial)
		return nil
	}))
	if len(sub) != 11 || sub[0] != b.FirstSerial+10 || sub[10] != b.FirstSerial+20 {
		t.Fatalf("sub-range gave %v", sub)
	}
	var tail int
	must(t, s.BatchStamps(ctx, b.ID, b.LastSerial()-1, 0, func(stamp.Stamp) error { tail++; return nil }))
	if tail != 2 {
		t.Fatalf("tail range gave %d stamps", tail)
	}
	stop := errors.New("stop")
	n := 0
	err := s.BatchStamps(ctx, b.ID, 0, 0, func(stamp.Stamp) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Fatalf("BatchStamps after fn error: %v after %d stamps", err, n)
	}
	nop := func(stamp.Stamp) error { return nil }
	wantCode(t, s.BatchStamps(ctx, b.ID, 1, 3, nop), stamp.EInvalid, b.ID.String())
	wantCode(t, s.BatchStamps(ctx, b.ID, b.FirstSerial+5, b.FirstSerial+4, nop), stamp.EInvalid)
	wantCode(t, s.BatchStamps(ctx, b.ID, 0, b.LastSerial()+1, nop), stamp.EInvalid)
	wantCode(t, s.BatchStamps(ctx, uuid.New(), 0, 0, nop), stamp.ENotFound)
}

func testStampView(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	newer := sampleCert(1001, "QĐ 300/QĐ-UBND", today().AddDays(-10))
	newer.Rank = stamp.Rank5
	certID, err := s.AddCertification(ctx, actor, newer)
	must(t, err)
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0002", "Can Lộc")))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(1002, "HT-CS-0002")))
	// HT-CS-0001 is placed in commune 98010 (Hương Khê); its point of sale
	// comes first, then those of its former district, then the rest.
	must(t, s.ImportCommunes(ctx, actor, []stamp.Commune{{Code: "98010", Name: "Hương Đô (mẫu)", Kind: stamp.CommuneKindCommune, FormerDistrict: "Hương Khê"}}))
	f0, err := s.Facility(ctx, "HT-CS-0001")
	must(t, err)
	f0.CommuneCode = "98010"
	must(t, s.UpdateFacility(ctx, actor, *f0))
	for _, p := range []stamp.PointOfSale{
		{Name: "Điểm bán B (mẫu)", District: "Hương Khê"}, {Name: "Điểm bán A (mẫu)", District: "Hương Khê"},
		{Name: "Điểm bán Can Lộc (mẫu)", District: "Can Lộc"}, {Name: "Điểm bán Z (mẫu)", CommuneCode: "98010"},
	} {
		_, err := s.CreatePointOfSale(ctx, actor, p)
		must(t, err)
	}
	b := mint(t, s, 1001, 3)
	st, err := s.StampBySerial(ctx, b.FirstSerial+1)
	must(t, err)
	v, err := s.StampView(ctx, st.ID)
	must(t, err)
	if v.Stamp.ID != st.ID || v.Stamp.Serial != st.Serial || v.Stamp.Signature != st.Signature || v.Stamp.KeyID != st.KeyID ||
		v.Stamp.ProductNumber != 1001 || v.Stamp.BatchID != b.ID || !v.Stamp.MintedAt.Equal(b.MintedAt) || v.Stamp.RevokedAt != nil {
		t.Fatalf("view stamp %+v, want %+v", v.Stamp, st)
	}
	sameBatch(t, &v.Batch, b)
	p, err := s.Product(ctx, 1001)
	must(t, err)
	if v.Product != *p {
		t.Fatalf("view product %+v, want %+v", v.Product, *p)
	}
	f, err := s.Facility(ctx, "HT-CS-0001")
	must(t, err)
	if v.Facility != *f {
		t.Fatalf("view facility %+v, want %+v", v.Facility, *f)
	}
	c, err := s.Certification(ctx, certID)
	must(t, err)
	if v.Certification == nil || *v.Certification != *c {
		t.Fatalf("view certification %+v, want the newest %+v", v.Certification, c)
	}
	var names []string
	for _, p := range v.PointsOfSale {
		names = append(names, p.Name)
	}
	if want := []string{"Điểm bán Z (mẫu)", "Điểm bán A (mẫu)", "Điểm bán B (mẫu)", "Điểm bán Can Lộc (mẫu)"}; !slices.Equal(names, want) {
		t.Fatalf("view points of sale %q, want %q (own commune, former district, rest of the province)", names, want)
	}
	if z := v.PointsOfSale[0]; z.District != "Hương Khê" || z.Commune != "xã Hương Đô (mẫu)" {
		t.Fatalf("point of sale placed by its commune code: %+v", z)
	}
	_, err = s.StampView(ctx, uuid.New())
	wantCode(t, err, stamp.ENotFound)

	// A product without certification (batch written directly: the Minter
	// would refuse it) and a district without points of sale.
	sg, _ := testSigner(t)
	nb := newBatch(sg, 1002, 1)
	must(t, s.CreateBatch(ctx, nb, chunks(sg, 1002, 1, 1, 0, nil)))
	st, err = s.StampBySerial(ctx, nb.FirstSerial)
	must(t, err)
	v, err = s.StampView(ctx, st.ID)
	must(t, err)
	if v.Certification != nil || v.Facility.Code != "HT-CS-0002" || len(v.PointsOfSale) != 4 || v.PointsOfSale[0].District != "Can Lộc" {
		t.Fatalf("view of an uncertified product: %+v", v)
	}
}

func testRevocations(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	b1 := mint(t, s, 1001, 10)
	b2 := mint(t, s, 1001, 5)
	st3, err := s.StampBySerial(ctx, 3)
	must(t, err)
	v0, _ := s.RegistryVersion(ctx)

	must(t, s.RevokeStamp(ctx, actor, st3.ID, "tem bị hỏng"))
	v, err := s.StampView(ctx, st3.ID)
	must(t, err)
	if v.Stamp.RevokedAt == nil || v.Stamp.RevokeReason != "tem bị hỏng" || v.Batch.RevokedAt != nil {
		t.Fatalf("revoked stamp view %+v", v.Stamp)
	}
	if v1, _ := s.RegistryVersion(ctx); v1 <= v0 {
		t.Fatalf("registry version %d after revocation, want > %d", v1, v0)
	}
	first := *v.Stamp.RevokedAt
	must(t, s.RevokeStamp(ctx, actor, st3.ID, "lần nữa"))
	again, err := s.StampBySerial(ctx, 3)
	must(t, err)
	if !again.RevokedAt.Equal(first) || again.RevokeReason != "tem bị hỏng" {
		t.Fatalf("revoking again changed the revocation: %+v", again)
	}
	wantCode(t, s.RevokeStamp(ctx, actor, uuid.New(), "x"), stamp.ENotFound)
	wantCode(t, s.RevokeStamp(ctx, actor, st3.ID, ""), stamp.EInvalid, "reason")
	e := wantAudit(t, s, "stamp.revoke", "stamp:"+st3.ID.String())
	if !jsonHas(t, e.After, "reason", "tem bị hỏng") {
		t.Fatalf("revoke audit %+v", e)
	}

	n, err := s.RevokeSerials(ctx, actor, 2, 5, "lô bị mất cắp")
	must(t, err)
	if n != 3 {
		t.Fatalf("RevokeSerials(2, 5) = %d, want 3 (3 was revoked)", n)
	}
	if n, err := s.RevokeSerials(ctx, actor, 2, 5, "lô bị mất cắp"); err != nil || n != 0 {
		t.Fatalf("RevokeSerials again = %d, %v", n, err)
	}
	n, err = s.RevokeSerials(ctx, actor, 9, 12, "hai lô")
	must(t, err)
	if n != 4 {
		t.Fatalf("RevokeSerials across batches = %d, want 4", n)
	}
	st12, _ := s.StampBySerial(ctx, 12)
	st13, _ := s.StampBySerial(ctx, 13)
	if st12.RevokedAt == nil || st12.RevokeReason != "hai lô" || st13.RevokedAt != nil {
		t.Fatalf("after RevokeSerials(9, 12): 12 %+v, 13 %+v", st12, st13)
	}
	_, err = s.RevokeSerials(ctx, actor, 1000, 2000, "x")
	wantCode(t, err, stamp.ENotFound)
	_, err = s.RevokeSerials(ctx, actor, 5, 4, "x")
	wantCode(t, err, stamp.EInvalid)
	_, err = s.RevokeSerials(ctx, actor, 1, 2, "")
	wantCode(t, err, stamp.EInvalid)
	wantAudit(t, s, "stamp.revoke_serials", "serials:2-5")

	must(t, s.RevokeBatch(ctx, actor, b2.ID, "cơ sở vi phạm"))
	gb, err := s.Batch(ctx, b2.ID)
	must(t, err)
	if gb.RevokedAt == nil || gb.RevokeReason != "cơ sở vi phạm" {
		t.Fatalf("revoked batch %+v", gb)
	}
	must(t, s.RevokeBatch(ctx, actor, b2.ID, "lần nữa"))
	if gb2, _ := s.Batch(ctx, b2.ID); gb2.RevokeReason != "cơ sở vi phạm" || !gb2.RevokedAt.Equal(*gb.RevokedAt) {
		t.Fatalf("revoking a batch again changed it: %+v", gb2)
	}
	v, err = s.StampView(ctx, st13.ID)
	must(t, err)
	if v.Batch.RevokedAt == nil || v.Batch.RevokeReason != "cơ sở vi phạm" {
		t.Fatalf("view of a stamp of a revoked batch: %+v", v.Batch)
	}
	if b, _ := s.Batch(ctx, b1.ID); b.RevokedAt != nil {
		t.Fatal("the other batch was revoked")
	}
	wantCode(t, s.RevokeBatch(ctx, actor, uuid.New(), "x"), stamp.ENotFound)
	wantCode(t, s.RevokeBatch(ctx, actor, b1.ID, ""), stamp.EInvalid)
	wantAudit(t, s, "batch.revoke", "batch:"+b2.ID.String())

	// StampsRevokedBetween: the stamps revoked on their own (3, then 2, 4,
	// 5, then 9–12), by time then serial, with their batch's fields; a
	// window that starts after the first revocation leaves it out.
	var got []string
	all := func(since, until time.Time) []string {
		got = nil
		must(t, s.StampsRevokedBetween(ctx, since, until, func(x stamp.Stamp) error {
			if x.RevokedAt == nil || x.ProductNumber != 1001 || x.BatchID == uuid.Nil {
				t.Fatalf("revoked stamp %+v", x)
			}
			got = append(got, fmt.Sprintf("%d:%s", x.Serial, x.RevokeReason))
			return nil
		}))
		return got
	}
	want := "3:tem bị hỏng 2:lô bị mất cắp 4:lô bị mất cắp 5:lô bị mất cắp 9:hai lô 10:hai lô 11:hai lô 12:hai lô"
	if g := strings.Join(all(time.Time{}, time.Now().Add(time.Hour)), " "); g != want {
		t.Fatalf("StampsRevokedBetween = %s, want %s", g, want)
	}
	if g := all(first.Add(time.Microsecond), time.Now().Add(time.Hour)); len(g) != 7 {
		t.Fatalf("StampsRevokedBetween after the first = %v, want 7 stamps", g)
	}
	if g := all(time.Time{}, first); len(g) != 0 {
		t.Fatalf("StampsRevokedBetween before the first = %v, want none (until is exclusive)", g)
	}
	stop := errors.New("stop")
	if err := s.StampsRevokedBetween(ctx, time.Time{}, time.Now().Add(time.Hour), func(stamp.Stamp) error { return stop }); err != stop {
		t.Fatalf("StampsRevokedBetween did not stop at fn's error: %v", err)
	}
}
