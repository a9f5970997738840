package storagetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func testScans(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	mint(t, s, 1001, 2)
	s1, err := s.StampBySerial(ctx, 1)
	must(t, err)
	s2, err := s.StampBySerial(ctx, 2)
	must(t, err)
	unknown := uuid.New()
	v0, _ := s.RegistryVersion(ctx)
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 123456000, time.UTC)
	events := []stamp.ScanEvent{
		{StampID: s1.ID, At: t0, Channel: stamp.ChannelWeb, ClientHash: "A", Verdict: "genuine"},
		{StampID: s1.ID, At: t0.Add(time.Minute), Channel: stamp.ChannelAPI, ClientHash: "B", Verdict: "genuine"},
		{StampID: s1.ID, At: t0.Add(2 * time.Minute), Channel: stamp.ChannelWeb, ClientHash: "A", Verdict: "genuine"},
		{StampID: unknown, At: t0, Channel: stamp.ChannelWeb, ClientHash: "C", Verdict: "unknown"},
	}
	must(t, s.RecordScans(ctx, events))
	must(t, s.RecordScans(ctx, nil))
	err = s.RecordScans(ctx, []stamp.ScanEvent{{StampID: s2.ID, At: t0, ClientHash: "D"}, {At: t0}})
	wantCode(t, err, stamp.EInvalid, "scan 2")

	st, err := s.ScanStats(ctx, s1.ID)
	must(t, err)
	if st.Count != 3 || st.DistinctClients != 2 || st.FirstAt == nil || !st.FirstAt.Equal(t0) || !st.LastAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("ScanStats(s1) = %+v", st)
	}
	if st, err := s.ScanStats(ctx, unknown); err != nil || st.Count != 1 {
		t.Fatalf("scans of a stamp missing from the registry: %+v, %v", st, err)
	}
	if st, err := s.ScanStats(ctx, s2.ID); err != nil || st.Count != 0 || st.DistinctClients != 0 || st.FirstAt != nil || st.LastAt != nil {
		t.Fatalf("ScanStats of an unscanned stamp (and of a failed RecordScans) = %+v, %v", st, err)
	}
	recent, err := s.StampScans(ctx, s1.ID, 2)
	must(t, err)
	if len(recent) != 2 || recent[0] != events[2] || recent[1] != events[1] {
		t.Fatalf("StampScans(s1, 2) = %+v, want the last two newest first", recent)
	}
	if all, err := s.StampScans(ctx, s1.ID, 0); err != nil || len(all) != 3 {
		t.Fatalf("StampScans(s1, 0) = %d, %v", len(all), err)
	}
	noTime := stamp.ScanEvent{StampID: s2.ID, Channel: stamp.ChannelInspector, ClientHash: "E", Verdict: "genuine"}
	must(t, s.RecordScans(ctx, []stamp.ScanEvent{noTime}))
	if got, _ := s.StampScans(ctx, s2.ID, 1); len(got) != 1 || got[0].At.IsZero() {
		t.Fatalf("a scan without time: %+v", got)
	}
	if v, _ := s.RegistryVersion(ctx); v != v0 {
		t.Fatalf("scans changed the registry version %d -> %d", v0, v)
	}
}

