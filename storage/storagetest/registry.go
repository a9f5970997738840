package storagetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// auditFor returns the audit entries with action and subject.
func auditFor(t *testing.T, s storage.Store, action, subject string) []stamp.AuditEntry {
	t.Helper()
	all, err := s.AuditLog(context.Background(), time.Time{}, 0)
	must(t, err)
	var out []stamp.AuditEntry
	for _, e := range all {
		if e.Action == action && e.Subject == subject {
			out = append(out, e)
		}
	}
	return out
}

// wantAudit fails unless exactly one entry with action and subject exists,
// by actor, and returns it.
func wantAudit(t *testing.T, s storage.Store, action, subject string) stamp.AuditEntry {
	t.Helper()
	es := auditFor(t, s, action, subject)
	if len(es) != 1 {
		t.Fatalf("audit %s %s: %d entries, want 1", action, subject, len(es))
	}
	e := es[0]
	if e.Actor != actor || e.At.IsZero() || e.ID == 0 {
		t.Fatalf("audit entry %+v: want actor %q, a time and an id", e, actor)
	}
	return e
}

func testFacilities(t *testing.T, s storage.Store) {
	ctx := context.Background()
	f := sampleFacility("HT-CS-0001", "Hương Khê")
	must(t, s.CreateFacility(ctx, actor, f))
	got, err := s.Facility(ctx, f.Code)
	must(t, err)
	if got.CreatedAt.IsZero() || !got.UpdatedAt.Equal(got.CreatedAt) {
		t.Fatalf("created facility times %v %v", got.CreatedAt, got.UpdatedAt)
	}
	f.CreatedAt, f.UpdatedAt = got.CreatedAt, got.UpdatedAt
	if *got != f {
		t.Fatalf("Facility = %+v, want %+v", *got, f)
	}
	wantCode(t, s.CreateFacility(ctx, actor, f), stamp.EConflict, f.Code)
	wantCode(t, s.CreateFacility(ctx, actor, stamp.Facility{Code: "X"}), stamp.EInvalid)
	wantCode(t, s.CreateFacility(ctx, "", sampleFacility("HT-CS-0009", "Lộc Hà")), stamp.EInvalid, "actor")
	_, err = s.Facility(ctx, "HT-CS-9999")
	wantCode(t, err, stamp.ENotFound, "HT-CS-9999")

	f.Name, f.Phone = "HTX Mật ong Hương Khê (đổi tên, mẫu)", "0912 000 000"
	must(t, s.UpdateFacility(ctx, actor, f))
	got, err = s.Facility(ctx, f.Code)
	must(t, err)
	if got.Name != f.Name || got.Phone != f.Phone || !got.CreatedAt.Equal(f.CreatedAt) || got.UpdatedAt.Before(f.UpdatedAt) {
		t.Fatalf("updated facility %+v", got)
	}
	wantCode(t, s.UpdateFacility(ctx, actor, sampleFacility("HT-CS-0404", "Lộc Hà")), stamp.ENotFound, "HT-CS-0404")
	wantCode(t, s.UpdateFacility(ctx, actor, stamp.Facility{Code: f.Code}), stamp.EInvalid)

	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0000", "Lộc Hà")))
	all, err := s.Facilities(ctx)
	must(t, err)
	if len(all) != 2 || all[0].Code != "HT-CS-0000" || all[1].Code != "HT-CS-0001" {
		t.Fatalf("Facilities = %+v, want 2 by code", all)
	}

	e := wantAudit(t, s, "facility.create", "facility:HT-CS-0001")
	if e.Before != "" || !jsonHas(t, e.After, "Name", "HTX Mật ong Hương Khê (dữ liệu mẫu) HT-CS-0001") {
		t.Fatalf("create audit %+v", e)
	}
	e = wantAudit(t, s, "facility.update", "facility:HT-CS-0001")
	if !jsonHas(t, e.Before, "Phone", "0239 000 000") || !jsonHas(t, e.After, "Phone", "0912 000 000") {
		t.Fatalf("update audit %+v", e)
	}
}

// jsonHas reports whether the JSON object doc has key with value want.
func jsonHas(t *testing.T, doc, key string, want any) bool {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("audit JSON %q: %v", doc, err)
	}
	got, ok := m[key]
	if n, isNum := want.(int); isNum {
		want = float64(n)
	}
	return ok && got == want
}

