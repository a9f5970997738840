package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// RunAdmin runs the conformance suite of storage.Admin against stores from
// open, a fresh, empty store per subtest, in parallel.
func RunAdmin(t *testing.T, open func(t *testing.T) storage.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, storage.Store)
	}{
		{"Tokens", testTokens},
		{"TokenRevoke", testTokenRevoke},
		{"TokenNames", testTokenNames},
		{"Sessions", testSessions},
		{"MintJobs", testMintJobs},
		{"Inbox", testInbox},
		{"Inspections", testInspections},
		{"ConsumerReports", testConsumerReports},
		{"ConsumerReportPhoto", testConsumerReportPhoto},
		{"ConsumerReportStates", testConsumerReportStates},
		{"InboxTransitions", testInboxTransitions},
		{"AuditAppendOnly", testAuditAppendOnly},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

// fakeToken returns a token record for secret.
func fakeToken(name, role, secret string) *storage.Token {
	h := sha256.Sum256([]byte(secret))
	return &storage.Token{Name: name, Role: role, Lookup: hex.EncodeToString(h[:8]), Hash: h}
}

// version returns the registry version.
func version(t *testing.T, s storage.Store) int64 {
	t.Helper()
	v, err := s.RegistryVersion(context.Background())
	must(t, err)
	return v
}

// auditActions returns the actions of the audit log, oldest first.
func auditActions(t *testing.T, s storage.Store) []string {
	t.Helper()
	es, err := s.AuditLog(context.Background(), time.Time{}, 0)
	must(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Action+" "+e.Subject+" by "+e.Actor)
	}
	return out
}

func testTokens(t *testing.T, s storage.Store) {
	ctx := context.Background()
	v0 := version(t, s)
	exp := time.Now().Add(time.Hour)
	tok := fakeToken("văn phòng", stamp.RoleOffice, "secret-1")
	tok.ExpiresAt = &exp
	must(t, s.CreateToken(ctx, actor, tok))
	if tok.ID == 0 || tok.CreatedAt.IsZero() || tok.CreatedBy != actor {
		t.Fatalf("CreateToken did not fill id, time and creator: %+v", tok)
	}
	wantCode(t, s.CreateToken(ctx, actor, fakeToken("văn phòng", stamp.RoleViewer, "secret-2")), stamp.EConflict, "văn phòng")
	wantCode(t, s.CreateToken(ctx, actor, fakeToken("other", stamp.RoleViewer, "secret-1")), stamp.EConflict)
	wantCode(t, s.CreateToken(ctx, actor, fakeToken("x", "admin", "secret-3")), stamp.EInvalid, "admin")
	wantCode(t, s.CreateToken(ctx, "", fakeToken("y", stamp.RoleViewer, "secret-4")), stamp.EInvalid, "actor")
	wantCode(t, s.CreateToken(ctx, actor, &storage.Token{Name: "z", Role: stamp.RoleViewer}), stamp.EInvalid, "hash")
	insp := fakeToken("thanh tra 1", stamp.RoleInspector, "secret-5")
	must(t, s.CreateToken(ctx, actor, insp))

	got, err := s.TokenByLookup(ctx, tok.Lookup)
	must(t, err)
	if got.ID != tok.ID || got.Hash != tok.Hash || got.Role != stamp.RoleOffice || got.ExpiresAt == nil ||
		!got.ExpiresAt.Equal(*tok.ExpiresAt) || got.State(time.Now()) != "active" {
		t.Fatalf("TokenByLookup = %+v, want %+v", got, tok)
	}
	if got.State(exp) != "expired" {
		t.Fatalf("state at expiry = %s", got.State(exp))
	}
	_, err = s.TokenByLookup(ctx, "0000000000000000")
	wantCode(t, err, stamp.ENotFound)
	byName, err := s.Token(ctx, "thanh tra 1")
	must(t, err)
	byID, err := s.Token(ctx, fmt.Sprint(insp.ID))
	must(t, err)
	if byName.ID != insp.ID || byID.Name != "thanh tra 1" {
		t.Fatalf("Token by name %+v, by id %+v", byName, byID)
	}
	_, err = s.Token(ctx, "nobody")
	wantCode(t, err, stamp.ENotFound, "nobody")

	list, err := s.ListTokens(ctx)
	must(t, err)
	if len(list) != 2 || list[0].Name != "văn phòng" || list[1].Name != "thanh tra 1" {
		t.Fatalf("ListTokens = %+v", list)
	}
	// Last use only moves forward.
	t1 := time.Now().UTC().Truncate(time.Second)
	must(t, s.TouchToken(ctx, tok.ID, t1))
	must(t, s.TouchToken(ctx, tok.ID, t1.Add(-time.Minute)))
	got, err = s.TokenByLookup(ctx, tok.Lookup)
	must(t, err)
	if got.LastUsedAt == nil || !got.LastUsedAt.Equal(t1) {
		t.Fatalf("last used %v, want %v", got.LastUsedAt, t1)
	}
	if v := version(t, s); v != v0 {
		t.Fatalf("token writes bumped the registry version %d -> %d", v0, v)
	}
	acts := auditActions(t, s)
	if len(acts) != 2 || acts[0] != "token.create token:văn phòng by "+actor {
		t.Fatalf("audit = %q", acts)
	}
	es, err := s.AuditLog(ctx, time.Time{}, 0)
	must(t, err)
	for _, e := range es {
		if strings.Contains(e.After, hex.EncodeToString(tok.Hash[:])) || strings.Contains(e.After, tok.Lookup) {
			t.Fatalf("audit entry holds the token hash: %+v", e)
		}
	}
}

