package storagetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// RunReports checks the monthly report queries, and the reports built from
// them, against the report fixture (LoadReportFixture) on one store from
// open, whose clock must be now (open sets sqlstore.Store.Now).
func RunReports(t *testing.T, open func(t *testing.T, now func() time.Time) storage.Store) {
	clock := &Clock{}
	s := open(t, clock.Now)
	LoadReportFixture(t, s, clock)
	t.Run("Activity", func(t *testing.T) { testReportActivity(t, s) })
	t.Run("Registry", func(t *testing.T) { testReportRegistry(t, s) })
	t.Run("Province", func(t *testing.T) { testProvinceReport(t, s) })
	t.Run("District", func(t *testing.T) { testDistrictReport(t, s) })
	t.Run("Communes", func(t *testing.T) { testCommuneReport(t, s) })
	t.Run("EmptyMonth", func(t *testing.T) { testEmptyMonthReport(t, s) })
	t.Run("LaterDecision", func(t *testing.T) { testLaterDecision(t, s) })
}

// The fixture's figures. Scanners do not add up: A scanned 1001 and 2001.
var (
	novProducts = map[uint32]storage.Activity{
		1001: {Batches: 1, Minted: 50, Printed: 155, Revoked: 4, Scans: 6, Scanners: 4, Suspicious: 2, RevokedScan: 1},
		1002: {Scans: 1, Scanners: 1, CertInvalid: 1},
		2001: {Batches: 1, Minted: 30, Printed: 30, Revoked: 30, Scans: 2, Scanners: 2, NotGenuine: 1},
		3001: {Scans: 1, Scanners: 1, Unknown: 1},
	}
	novFacilities = map[string]storage.Activity{
		"HT-CS-0001": {Batches: 1, Minted: 50, Printed: 155, Revoked: 4, Scans: 7, Scanners: 5, Suspicious: 2, RevokedScan: 1, CertInvalid: 1},
		"HT-CS-0002": {Batches: 1, Minted: 30, Printed: 30, Revoked: 30, Scans: 2, Scanners: 2, NotGenuine: 1},
		"HT-CS-0003": {Scans: 1, Scanners: 1, Unknown: 1},
	}
	// HT-CS-0002 stores its district as "huyện Hương Khê": it counts in
	// Hương Khê, and A (in both producers) once.
	novDistricts = map[string]storage.Activity{
		repHuongKhe: {Batches: 2, Minted: 80, Printed: 185, Revoked: 34, Scans: 9, Scanners: 6,
			Suspicious: 2, NotGenuine: 1, RevokedScan: 1, CertInvalid: 1},
		repCanLoc: {Scans: 1, Scanners: 1, Unknown: 1},
	}
	// Communes: 98001 holds both Hương Khê producers, 98002 the Can Lộc one.
	novCommunes = map[string]storage.Activity{
		"98001": novDistricts[repHuongKhe],
		"98002": novDistricts[repCanLoc],
	}
	novUnattributed = storage.Activity{Scans: 2, Scanners: 1, Unknown: 2}
	novTotal        = storage.Activity{Batches: 2, Minted: 80, Printed: 185, Revoked: 34, Scans: 12, Scanners: 8,
		Suspicious: 2, NotGenuine: 1, Unknown: 3, RevokedScan: 1, CertInvalid: 1}

	octProducts = map[uint32]storage.Activity{
		1001: {Batches: 1, Minted: 100, Scans: 1, Scanners: 1},
		1002: {Batches: 1, Minted: 10, Printed: 10, Revoked: 1, Scans: 1, Scanners: 1, Suspicious: 1},
	}
	octTotal = storage.Activity{Batches: 2, Minted: 110, Printed: 10, Revoked: 1, Scans: 2, Scanners: 2, Suspicious: 1}
)

func month(y int, m time.Month) (time.Time, time.Time) {
	from := ICT(y, m, 1, 0, 0, 0, 0)
	return from, from.AddDate(0, 1, 0)
}

