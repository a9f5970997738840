package storagetest

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Clock is a settable clock for stores under test (sqlstore.Store.Now).
type Clock struct{ us atomic.Int64 }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return time.UnixMicro(c.us.Load()).UTC() }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.us.Store(t.UnixMicro()) }

// ICT returns the instant y-m-d hh:mm:ss.usec in Vietnam time.
func ICT(y int, m time.Month, d, hh, mm, ss, usec int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, usec*1000, stamp.Vietnam)
}

// Report fixture: sample registry entries (clearly sample data) in three
// districts, and activity in October, November and December 2026. The
// expected figures are in report.go; LoadReportFixture's comments say where
// each comes from.
const (
	RepHuongKhe = "Hương Khê"
	RepCanLoc   = "Can Lộc"
	RepThachHa  = "Thạch Hà"
)

// ReportFixtureNow is a time after all of the fixture's activity: reports
// built "now" see every month up to December 2026.
var ReportFixtureNow = ICT(2026, 12, 15, 9, 0, 0, 0)

// LoadReportFixture stores the report fixture into s, moving clock (which
// must be s's clock) through 2026. It fails the test on any error.
func LoadReportFixture(t testing.TB, s storage.Store, clock *Clock) {
	t.Helper()
	ctx := context.Background()
	f := &repFixture{t: t, s: s, clock: clock, ctx: ctx}
	clock.Set(ICT(2026, 1, 2, 8, 0, 0, 0))
	// Communes: HT-CS-0001 and -0002 in 98001, -0003 in 98002, -0004 not
	// placed yet (an old row with its district only); 98003 has nothing.
	repMust(t, s.ImportCommunes(ctx, actor, []stamp.Commune{
		{Code: "98001", Name: "Hương Trà (mẫu)", Kind: stamp.CommuneKindCommune, FormerDistrict: RepHuongKhe},
		{Code: "98002", Name: "Thạch Kim (mẫu)", Kind: stamp.CommuneKindCommune, FormerDistrict: RepCanLoc},
		{Code: "98003", Name: "Thành Sen (mẫu)", Kind: stamp.CommuneKindWard, FormerDistrict: "Thành phố Hà Tĩnh"},
	}))
	facilities := []stamp.Facility{
		{Code: "HT-CS-0001", Name: "HTX Mật ong Hương Trà (dữ liệu mẫu)", Kind: "hợp tác xã", District: RepHuongKhe, Commune: "Xã Hương Trà", CommuneCode: "98001"},
		{Code: "HT-CS-0002", Name: "Hộ kinh doanh Cam Khe Hương Đô (dữ liệu mẫu)", Kind: "hộ kinh doanh", District: "huyện " + RepHuongKhe, CommuneCode: "98001"},
		{Code: "HT-CS-0003", Name: "Công ty Nước mắm Thạch Kim (dữ liệu mẫu)", Kind: "doanh nghiệp", CommuneCode: "98002"},
		{Code: "HT-CS-0004", Name: "Cơ sở Mây tre đan Thạch Hà (dữ liệu mẫu)", Kind: "hộ kinh doanh", District: RepThachHa},
	}
	// HT-CS-0002's district is stored in another form ("huyện Hương Khê"):
	// the report must still count it in Hương Khê.
	for _, fc := range facilities {
		repMust(t, s.CreateFacility(ctx, actor, fc))
	}
	products := []stamp.Product{
		{Number: 1001, FacilityCode: "HT-CS-0001", Name: "Mật ong rừng Hương Khê (mẫu)", Group: "Thực phẩm"},
		{Number: 1002, FacilityCode: "HT-CS-0001", Name: "Cao lá vằng (mẫu)", Group: "Thảo dược"},
		{Number: 2001, FacilityCode: "HT-CS-0002", Name: "Cam Khe (mẫu)", Group: "Thực phẩm"},
		{Number: 2002, FacilityCode: "HT-CS-0002", Name: "Cam bù (mẫu)", Group: "Thực phẩm"},
		{Number: 3001, FacilityCode: "HT-CS-0003", Name: "Nước mắm cá cơm (mẫu)", Group: "Đồ uống"},
		{Number: 4001, FacilityCode: "HT-CS-0004", Name: "Giỏ mây tre (mẫu)", Group: "Lưu niệm - nội thất - trang trí"},
	}
	for _, p := range products {
		repMust(t, s.CreateProduct(ctx, actor, p))
	}
	cert := func(product uint32, rank stamp.Rank, decision string, decided, expires stamp.Date) int64 {
		id, err := s.AddCertification(ctx, actor, stamp.Certification{ProductNumber: product, Rank: rank,
			DecisionNumber: decision, DecisionDate: decided, ExpiresOn: expires})
		repMust(t, err)
		return id
	}
	d := stamp.NewDate
	cert(1001, stamp.Rank4, "QĐ 12/2024 (mẫu)", d(2024, 1, 10), d(2027, 1, 15))       // expires 46 days after 30 Nov
	cert(1002, stamp.Rank3, "QĐ 88/2023 (mẫu)", d(2023, 6, 1), d(2026, 10, 31))       // expired, not renewed
	cert(2001, stamp.Rank3, "QĐ 5/2023 (mẫu)", d(2023, 1, 1), d(2026, 1, 1))          // expired ...
	cert(2001, stamp.Rank4, "QĐ 3/2026 (mẫu)", d(2026, 1, 5), d(2029, 1, 5))          // ... and renewed
	sus := cert(2002, stamp.Rank3, "QĐ 40/2025 (mẫu)", d(2025, 3, 1), d(2027, 2, 28)) // exactly 90 days, suspended
	repMust(t, s.SetCertificationStatus(ctx, actor, sus, stamp.CertSuspended, "kiểm tra chất lượng (mẫu)"))
	cert(3001, stamp.RankParticipating, "QĐ 70/2025 (mẫu)", d(2025, 6, 1), d(2028, 6, 1))
	cert(3001, stamp.Rank5, "QĐ 99/2026 (mẫu)", d(2026, 12, 10), d(2029, 12, 10)) // after November
	for _, p := range []stamp.PointOfSale{
		{Name: "Điểm OCOP Hương Khê (mẫu)", CommuneCode: "98001"},
		{Name: "Cửa hàng OCOP chợ Gia Phố (mẫu)", District: RepHuongKhe},
		{Name: "Điểm OCOP Can Lộc (mẫu)", District: RepCanLoc},
	} {
		_, err := s.CreatePointOfSale(ctx, actor, p)
		repMust(t, err)
	}

	// Batches: B5 and B1 in October (B1 in its last second), B3 at the
	// first instant of November, B2 in November, B4 at the first instant of
	// December.
	b5 := f.mint(ICT(2026, 10, 5, 10, 0, 0, 0), 1002, 10)
	b1 := f.mint(ICT(2026, 10, 31, 23, 59, 59, 0), 1001, 100)
	b3 := f.mint(ICT(2026, 11, 1, 0, 0, 0, 0), 2001, 30)
	b2 := f.mint(ICT(2026, 11, 3, 9, 0, 0, 0), 1001, 50)
	b4 := f.mint(ICT(2026, 12, 1, 0, 0, 0, 0), 3001, 20)

	// Prints: October 10 (B5); November 100 (B1) + 50 + 5 (B2) + 30 (B3,
	// last second); December 20 (B4).
	f.print(ICT(2026, 10, 6, 8, 0, 0, 0), b5, 0, 0)
	f.print(ICT(2026, 11, 2, 8, 0, 0, 0), b1, 0, 0)
	f.print(ICT(2026, 11, 4, 8, 0, 0, 0), b2, 0, 0)
	f.print(ICT(2026, 11, 20, 8, 0, 0, 0), b2, b2.FirstSerial, b2.FirstSerial+4)
	f.print(ICT(2026, 11, 30, 23, 59, 59, 0), b3, 0, 0)
	f.print(ICT(2026, 12, 1, 0, 0, 0, 0), b4, 0, 0)

	// Revocations: October 1 (a B5 stamp); November 1 (a B1 stamp) + 3 (B2
	// serials) + 30 (B3: one stamp alone, then the batch; a stamp revoked
	// after its batch does not count again).
	s5, s1 := f.stamps(b5), f.stamps(b1)
	s2, s3 := f.stamps(b2), f.stamps(b3)
	f.at(ICT(2026, 10, 25, 8, 0, 0, 0))
	repMust(t, s.RevokeStamp(ctx, actor, s5[0].ID, "hỏng tem (mẫu)"))
	f.at(ICT(2026, 11, 10, 8, 0, 0, 0))
	repMust(t, s.RevokeStamp(ctx, actor, s1[0].ID, "hỏng tem (mẫu)"))
	f.at(ICT(2026, 11, 12, 8, 0, 0, 0))
	n, err := s.RevokeSerials(ctx, actor, b2.FirstSerial+10, b2.FirstSerial+12, "in lỗi (mẫu)")
	repMust(t, err)
	if n != 3 {
		t.Fatalf("RevokeSerials changed %d stamps, want 3", n)
	}
	f.at(ICT(2026, 11, 14, 8, 0, 0, 0))
	repMust(t, s.RevokeStamp(ctx, actor, s3[0].ID, "mất tem (mẫu)"))
	f.at(ICT(2026, 11, 15, 8, 0, 0, 0))
	repMust(t, s.RevokeBatch(ctx, actor, b3.ID, "lô bị trả lại (mẫu)"))
	f.at(ICT(2026, 11, 16, 8, 0, 0, 0))
	repMust(t, s.RevokeStamp(ctx, actor, s3[1].ID, "mất tem (mẫu)"))

	// Scans, with clients A–H in November; A also in October.
	unknown1, unknown2 := uuid.MustParse("0195a000-0000-7000-8000-00000000000a"), uuid.MustParse("0195a000-0000-7000-8000-00000000000b")
	scan := func(at time.Time, id uuid.UUID, client, verdict string, claimed uint32) stamp.ScanEvent {
		return stamp.ScanEvent{StampID: id, At: at, Channel: stamp.ChannelWeb, ClientHash: client, Verdict: verdict, ProductNumber: claimed}
	}
	f.at(ICT(2026, 12, 2, 8, 0, 0, 0))
	repMust(t, s.RecordScans(ctx, []stamp.ScanEvent{
		// October: 1001 by A in its last microsecond; 1002 by B, suspicious.
		scan(ICT(2026, 10, 31, 23, 59, 59, 999999), s1[1].ID, "A", "genuine", 0),
		scan(ICT(2026, 10, 15, 12, 0, 0, 0), s5[1].ID, "B", "suspicious", 0),
		// November, 1001: A twice (once at the first microsecond) and B,
		// genuine; C and A suspicious; D scans the revoked stamp.
		scan(ICT(2026, 11, 1, 0, 0, 0, 0), s1[1].ID, "A", "genuine", 0),
		scan(ICT(2026, 11, 5, 10, 0, 0, 0), s1[1].ID, "A", "genuine", 1001),
		scan(ICT(2026, 11, 6, 10, 0, 0, 0), s1[1].ID, "B", "genuine", 0),
		scan(ICT(2026, 11, 7, 10, 0, 0, 0), s2[0].ID, "C", "suspicious", 0),
		scan(ICT(2026, 11, 8, 10, 0, 0, 0), s2[0].ID, "A", "suspicious", 0),
		scan(ICT(2026, 11, 11, 10, 0, 0, 0), s1[0].ID, "D", "revoked", 0),
		// 2001: A genuine; E not genuine, naming another product: the
		// registry's product counts.
		scan(ICT(2026, 11, 9, 10, 0, 0, 0), s3[2].ID, "A", "genuine", 0),
		scan(ICT(2026, 11, 9, 11, 0, 0, 0), s3[3].ID, "E", "not_genuine", 1001),
		// 1002: F while its certification had expired.
		scan(ICT(2026, 11, 18, 10, 0, 0, 0), s5[2].ID, "F", "certification_invalid", 0),
		// Stamps the registry does not hold: G twice with no product, H
		// naming 3001.
		scan(ICT(2026, 11, 19, 10, 0, 0, 0), unknown1, "G", "unknown", 0),
		scan(ICT(2026, 11, 19, 10, 5, 0, 0), unknown1, "G", "unknown", 0),
		scan(ICT(2026, 11, 20, 10, 0, 0, 0), unknown2, "H", "unknown", 3001),
		// December: Z at the first microsecond.
		scan(ICT(2026, 12, 1, 0, 0, 0, 0), s1[1].ID, "Z", "genuine", 0),
	}))
	// Consumer reports in November: of 2001's stamp, of the unknown stamp
	// naming 3001, and of one naming no product; one in December.
	for _, r := range []struct {
		at      time.Time
		id      uuid.UUID
		product uint32
	}{
		{ICT(2026, 11, 9, 12, 0, 0, 0), s3[3].ID, 2001},
		{ICT(2026, 11, 20, 11, 0, 0, 0), unknown2, 3001},
		{ICT(2026, 11, 30, 23, 59, 59, 0), unknown1, 0},
		{ICT(2026, 12, 1, 0, 0, 0, 0), s3[3].ID, 2001},
	} {
		f.at(r.at)
		repMust(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: r.id, ProductNumber: r.product, What: "tem có vẻ giả (mẫu)"}))
	}
}

