package rediscache

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func sampleView() *storage.StampView {
	at := time.Date(2026, 3, 4, 5, 6, 7, 8000, time.UTC)
	rev := at.Add(time.Hour)
	v := &storage.StampView{
		Stamp: stamp.Stamp{ID: uuid.New(), BatchID: uuid.New(), ProductNumber: 12, Serial: 123456, KeyID: stamp.KeyID{1, 2, 3, 4},
			MintedAt: at, RevokedAt: &rev, RevokeReason: "mất cuộn tem"},
		Batch: stamp.Batch{ID: uuid.New(), ProductNumber: 12, FacilityCode: "HT-CS-0001", Count: 500, KeyID: stamp.KeyID{1, 2, 3, 4},
			FirstSerial: 123000, Lot: "LÔ-7", ProducedOn: stamp.NewDate(2026, 3, 1), BestBefore: stamp.NewDate(2027, 3, 1),
			Note: "ghi chú", MintedBy: "cán bộ A", MintedAt: at},
		Product: stamp.Product{Number: 12, FacilityCode: "HT-CS-0001", Name: "Kẹo cu đơ Thiên Cầm", Group: "Thực phẩm",
			GTIN: "8931234567893", Description: "Kẹo truyền thống", CreatedAt: at, UpdatedAt: at},
		Facility: stamp.Facility{Code: "HT-CS-0001", Name: "HTX Kẹo cu đơ", Kind: "hợp tác xã", District: "Cẩm Xuyên",
			Commune: "Cẩm Nhượng", Address: "Thôn 1", Phone: "0239 3800 000", Representative: "Nguyễn Văn A", CreatedAt: at, UpdatedAt: at},
		Certification: &stamp.Certification{ID: 3, ProductNumber: 12, Rank: stamp.Rank4, DecisionNumber: "1234/QĐ-UBND",
			DecisionDate: stamp.NewDate(2025, 1, 2), ExpiresOn: stamp.NewDate(2028, 1, 2), Status: stamp.CertValid,
			ProcessConfirmed: "UBND huyện", LabTestDate: stamp.NewDate(2024, 12, 1), CreatedAt: at, UpdatedAt: at},
		PointsOfSale: []stamp.PointOfSale{{ID: 1, Name: "Điểm OCOP Cẩm Xuyên", District: "Cẩm Xuyên", Address: "QL1A", CreatedAt: at, UpdatedAt: at},
			{ID: 2, Name: "Siêu thị OCOP", District: "Cẩm Xuyên", CreatedAt: at, UpdatedAt: at}},
	}
	for i := range v.Stamp.Signature {
		v.Stamp.Signature[i] = byte(i * 7)
	}
	return v
}

func TestWireRoundTrip(t *testing.T) {
	v := sampleView()
	for _, w := range []*storage.StampView{v, func() *storage.StampView {
		c := *v
		c.Certification, c.PointsOfSale, c.Stamp.RevokedAt = nil, nil, nil
		return &c
	}()} {
		b, err := encodeView(nil, w)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeView(string(b))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, w)
		}
	}
	enc, _ := encodeView(nil, v)
	for n := 0; n < len(enc); n++ {
		if _, err := decodeView(string(enc[:n])); err == nil {
			t.Fatalf("a record cut to %d of %d bytes decoded", n, len(enc))
		}
	}
	if _, err := decodeView(string(append(enc, 0))); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

func BenchmarkDecodeView(b *testing.B) {
	enc, _ := encodeView(nil, sampleView())
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := decodeView(string(enc)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseStats(t *testing.T) {
	st := parseStats("12 1767312000000 5")
	if st == nil || st.Count != 12 || st.DistinctClients != 5 || st.FirstAt == nil || !st.FirstAt.Equal(time.UnixMilli(1767312000000)) {
		t.Fatalf("parsed %+v", st)
	}
	if st := parseStats("3 0 1"); st == nil || st.FirstAt != nil {
		t.Fatalf("no first scan: %+v", st)
	}
	for _, bad := range []any{nil, "", "1 2", "a b c", 42} {
		if st := parseStats(bad); st != nil {
			t.Errorf("parseStats(%v) = %+v", bad, st)
		}
	}
}
