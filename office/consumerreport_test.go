package office_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/photo"
	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestConsumerReportIntake: the report form's subject (product and
// serial, read without a scan), and a report's photo cleaned before it is
// stored; a refused photo stores nothing and says why.
func TestConsumerReportIntake(t *testing.T) {
	ctx := context.Background()
	st := storagetest.OpenSQLite(t)
	sg, _ := storagetest.Signer(t, 5)
	o := &office.Office{Store: st}
	must(t, st.CreateFacility(ctx, "test", stamp.Facility{Code: "HT-CS-009", Name: "HTX Chè", District: "Hương Sơn"}))
	must(t, st.CreateProduct(ctx, "test", stamp.Product{Number: 9, FacilityCode: "HT-CS-009", Name: "Chè búp Hương Sơn", Group: "Đồ uống"}))
	stamps := storagetest.MintSigned(t, st, sg, &stamp.Batch{ProductNumber: 9, Count: 2, Lot: "L1",
		ProducedOn: stamp.DateOf(time.Now()), MintedBy: "test"})

	sub, err := o.DescribeReported(ctx, stamps[1].Code())
	must(t, err)
	if sub.Product != "Chè búp Hương Sơn" || sub.Serial != stamps[1].Serial {
		t.Errorf("subject %+v", sub)
	}
	unknown := stamp.Code{Header: stamp.Header{Product: 9, StampID: uuid.New()}}
	if sub, err := o.DescribeReported(ctx, unknown); err != nil || sub.Product != "Chè búp Hương Sơn" || sub.Serial != 0 {
		t.Errorf("unknown stamp of a known product: %+v %v", sub, err)
	}
	wrongProduct := stamps[1].Code()
	wrongProduct.Product = 404
	if sub, err := o.DescribeReported(ctx, wrongProduct); err != nil || sub != (office.ReportSubject{}) {
		t.Errorf("a header naming another product: %+v %v", sub, err)
	}
	if n, err := st.ScanStats(ctx, stamps[1].ID); err != nil || n.Count != 0 {
		t.Errorf("describing the stamp recorded %d scans", n.Count)
	}

	gps := phototest.JPEG(t, phototest.Picture(50, 40), 1)
	r, err := o.ReceiveConsumerReport(ctx, stamps[0].Code(), storage.ConsumerReport{What: "ảnh", Photo: gps, PhotoType: "image/png"})
	must(t, err)
	data, typ, err := st.ConsumerReportPhoto(ctx, r.ID)
	must(t, err)
	if typ != photo.JPEG || bytes.Contains(data, phototest.GPSLatitude) || !bytes.Equal(data, r.Photo) {
		t.Errorf("stored photo: %s, GPS kept %v", typ, bytes.Contains(data, phototest.GPSLatitude))
	}
	for _, c := range []struct {
		data []byte
		want error
	}{{[]byte("not a photo"), photo.ErrNotImage}, {phototest.HugePNG(9000, 9000), photo.ErrTooLarge}} {
		_, err := o.ReceiveConsumerReport(ctx, stamps[0].Code(), storage.ConsumerReport{What: "x", Photo: c.data})
		if !errors.Is(err, c.want) || stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("%v: %v (%s)", c.want, err, stamp.ErrorCode(err))
		}
	}
	if n, _ := st.ConsumerReportCount(ctx, stamps[0].ID); n != 1 {
		t.Errorf("refused photos stored reports: %d", n)
	}
}
