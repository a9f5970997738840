package verify

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// snapWorld is a registry in SQLite with stamps in every state a snapshot
// must tell apart, and the keys: a (active, signs the snapshot) and c
// (compromised between two of its batches).
type snapWorld struct {
	store         storage.Store
	a, c          *stamp.Signer
	keys          *stamp.KeySet // a active, c compromised at compromisedAt
	compromisedAt time.Time
	now           time.Time
	good, revoked stamp.Stamp // batch "good": one stamp revoked on its own
	inRevoked     stamp.Stamp // a stamp of a revoked batch
	suspended     stamp.Stamp // product whose certification is suspended
	expiring      stamp.Stamp // product whose certification expires in 5 days
	beforeC       stamp.Stamp // under key c, minted before its compromise
	afterC        stamp.Stamp // under key c, minted after
}

const snapActor = "cán bộ kiểm thử"

// seededSigner is storagetest.Signer's key made from seed, with its
// public key to build key sets of other states from.
func seededSigner(t testing.TB, seed byte) (*stamp.Signer, stamp.PublicKey) {
	t.Helper()
	s, ks := storagetest.Signer(t, seed)
	return s, *ks.Lookup(s.KeyID())
}

func newSnapWorld(t *testing.T) *snapWorld { return newSnapWorldOn(t, storagetest.OpenSQLite(t)) }

func newSnapWorldOn(t *testing.T, st storage.Store) *snapWorld {
	t.Helper()
	ctx := context.Background()
	w := &snapWorld{store: st}
	var pa, pc stamp.PublicKey
	w.a, pa = seededSigner(t, 1)
	w.c, pc = seededSigner(t, 3)
	s := w.store
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	today := stamp.DateOf(time.Now())
	must(s.ImportFacilities(ctx, snapActor, []stamp.Facility{
		{Code: "HT-CS-001", Name: "HTX Ong mật Vũ Quang (mẫu)", District: "Vũ Quang", Phone: "0239 000 001"},
		{Code: "HT-CS-002", Name: "Cơ sở Nước mắm Cẩm Nhượng (mẫu)", District: "Cẩm Xuyên"},
	}))
	must(s.ImportProducts(ctx, snapActor, []stamp.Product{
		{Number: 1001, FacilityCode: "HT-CS-001", Name: "Mật ong rừng Vũ Quang", Group: "Thực phẩm"},
		{Number: 1002, FacilityCode: "HT-CS-002", Name: "Nước mắm Cẩm Nhượng", Group: "Thực phẩm"},
		{Number: 1003, FacilityCode: "HT-CS-002", Name: "Ruốc Cẩm Nhượng", Group: "Thực phẩm"},
	}))
	certs := []stamp.Certification{
		{ProductNumber: 1001, Rank: stamp.Rank4, DecisionNumber: "101/QĐ-UBND", DecisionDate: today.AddMonths(-6)},
		{ProductNumber: 1002, Rank: stamp.Rank3, DecisionNumber: "102/QĐ-UBND", DecisionDate: today.AddMonths(-6)},
		{ProductNumber: 1003, Rank: stamp.RankParticipating, DecisionNumber: "103/QĐ-UBND", DecisionDate: today.AddMonths(-6), ExpiresOn: today.AddDays(5)},
	}
	must(s.ImportCertifications(ctx, snapActor, certs))
	mint := func(signer *stamp.Signer, product uint32, n int) (*stamp.Batch, []stamp.Stamp) {
		t.Helper()
		m := &stamp.Minter{Store: s, Signer: signer}
		b, err := m.Mint(ctx, stamp.MintRequest{ProductNumber: product, Count: n, Lot: "LÔ-1", MintedBy: snapActor, ProducedOn: today})
		must(err)
		var out []stamp.Stamp
		must(s.BatchStamps(ctx, b.ID, 0, 0, func(st stamp.Stamp) error { out = append(out, st); return nil }))
		return b, out
	}
	_, good := mint(w.a, 1001, 10)
	w.good, w.revoked = good[0], good[1]
	must(s.RevokeStamp(ctx, snapActor, w.revoked.ID, "tem bị mất cắp"))
	rb, rs := mint(w.a, 1001, 5)
	w.inRevoked = rs[2]
	must(s.RevokeBatch(ctx, snapActor, rb.ID, "in lỗi cả lô"))
	_, ss := mint(w.a, 1002, 3)
	w.suspended = ss[0]
	must(s.SetCertificationStatus(ctx, snapActor, certs[1].ID, stamp.CertSuspended, "chờ kiểm nghiệm lại"))
	_, es := mint(w.a, 1003, 3)
	w.expiring = es[0]
	_, bc := mint(w.c, 1001, 3)
	w.beforeC = bc[0]
	time.Sleep(2 * time.Millisecond) // the store's clock is microseconds
	w.compromisedAt = time.Now().UTC()
	time.Sleep(2 * time.Millisecond)
	_, ac := mint(w.c, 1001, 3)
	w.afterC = ac[0]
	pc.State, pc.CompromisedAt = stamp.KeyCompromised, &w.compromisedAt
	keys, err := stamp.NewKeySet(pa, pc)
	must(err)
	w.keys = keys
	w.now = time.Now()
	return w
}