func testImportFacilities(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0001", "Hương Khê")))
	count := func() int {
		all, err := s.Facilities(ctx)
		must(t, err)
		return len(all)
	}
	// A code already stored, in the last row: nothing of the import stays.
	err := s.ImportFacilities(ctx, actor, []stamp.Facility{
		sampleFacility("HT-CS-0002", "Đức Thọ"), sampleFacility("HT-CS-0003", "Can Lộc"), sampleFacility("HT-CS-0001", "Lộc Hà"),
	})
	wantCode(t, err, stamp.EConflict, "HT-CS-0001")
	if n := count(); n != 1 {
		t.Fatalf("after a failed import: %d facilities, want 1", n)
	}
	// A code repeated within the import.
	err = s.ImportFacilities(ctx, actor, []stamp.Facility{sampleFacility("HT-CS-0002", "Đức Thọ"), sampleFacility("HT-CS-0002", "Can Lộc")})
	wantCode(t, err, stamp.EConflict, "HT-CS-0002", "row 2")
	// An invalid row.
	err = s.ImportFacilities(ctx, actor, []stamp.Facility{sampleFacility("HT-CS-0002", "Đức Thọ"), {Code: "HT-CS-0003", Name: "Thiếu huyện"}})
	wantCode(t, err, stamp.EInvalid, "row 2", "HT-CS-0003")
	if n := count(); n != 1 {
		t.Fatalf("after failed imports: %d facilities, want 1", n)
	}
	if es := auditFor(t, s, "facility.import", "facility:HT-CS-0002"); len(es) != 0 {
		t.Fatalf("failed import left audit entries %+v", es)
	}
	must(t, s.ImportFacilities(ctx, actor, []stamp.Facility{sampleFacility("HT-CS-0002", "Đức Thọ"), sampleFacility("HT-CS-0003", "Can Lộc")}))
	if n := count(); n != 3 {
		t.Fatalf("after import: %d facilities, want 3", n)
	}
	wantAudit(t, s, "facility.import", "facility:HT-CS-0003")
	must(t, s.ImportFacilities(ctx, actor, nil))
}

func testProducts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0001", "Hương Khê")))
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0002", "Vũ Quang")))
	p := sampleProduct(1001, "HT-CS-0001")
	must(t, s.CreateProduct(ctx, actor, p))
	got, err := s.Product(ctx, 1001)
	must(t, err)
	p.CreatedAt, p.UpdatedAt = got.CreatedAt, got.UpdatedAt
	if *got != p || got.CreatedAt.IsZero() {
		t.Fatalf("Product = %+v, want %+v", *got, p)
	}
	wantCode(t, s.CreateProduct(ctx, actor, p), stamp.EConflict, "1001")
	wantCode(t, s.CreateProduct(ctx, actor, sampleProduct(1002, "HT-CS-0404")), stamp.EInvalid, "HT-CS-0404")
	bad := sampleProduct(1003, "HT-CS-0001")
	bad.GTIN = "8930000000018"
	wantCode(t, s.CreateProduct(ctx, actor, bad), stamp.EInvalid, "GTIN")
	_, err = s.Product(ctx, 4242)
	wantCode(t, err, stamp.ENotFound, "4242")

	p.FacilityCode, p.Name = "HT-CS-0002", "Nhung hươu (mẫu)"
	must(t, s.UpdateProduct(ctx, actor, p))
	got, err = s.Product(ctx, 1001)
	must(t, err)
	if got.FacilityCode != "HT-CS-0002" || got.Name != p.Name {
		t.Fatalf("updated product %+v", got)
	}
	wantCode(t, s.UpdateProduct(ctx, actor, sampleProduct(4242, "HT-CS-0001")), stamp.ENotFound, "4242")
	p.FacilityCode = "HT-CS-0404"
	wantCode(t, s.UpdateProduct(ctx, actor, p), stamp.EInvalid, "HT-CS-0404")

	must(t, s.CreateProduct(ctx, actor, sampleProduct(7, "HT-CS-0001")))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(4294967295, "HT-CS-0001")))
	all, err := s.Products(ctx)
	must(t, err)
	if len(all) != 3 || all[0].Number != 7 || all[1].Number != 1001 || all[2].Number != 4294967295 {
		t.Fatalf("Products = %+v", all)
	}
	wantAudit(t, s, "product.create", "product:1001")
	e := wantAudit(t, s, "product.update", "product:1001")
	if !jsonHas(t, e.Before, "FacilityCode", "HT-CS-0001") || !jsonHas(t, e.After, "FacilityCode", "HT-CS-0002") {
		t.Fatalf("update audit %+v", e)
	}
}

