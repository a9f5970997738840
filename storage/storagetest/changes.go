package storagetest

import (
	"context"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// testChangeFeed: every registry write records in the change feed exactly
// the views it changes, under the version it bumped to, and the feed read
// after a version is complete.
func testChangeFeed(t *testing.T, s storage.Store) {
	ctx := context.Background()
	last, err := s.RegistryVersion(ctx)
	must(t, err)
	v0 := last
	// step checks the feed after the last version: one new version whose
	// changes are want (kind, entity pairs).
	step := func(what string, err error, want ...string) {
		t.Helper()
		must(t, err)
		f, err := s.RegistryChanges(ctx, last, 100)
		must(t, err)
		if !f.Complete || f.Version != last+1 || f.FeedGap(last) != last {
			t.Fatalf("%s: feed after %d: version %d, complete %v, want version %d complete", what, last, f.Version, f.Complete, last+1)
		}
		got := map[string]bool{}
		for _, c := range f.Changes {
			if c.Version != f.Version {
				t.Fatalf("%s: change %+v not at version %d", what, c, f.Version)
			}
			got[c.Kind+" "+c.Entity] = true
		}
		if len(got) != len(want)/2 || len(f.Changes) != len(got) {
			t.Fatalf("%s: changes %+v, want %q", what, f.Changes, want)
		}
		for i := 0; i < len(want); i += 2 {
			if !got[want[i]+" "+want[i+1]] {
				t.Fatalf("%s: changes %+v, want %q", what, f.Changes, want)
			}
		}
		last = f.Version
	}
	f := sampleFacility("HT-CS-0001", "Hương Khê")
	step("create facility", s.CreateFacility(ctx, actor, f), storage.ChangeFacility, f.Code)
	f.Phone = "1"
	step("update facility", s.UpdateFacility(ctx, actor, f), storage.ChangeFacility, f.Code)
	step("import facilities", s.ImportFacilities(ctx, actor, []stamp.Facility{sampleFacility("HT-CS-0002", "Can Lộc"), sampleFacility("HT-CS-0003", "Can Lộc")}),
		storage.ChangeFacility, "HT-CS-0002", storage.ChangeFacility, "HT-CS-0003")
	p := sampleProduct(1, "HT-CS-0001")
	step("create product", s.CreateProduct(ctx, actor, p), storage.ChangeProduct, "1")
	p.Name = "Cam Khe (mẫu)"
	step("rename product", s.UpdateProduct(ctx, actor, p), storage.ChangeProduct, "1")
	step("import products", s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(2, "HT-CS-0002")}), storage.ChangeProduct, "2")
	id, err := s.AddCertification(ctx, actor, sampleCert(1, "QĐ 1", today().AddDays(-1)))
	step("add certification", err, storage.ChangeProduct, "1")
	step("import certifications", s.ImportCertifications(ctx, actor, []stamp.Certification{sampleCert(2, "QĐ 2", today()), sampleCert(2, "QĐ 3", today())}),
		storage.ChangeProduct, "2")
	step("suspend", s.SetCertificationStatus(ctx, actor, id, stamp.CertSuspended, "vi phạm"), storage.ChangeProduct, "1")
	step("reinstate", s.SetCertificationStatus(ctx, actor, id, stamp.CertValid, ""), storage.ChangeProduct, "1")
	_, err = s.CreatePointOfSale(ctx, actor, stamp.PointOfSale{Name: "Điểm bán", District: "Can Lộc"})
	step("create point of sale", err, storage.ChangeAll, "")
	b := mint(t, s, 1, 3)
	step("mint", nil, storage.ChangeMint, b.ID.String())
	b2 := mint(t, s, 2, 2)
	step("mint", nil, storage.ChangeMint, b2.ID.String())
	st, err := s.StampBySerial(ctx, b.FirstSerial)
	must(t, err)
	step("revoke stamp", s.RevokeStamp(ctx, actor, st.ID, "hỏng"), storage.ChangeStamp, st.ID.String())
	_, err = s.RevokeSerials(ctx, actor, b.FirstSerial+2, b2.FirstSerial, "hỏng")
	step("revoke serials over two batches", err, storage.ChangeBatch, b.ID.String(), storage.ChangeBatch, b2.ID.String())
	step("revoke batch", s.RevokeBatch(ctx, actor, b.ID, "thu hồi"), storage.ChangeBatch, b.ID.String())

	// A write that changes nothing lookups show leaves the feed alone.
	must(t, s.RecordScans(ctx, []stamp.ScanEvent{{StampID: st.ID, ClientHash: "x"}}))
	if f, err := s.RegistryChanges(ctx, last, 100); err != nil || !f.Complete || f.Version != last || len(f.Changes) != 0 {
		t.Fatalf("feed after a scan: %+v, %v", f, err)
	}
	// Read from the start: the versions before the feed existed (the
	// registry starts at 1, migrations may bump it) are a gap, the rest
	// complete from there.
	f0, err := s.RegistryChanges(ctx, 0, 1000)
	must(t, err)
	if f0.Complete || f0.Version != last || f0.FeedGap(0) < 1 || f0.FeedGap(0) > v0 || f0.Changes[0].Version != f0.FeedGap(0)+1 {
		t.Fatalf("feed from 0: complete %v, version %d (want %d), gap %d (want 1…%d)", f0.Complete, f0.Version, last, f0.FeedGap(0), v0)
	}
	// More changes than the limit: nothing claimed, everything stale.
	if f, err := s.RegistryChanges(ctx, 0, 3); err != nil || f.Complete || len(f.Changes) != 0 || f.FeedGap(0) != last {
		t.Fatalf("feed from 0 limited to 3: %+v, %v", f, err)
	}
	// An import of more than 256 entities records one change of everything.
	var many []stamp.Product
	for i := range 300 {
		many = append(many, sampleProduct(uint32(100+i), "HT-CS-0001"))
	}
	step("import 300 products", s.ImportProducts(ctx, actor, many), storage.ChangeAll, "")
}
