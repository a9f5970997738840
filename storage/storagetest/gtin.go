package storagetest

import (
	"context"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// testProductGTIN: a GTIN is stored in its 14-digit form whatever form it
// was written in, names one product (create, update and import refuse a
// second one, also in another form), and a wrong check digit is refused
// naming the right one.
func testProductGTIN(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0001", "Hương Khê")))
	gtinOf := func(n uint32) string {
		t.Helper()
		p, err := s.Product(ctx, n)
		must(t, err)
		return p.GTIN
	}
	for n, in := range map[uint32]string{1: "96385074", 2: "036000291452", 3: "8934588012228", 4: "18934588012225", 5: ""} {
		p := sampleProduct(n, "HT-CS-0001")
		p.GTIN = in
		must(t, s.CreateProduct(ctx, actor, p))
	}
	for n, want := range map[uint32]string{1: "00000096385074", 2: "00036000291452", 3: "08934588012228", 4: "18934588012225", 5: ""} {
		if got := gtinOf(n); got != want {
			t.Errorf("product %d: GTIN %q stored, want %q", n, got, want)
		}
	}

	// Found by any form of its GTIN.
	for in, want := range map[string]uint32{"96385074": 1, "00000096385074": 1, "8934588012228": 3, "18934588012225": 4} {
		p, err := s.ProductByGTIN(ctx, in)
		if err != nil || p.Number != want {
			t.Errorf("ProductByGTIN(%s) = %+v, %v; want product %d", in, p, err, want)
		}
	}
	_, err := s.ProductByGTIN(ctx, "4006381333931")
	wantCode(t, err, stamp.ENotFound, "04006381333931")
	_, err = s.ProductByGTIN(ctx, "4006381333932")
	wantCode(t, err, stamp.EInvalid, "ends in 1")
	_, err = s.ProductByGTIN(ctx, "")
	wantCode(t, err, stamp.EInvalid, "0 digits")

	// The same GTIN in another form is the same GTIN.
	dup := sampleProduct(6, "HT-CS-0001")
	dup.GTIN = "08934588012228"
	wantCode(t, s.CreateProduct(ctx, actor, dup), stamp.EConflict, "GTIN 08934588012228", "product 3")
	dup.GTIN = "0036000291452"
	wantCode(t, s.CreateProduct(ctx, actor, dup), stamp.EConflict, "product 2")
	// Products without a GTIN do not collide.
	dup.GTIN = ""
	must(t, s.CreateProduct(ctx, actor, dup))

	// Update: taking another product's GTIN is a conflict; keeping one's own
	// (in a shorter form) is not.
	p5 := sampleProduct(5, "HT-CS-0001")
	p5.GTIN = "96385074"
	wantCode(t, s.UpdateProduct(ctx, actor, p5), stamp.EConflict, "GTIN 00000096385074", "product 1")
	p3 := sampleProduct(3, "HT-CS-0001")
	p3.GTIN = "8934588012228"
	must(t, s.UpdateProduct(ctx, actor, p3))
	if got := gtinOf(3); got != "08934588012228" {
		t.Errorf("product 3 after update: GTIN %q", got)
	}
	p3.GTIN = "8934588012227"
	wantCode(t, s.UpdateProduct(ctx, actor, p3), stamp.EInvalid, "product 3", "ends in 8")

	// Import: a GTIN already stored, or repeated within the import, is a
	// conflict naming the row; nothing of the import stays.
	a, b := sampleProduct(10, "HT-CS-0001"), sampleProduct(11, "HT-CS-0001")
	b.GTIN = "00036000291452"
	wantCode(t, s.ImportProducts(ctx, actor, []stamp.Product{a, b}), stamp.EConflict, "row 2", "product 2")
	b.GTIN = a.GTIN[1:]
	wantCode(t, s.ImportProducts(ctx, actor, []stamp.Product{a, b}), stamp.EConflict, "row 2", "product 10")
	b.GTIN = "4006381333932"
	wantCode(t, s.ImportProducts(ctx, actor, []stamp.Product{a, b}), stamp.EInvalid, "row 2", "ends in 1")
	if _, err := s.Product(ctx, 10); stamp.ErrorCode(err) != stamp.ENotFound {
		t.Fatalf("a failed import left product 10: %v", err)
	}
	b.GTIN = "4006381333931"
	must(t, s.ImportProducts(ctx, actor, []stamp.Product{a, b}))
	if got := gtinOf(11); got != "04006381333931" {
		t.Errorf("imported product 11: GTIN %q", got)
	}
}
