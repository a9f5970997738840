package storagetest

import (
	"context"
	"strconv"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// testNFC writes decomposed (NFD) Vietnamese and reads composed (NFC) back.
func testNFC(t *testing.T, s storage.Store) {
	ctx := context.Background()
	nfd := norm.NFD.String
	f := sampleFacility("HT-CS-HUONG", nfd("Hương Khê")) // codes are plain ASCII
	f.Name = nfd("Hợp tác xã Nước mắm Lộc Hà (mẫu)")
	if f.Name == norm.NFC.String(f.Name) {
		t.Fatal("test text is not decomposed")
	}
	must(t, s.CreateFacility(ctx, nfd(actor), f))
	got, err := s.Facility(ctx, "HT-CS-HUONG")
	must(t, err)
	if got.Name != "Hợp tác xã Nước mắm Lộc Hà (mẫu)" || got.District != "Hương Khê" || !norm.NFC.IsNormalString(got.Representative) {
		t.Fatalf("stored facility is not NFC: %+v", got)
	}
	// A code with accents, composed or not, is refused (issue 11: codes in
	// plain ASCII).
	bad := sampleFacility(nfd("HT-CS-Hương"), "Hương Khê")
	if err := s.CreateFacility(ctx, actor, bad); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Fatalf("a facility code with accents: %v", err)
	}
	p := sampleProduct(1, got.Code)
	p.Name, p.Description = nfd("Nhung hươu Hương Sơn"), nfd("Sản phẩm mẫu")
	must(t, s.CreateProduct(ctx, actor, p))
	gp, err := s.Product(ctx, 1)
	must(t, err)
	if gp.Name != "Nhung hươu Hương Sơn" || gp.Description != "Sản phẩm mẫu" {
		t.Fatalf("stored product is not NFC: %+v", gp)
	}
	c := sampleCert(1, nfd("QĐ số 1"), stamp.NewDate(2024, 1, 1))
	c.ProcessConfirmed = nfd("UBND huyện xác nhận")
	id, err := s.AddCertification(ctx, actor, c)
	must(t, err)
	gc, err := s.Certification(ctx, id)
	must(t, err)
	if gc.DecisionNumber != "QĐ số 1" || gc.ProcessConfirmed != "UBND huyện xác nhận" {
		t.Fatalf("stored certification is not NFC: %+v", gc)
	}
	_, err = s.CreatePointOfSale(ctx, actor, stamp.PointOfSale{Name: nfd("Điểm bán"), District: nfd("Đức Thọ")})
	must(t, err)
	ps, err := s.PointsOfSale(ctx, "Đức Thọ")
	must(t, err)
	if len(ps) != 1 || ps[0].Name != "Điểm bán" {
		t.Fatalf("points of sale in Đức Thọ: %+v", ps)
	}
	if ps, _ := s.PointsOfSale(ctx, nfd("Đức Thọ")); len(ps) != 1 {
		t.Fatalf("decomposed district filter found %d", len(ps))
	}
	es, err := s.AuditLog(ctx, got.CreatedAt, 1)
	must(t, err)
	if len(es) != 1 || es[0].Actor != actor || !norm.NFC.IsNormalString(es[0].After) {
		t.Fatalf("audit entry is not NFC: %+v", es)
	}
}