func (w *snapWorld) build(t *testing.T) []byte {
	t.Helper()
	data, sum, err := BuildSnapshot(context.Background(), w.store, w.a, w.keys, w.now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Products != 3 || sum.Facilities != 2 || sum.Certifications != 3 || sum.Batches != 6 || sum.RevokedBatches != 1 ||
		sum.RevokedStamps != 1 || sum.SignedBy != w.a.KeyID().String() || sum.Bytes != len(data) {
		t.Fatalf("summary %+v", sum)
	}
	return data
}

// v7 returns a UUIDv7 dated t.
func v7(t time.Time, n byte) uuid.UUID {
	var id uuid.UUID
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(t.UnixMilli()))
	copy(id[:6], ms[2:])
	id[6], id[8], id[15] = 0x70, 0x80, n
	return id
}

func TestSnapshotVerdicts(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testSnapshotVerdicts(t, newSnapWorldOn(t, storagetest.OpenSQLite(t))) })
	t.Run("postgres", func(t *testing.T) { testSnapshotVerdicts(t, newSnapWorldOn(t, storagetest.OpenPostgres(t))) })
}

func testSnapshotVerdicts(t *testing.T, w *snapWorld) {
	data := w.build(t)
	trusted, err := stamp.NewKeySet(*w.keys.Lookup(w.a.KeyID())) // the inspector's keys.json knows only a
	if err != nil {
		t.Fatal(err)
	}
	snap, err := OpenSnapshot(data, trusted)
	if err != nil {
		t.Fatal(err)
	}
	if k := snap.Keys().Lookup(w.c.KeyID()); k == nil || k.State != stamp.KeyCompromised {
		t.Fatalf("the snapshot's key set did not teach the compromise of key c: %+v", k)
	}
	forged := w.good.Code()
	forged.Signature[0] ^= 1
	later := w.now.Add(10 * 24 * time.Hour)
	cases := []struct {
		name    string
		text    string
		now     time.Time
		verdict stamp.Verdict
		reason  string
	}{
		{"genuine", w.good.Code().URL("https://txng.example.vn"), w.now, stamp.Genuine, ""},
		{"stamp revoked", w.revoked.Code().Text(), w.now, stamp.Revoked, stamp.ReasonStampRevoked},
		{"batch revoked", w.inRevoked.Code().Text(), w.now, stamp.Revoked, stamp.ReasonBatchRevoked},
		{"certification suspended", w.suspended.Code().Text(), w.now, stamp.CertificationInvalid, stamp.ReasonCertSuspended},
		{"certification valid today", w.expiring.Code().Text(), w.now, stamp.Genuine, ""},
		{"certification expired since", w.expiring.Code().Text(), later, stamp.CertificationInvalid, stamp.ReasonCertExpired},
		{"unknown stamp", w.a.Sign(1001, v7(w.now.Add(-time.Hour), 1)).Text(), w.now, stamp.Unknown, stamp.ReasonNotInSnapshot},
		{"unknown stamp, not a v7 id", w.a.Sign(1001, uuid.UUID{}).Text(), w.now, stamp.Unknown, stamp.ReasonNotInSnapshot},
		{"minted after the snapshot", w.a.Sign(1001, v7(w.now.Add(time.Hour), 1)).Text(), w.now, stamp.CheckOnline, stamp.ReasonNewerThanSnapshot},
		{"valid signature, another product", w.a.Sign(1002, w.good.ID).Text(), w.now, stamp.Unknown, stamp.ReasonNotInSnapshot},
		{"revoked id under another product", w.a.Sign(1002, w.revoked.ID).Text(), w.now, stamp.NotGenuine, stamp.ReasonRegistryMismatch},
		{"bad signature", forged.Text(), w.now, stamp.NotGenuine, stamp.ReasonBadSignature},
		{"compromised key, minted before", w.beforeC.Code().Text(), w.now, stamp.CheckOnline, stamp.ReasonKeyCompromised},
		{"compromised key, minted after", w.afterC.Code().Text(), w.now, stamp.NotGenuine, stamp.ReasonKeyCompromised},
		{"compromised key, not in the registry", w.c.Sign(1001, v7(w.now.Add(-time.Hour), 2)).Text(), w.now, stamp.NotGenuine, stamp.ReasonKeyCompromised},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := snap.Check(c.text, c.now)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != c.verdict || r.Reason != c.reason {
				t.Fatalf("verdict %s/%s, want %s/%s", r.Verdict, r.Reason, c.verdict, c.reason)
			}
			msg := OfflineMessage(r, &snap.summary.GeneratedAt, wording.LangEN)
			if msg == "" || strings.Contains(msg, "could not be checked") {
				t.Errorf("message %q", msg)
			}
		})
	}

	r, _ := snap.Check(w.good.Code().Text(), w.now)
	if r.Product == nil || r.Product.Name != "Mật ong rừng Vũ Quang" || r.Facility == nil || r.Facility.Name != "HTX Ong mật Vũ Quang (mẫu)" ||
		r.Certification == nil || r.Certification.Rank != 4 || r.Certification.Status != stamp.CertValid ||
		r.Stamp == nil || r.Stamp.ID != w.good.ID.String() || r.Stamp.BatchID != w.good.BatchID.String() || r.Stamp.Lot != "LÔ-1" {
		t.Fatalf("genuine result lacks the registry's details: %+v", r)
	}
	if msg := OfflineMessage(r, &snap.summary.GeneratedAt, wording.LangVI); !strings.Contains(msg, "theo dữ liệu ngày") {
		t.Errorf("Vietnamese message %q", msg)
	}
	r, _ = snap.Check(w.revoked.Code().Text(), w.now)
	if r.Stamp == nil || r.Stamp.RevokeReason != "tem bị mất cắp" || !strings.Contains(OfflineMessage(r, nil, wording.LangEN), "tem bị mất cắp") {
		t.Errorf("revoked stamp: %+v", r.Stamp)
	}
	r, _ = snap.Check(w.inRevoked.Code().Text(), w.now)
	if r.Stamp == nil || r.Stamp.RevokeReason != "in lỗi cả lô" {
		t.Errorf("stamp of a revoked batch: %+v", r.Stamp)
	}
	if _, err := snap.Check("HELLO", w.now); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("malformed text: %v", err)
	}
}

