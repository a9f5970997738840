package report_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestBuild builds the monthly reports over the storage suite's report
// fixture (storagetest.LoadReportFixture) on every back-end and checks
// them against the fixture's figures.
func TestBuild(t *testing.T) {
	for _, b := range storagetest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			clock := &storagetest.Clock{}
			s := b.Open(t, clock.Now)
			storagetest.LoadReportFixture(t, s, clock)
			t.Run("Province", func(t *testing.T) { testProvinceReport(t, s) })
			t.Run("District", func(t *testing.T) { testDistrictReport(t, s) })
			t.Run("Communes", func(t *testing.T) { testCommuneReport(t, s) })
			t.Run("EmptyMonth", func(t *testing.T) { testEmptyMonthReport(t, s) })
			t.Run("LaterDecision", func(t *testing.T) { testLaterDecision(t, s) })
		})
	}
}

// figures converts an Activity as the report shows it.
func figures(a storage.Activity) report.Figures {
	return report.Figures{Batches: a.Batches, Minted: a.Minted, Printed: a.Printed, Revoked: a.Revoked, Scans: a.Scans,
		Scanners: a.Scanners, Suspicious: a.Suspicious, NotGenuine: a.NotGenuine, Unknown: a.Unknown,
		Suspected: a.Suspected(), RevokedScan: a.RevokedScan, CertInvalid: a.CertInvalid,
		Forged: a.NotGenuine + a.Unknown, ConsumerReports: a.ConsumerReports}
}

func buildReport(t *testing.T, s storage.Store, month, district string) *report.Report {
	t.Helper()
	q, err := report.ParseQuery(month, district, storagetest.ReportFixtureNow)
	must(t, err)
	r, err := report.Build(context.Background(), s, q)
	must(t, err)
	return r
}