// repFixture mints, prints and reads stamps for the report fixture.
type repFixture struct {
	t     testing.TB
	s     storage.Store
	clock *Clock
	ctx   context.Context
	sg    *stamp.Signer
}

func (f *repFixture) at(t time.Time) { f.clock.Set(t) }

// mint stores a batch of n stamps of product at time at.
func (f *repFixture) mint(at time.Time, product uint32, n int) *stamp.Batch {
	f.t.Helper()
	if f.sg == nil {
		f.sg, _ = Signer(f.t, 9)
	}
	f.at(at)
	b := &stamp.Batch{ID: uuid.Must(uuid.NewV7()), ProductNumber: product, Count: n, KeyID: f.sg.KeyID(), MintedBy: actor, Lot: "LÔ MẪU"}
	done := false
	repMust(f.t, f.s.CreateBatch(f.ctx, b, func() ([]stamp.Stamp, error) {
		if done {
			return nil, nil
		}
		done = true
		out := make([]stamp.Stamp, n)
		for i := range out {
			id := uuid.Must(uuid.NewV7())
			c := f.sg.Sign(product, id)
			out[i] = stamp.Stamp{ID: id, KeyID: c.KeyID, Signature: c.Signature}
		}
		return out, nil
	}))
	return b
}

func (f *repFixture) print(at time.Time, b *stamp.Batch, from, to uint64) {
	f.t.Helper()
	f.at(at)
	repMust(f.t, f.s.RecordPrint(f.ctx, actor, b.ID, from, to, "", ""))
}

func (f *repFixture) stamps(b *stamp.Batch) []stamp.Stamp {
	f.t.Helper()
	var out []stamp.Stamp
	repMust(f.t, f.s.BatchStamps(f.ctx, b.ID, 0, 0, func(st stamp.Stamp) error {
		out = append(out, st)
		return nil
	}))
	return out
}

// repMust fails the test on err.
func repMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