func testTokenRevoke(t *testing.T, s storage.Store) {
	ctx := context.Background()
	tok := fakeToken("viewer-1", stamp.RoleViewer, "s1")
	must(t, s.CreateToken(ctx, actor, tok))
	r, err := s.RevokeToken(ctx, "admin-2", "viewer-1")
	must(t, err)
	if r.RevokedAt == nil || r.RevokedBy != "admin-2" || r.State(time.Now()) != "revoked" {
		t.Fatalf("RevokeToken = %+v", r)
	}
	again, err := s.RevokeToken(ctx, actor, fmt.Sprint(tok.ID))
	must(t, err)
	if !again.RevokedAt.Equal(*r.RevokedAt) || again.RevokedBy != "admin-2" {
		t.Fatalf("second revoke changed the token: %+v", again)
	}
	_, err = s.RevokeToken(ctx, actor, "ghost")
	wantCode(t, err, stamp.ENotFound, "ghost")
	got, err := s.TokenByLookup(ctx, tok.Lookup)
	must(t, err)
	if got.RevokedAt == nil {
		t.Fatal("the stored token is not revoked")
	}
	// A revoked token's name is never reused.
	wantCode(t, s.CreateToken(ctx, actor, fakeToken("viewer-1", stamp.RoleViewer, "s2")), stamp.EConflict)
	acts := auditActions(t, s)
	if len(acts) != 2 || acts[1] != "token.revoke token:viewer-1 by admin-2" {
		t.Fatalf("audit = %q", acts)
	}
}

func testTokenNames(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, bad := range []string{"", " lead", "trail ", "a:b", "12345", "tab\there", string(make([]byte, 65))} {
		err := s.CreateToken(ctx, actor, fakeToken(bad, stamp.RoleViewer, "x"+bad))
		wantCode(t, err, stamp.EInvalid)
	}
	// NFD and NFC spellings are one name.
	must(t, s.CreateToken(ctx, actor, fakeToken("Thanh tra Hà Tĩnh", stamp.RoleInspector, "n1")))
	wantCode(t, s.CreateToken(ctx, actor, fakeToken("Thanh tra Ha\u0300 Ti\u0303nh", stamp.RoleInspector, "n2")), stamp.EConflict)
	_, err := s.Token(ctx, "Thanh tra Ha\u0300 Ti\u0303nh")
	must(t, err)
}