func sameFigures(t *testing.T, what string, got, want report.Figures) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testProvinceReport(t *testing.T, s storage.Store) {
	r := buildReport(t, s, "2026-11", "")
	if r.InProgress || r.AsOf != stamp.NewDate(2026, 11, 30) || !r.From.Equal(storagetest.ICT(2026, 11, 1, 0, 0, 0, 0)) {
		t.Errorf("report period %s–%s as of %s, in progress %v", r.From, r.To, r.AsOf, r.InProgress)
	}
	sameFigures(t, "total", r.Total.This, figures(storagetest.NovTotal))
	sameFigures(t, "total, October", r.Total.Prev, figures(storagetest.OctTotal))
	if r.Total.Facilities != 4 || r.Total.Products != 6 || r.Total.PointsOfSale != 3 {
		t.Errorf("total counts %+v", r.Total)
	}
	if r.Unattributed == nil || r.Unattributed.This != figures(storagetest.NovUnattributed) {
		t.Errorf("unattributed %+v, want %+v", r.Unattributed, figures(storagetest.NovUnattributed))
	}

	if len(r.Districts) != len(stamp.Districts) {
		t.Fatalf("%d district rows, want %d", len(r.Districts), len(stamp.Districts))
	}
	hk := storagetest.NovDistricts[storagetest.RepHuongKhe]
	wantDistricts := map[string]struct {
		fac, prod, pos int
		this, prev     storage.Activity
	}{
		storagetest.RepHuongKhe: {2, 4, 2, hk, storagetest.OctTotal},
		storagetest.RepCanLoc:   {1, 1, 1, storagetest.NovDistricts[storagetest.RepCanLoc], storage.Activity{}},
		storagetest.RepThachHa:  {1, 1, 0, storage.Activity{}, storage.Activity{}},
	}
	for i, d := range r.Districts {
		if d.District != stamp.Districts[i] {
			t.Errorf("district row %d is %q, want %q", i, d.District, stamp.Districts[i])
		}
		w := wantDistricts[d.District]
		if d.Facilities != w.fac || d.Products != w.prod || d.PointsOfSale != w.pos {
			t.Errorf("%s: %d producers, %d products, %d points of sale; want %d, %d, %d",
				d.District, d.Facilities, d.Products, d.PointsOfSale, w.fac, w.prod, w.pos)
		}
		sameFigures(t, d.District, d.This, figures(w.this))
		sameFigures(t, d.District+", October", d.Prev, figures(w.prev))
	}

	var codes []string
	for _, p := range r.Producers {
		codes = append(codes, p.Code)
		sameFigures(t, p.Code, p.This, figures(storagetest.NovFacilities[p.Code]))
	}
	if fmt.Sprint(codes) != "[HT-CS-0003 HT-CS-0001 HT-CS-0002 HT-CS-0004]" {
		t.Errorf("producers in order %v, want Can Lộc, Hương Khê, Thạch Hà", codes)
	}
	if r.Producers[1].Products != 2 || r.Producers[2].District != storagetest.RepHuongKhe {
		t.Errorf("producer rows %+v", r.Producers)
	}

	var numbers []uint32
	for _, p := range r.Products {
		numbers = append(numbers, p.Number)
		sameFigures(t, fmt.Sprint("product ", p.Number), p.This, figures(storagetest.NovProducts[p.Number]))
		sameFigures(t, fmt.Sprint("product ", p.Number, ", October"), p.Prev, figures(storagetest.OctProducts[p.Number]))
	}
	if fmt.Sprint(numbers) != "[3001 1001 1002 2001 2002 4001]" {
		t.Errorf("products in order %v", numbers)
	}
	states := map[uint32][2]string{}
	for _, p := range r.Products {
		states[p.Number] = [2]string{p.Rank, p.CertState}
	}
	wantStates := map[uint32][2]string{1001: {"4 sao", "valid"}, 1002: {"3 sao", "expired"}, 2001: {"4 sao", "valid"},
		2002: {"3 sao", "suspended"}, 3001: {"tham gia", "valid"}, 4001: {"", "none"}}
	if !reflect.DeepEqual(states, wantStates) {
		t.Errorf("product ranks %v, want %v", states, wantStates)
	}

	wantRanks := map[string]report.RankRow{
		"Thực phẩm": {Group: "Thực phẩm", Star4: 2, NotInForce: 1, Total: 3},
		"Thảo dược": {Group: "Thảo dược", NotInForce: 1, Total: 1},
		"Đồ uống":   {Group: "Đồ uống", Participating: 1, Total: 1},
		"Lưu niệm - nội thất - trang trí": {Group: "Lưu niệm - nội thất - trang trí", None: 1, Total: 1},
	}
	if len(r.Ranks) != len(stamp.ProductGroups) {
		t.Errorf("%d rank rows, want one per group", len(r.Ranks))
	}
	for _, g := range r.Ranks {
		w, ok := wantRanks[g.Group]
		if !ok {
			w = report.RankRow{Group: g.Group}
		}
		if g != w {
			t.Errorf("rank row %+v, want %+v", g, w)
		}
	}
	if want := (report.RankRow{Participating: 1, Star4: 2, NotInForce: 2, None: 1, Total: 6}); r.RankTotal != want {
		t.Errorf("rank total %+v, want %+v", r.RankTotal, want)
	}

	var certs []string
	for _, c := range r.Expiring {
		certs = append(certs, fmt.Sprintf("%d %s %s %d %s", c.ProductNumber, c.State, c.ExpiresOn, c.DaysLeft, c.Status))
	}
	wantCerts := "[1002 expired 2026-10-31 -30 valid 1001 expiring 2027-01-15 46 valid 2002 expiring 2027-02-28 90 suspended]"
	if fmt.Sprint(certs) != wantCerts {
		t.Errorf("certifications %v\nwant %s", certs, wantCerts)
	}

	pos := map[string]int{}
	for _, p := range r.PointsOfSale {
		pos[p.District] = p.Count
	}
	if pos[storagetest.RepHuongKhe] != 2 || pos[storagetest.RepCanLoc] != 1 || len(r.PointsOfSale) != len(stamp.Districts) {
		t.Errorf("points of sale %+v", r.PointsOfSale)
	}
	if len(r.DistrictsWithoutPOS) != len(stamp.Districts)-2 {
		t.Errorf("districts without a point of sale: %v", r.DistrictsWithoutPOS)
	}
	for _, d := range r.DistrictsWithoutPOS {
		if d == storagetest.RepHuongKhe || d == storagetest.RepCanLoc {
			t.Errorf("%s listed without a point of sale", d)
		}
	}
	if hk := r.PointsOfSale[8]; hk.District != storagetest.RepHuongKhe || fmt.Sprint(hk.Names) != "[Cửa hàng OCOP chợ Gia Phố (mẫu) Điểm OCOP Hương Khê (mẫu)]" {
		t.Errorf("Hương Khê's points of sale %+v", hk)
	}
}

