package storagetest

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// RunSnapshots checks the storage.Snapshots methods of stores from open (a
// fresh, empty store per call).
func RunSnapshots(t *testing.T, open func(t *testing.T) storage.Store) {
	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ctx := context.Background()
		certs, err := s.CurrentCertifications(ctx)
		must(t, err)
		ranges, err := s.StampIDRanges(ctx)
		must(t, err)
		n := 0
		must(t, s.RevokedStamps(ctx, func(stamp.Stamp) error { n++; return nil }))
		if len(certs) != 0 || len(ranges) != 0 || n != 0 {
			t.Fatalf("empty store: %d certifications, %d ranges, %d revoked stamps", len(certs), len(ranges), n)
		}
	})
	t.Run("Registry", func(t *testing.T) {
		t.Parallel()
		testSnapshotReads(t, open(t))
	})
}

func testSnapshotReads(t *testing.T, s storage.Store) {
	ctx := context.Background()
	seed(t, s, "HT-CS-001", "Hương Khê", 1001)
	seed(t, s, "HT-CS-002", "Can Lộc", 1002)
	must(t, s.CreateProduct(ctx, actor, sampleProduct(1003, "HT-CS-002"))) // no certification
	b1 := mint(t, s, 1001, 300)
	b2 := mint(t, s, 1002, 5)
	// A later decision replaces the current certification, even suspended.
	later := sampleCert(1002, "QĐ-mới", today().AddDays(-2))
	later.Status, later.StatusReason = stamp.CertSuspended, "kiểm tra lại"
	_, err := s.AddCertification(ctx, actor, later)
	must(t, err)

	certs, err := s.CurrentCertifications(ctx)
	must(t, err)
	if len(certs) != 2 || certs[0].ProductNumber != 1001 || certs[1].ProductNumber != 1002 ||
		certs[0].DecisionNumber != "QĐ-HT-CS-001" || certs[1].DecisionNumber != "QĐ-mới" || certs[1].Status != stamp.CertSuspended {
		t.Fatalf("current certifications: %+v", certs)
	}
	for _, c := range certs {
		cur, err := s.CurrentCertification(ctx, c.ProductNumber)
		must(t, err)
		if cur.ID != c.ID {
			t.Errorf("product %d: CurrentCertifications gives %d, CurrentCertification %d", c.ProductNumber, c.ID, cur.ID)
		}
	}

	ranges, err := s.StampIDRanges(ctx)
	must(t, err)
	if len(ranges) != 2 || bytes.Compare(ranges[0].Batch[:], ranges[1].Batch[:]) >= 0 {
		t.Fatalf("ranges %+v: want two, by batch id", ranges)
	}
	for _, b := range []*stamp.Batch{b1, b2} {
		var lo, hi uuid.UUID
		first := true
		must(t, s.BatchStamps(ctx, b.ID, 0, 0, func(st stamp.Stamp) error {
			if first || bytes.Compare(st.ID[:], lo[:]) < 0 {
				lo = st.ID
			}
			if first || bytes.Compare(st.ID[:], hi[:]) > 0 {
				hi = st.ID
			}
			first = false
			return nil
		}))
		var got *storage.StampIDRange
		for i := range ranges {
			if ranges[i].Batch == b.ID {
				got = &ranges[i]
			}
		}
		if got == nil || got.First != lo || got.Last != hi {
			t.Fatalf("batch %s: range %+v, want %s … %s", b.ID, got, lo, hi)
		}
	}

	// Only stamps revoked on their own are listed, in serial order.
	var ids []uuid.UUID
	must(t, s.BatchStamps(ctx, b1.ID, b1.FirstSerial+10, b1.FirstSerial+12, func(st stamp.Stamp) error {
		ids = append(ids, st.ID)
		return nil
	}))
	must(t, s.RevokeStamp(ctx, actor, ids[2], "tem bị mất"))
	_, err = s.RevokeSerials(ctx, actor, b1.FirstSerial+10, b1.FirstSerial+11, "cuộn tem hỏng")
	must(t, err)
	must(t, s.RevokeBatch(ctx, actor, b2.ID, "thu hồi lô"))
	var revoked []stamp.Stamp
	must(t, s.RevokedStamps(ctx, func(st stamp.Stamp) error { revoked = append(revoked, st); return nil }))
	if len(revoked) != 3 {
		t.Fatalf("%d revoked stamps, want 3: %+v", len(revoked), revoked)
	}
	for i, st := range revoked {
		want := "cuộn tem hỏng"
		if i == 2 {
			want = "tem bị mất"
		}
		if st.ID != ids[i] || st.Serial != b1.FirstSerial+10+uint64(i) || st.RevokedAt == nil || st.RevokeReason != want ||
			st.BatchID != b1.ID || st.ProductNumber != 1001 || st.KeyID != b1.KeyID || !st.MintedAt.Equal(b1.MintedAt) {
			t.Errorf("revoked stamp %d: %+v", i, st)
		}
	}
	stop := context.Canceled
	n := 0
	if err := s.RevokedStamps(ctx, func(stamp.Stamp) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("RevokedStamps did not stop at fn's error: %v after %d", err, n)
	}
}