func testInspections(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-IN-01", "Hương Khê", 7001)
	b := mint(t, s, 7001, 3)
	var st []stamp.Stamp
	must(t, s.BatchStamps(ctx, b.ID, 0, 0, func(x stamp.Stamp) error { st = append(st, x); return nil }))
	v0, n0 := version(t, s), len(auditActions(t, s))

	in := &storage.Inspection{Place: "Chợ Hà Tĩnh, ki-ốt 12", Result: storage.InspectionSuspect, Notes: "Tem mờ",
		Code: st[0].Code().Text(), StampID: st[0].ID, Serial: st[0].Serial, ProductNumber: 7001}
	must(t, s.RecordInspection(ctx, "thanh tra 1", in))
	if in.ID == 0 || in.At.IsZero() || in.Inspector != "thanh tra 1" {
		t.Fatalf("RecordInspection did not fill id, time, inspector: %+v", in)
	}
	bare := &storage.Inspection{Place: "Siêu thị Vinmart", Result: storage.InspectionCounterfeit, Notes: "không có tem"}
	must(t, s.RecordInspection(ctx, "thanh tra 2", bare))
	for _, bad := range []storage.Inspection{
		{Result: storage.InspectionGenuine},
		{Place: "x", Result: "fake"},
		{Place: "x", Result: storage.InspectionGenuine, Notes: string(make([]rune, storage.MaxReportText+1))},
	} {
		wantCode(t, s.RecordInspection(ctx, "thanh tra 1", &bad), stamp.EInvalid)
	}
	wantCode(t, s.RecordInspection(ctx, "", &storage.Inspection{Place: "x", Result: storage.InspectionGenuine}), stamp.EInvalid, "actor")

	all, err := s.ListInspections(ctx, storage.InspectionFilter{})
	must(t, err)
	if len(all) != 2 || all[0].ID != bare.ID || all[1].ID != in.ID {
		t.Fatalf("ListInspections = %+v", all)
	}
	got := all[1]
	if got.StampID != st[0].ID || got.Serial != st[0].Serial || got.ProductNumber != 7001 || got.Code != in.Code ||
		got.Place != in.Place || got.Notes != "Tem mờ" || got.Result != storage.InspectionSuspect {
		t.Fatalf("stored inspection %+v, want %+v", got, in)
	}
	if all[0].StampID != uuid.Nil || all[0].Serial != 0 {
		t.Fatalf("inspection without a stamp: %+v", all[0])
	}
	byStamp, err := s.ListInspections(ctx, storage.InspectionFilter{Stamp: st[0].ID})
	must(t, err)
	none, err := s.ListInspections(ctx, storage.InspectionFilter{Since: time.Now().Add(time.Hour)})
	must(t, err)
	one, err := s.ListInspections(ctx, storage.InspectionFilter{Limit: 1})
	must(t, err)
	if len(byStamp) != 1 || len(none) != 0 || len(one) != 1 {
		t.Fatalf("filters: by stamp %d, since later %d, limit 1 %d", len(byStamp), len(none), len(one))
	}
	if v := version(t, s); v != v0 {
		t.Fatalf("inspections bumped the registry version")
	}
	acts := auditActions(t, s)
	if len(acts) != n0+2 || acts[n0] != "inspection.create stamp:"+st[0].ID.String()+" by thanh tra 1" {
		t.Fatalf("audit = %q", acts[n0:])
	}
	testInspectionClientID(t, s)
}

