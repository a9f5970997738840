package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
)

// TestLookup runs every verdict on SQLite and PostgreSQL, with and without
// Redis in front.
func TestLookup(t *testing.T) {
	for _, be := range backends {
		for _, withRedis := range []bool{false, true} {
			name := be.name
			if withRedis {
				name += "+redis"
			}
			t.Run(name, func(t *testing.T) {
				s := be.open(t)
				var w *world
				if withRedis {
					rdb, prefix := redistest.Client(t)
					w = newWorld(t, s, rdb, prefix)
				} else {
					w = newWorld(t, s, nil, "")
				}
				testLookup(t, w)
			})
		}
	}
}

func testLookup(t *testing.T, w *world) {
	ctx := context.Background()
	reg := w.reg
	scans := map[uuid.UUID]int64{} // expected recorded scans per stamp
	client := func(i int) Client {
		return Client{Addr: fmt.Sprintf("203.0.%d.7", i), UserAgent: "test", Channel: stamp.ChannelAPI} // one network each
	}
	lookup := func(t *testing.T, text string, cl Client, verdict stamp.Verdict, reason string) *Result {
		t.Helper()
		r, err := w.svc.Lookup(ctx, text, cl)
		if err != nil {
			t.Fatalf("lookup: %v", err)
		}
		if r.Verdict != verdict || r.Reason != reason {
			t.Fatalf("verdict %s/%s, want %s/%s", r.Verdict, r.Reason, verdict, reason)
		}
		if r.Code.SignatureValid {
			id, _ := uuid.Parse(r.Code.StampID)
			scans[id]++
		}
		return r
	}
	text := func(s stamp.Stamp) string { return s.Code().URL("https://txng.example.vn") }

	t.Run("forged codes touch neither store nor redis", func(t *testing.T) {
		forged := reg.good[0].Code()
		forged.Signature[10] ^= 0x40
		unknownKey := reg.stranger.Sign(1, reg.good[0].ID)
		storeBefore, redisBefore, depth := w.store.calls.Load(), w.rdbCalls.Load(), w.rec.Depth()
		for i := 0; i < 3; i++ {
			lookup(t, forged.Text(), client(1), stamp.NotGenuine, stamp.ReasonBadSignature)
			r := lookup(t, unknownKey.Text(), client(1), stamp.NotGenuine, stamp.ReasonUnknownKey)
			if r.Code.SignatureValid || r.Code.KeyState != "" || r.Stamp != nil {
				t.Fatalf("unknown key result %+v", r)
			}
		}
		if w.store.calls.Load() != storeBefore || w.rdbCalls.Load() != redisBefore || w.rec.Depth() != depth {
			t.Fatalf("forged lookups made %d store calls, %d redis commands, queued %d scans",
				w.store.calls.Load()-storeBefore, w.rdbCalls.Load()-redisBefore, w.rec.Depth()-depth)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		_, err := w.svc.Lookup(ctx, "https://txng.example.vn/s/NOTACODE", client(1))
		var ce *stamp.CodeError
		if !errors.As(err, &ce) || stamp.ErrorCode(err) != stamp.EInvalid {
			t.Fatalf("error %v, want a code error", err)
		}
	})
	t.Run("verdicts", func(t *testing.T) {
		cases := []struct {
			name    string
			text    string
			verdict stamp.Verdict
			reason  string
		}{
			{"genuine", text(reg.good[0]), stamp.Genuine, ""},
			{"compromised key, minted before", text(reg.compB[0]), stamp.Genuine, ""},
			{"compromised key, minted after", text(reg.compA[0]), stamp.NotGenuine, stamp.ReasonKeyCompromised},
			{"compromised key, not in registry", reg.compBefore.Sign(1, uuid.New()).Text(), stamp.NotGenuine, stamp.ReasonKeyCompromised},
			{"not in registry", reg.active.Sign(1, uuid.New()).Text(), stamp.Unknown, stamp.ReasonNotInRegistry},
			{"other product number", reg.active.Sign(2, reg.good[1].ID).Text(), stamp.NotGenuine, stamp.ReasonRegistryMismatch},
			{"certification expired", text(reg.expired[0]), stamp.CertificationInvalid, stamp.ReasonCertExpired},
			{"certification suspended", text(reg.suspended[0]), stamp.CertificationInvalid, stamp.ReasonCertSuspended},
			{"certification withdrawn", text(reg.withd[0]), stamp.CertificationInvalid, stamp.ReasonCertWithdrawn},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for i := 0; i < 2; i++ { // the second one from the cache, when there is one
					r := lookup(t, c.text, client(1), c.verdict, c.reason)
					if c.verdict == stamp.Genuine {
						if r.Product.Name != "Cam Khe Mây" || r.Facility.District != "Hương Khê" || r.Certification.Rank != 4 ||
							len(r.PointsOfSale) != 1 || r.Stamp.Serial == "" || r.Scans == nil || r.Scans.Count < 1 {
							t.Fatalf("genuine result lacks sections: %+v", r)
						}
					}
				}
			})
		}
	})
	t.Run("revoke stamp and batch", func(t *testing.T) {
		st, other := reg.good[2], reg.other[0]
		lookup(t, text(st), client(1), stamp.Genuine, "")
		lookup(t, text(other), client(1), stamp.Genuine, "")
		if err := w.store.RevokeStamp(ctx, "test", st.ID, "cuộn tem bị mất"); err != nil {
			t.Fatal(err)
		}
		if err := w.store.RevokeBatch(ctx, "test", reg.otherBatch.ID, "thu hồi lô"); err != nil {
			t.Fatal(err)
		}
		w.waitVersion(t)
		r := lookup(t, text(st), client(1), stamp.Revoked, stamp.ReasonStampRevoked)
		if r.Stamp.RevokeReason != "cuộn tem bị mất" || r.Stamp.RevokedAt == nil {
			t.Fatalf("stamp %+v", r.Stamp)
		}
		r = lookup(t, text(other), client(1), stamp.Revoked, stamp.ReasonBatchRevoked)
		if r.Stamp.RevokeReason != "thu hồi lô" || r.Stamp.RevokedAt == nil {
			t.Fatalf("stamp %+v", r.Stamp)
		}
	})
	t.Run("suspicious after many distinct clients", func(t *testing.T) {
		st := reg.good[4]
		for i := 10; i < 12; i++ {
			lookup(t, text(st), client(i), stamp.Genuine, "")
		}
		if err := w.rec.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		r := lookup(t, text(st), client(10), stamp.Genuine, "") // 2 distinct so far; threshold 3
		if r.Scans.Count != 3 || r.Scans.DistinctClients != 2 || r.Scans.FirstAt == nil {
			t.Fatalf("scans %+v", r.Scans)
		}
		for i := 12; i < 14; i++ {
			lookup(t, text(st), client(i), stamp.Genuine, "") // not yet flushed: detection lags
		}
		if err := w.rec.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		// Four networks, but all within a minute: not suspicious before the
		// stamp has a day of scans.
		r = lookup(t, text(st), client(20), stamp.Genuine, "")
		if r.Scans.DistinctClients != 4 {
			t.Fatalf("scans %+v", r.Scans)
		}
		// Flushed here, not left to the recorder's timer: whether the
		// background flush lands before the next lookup would decide the
		// counts below (the test failed that way on a loaded machine).
		if err := w.rec.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		storeBefore := w.store.calls.Load()
		w.svc.Now = func() time.Time { return time.Now().Add(SuspicionMinSpan) } // a day later
		defer func() { w.svc.Now = nil }()
		r = lookup(t, text(st), client(21), stamp.Suspicious, stamp.ReasonManyScanners)
		if r.Scans.Count != 7 || r.Scans.DistinctClients != 5 || r.Scans.FirstAt == nil || r.Product == nil {
			t.Fatalf("scans %+v", r.Scans)
		}
		if w.cache != nil && w.store.calls.Load() != storeBefore {
			t.Fatalf("a cached lookup with known statistics made %d store calls", w.store.calls.Load()-storeBefore)
		}
	})
	t.Run("serial", func(t *testing.T) {
		cl := client(1)
		cl.Channel = stamp.ChannelSerial
		r, err := w.svc.LookupSerial(ctx, stamp.FormatSerial(reg.good[5].Serial), cl)
		// A typed serial is never genuine (issue 10): it only proves the
		// serial exists; a copied label carries a real serial too.
		if err != nil || r.Verdict != stamp.SerialFound || r.Reason != stamp.ReasonTypedSerial ||
			r.Code.StampID != reg.good[5].ID.String() || r.Product == nil || r.Stamp == nil || r.Scans == nil {
			t.Fatalf("serial lookup: %+v, %v", r, err)
		}
		scans[reg.good[5].ID]++
		if _, err := w.svc.LookupSerial(ctx, "0000-00001-1", cl); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Fatalf("bad check digit: %v", err)
		}
		r, err = w.svc.LookupSerial(ctx, stamp.FormatSerial(999_999_000), cl)
		if err != nil || r.Verdict != stamp.Unknown || r.Reason != stamp.ReasonNotInRegistry {
			t.Fatalf("unknown serial: %+v, %v", r, err)
		}
	})
	t.Run("every scan recorded", func(t *testing.T) {
		if err := w.rec.Close(ctx); err != nil {
			t.Fatal(err)
		}
		evs, err := w.store.Store.StampScans(ctx, reg.good[0].ID, 10)
		if err != nil || len(evs) == 0 {
			t.Fatalf("scans of a looked-up stamp: %v %v", evs, err)
		}
		for _, e := range evs {
			if e.Channel != stamp.ChannelAPI || e.Verdict != string(stamp.Genuine) || len(e.ClientHash) != 64 ||
				strings.Contains(e.ClientHash, "203.0.113") || e.At.IsZero() {
				t.Errorf("recorded scan %+v", e)
			}
		}
		for id, want := range scans {
			st, err := w.store.Store.ScanStats(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Count != want {
				t.Errorf("stamp %s: %d scans recorded, want %d", id, st.Count, want)
			}
		}
	})
}