func testImportProducts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0001", "Hương Khê")))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(1001, "HT-CS-0001")))
	count := func() int {
		all, err := s.Products(ctx)
		must(t, err)
		return len(all)
	}
	err := s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(1002, "HT-CS-0001"), sampleProduct(1003, "HT-CS-0404")})
	wantCode(t, err, stamp.EInvalid, "HT-CS-0404", "row 2")
	err = s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(1002, "HT-CS-0001"), sampleProduct(1001, "HT-CS-0001")})
	wantCode(t, err, stamp.EConflict, "1001")
	err = s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(1002, "HT-CS-0001"), sampleProduct(1002, "HT-CS-0001")})
	wantCode(t, err, stamp.EConflict, "1002", "row 2")
	err = s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(1002, "HT-CS-0001"), {Number: 1003, FacilityCode: "HT-CS-0001"}})
	wantCode(t, err, stamp.EInvalid, "row 2", "1003")
	if n := count(); n != 1 {
		t.Fatalf("after failed imports: %d products, want 1", n)
	}
	must(t, s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(1002, "HT-CS-0001"), sampleProduct(1003, "HT-CS-0001")}))
	if n := count(); n != 3 {
		t.Fatalf("after import: %d products, want 3", n)
	}
	wantAudit(t, s, "product.import", "product:1003")
}

func testCertifications(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0001", "Hương Khê")))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(1001, "HT-CS-0001")))
	_, err := s.CurrentCertification(ctx, 1001)
	wantCode(t, err, stamp.ENotFound, "1001")

	old := sampleCert(1001, "QĐ 100/QĐ-UBND", stamp.NewDate(2020, 2, 5))
	old.Rank = stamp.Rank3
	oldID, err := s.AddCertification(ctx, actor, old)
	must(t, err)
	newer := sampleCert(1001, "QĐ 200/QĐ-UBND", stamp.NewDate(2023, 3, 1))
	newer.ExpiresOn = stamp.NewDate(2026, 3, 1)
	newID, err := s.AddCertification(ctx, actor, newer)
	must(t, err)
	if oldID == 0 || newID == 0 || oldID == newID {
		t.Fatalf("ids %d %d", oldID, newID)
	}
	c, err := s.Certification(ctx, oldID)
	must(t, err)
	if c.Status != stamp.CertValid || c.ExpiresOn != stamp.NewDate(2023, 2, 5) || c.Rank != stamp.Rank3 ||
		c.ProductNumber != 1001 || c.DecisionNumber != old.DecisionNumber || c.LabTestDate != old.LabTestDate ||
		c.DeclarationDate != old.DeclarationDate || c.ProcessConfirmed != old.ProcessConfirmed || c.CreatedAt.IsZero() {
		t.Fatalf("Certification = %+v (want defaults: valid, 36 months)", c)
	}
	cur, err := s.CurrentCertification(ctx, 1001)
	must(t, err)
	if cur.ID != newID || cur.ExpiresOn != newer.ExpiresOn {
		t.Fatalf("CurrentCertification = %+v, want id %d", cur, newID)
	}
	all, err := s.Certifications(ctx, 1001)
	must(t, err)
	if len(all) != 2 || all[0].ID != newID || all[1].ID != oldID {
		t.Fatalf("Certifications = %+v", all)
	}
	_, err = s.AddCertification(ctx, actor, sampleCert(4242, "QĐ 1", stamp.NewDate(2023, 1, 1)))
	wantCode(t, err, stamp.EInvalid, "4242")
	_, err = s.AddCertification(ctx, actor, stamp.Certification{ProductNumber: 1001, Rank: 2, DecisionNumber: "x", DecisionDate: stamp.NewDate(2023, 1, 1)})
	wantCode(t, err, stamp.EInvalid, "rank")

	wantCode(t, s.SetCertificationStatus(ctx, actor, newID, stamp.CertSuspended, ""), stamp.EInvalid, "reason")
	wantCode(t, s.SetCertificationStatus(ctx, actor, newID, "expired", "x"), stamp.EInvalid)
	wantCode(t, s.SetCertificationStatus(ctx, actor, 999999, stamp.CertSuspended, "x"), stamp.ENotFound, "999999")
	must(t, s.SetCertificationStatus(ctx, actor, newID, stamp.CertSuspended, "kiểm nghiệm không đạt"))
	cur, err = s.CurrentCertification(ctx, 1001)
	must(t, err)
	if cur.Status != stamp.CertSuspended || cur.StatusReason != "kiểm nghiệm không đạt" || !cur.UpdatedAt.After(cur.CreatedAt) && !cur.UpdatedAt.Equal(cur.CreatedAt) {
		t.Fatalf("after suspension: %+v", cur)
	}
	wantCode(t, s.SetCertificationRank(ctx, actor, newID, 6), stamp.EInvalid)
	wantCode(t, s.SetCertificationRank(ctx, actor, 999999, stamp.Rank5), stamp.ENotFound)
	must(t, s.SetCertificationRank(ctx, actor, newID, stamp.Rank5))
	cur, err = s.Certification(ctx, newID)
	must(t, err)
	if cur.Rank != stamp.Rank5 || cur.Status != stamp.CertSuspended {
		t.Fatalf("after re-rank: %+v", cur)
	}
	_, err = s.Certification(ctx, 999999)
	wantCode(t, err, stamp.ENotFound)

	subject := "certification:" + itoa(newID)
	wantAudit(t, s, "certification.create", subject)
	e := wantAudit(t, s, "certification.status", subject)
	if !jsonHas(t, e.Before, "Status", "valid") || !jsonHas(t, e.After, "Status", "suspended") {
		t.Fatalf("status audit %+v", e)
	}
	e = wantAudit(t, s, "certification.rank", subject)
	if !jsonHas(t, e.Before, "Rank", 4) || !jsonHas(t, e.After, "Rank", 5) {
		t.Fatalf("rank audit %+v", e)
	}
}