// testInspectionClientID: an inspection sent again with the same client id
// (a phone that lost the answer) is stored and audited once; another
// inspector's same id is another inspection; a photo is kept.
func testInspectionClientID(t *testing.T, s storage.Store) {
	ctx := context.Background()
	n0 := len(auditActions(t, s))
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 100)...)
	first := &storage.Inspection{Place: "Chợ Hồng Lĩnh", Result: storage.InspectionGenuine, ClientID: "0b7e8a52-1c1e-4f0a-9d55-5d2a6c1f7e01", Photo: jpeg}
	must(t, s.RecordInspection(ctx, "thanh tra 1", first))
	if first.Repeated || first.ID == 0 {
		t.Fatalf("first send: %+v", first)
	}
	again := &storage.Inspection{Place: "Chợ Hồng Lĩnh", Result: storage.InspectionGenuine, ClientID: first.ClientID}
	must(t, s.RecordInspection(ctx, "thanh tra 1", again))
	if !again.Repeated || again.ID != first.ID || !again.HasPhoto || !again.At.Equal(first.At) {
		t.Fatalf("second send of client id: %+v, first %+v", again, first)
	}
	other := &storage.Inspection{Place: "Chợ Hồng Lĩnh", Result: storage.InspectionGenuine, ClientID: first.ClientID}
	must(t, s.RecordInspection(ctx, "thanh tra 2", other))
	if other.Repeated || other.ID == first.ID {
		t.Fatalf("another inspector's client id: %+v", other)
	}
	if acts := auditActions(t, s); len(acts) != n0+2 {
		t.Fatalf("audit after a repeated send: %q", acts[n0:])
	}
	photo, err := s.InspectionPhoto(ctx, first.ID)
	must(t, err)
	if string(photo) != string(jpeg) {
		t.Fatalf("photo %d bytes, want %d", len(photo), len(jpeg))
	}
	_, err = s.InspectionPhoto(ctx, other.ID)
	wantCode(t, err, stamp.ENotFound)
	for _, bad := range []storage.Inspection{
		{Place: "x", Result: storage.InspectionGenuine, ClientID: "has space"},
		{Place: "x", Result: storage.InspectionGenuine, ClientID: strings.Repeat("a", 65)},
		{Place: "x", Result: storage.InspectionGenuine, Photo: []byte("GIF89a")},
		{Place: "x", Result: storage.InspectionGenuine, Photo: append(jpeg, make([]byte, storage.MaxInspectionPhoto)...)},
	} {
		wantCode(t, s.RecordInspection(ctx, "thanh tra 1", &bad), stamp.EInvalid)
	}
}

func testConsumerReports(t *testing.T, s storage.Store) {
	ctx := context.Background()
	v0, n0 := version(t, s), len(auditActions(t, s))
	id1, id2 := uuid.New(), uuid.New()
	r1 := &storage.ConsumerReport{StampID: id1, Code: "ABC", ProductNumber: 1001, What: "Tem bị dán đè",
		WhereBought: "Chợ Vinh", Contact: "0912 000 000", Lang: "vi"}
	must(t, s.AddConsumerReport(ctx, r1))
	if r1.ID == 0 || r1.At.IsZero() {
		t.Fatalf("AddConsumerReport did not fill id and time: %+v", r1)
	}
	must(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: id1, What: "again"}))
	must(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: id2, What: "other"}))
	wantCode(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{What: "x"}), stamp.EInvalid, "stamp")
	wantCode(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: id1, What: "  "}), stamp.EInvalid)
	wantCode(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: id1, What: "x",
		Contact: string(make([]rune, storage.MaxReportField+1))}), stamp.EInvalid, "contact")
	// Terminal escapes and bidi overrides are refused in reports too (issue 11).
	wantCode(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: id1, What: "Tem mờ\x1b[2J"}), stamp.EInvalid, "U+001B")
	wantCode(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: id1, What: "x", WhereBought: "Chợ \u202eVinh"}), stamp.EInvalid, "U+202E")

	n, err := s.ConsumerReportCount(ctx, id1)
	must(t, err)
	zero, err := s.ConsumerReportCount(ctx, uuid.New())
	must(t, err)
	if n != 2 || zero != 0 {
		t.Fatalf("counts %d, %d; want 2, 0", n, zero)
	}
	list, err := s.ListConsumerReports(ctx, storage.ConsumerReportFilter{Stamp: id1})
	must(t, err)
	if len(list) != 2 || list[1].ID != r1.ID {
		t.Fatalf("ListConsumerReports(stamp) = %+v", list)
	}
	got := list[1]
	if got.StampID != id1 || got.Code != "ABC" || got.ProductNumber != 1001 || got.What != r1.What ||
		got.WhereBought != "Chợ Vinh" || got.Contact != "0912 000 000" || got.Lang != "vi" || !got.At.Equal(r1.At) {
		t.Fatalf("stored report %+v, want %+v", got, r1)
	}
	all, err := s.ListConsumerReports(ctx, storage.ConsumerReportFilter{Limit: 2})
	must(t, err)
	if len(all) != 2 {
		t.Fatalf("limit 2 gave %d", len(all))
	}
	if v, acts := version(t, s), auditActions(t, s); v != v0 || len(acts) != n0 {
		t.Fatalf("consumer reports changed the version (%d -> %d) or the audit log (%d -> %d)", v0, v, n0, len(acts))
	}
}