func TestSnapshotDeterministic(t *testing.T) {
	w := newSnapWorld(t)
	one, two := w.build(t), w.build(t)
	if !bytes.Equal(one, two) {
		t.Fatal("two snapshots of the same registry at the same time differ")
	}
	var buf bytes.Buffer
	if _, err := WriteSnapshot(context.Background(), &buf, w.store, w.a, w.keys, w.now); err != nil || !bytes.Equal(buf.Bytes(), one) {
		t.Fatalf("WriteSnapshot: %v", err)
	}
	// The body is the canonical JSON the format describes.
	var env snapshotEnvelope
	if err := json.Unmarshal(one, &env); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"format":"ocop-snapshot/1","generated_at":"`, `"facilities":[{"code":"HT-CS-001"`, `"revoked_stamps":[{"id":"`} {
		if !bytes.Contains(env.Body, []byte(want)) {
			t.Errorf("body lacks %s", want)
		}
	}
	if bytes.ContainsAny(env.Body, "\n\t") || bytes.Contains(env.Body, []byte(`\u003c`)) {
		t.Error("body is not compact JSON")
	}
}

// TestSnapshotRefused tampers with a snapshot in every way a verifier must
// notice.
func TestSnapshotRefused(t *testing.T) {
	w := newSnapWorld(t)
	data := w.build(t)
	pa := *w.keys.Lookup(w.a.KeyID())
	trusted, _ := stamp.NewKeySet(pa)
	var env snapshotEnvelope
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatal(err)
	}
	reseal := func(change func(e *snapshotEnvelope)) []byte {
		e := env
		e.Body = append([]byte(nil), env.Body...)
		change(&e)
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	x, px := seededSigner(t, 9)
	retiredEarly := pa
	early := w.now.Add(-time.Hour)
	retiredEarly.State, retiredEarly.RetiredAt = stamp.KeyRetired, &early
	compromised := pa
	compromised.State, compromised.CompromisedAt = stamp.KeyCompromised, &early
	onlyX, _ := stamp.NewKeySet(px)
	pxRetired := px
	pxRetired.State = stamp.KeyRetired
	withX, err := stamp.NewKeySet(pxRetired, pa)
	if err != nil {
		t.Fatal(err)
	}
	ks := func(k stamp.PublicKey) *stamp.KeySet {
		s, err := stamp.NewKeySet(k)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct {
		name    string
		data    []byte
		trusted *stamp.KeySet
		says    string
	}{
		{"byte of the body flipped", reseal(func(e *snapshotEnvelope) { e.Body[40] ^= 1 }), trusted, "signature does not verify"},
		{"revocation removed", reseal(func(e *snapshotEnvelope) {
			e.Body = bytes.Replace(e.Body, []byte(`"revoke_reason":"in lỗi cả lô"`), []byte(`"revoke_reason":""`), 1)
		}), trusted, "signature does not verify"},
		{"signature flipped", reseal(func(e *snapshotEnvelope) { e.Signature = append([]byte(nil), e.Signature...); e.Signature[5] ^= 1 }), trusted, "signature does not verify"},
		{"re-signed by another key", reseal(func(e *snapshotEnvelope) {
			e.KeyID, e.Signature = x.KeyID().String(), x.SignMessage(SnapshotPrefix, e.Body)
		}), trusted, "not among the trusted public keys"},
		{"key id swapped to a trusted key", reseal(func(e *snapshotEnvelope) { e.KeyID = x.KeyID().String() }), withX, "signature does not verify"},
		{"wrong trusted keys", data, onlyX, "not among the trusted public keys"},
		{"signing key compromised", data, ks(compromised), "compromised since"},
		{"signed after the key was retired", data, ks(retiredEarly), "retired at"},
		{"signature of a code, not a snapshot", reseal(func(e *snapshotEnvelope) {
			c := w.a.Sign(1, uuid.UUID{})
			e.Signature = c.Signature[:]
		}), trusted, "signature does not verify"},
		{"not a snapshot", []byte(`{"format":"ocop-stamp-keys/1","keys":[]}`), trusted, "not a registry snapshot file"},
		{"other format", reseal(func(e *snapshotEnvelope) { e.Format = "ocop-snapshot/2" }), trusted, `format "ocop-snapshot/2"`},
		{"empty", nil, trusted, "not a registry snapshot file"},
		// The same bytes spelt differently: encoding/json's base64 accepted both.
		{"body with line breaks", respell(t, data, "body", func(b64 string) string { return b64[:76] + "\\n" + b64[76:] }), trusted, "not canonical base64"},
		{"signature with non-zero pad bits", respell(t, data, "signature", func(b64 string) string {
			const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
			i := len(b64) - 3 // the last data character before "=="; its low 4 bits are padding
			return b64[:i] + string(alphabet[strings.IndexByte(alphabet, b64[i])^1]) + b64[i+1:]
		}), trusted, "not canonical base64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := OpenSnapshot(c.data, c.trusted)
			if err == nil || stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want one line saying %q", err, c.says)
			}
		})
	}
	// A retired key signed snapshots before its retirement: still good.
	later := w.now.Add(time.Hour)
	retiredLater := pa
	retiredLater.State, retiredLater.RetiredAt = stamp.KeyRetired, &later
	if _, err := OpenSnapshot(data, ks(retiredLater)); err != nil {
		t.Fatalf("snapshot signed before its key was retired: %v", err)
	}
	// The office cannot sign with a retired or unknown key.
	if _, _, err := BuildSnapshot(context.Background(), w.store, w.c, w.keys, w.now); err == nil || !strings.Contains(err.Error(), "compromised") {
		t.Fatalf("snapshot signed with the compromised key: %v", err)
	}
	if _, _, err := BuildSnapshot(context.Background(), w.store, x, w.keys, w.now); err == nil || !strings.Contains(err.Error(), "not in the key set") {
		t.Fatalf("snapshot signed with a foreign key: %v", err)
	}
}

// respell rewrites the base64 text of member name of a snapshot envelope
// (the raw JSON string, escapes included) with change.
func respell(t *testing.T, data []byte, name string, change func(string) string) []byte {
	t.Helper()
	key := []byte(`"` + name + `": "`) // the envelope is indented
	i := bytes.Index(data, key)
	if i < 0 {
		t.Fatalf("no %s in the envelope", name)
	}
	start := i + len(key)
	end := start + bytes.IndexByte(data[start:], '"')
	out := append([]byte(nil), data[:start]...)
	out = append(out, change(string(data[start:end]))...)
	return append(out, data[end:]...)
}