func sameActivity[K comparable](t *testing.T, what string, got, want map[K]storage.Activity) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testReportActivity(t *testing.T, s storage.Store) {
	ctx := context.Background()
	from, to := month(2026, time.November)
	a, err := s.ReportActivity(ctx, from, to)
	repMust(t, err)
	sameActivity(t, "November products", a.Products, novProducts)
	sameActivity(t, "November facilities", a.Facilities, novFacilities)
	sameActivity(t, "November districts", a.Districts, novDistricts)
	sameActivity(t, "November communes", a.Communes, novCommunes)
	if a.Unattributed != novUnattributed {
		t.Errorf("November unattributed %+v, want %+v", a.Unattributed, novUnattributed)
	}
	if a.Total != novTotal {
		t.Errorf("November total %+v, want %+v", a.Total, novTotal)
	}
	if a.Total.Suspected() != 6 {
		t.Errorf("November suspected %d, want 6", a.Total.Suspected())
	}

	from, to = month(2026, time.October)
	a, err = s.ReportActivity(ctx, from, to)
	repMust(t, err)
	sameActivity(t, "October products", a.Products, octProducts)
	if a.Total != octTotal {
		t.Errorf("October total %+v, want %+v", a.Total, octTotal)
	}
	if a.Unattributed != (storage.Activity{}) {
		t.Errorf("October unattributed %+v, want zeros", a.Unattributed)
	}

	from, to = month(2026, time.June)
	a, err = s.ReportActivity(ctx, from, to)
	repMust(t, err)
	if len(a.Products)+len(a.Facilities)+len(a.Districts) != 0 || a.Total != (storage.Activity{}) {
		t.Errorf("June activity %+v, want none", a)
	}
}

func testReportRegistry(t *testing.T, s storage.Store) {
	reg, err := s.ReportRegistry(context.Background(), stamp.NewDate(2026, 11, 30))
	repMust(t, err)
	if len(reg.Facilities) != 4 || len(reg.PointsOfSale) != 3 {
		t.Fatalf("registry has %d facilities, %d points of sale; want 4, 3", len(reg.Facilities), len(reg.PointsOfSale))
	}
	want := map[uint32]string{ // product → current decision on 30 Nov
		1001: "QĐ 12/2024 (mẫu)", 1002: "QĐ 88/2023 (mẫu)", 2001: "QĐ 3/2026 (mẫu)", 2002: "QĐ 40/2025 (mẫu)",
		3001: "QĐ 70/2025 (mẫu)", 4001: "",
	}
	if len(reg.Products) != len(want) {
		t.Fatalf("registry has %d products, want %d", len(reg.Products), len(want))
	}
	for _, p := range reg.Products {
		got := ""
		if p.Certification != nil {
			got = p.Certification.DecisionNumber
		}
		if got != want[p.Number] {
			t.Errorf("product %d: current certification %q on 30 Nov, want %q", p.Number, got, want[p.Number])
		}
		if p.Number == 2001 && p.District != "huyện "+repHuongKhe {
			t.Errorf("product 2001 district %q, want as stored", p.District)
		}
	}
}

// figures converts an Activity as the report shows it.
func figures(a storage.Activity) report.Figures {
	return report.Figures{Batches: a.Batches, Minted: a.Minted, Printed: a.Printed, Revoked: a.Revoked, Scans: a.Scans,
		Scanners: a.Scanners, Suspicious: a.Suspicious, NotGenuine: a.NotGenuine, Unknown: a.Unknown,
		Suspected: a.Suspected(), RevokedScan: a.RevokedScan, CertInvalid: a.CertInvalid}
}