// testConsumerReportPhoto: a report's photo is stored with its type and
// read back whole; listings only say there is one; a photo that is not
// the JPEG or PNG its type says, or too large, is refused.
func testConsumerReportPhoto(t *testing.T, s storage.Store) {
	ctx := context.Background()
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 3000)...)
	png := append([]byte("\x89PNG\r\n\x1a\n"), 1, 2, 3)
	id := uuid.New()
	with := &storage.ConsumerReport{StampID: id, What: "ảnh tem", Photo: jpeg, PhotoType: "image/jpeg"}
	must(t, s.AddConsumerReport(ctx, with))
	withPNG := &storage.ConsumerReport{StampID: id, What: "ảnh PNG", Photo: png, PhotoType: "image/png"}
	must(t, s.AddConsumerReport(ctx, withPNG))
	without := &storage.ConsumerReport{StampID: id, What: "không ảnh"}
	must(t, s.AddConsumerReport(ctx, without))
	got, typ, err := s.ConsumerReportPhoto(ctx, with.ID)
	must(t, err)
	if !bytes.Equal(got, jpeg) || typ != "image/jpeg" {
		t.Fatalf("photo back: %d bytes of %q", len(got), typ)
	}
	if got, typ, err = s.ConsumerReportPhoto(ctx, withPNG.ID); err != nil || !bytes.Equal(got, png) || typ != "image/png" {
		t.Fatalf("PNG back: %d bytes of %q, %v", len(got), typ, err)
	}
	_, _, err = s.ConsumerReportPhoto(ctx, without.ID)
	wantCode(t, err, stamp.ENotFound)
	_, _, err = s.ConsumerReportPhoto(ctx, without.ID+1000)
	wantCode(t, err, stamp.ENotFound)
	list, err := s.ListConsumerReports(ctx, storage.ConsumerReportFilter{Stamp: id})
	must(t, err)
	if len(list) != 3 || list[0].HasPhoto || !list[1].HasPhoto || !list[2].HasPhoto || list[2].Photo != nil {
		t.Fatalf("listing: %+v", list)
	}
	for _, bad := range []storage.ConsumerReport{
		{StampID: id, What: "x", Photo: []byte("GIF89a"), PhotoType: "image/gif"},
		{StampID: id, What: "x", Photo: jpeg, PhotoType: "image/png"},
		{StampID: id, What: "x", Photo: jpeg},
		{StampID: id, What: "x", PhotoType: "image/jpeg"},
		{StampID: id, What: "x", Photo: append(append([]byte{}, jpeg...), make([]byte, storage.MaxReportPhoto)...), PhotoType: "image/jpeg"},
	} {
		wantCode(t, s.AddConsumerReport(ctx, &bad), stamp.EInvalid, "photo")
	}
}

// testAuditAppendOnly checks that the database itself refuses to change or
// delete audit entries, whatever a program sends it.
func testAuditAppendOnly(t *testing.T, s storage.Store) {
	ctx := context.Background()
	must(t, s.AppendAudit(ctx, stamp.AuditEntry{Actor: actor, Action: "test.entry", Subject: "x"}))
	db, ok := s.(interface{ WriteDB() *sql.DB })
	if !ok {
		t.Skipf("%T does not expose its database", s)
	}
	for _, q := range []string{
		`UPDATE audit_log SET actor = 'someone else'`,
		`DELETE FROM audit_log`,
	} {
		if _, err := db.WriteDB().ExecContext(ctx, q); err == nil {
			t.Fatalf("%s: the database allowed it", q)
		}
	}
	es, err := s.AuditLog(ctx, time.Time{}, 0)
	must(t, err)
	if len(es) != 1 || es[0].Actor != actor {
		t.Fatalf("audit log changed: %+v", es)
	}
}