func testAudit(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0001", "Hương Khê", 1001)
	b := mint(t, s, 1001, 10)
	v0, _ := s.RegistryVersion(ctx)
	must(t, s.RecordPrint(ctx, actor, b.ID, 0, 0, "", ""))
	must(t, s.RecordPrint(ctx, actor, b.ID, b.FirstSerial+2, b.FirstSerial+3, "", ""))
	wantCode(t, s.RecordPrint(ctx, actor, b.ID, 0, b.LastSerial()+1, "", ""), stamp.EInvalid)
	wantCode(t, s.RecordPrint(ctx, actor, uuid.New(), 0, 0, "", ""), stamp.ENotFound)
	wantCode(t, s.RecordPrint(ctx, "", b.ID, 0, 0, "", ""), stamp.EInvalid)
	prints := auditFor(t, s, "batch.print", "batch:"+b.ID.String())
	if len(prints) != 2 || !jsonHas(t, prints[0].After, "count", 10) || !jsonHas(t, prints[1].After, "from", int(b.FirstSerial+2)) {
		t.Fatalf("print audit %+v", prints)
	}

	future := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	e1 := stamp.AuditEntry{At: future.Add(time.Hour), Actor: actor, Action: "report.monthly", Subject: "month:2100-01", After: `{"x":1}`}
	e2 := stamp.AuditEntry{At: future, Actor: actor, Action: "batch.print", Subject: "batch:x", Before: `{}`}
	must(t, s.AppendAudit(ctx, e1))
	must(t, s.AppendAudit(ctx, e2))
	wantCode(t, s.AppendAudit(ctx, stamp.AuditEntry{Action: "x"}), stamp.EInvalid)
	wantCode(t, s.AppendAudit(ctx, stamp.AuditEntry{Actor: actor}), stamp.EInvalid)
	got, err := s.AuditLog(ctx, future, 0)
	must(t, err)
	if len(got) != 2 || got[0].Action != e2.Action || got[1].Subject != e1.Subject || !got[0].At.Equal(future) ||
		got[1].After != e1.After || got[0].Before != e2.Before || got[0].ID == 0 {
		t.Fatalf("AuditLog(future) = %+v, want oldest first", got)
	}
	if got, _ := s.AuditLog(ctx, future, 1); len(got) != 1 || got[0].Action != e2.Action {
		t.Fatalf("AuditLog(future, 1) = %+v", got)
	}
	all, err := s.AuditLog(ctx, time.Time{}, 0)
	must(t, err)
	for i := 1; i < len(all); i++ {
		if all[i].At.Before(all[i-1].At) {
			t.Fatalf("audit log out of order at %d: %+v", i, all[i-1:i+1])
		}
	}
	if some, _ := s.AuditLog(ctx, time.Time{}, 3); len(some) != 3 || some[0].ID != all[0].ID {
		t.Fatalf("AuditLog(limit 3) = %+v", some)
	}
	if v, _ := s.RegistryVersion(ctx); v != v0 {
		t.Fatalf("audit-only writes changed the registry version %d -> %d", v0, v)
	}
}

func testRegistryVersion(t *testing.T, s storage.Store) {
	ctx := context.Background()
	last, err := s.RegistryVersion(ctx)
	must(t, err)
	step := func(what string, grows bool, err error) {
		t.Helper()
		if err != nil && grows {
			t.Fatalf("%s: %v", what, err)
		}
		v, verr := s.RegistryVersion(ctx)
		must(t, verr)
		if grows && v <= last || !grows && v != last {
			t.Fatalf("%s: registry version %d -> %d (should grow: %v)", what, last, v, grows)
		}
		last = v
	}
	f := sampleFacility("HT-CS-0001", "Hương Khê")
	step("create facility", true, s.CreateFacility(ctx, actor, f))
	step("failed create facility", false, s.CreateFacility(ctx, actor, f))
	f.Phone = "1"
	step("update facility", true, s.UpdateFacility(ctx, actor, f))
	step("import facilities", true, s.ImportFacilities(ctx, actor, []stamp.Facility{sampleFacility("HT-CS-0002", "Can Lộc")}))
	p := sampleProduct(1, "HT-CS-0001")
	step("create product", true, s.CreateProduct(ctx, actor, p))
	p.Name = "Cam Khe (mẫu)"
	step("update product", true, s.UpdateProduct(ctx, actor, p))
	step("import products", true, s.ImportProducts(ctx, actor, []stamp.Product{sampleProduct(2, "HT-CS-0002")}))
	id, err := s.AddCertification(ctx, actor, sampleCert(1, "QĐ 1", today().AddDays(-1)))
	step("add certification", true, err)
	step("import certifications", true, s.ImportCertifications(ctx, actor, []stamp.Certification{sampleCert(2, "QĐ 2", today())}))
	step("re-rank", true, s.SetCertificationRank(ctx, actor, id, stamp.Rank5))
	step("suspend", true, s.SetCertificationStatus(ctx, actor, id, stamp.CertSuspended, "vi phạm"))
	step("reinstate", true, s.SetCertificationStatus(ctx, actor, id, stamp.CertValid, ""))
	pid, err := s.CreatePointOfSale(ctx, actor, stamp.PointOfSale{Name: "Điểm bán", District: "Can Lộc"})
	step("create point of sale", true, err)
	step("update point of sale", true, s.UpdatePointOfSale(ctx, actor, stamp.PointOfSale{ID: pid, Name: "Điểm bán 2", District: "Can Lộc"}))
	b := mint(t, s, 1, 3)
	step("mint", true, nil)
	st, err := s.StampBySerial(ctx, b.FirstSerial)
	must(t, err)
	step("scan", false, s.RecordScans(ctx, []stamp.ScanEvent{{StampID: st.ID, ClientHash: "x"}}))
	step("print", false, s.RecordPrint(ctx, actor, b.ID, 0, 0, "", ""))
	step("revoke stamp", true, s.RevokeStamp(ctx, actor, st.ID, "hỏng"))
	_, err = s.RevokeSerials(ctx, actor, b.FirstSerial+1, b.FirstSerial+1, "hỏng")
	step("revoke serials", true, err)
	step("revoke batch", true, s.RevokeBatch(ctx, actor, b.ID, "thu hồi"))
}

