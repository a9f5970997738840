package server

import (
	"context"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestPointsOfSaleOwnCommuneFirst: the consumer page lists the points of
// sale in the product's commune or ward first, then the rest of the
// province, and writes a placed address without the abolished district.
func TestPointsOfSaleOwnCommuneFirst(t *testing.T) {
	st := storagetest.OpenSQLite(t)
	f := newFixture(t, st, nil)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.ImportCommunes(ctx, "test", []stamp.Commune{
		{Code: "99003", Name: "Hương Trà (mẫu)", Kind: stamp.CommuneKindCommune, FormerDistrict: "Hương Khê"},
		{Code: "99009", Name: "Thành Sen (mẫu)", Kind: stamp.CommuneKindWard, FormerDistrict: "Thành phố Hà Tĩnh"},
	}))
	fac, err := st.Facility(ctx, "HT-CS-003")
	must(err)
	fac.CommuneCode, fac.Commune = "99003", ""
	must(st.UpdateFacility(ctx, "test", *fac))
	for _, p := range []stamp.PointOfSale{
		{Name: "Điểm A thành phố (mẫu)", CommuneCode: "99009"},
		{Name: "Điểm Z cùng xã (mẫu)", CommuneCode: "99003", Address: "thôn 1"},
	} {
		_, err := st.CreatePointOfSale(ctx, "test", p)
		must(err)
	}
	_, body := f.do(t, "GET", codePath(f.genuine.Code()))
	z, hk, tp := strings.Index(body, "Điểm Z cùng xã"), strings.Index(body, "Điểm bán OCOP Hương Khê"), strings.Index(body, "Điểm A thành phố")
	if z < 0 || hk < 0 || tp < 0 || !(z < hk && hk < tp) {
		t.Fatalf("points of sale order: own commune %d, former district %d, rest %d", z, hk, tp)
	}
	if !strings.Contains(body, "thôn Khe Mây, xã Hương Trà (mẫu)<") || strings.Contains(body, "thôn Khe Mây, xã Hương Trà (mẫu), huyện") {
		t.Errorf("placed producer address should name the commune without a district")
	}
}