func testDistrictReport(t *testing.T, s storage.Store) {
	r := buildReport(t, s, "2026-11", "huyện hương khê")
	if r.District != storagetest.RepHuongKhe || len(r.Districts) != 1 || r.Unattributed != nil {
		t.Fatalf("district report for %q: %d district rows, unattributed %v", r.District, len(r.Districts), r.Unattributed)
	}
	sameFigures(t, "Hương Khê total", r.Total.This, r.Districts[0].This)
	if r.Total.This.Scans != 9 || r.Total.Prev.Scans != 2 || r.Total.Facilities != 2 || r.Total.Products != 4 || r.Total.PointsOfSale != 2 {
		t.Errorf("Hương Khê total %+v", r.Total)
	}
	if len(r.Producers) != 2 || len(r.Products) != 4 || len(r.Expiring) != 3 || len(r.DistrictsWithoutPOS) != 0 {
		t.Errorf("Hương Khê: %d producers, %d products, %d certifications, without POS %v",
			len(r.Producers), len(r.Products), len(r.Expiring), r.DistrictsWithoutPOS)
	}
	if r.RankTotal.Total != 4 {
		t.Errorf("Hương Khê rank total %+v", r.RankTotal)
	}
	r = buildReport(t, s, "2026-11", storagetest.RepThachHa)
	if len(r.DistrictsWithoutPOS) != 1 || r.Total.This != (report.Figures{}) || r.Total.Products != 1 {
		t.Errorf("Thạch Hà report %+v", r.Total)
	}
}

func testEmptyMonthReport(t *testing.T, s storage.Store) {
	r := buildReport(t, s, "2026-06", "")
	if r.Total.This != (report.Figures{}) || r.Total.Prev != (report.Figures{}) || *r.Unattributed != (report.Change{}) {
		t.Errorf("June totals %+v", r.Total)
	}
	for _, d := range r.Districts {
		if d.This != (report.Figures{}) {
			t.Errorf("June %s %+v", d.District, d.This)
		}
	}
	// On 30 June 1002's certification (to 31 Oct) is beyond 90 days, and
	// 2001's renewal of January is in force.
	if len(r.Expiring) != 0 {
		t.Errorf("June certifications %+v, want none", r.Expiring)
	}
	if r.Total.Products != 6 || r.RankTotal.Star4 != 2 || r.RankTotal.Star3 != 1 {
		t.Errorf("June ranks %+v", r.RankTotal)
	}
}

func testLaterDecision(t *testing.T, s storage.Store) {
	r := buildReport(t, s, "2026-12", "")
	if !r.InProgress {
		t.Errorf("December report made on 15 December is not in progress")
	}
	for _, p := range r.Products {
		if p.Number == 3001 && p.Rank != "5 sao" {
			t.Errorf("3001 in December: rank %q, want the decision of 10 December", p.Rank)
		}
	}
	if r.Total.This.Minted != 20 || r.Total.This.Printed != 20 || r.Total.This.Scans != 1 || r.Total.This.ConsumerReports != 1 ||
		r.Total.Prev != figures(storagetest.NovTotal) {
		t.Errorf("December totals %+v", r.Total)
	}
}

// testCommuneReport checks the rows by commune or ward: every commune of
// the list in scope (in the former districts' order), the unplaced
// facilities' row, and the roll-up by former district beside them.
func testCommuneReport(t *testing.T, s storage.Store) {
	r := buildReport(t, s, "2026-11", "")
	type row struct {
		code, name, district      string
		facilities, products, pos int
		scans                     int64
	}
	var got []row
	for _, c := range r.Communes {
		got = append(got, row{c.Code, c.Name, c.FormerDistrict, c.Facilities, c.Products, c.PointsOfSale, c.This.Scans})
	}
	// stamp.Districts order: Thành phố Hà Tĩnh, ..., Can Lộc, Hương Khê, ...
	want := []row{
		{"98003", "phường Thành Sen (mẫu)", "Thành phố Hà Tĩnh", 0, 0, 0, 0},
		{"98002", "xã Thạch Kim (mẫu)", storagetest.RepCanLoc, 1, 1, 0, 1},
		{"98001", "xã Hương Trà (mẫu)", storagetest.RepHuongKhe, 2, 4, 1, 9},
		{"", "Chưa gắn xã, phường (no commune code yet)", "", 1, 1, 2, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commune rows:\n got %+v\nwant %+v", got, want)
	}
	// The facility placed by its code only took the commune's former
	// district: the roll-up by former district still counts it.
	for _, d := range r.Districts {
		if d.District == storagetest.RepCanLoc && (d.Facilities != 1 || d.This.Scans != 1) {
			t.Errorf("Can Lộc roll-up %+v", d)
		}
	}
	r = buildReport(t, s, "2026-11", storagetest.RepHuongKhe)
	// The second Hương Khê point of sale has no commune code yet.
	if len(r.Communes) != 2 || r.Communes[0].Code != "98001" || r.Communes[0].PointsOfSale != 1 || r.Communes[1].PointsOfSale != 1 {
		t.Errorf("Hương Khê report communes %+v", r.Communes)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