func testImportCertifications(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility("HT-CS-0001", "Hương Khê")))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(1001, "HT-CS-0001")))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(1002, "HT-CS-0001")))
	cs := []stamp.Certification{
		sampleCert(1001, "QĐ 1", stamp.NewDate(2022, 1, 1)),
		sampleCert(1002, "QĐ 1", stamp.NewDate(2022, 1, 1)),
		sampleCert(4242, "QĐ 2", stamp.NewDate(2022, 1, 1)),
	}
	wantCode(t, s.ImportCertifications(ctx, actor, cs), stamp.EInvalid, "4242", "row 3")
	if cs[0].ID != 0 {
		t.Fatalf("failed import filled id %d", cs[0].ID)
	}
	for _, n := range []uint32{1001, 1002} {
		if all, err := s.Certifications(ctx, n); err != nil || len(all) != 0 {
			t.Fatalf("after a failed import: product %d has %d certifications (%v)", n, len(all), err)
		}
	}
	cs[2].DecisionDate = stamp.Date{}
	cs[2].ProductNumber = 1002
	wantCode(t, s.ImportCertifications(ctx, actor, cs), stamp.EInvalid, "row 3")
	cs = cs[:2]
	must(t, s.ImportCertifications(ctx, actor, cs))
	for _, c := range cs {
		got, err := s.Certification(ctx, c.ID)
		must(t, err)
		if c.ID == 0 || got.ProductNumber != c.ProductNumber || c.Status != stamp.CertValid || c.ExpiresOn.IsZero() {
			t.Fatalf("imported %+v, stored %+v", c, got)
		}
	}
	wantAudit(t, s, "certification.import", "certification:"+itoa(cs[1].ID))
}

func testPointsOfSale(t *testing.T, s storage.Store) {
	ctx := context.Background()
	p := stamp.PointOfSale{Name: "Điểm bán OCOP Hương Khê (mẫu)", District: "Hương Khê", Commune: "TT Hương Khê", Address: "Quốc lộ 15", Phone: "0239 111"}
	id, err := s.CreatePointOfSale(ctx, actor, p)
	must(t, err)
	id2, err := s.CreatePointOfSale(ctx, actor, stamp.PointOfSale{Name: "Cửa hàng OCOP Can Lộc (mẫu)", District: "Can Lộc"})
	must(t, err)
	_, err = s.CreatePointOfSale(ctx, actor, stamp.PointOfSale{Name: "Không huyện"})
	wantCode(t, err, stamp.EInvalid)
	if id == 0 || id == id2 {
		t.Fatalf("ids %d %d", id, id2)
	}
	in, err := s.PointsOfSale(ctx, "Hương Khê")
	must(t, err)
	p.ID = id
	if len(in) != 1 {
		t.Fatalf("PointsOfSale(Hương Khê) = %+v", in)
	}
	p.CreatedAt, p.UpdatedAt = in[0].CreatedAt, in[0].UpdatedAt
	if in[0] != p {
		t.Fatalf("PointsOfSale(Hương Khê) = %+v, want %+v", in[0], p)
	}
	all, err := s.PointsOfSale(ctx, "")
	must(t, err)
	if len(all) != 2 {
		t.Fatalf("PointsOfSale() = %+v", all)
	}
	p.District = "Lộc Hà"
	must(t, s.UpdatePointOfSale(ctx, actor, p))
	if in, _ := s.PointsOfSale(ctx, "Hương Khê"); len(in) != 0 {
		t.Fatalf("moved point of sale still listed in Hương Khê: %+v", in)
	}
	if in, _ := s.PointsOfSale(ctx, "Lộc Hà"); len(in) != 1 || in[0].ID != id {
		t.Fatalf("PointsOfSale(Lộc Hà) = %+v", in)
	}
	p.ID = 999999
	wantCode(t, s.UpdatePointOfSale(ctx, actor, p), stamp.ENotFound)
	wantAudit(t, s, "point_of_sale.create", "point_of_sale:"+itoa(id))
	wantAudit(t, s, "point_of_sale.update", "point_of_sale:"+itoa(id))
}
