package storagetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// RunReports checks the monthly report queries against the report fixture (LoadReportFixture) on one store from
// open, whose clock must be now (open sets sqlstore.Store.Now).
func RunReports(t *testing.T, open func(t *testing.T, now func() time.Time) storage.Store) {
	clock := &Clock{}
	s := open(t, clock.Now)
	LoadReportFixture(t, s, clock)
	t.Run("Activity", func(t *testing.T) { testReportActivity(t, s) })
	t.Run("Registry", func(t *testing.T) { testReportRegistry(t, s) })
}

// The fixture's figures (report/build_test.go checks the reports built
// from them). Scanners do not add up: A scanned 1001 and 2001.
var (
	NovProducts = map[uint32]storage.Activity{
		1001: {Batches: 1, Minted: 50, Printed: 155, Revoked: 4, Scans: 6, Scanners: 4, Suspicious: 2, RevokedScan: 1},
		1002: {Scans: 1, Scanners: 1, CertInvalid: 1},
		2001: {Batches: 1, Minted: 30, Printed: 30, Revoked: 30, Scans: 2, Scanners: 2, NotGenuine: 1, ConsumerReports: 1},
		3001: {Scans: 1, Scanners: 1, Unknown: 1, ConsumerReports: 1},
	}
	NovFacilities = map[string]storage.Activity{
		"HT-CS-0001": {Batches: 1, Minted: 50, Printed: 155, Revoked: 4, Scans: 7, Scanners: 5, Suspicious: 2, RevokedScan: 1, CertInvalid: 1},
		"HT-CS-0002": {Batches: 1, Minted: 30, Printed: 30, Revoked: 30, Scans: 2, Scanners: 2, NotGenuine: 1, ConsumerReports: 1},
		"HT-CS-0003": {Scans: 1, Scanners: 1, Unknown: 1, ConsumerReports: 1},
	}
	// HT-CS-0002 stores its district as "huyện Hương Khê": it counts in
	// Hương Khê, and A (in both producers) once.
	NovDistricts = map[string]storage.Activity{
		RepHuongKhe: {Batches: 2, Minted: 80, Printed: 185, Revoked: 34, Scans: 9, Scanners: 6,
			Suspicious: 2, NotGenuine: 1, RevokedScan: 1, CertInvalid: 1, ConsumerReports: 1},
		RepCanLoc: {Scans: 1, Scanners: 1, Unknown: 1, ConsumerReports: 1},
	}
	// Communes: 98001 holds both Hương Khê producers, 98002 the Can Lộc one.
	NovCommunes = map[string]storage.Activity{
		"98001": NovDistricts[RepHuongKhe],
		"98002": NovDistricts[RepCanLoc],
	}
	NovUnattributed = storage.Activity{Scans: 2, Scanners: 1, Unknown: 2, ConsumerReports: 1}
	NovTotal        = storage.Activity{Batches: 2, Minted: 80, Printed: 185, Revoked: 34, Scans: 12, Scanners: 8,
		Suspicious: 2, NotGenuine: 1, Unknown: 3, RevokedScan: 1, CertInvalid: 1, ConsumerReports: 3}

	OctProducts = map[uint32]storage.Activity{
		1001: {Batches: 1, Minted: 100, Scans: 1, Scanners: 1},
		1002: {Batches: 1, Minted: 10, Printed: 10, Revoked: 1, Scans: 1, Scanners: 1, Suspicious: 1},
	}
	OctTotal = storage.Activity{Batches: 2, Minted: 110, Printed: 10, Revoked: 1, Scans: 2, Scanners: 2, Suspicious: 1}
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
	sameActivity(t, "November products", a.Products, NovProducts)
	sameActivity(t, "November facilities", a.Facilities, NovFacilities)
	sameActivity(t, "November districts", a.Districts, NovDistricts)
	sameActivity(t, "November communes", a.Communes, NovCommunes)
	if a.Unattributed != NovUnattributed {
		t.Errorf("November unattributed %+v, want %+v", a.Unattributed, NovUnattributed)
	}
	if a.Total != NovTotal {
		t.Errorf("November total %+v, want %+v", a.Total, NovTotal)
	}
	if a.Total.Suspected() != 6 || a.Total.Forged() != 4 {
		t.Errorf("November suspected %d, forged %d; want 6, 4", a.Total.Suspected(), a.Total.Forged())
	}

	from, to = month(2026, time.October)
	a, err = s.ReportActivity(ctx, from, to)
	repMust(t, err)
	sameActivity(t, "October products", a.Products, OctProducts)
	if a.Total != OctTotal {
		t.Errorf("October total %+v, want %+v", a.Total, OctTotal)
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
		if p.Number == 2001 && p.District != "huyện "+RepHuongKhe {
			t.Errorf("product 2001 district %q, want as stored", p.District)
		}
	}
}