func buildReport(t *testing.T, s storage.Store, month, district string) *report.Report {
	t.Helper()
	q, err := report.ParseQuery(month, district, ReportFixtureNow)
	repMust(t, err)
	r, err := report.Build(context.Background(), s, q)
	repMust(t, err)
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
	if r.InProgress || r.AsOf != stamp.NewDate(2026, 11, 30) || !r.From.Equal(ICT(2026, 11, 1, 0, 0, 0, 0)) {
		t.Errorf("report period %s–%s as of %s, in progress %v", r.From, r.To, r.AsOf, r.InProgress)
	}
	sameFigures(t, "total", r.Total.This, figures(novTotal))
	sameFigures(t, "total, October", r.Total.Prev, figures(octTotal))
	if r.Total.Facilities != 4 || r.Total.Products != 6 || r.Total.PointsOfSale != 3 {
		t.Errorf("total counts %+v", r.Total)
	}
	if r.Unattributed == nil || r.Unattributed.This != figures(novUnattributed) {
		t.Errorf("unattributed %+v, want %+v", r.Unattributed, figures(novUnattributed))
	}

	if len(r.Districts) != len(stamp.Districts) {
		t.Fatalf("%d district rows, want %d", len(r.Districts), len(stamp.Districts))
	}
	hk := novDistricts[repHuongKhe]
	wantDistricts := map[string]struct {
		fac, prod, pos int
		this, prev     storage.Activity
	}{
		repHuongKhe: {2, 4, 2, hk, octTotal},
		repCanLoc:   {1, 1, 1, novDistricts[repCanLoc], storage.Activity{}},
		repThachHa:  {1, 1, 0, storage.Activity{}, storage.Activity{}},
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
		sameFigures(t, p.Code, p.This, figures(novFacilities[p.Code]))
	}
	if fmt.Sprint(codes) != "[HT-CS-0003 HT-CS-0001 HT-CS-0002 HT-CS-0004]" {
		t.Errorf("producers in order %v, want Can Lộc, Hương Khê, Thạch Hà", codes)
	}
	if r.Producers[1].Products != 2 || r.Producers[2].District != repHuongKhe {
		t.Errorf("producer rows %+v", r.Producers)
	}

	var numbers []uint32
	for _, p := range r.Products {
		numbers = append(numbers, p.Number)
		sameFigures(t, fmt.Sprint("product ", p.Number), p.This, figures(novProducts[p.Number]))
		sameFigures(t, fmt.Sprint("product ", p.Number, ", October"), p.Prev, figures(octProducts[p.Number]))
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
	if pos[repHuongKhe] != 2 || pos[repCanLoc] != 1 || len(r.PointsOfSale) != len(stamp.Districts) {
		t.Errorf("points of sale %+v", r.PointsOfSale)
	}
	if len(r.DistrictsWithoutPOS) != len(stamp.Districts)-2 {
		t.Errorf("districts without a point of sale: %v", r.DistrictsWithoutPOS)
	}
	for _, d := range r.DistrictsWithoutPOS {
		if d == repHuongKhe || d == repCanLoc {
			t.Errorf("%s listed without a point of sale", d)
		}
	}
	if hk := r.PointsOfSale[8]; hk.District != repHuongKhe || fmt.Sprint(hk.Names) != "[Cửa hàng OCOP chợ Gia Phố (mẫu) Điểm OCOP Hương Khê (mẫu)]" {
		t.Errorf("Hương Khê's points of sale %+v", hk)
	}
}

func testDistrictReport(t *testing.T, s storage.Store) {
	r := buildReport(t, s, "2026-11", "huyện hương khê")
	if r.District != repHuongKhe || len(r.Districts) != 1 || r.Unattributed != nil {
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
	r = buildReport(t, s, "2026-11", repThachHa)
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
	if r.Total.This.Minted != 20 || r.Total.This.Printed != 20 || r.Total.This.Scans != 1 || r.Total.Prev != figures(novTotal) {
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
		{"98002", "xã Thạch Kim (mẫu)", repCanLoc, 1, 1, 0, 1},
		{"98001", "xã Hương Trà (mẫu)", repHuongKhe, 2, 4, 1, 9},
		{"", "Chưa gắn xã, phường (no commune code yet)", "", 1, 1, 2, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commune rows:\n got %+v\nwant %+v", got, want)
	}
	// The facility placed by its code only took the commune's former
	// district: the roll-up by former district still counts it.
	for _, d := range r.Districts {
		if d.District == repCanLoc && (d.Facilities != 1 || d.This.Scans != 1) {
			t.Errorf("Can Lộc roll-up %+v", d)
		}
	}
	r = buildReport(t, s, "2026-11", repHuongKhe)
	// The second Hương Khê point of sale has no commune code yet.
	if len(r.Communes) != 2 || r.Communes[0].Code != "98001" || r.Communes[0].PointsOfSale != 1 || r.Communes[1].PointsOfSale != 1 {
		t.Errorf("Hương Khê report communes %+v", r.Communes)
	}
}