// testSessions checks console sessions: stored by hash, touched forward,
// ended one by one, per token and when idle.
func testSessions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	tok := fakeToken("clerk", stamp.RoleOffice, "secret-clerk")
	must(t, s.CreateToken(ctx, "cli:test", tok))
	if err := s.CreateSession(ctx, &storage.Session{TokenID: tok.ID}); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("session without hash: %v, want invalid", err)
	}
	if err := s.CreateSession(ctx, &storage.Session{TokenID: tok.ID + 99, Hash: sha256.Sum256([]byte("x"))}); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("session of an unknown token: %v, want invalid", err)
	}
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	a := &storage.Session{Hash: sha256.Sum256([]byte("a")), TokenID: tok.ID, CreatedAt: t0, Client: "10.0.0.1"}
	b := &storage.Session{Hash: sha256.Sum256([]byte("b")), TokenID: tok.ID, CreatedAt: t0}
	must(t, s.CreateSession(ctx, a))
	must(t, s.CreateSession(ctx, b))
	if err := s.CreateSession(ctx, a); stamp.ErrorCode(err) != stamp.EConflict {
		t.Errorf("same hash twice: %v, want conflict", err)
	}
	must(t, s.TouchSession(ctx, a.Hash, t0.Add(time.Hour)))
	must(t, s.TouchSession(ctx, a.Hash, t0.Add(time.Minute))) // never backwards
	got, err := s.SessionByHash(ctx, a.Hash)
	must(t, err)
	if got.TokenID != tok.ID || !got.SeenAt.Equal(t0.Add(time.Hour)) || !got.CreatedAt.Equal(t0) || got.Client != "10.0.0.1" {
		t.Errorf("session = %+v", got)
	}
	if n, err := s.DeleteSessionsSeenBefore(ctx, t0.Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("idle sweep removed %d, %v; want 1 (b)", n, err)
	}
	if _, err := s.SessionByHash(ctx, b.Hash); stamp.ErrorCode(err) != stamp.ENotFound {
		t.Errorf("swept session: %v, want not_found", err)
	}
	must(t, s.CreateSession(ctx, b))
	must(t, s.DeleteSession(ctx, b.Hash))
	must(t, s.DeleteSession(ctx, b.Hash))
	must(t, s.CreateSession(ctx, b))
	if n, err := s.DeleteTokenSessions(ctx, tok.ID); err != nil || n != 2 {
		t.Errorf("sign-out everywhere removed %d, %v; want 2", n, err)
	}
	if _, err := s.SessionByHash(ctx, a.Hash); stamp.ErrorCode(err) != stamp.ENotFound {
		t.Errorf("session after sign-out everywhere: %v, want not_found", err)
	}
}

// testMintJobs checks that a mint key is claimed once, progress and the
// batch are recorded, and a failed job's key can be claimed again.
func testMintJobs(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if _, _, err := s.ClaimMintJob(ctx, &storage.MintJob{Actor: "a"}); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("job without key: %v, want invalid", err)
	}
	j, ok, err := s.ClaimMintJob(ctx, &storage.MintJob{Key: "k1", Actor: "chị Lan", Count: 100})
	must(t, err)
	if !ok || j.Key != "k1" || j.Count != 100 {
		t.Fatalf("first claim = %+v, %v", j, ok)
	}
	j2, ok, err := s.ClaimMintJob(ctx, &storage.MintJob{Key: "k1", Actor: "chị Lan", Count: 100})
	must(t, err)
	if ok || j2.Key != "k1" {
		t.Errorf("second claim = %+v, %v; want the first job, not claimed", j2, ok)
	}
	must(t, s.UpdateMintJob(ctx, "k1", 40, uuid.Nil, ""))
	id := uuid.New()
	must(t, s.UpdateMintJob(ctx, "k1", 100, id, ""))
	got, err := s.MintJob(ctx, "k1")
	must(t, err)
	if got.Done != 100 || got.BatchID != id || got.Error != "" {
		t.Errorf("job = %+v", got)
	}
	_, ok, err = s.ClaimMintJob(ctx, &storage.MintJob{Key: "k2", Actor: "a", Count: 5})
	must(t, err)
	must(t, s.UpdateMintJob(ctx, "k2", 0, uuid.Nil, "no signing key"))
	if _, ok, err = s.ClaimMintJob(ctx, &storage.MintJob{Key: "k2", Actor: "a", Count: 5}); err != nil || !ok {
		t.Errorf("claim after a failure: %v, %v; want claimed", ok, err)
	}
	if _, err := s.MintJob(ctx, "nope"); stamp.ErrorCode(err) != stamp.ENotFound {
		t.Errorf("unknown job: %v", err)
	}
}