// TestSnapshotOverlappingBatches mints two batches of one product whose
// stamp ids are random (their spans overlap wholly), revokes one, and
// requires every stamp of each to get its own batch's verdict.
func TestSnapshotOverlappingBatches(t *testing.T) {
	w := newSnapWorld(t)
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(1, 2))
	var batches [2][]stamp.Stamp
	var ids [2]uuid.UUID
	for i := range batches {
		b := &stamp.Batch{ID: uuid.New(), ProductNumber: 1001, Count: 40, KeyID: w.a.KeyID(), MintedBy: snapActor}
		var sts []stamp.Stamp
		done := false
		err := w.store.CreateBatch(ctx, b, func() ([]stamp.Stamp, error) {
			if done {
				return nil, nil
			}
			done = true
			for range b.Count {
				var id uuid.UUID
				for j := range id {
					id[j] = byte(rnd.Uint32())
				}
				c := w.a.Sign(1001, id)
				sts = append(sts, stamp.Stamp{ID: id, KeyID: c.KeyID, Signature: c.Signature})
			}
			return sts, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		batches[i], ids[i] = sts, b.ID
	}
	if err := w.store.RevokeBatch(ctx, snapActor, ids[0], "lô giả mạo"); err != nil {
		t.Fatal(err)
	}
	data, sum, err := BuildSnapshot(ctx, w.store, w.a, w.keys, w.now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.RevokedStamps <= 1 {
		t.Fatalf("overlapping spans listed no stamps of the revoked batch: %+v", sum)
	}
	snap, err := OpenSnapshot(data, w.keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []stamp.Verdict{stamp.Revoked, stamp.Genuine} {
		for _, st := range batches[i] {
			r, err := snap.Check(st.Code().Text(), w.now)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != want || r.Stamp.BatchID != ids[i].String() {
				t.Fatalf("stamp %s of batch %d: %s in batch %s, want %s in %s", st.ID, i, r.Verdict, r.Stamp.BatchID, want, ids[i])
			}
		}
	}
}