// testConcurrentWrites writes from several goroutines while others read: no
// write is lost or fails with a busy database.
func testConcurrentWrites(t *testing.T, s storage.Store) {
	ctx := context.Background()
	v0, err := s.RegistryVersion(ctx)
	must(t, err)
	const writers, each = 6, 8
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- s.CreateFacility(ctx, actor, sampleFacility(fmt.Sprintf("HT-CS-%d-%d", w, i), "Thạch Hà"))
			}
		}()
		go func() {
			defer wg.Done()
			for range each {
				_, err := s.Facilities(ctx)
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	all, err := s.Facilities(ctx)
	must(t, err)
	v, err := s.RegistryVersion(ctx)
	must(t, err)
	if len(all) != writers*each || v != v0+writers*each {
		t.Fatalf("%d facilities, version %d -> %d; want %d and +%d", len(all), v0, v, writers*each, writers*each)
	}
}

// testScansOnce: a batch written again (a replay) adds only the scans whose
// ids the store does not hold, inside one batch too, and keeps the product.
func testScansOnce(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-0002", "Can Lộc", 1002)
	mint(t, s, 1002, 1)
	st1, err := s.StampBySerial(ctx, 1)
	must(t, err)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	batch := make([]stamp.ScanEvent, 300) // more than one SQLite INSERT statement
	for i := range batch {
		batch[i] = stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: st1.ID, At: t0.Add(time.Duration(i) * time.Second),
			Channel: stamp.ChannelWeb, ClientHash: fmt.Sprintf("%064x", i%7), Verdict: "genuine"}
	}
	must(t, s.RecordScans(ctx, batch[:100]))
	must(t, s.RecordScans(ctx, batch)) // 100 already there
	must(t, s.RecordScans(ctx, append(batch[250:], batch[250:]...)))
	st, err := s.ScanStats(ctx, st1.ID)
	must(t, err)
	if st.Count != 300 || st.DistinctClients != 7 {
		t.Fatalf("after replays: %+v, want 300 scans by 7 clients", st)
	}
	// Events without ids are all kept: each gets its own.
	anon := []stamp.ScanEvent{{StampID: st1.ID, At: t0, ClientHash: "x"}, {StampID: st1.ID, At: t0, ClientHash: "x"}}
	must(t, s.RecordScans(ctx, anon))
	must(t, s.RecordScans(ctx, anon))
	if st, err := s.ScanStats(ctx, st1.ID); err != nil || st.Count != 304 {
		t.Fatalf("scans without ids: %+v, %v; want 304", st, err)
	}
}