// testInbox checks the office's states and notes of reports and
// inspections.
func testInbox(t *testing.T, s storage.Store) {
	ctx := context.Background()
	r := &storage.ConsumerReport{StampID: uuid.New(), What: "tem mờ", Lang: "vi"}
	must(t, s.AddConsumerReport(ctx, r))
	st := &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: r.ID, State: storage.InboxInProgress, Note: " đã gọi người mua "}
	must(t, s.SetInboxState(ctx, "chị Lan", st))
	got, err := s.InboxStatesOf(ctx, storage.InboxConsumerReport)
	must(t, err)
	if g := got[r.ID]; g.State != storage.InboxInProgress || g.Note != "đã gọi người mua" || g.ChangedBy != "chị Lan" {
		t.Errorf("state = %+v", g)
	}
	st.State = storage.InboxClosed
	must(t, s.SetInboxState(ctx, "chị Lan", st))
	got, _ = s.InboxStatesOf(ctx, storage.InboxConsumerReport)
	if got[r.ID].State != storage.InboxClosed || len(got) != 1 {
		t.Errorf("after closing: %+v", got)
	}
	if len(auditFor(t, s, "inbox.state", "consumer_report:"+itoa(r.ID))) != 2 {
		t.Error("inbox state changes are not audited")
	}
	for _, bad := range []storage.InboxState{
		{Kind: "letter", ItemID: r.ID, State: storage.InboxNew},
		{Kind: storage.InboxConsumerReport, ItemID: r.ID, State: "lost"},
	} {
		if err := s.SetInboxState(ctx, "a", &bad); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
	if err := s.SetInboxState(ctx, "a", &storage.InboxState{Kind: storage.InboxInspection, ItemID: 999, State: storage.InboxNew}); stamp.ErrorCode(err) != stamp.ENotFound {
		t.Errorf("unknown inspection: %v, want not_found", err)
	}
}

// testConsumerReportStates checks that reports are listed and read with
// their inbox state, filtered by state and paged.
func testConsumerReportStates(t *testing.T, s storage.Store) {
	ctx := context.Background()
	var ids []int64
	for i := range 5 {
		r := &storage.ConsumerReport{StampID: uuid.New(), What: "tem lạ " + strconv.Itoa(i), Contact: "0912", Lang: "vi"}
		must(t, s.AddConsumerReport(ctx, r))
		ids = append(ids, r.ID)
	}
	must(t, s.SetInboxState(ctx, "chị Lan", &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: ids[1], State: storage.InboxSeen}))
	must(t, s.SetInboxState(ctx, "chị Lan", &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: ids[2], State: storage.InboxClosed, Note: "đã gọi lại"}))

	one, err := s.ConsumerReport(ctx, ids[2])
	must(t, err)
	if one.What != "tem lạ 2" || one.Contact != "0912" || one.State.State != storage.InboxClosed || one.State.Note != "đã gọi lại" ||
		one.State.ChangedBy != "chị Lan" || one.State.ChangedAt.IsZero() || one.State.ItemID != ids[2] {
		t.Errorf("ConsumerReport(closed) = %+v", one)
	}
	fresh, err := s.ConsumerReport(ctx, ids[0])
	must(t, err)
	if fresh.State.State != storage.InboxNew || fresh.State.ChangedBy != "" || !fresh.State.ChangedAt.IsZero() {
		t.Errorf("a report nobody opened: state %+v, want new", fresh.State)
	}
	wantCode(t, func() error { _, err := s.ConsumerReport(ctx, 99999); return err }(), stamp.ENotFound, "99999")

	list := func(f storage.ConsumerReportFilter) []int64 {
		t.Helper()
		rs, err := s.ListConsumerReports(ctx, f)
		must(t, err)
		out := []int64{}
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	rev := func(is ...int) []int64 {
		out := []int64{}
		for _, i := range is {
			out = append(out, ids[i])
		}
		return out
	}
	for _, c := range []struct {
		name string
		f    storage.ConsumerReportFilter
		want []int64
	}{
		{"all", storage.ConsumerReportFilter{}, rev(4, 3, 2, 1, 0)},
		{"not closed", storage.ConsumerReportFilter{States: storage.InboxOpenStates}, rev(4, 3, 1, 0)},
		{"new", storage.ConsumerReportFilter{States: []string{storage.InboxNew}}, rev(4, 3, 0)},
		{"closed", storage.ConsumerReportFilter{States: []string{storage.InboxClosed}}, rev(2)},
		{"first page", storage.ConsumerReportFilter{Limit: 2}, rev(4, 3)},
		{"second page", storage.ConsumerReportFilter{Limit: 2, Before: ids[3]}, rev(2, 1)},
		{"last page", storage.ConsumerReportFilter{Limit: 2, Before: ids[1]}, rev(0)},
		{"page of open ones", storage.ConsumerReportFilter{Limit: 2, Before: ids[3], States: storage.InboxOpenStates}, rev(1, 0)},
		{"unknown cursor", storage.ConsumerReportFilter{Before: 99999}, []int64{}},
	} {
		if got := list(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s: ids %v, want %v", c.name, got, c.want)
		}
	}
	_, err = s.ListConsumerReports(ctx, storage.ConsumerReportFilter{States: []string{"lost"}})
	wantCode(t, err, stamp.EInvalid, "lost")
}

// testInboxTransitions checks the conditional state changes the
// consumer-report commands make: close only what is not closed, mark seen
// only what is new, and two concurrent closes of one report: one wins.
func testInboxTransitions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	r := &storage.ConsumerReport{StampID: uuid.New(), What: "tem mờ", Lang: "vi"}
	must(t, s.AddConsumerReport(ctx, r))
	state := func(st string) *storage.InboxState {
		return &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: r.ID, State: st}
	}
	must(t, s.SetInboxState(ctx, "anh Minh", state(storage.InboxSeen), storage.InboxNew))
	// Seen again: refused, the first opening stays recorded.
	wantCode(t, s.SetInboxState(ctx, "chị Lan", state(storage.InboxSeen), storage.InboxNew), stamp.EConflict, "already seen", "anh Minh")
	closing := state(storage.InboxClosed)
	closing.Note = "đã xác minh: tem thật"
	must(t, s.SetInboxState(ctx, "chị Lan", closing, storage.InboxOpenStates...))
	if closing.ChangedBy != "chị Lan" || closing.ChangedAt.IsZero() {
		t.Errorf("close did not fill who and when: %+v", closing)
	}
	again := state(storage.InboxClosed)
	again.Note = "lần hai"
	wantCode(t, s.SetInboxState(ctx, "anh Minh", again, storage.InboxOpenStates...), stamp.EConflict, "already closed", "chị Lan")
	got, err := s.ConsumerReport(ctx, r.ID)
	must(t, err)
	if got.State.Note != "đã xác minh: tem thật" || got.State.ChangedBy != "chị Lan" {
		t.Errorf("a refused close changed the report: %+v", got.State)
	}
	if n := len(auditFor(t, s, "inbox.state", "consumer_report:"+itoa(r.ID))); n != 2 {
		t.Errorf("%d audit entries, want 2 (seen, closed; nothing for the refused changes)", n)
	}
	wantCode(t, s.SetInboxState(ctx, "a", state(storage.InboxClosed), "lost"), stamp.EInvalid, "lost")

	// Concurrent closes of one new report: exactly one succeeds, the others
	// are conflicts.
	r2 := &storage.ConsumerReport{StampID: uuid.New(), What: "tem lạ", Lang: "vi"}
	must(t, s.AddConsumerReport(ctx, r2))
	const n = 6
	errs := make(chan error, n)
	for i := range n {
		go func() {
			st := &storage.InboxState{Kind: storage.InboxConsumerReport, ItemID: r2.ID, State: storage.InboxClosed, Note: "đóng " + strconv.Itoa(i)}
			errs <- s.SetInboxState(ctx, "người "+strconv.Itoa(i), st, storage.InboxOpenStates...)
		}()
	}
	ok := 0
	for range n {
		switch err := <-errs; {
		case err == nil:
			ok++
		case stamp.ErrorCode(err) != stamp.EConflict:
			t.Errorf("concurrent close: %v, want a conflict", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d concurrent closes succeeded, want 1", ok)
	}
}
