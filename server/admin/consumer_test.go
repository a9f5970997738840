package admin_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestConsumerReports: office and inspectors list the consumers' reports
// (sent from the lookup server's report form, here through its use case),
// by stamp and by time; viewers may not.
func TestConsumerReports(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		st := f.stamps[3]
		off := &office.Office{Store: f.store}
		forged := st.Code()
		forged.Signature[0] ^= 1
		for _, r := range []struct {
			code stamp.Code
			rep  storage.ConsumerReport
		}{
			{st.Code(), storage.ConsumerReport{What: "Tem dán đè lên tem cũ", WhereBought: "Chợ Hà Tĩnh", Contact: "0912 345 678", Lang: "vi"}},
			{st.Code(), storage.ConsumerReport{What: "Hologram missing", Lang: "en"}},
			{st.Code(), storage.ConsumerReport{What: "lần ba", Lang: "vi"}},
			{forged, storage.ConsumerReport{What: "giả", Lang: "vi"}},
			{f.stamps[4].Code(), storage.ConsumerReport{What: "khác", Lang: "vi"}},
		} {
			if _, err := off.ReceiveConsumerReport(t.Context(), r.code, r.rep); err != nil {
				t.Fatal(err)
			}
		}
		var list struct {
			Reports []map[string]any `json:"consumer_reports"`
		}
		f.ok(stamp.RoleInspector, "GET", p+"/consumer-reports?stamp="+stamp.FormatSerial(st.Serial), "", 200, &list)
		// Four: the forged code carries the same stamp id.
		if len(list.Reports) != 4 || list.Reports[3]["contact"] != "0912 345 678" || list.Reports[3]["where_bought"] != "Chợ Hà Tĩnh" ||
			list.Reports[0]["code"] != forged.Text() {
			t.Fatalf("reports of the stamp: %v", list.Reports)
		}
		f.ok(stamp.RoleOffice, "GET", p+"/consumer-reports?since=1h&limit=2", "", 200, &list)
		if len(list.Reports) != 2 {
			t.Fatalf("all reports: %d", len(list.Reports))
		}
		if w := f.as(stamp.RoleViewer, "GET", p+"/consumer-reports", ""); w.Code != 403 {
			t.Fatalf("viewer: %d", w.Code)
		}
		n, err := f.store.ConsumerReportCount(t.Context(), st.ID)
		must(t, err)
		if n != 4 {
			t.Fatalf("count on the stamp: %d", n)
		}
	})
}

// TestConsumerReportPhoto: staff get a report's photo as it was stored
// (encoded anew, without the GPS position the phone wrote) with its
// Content-Type; a report without one is 404, a bad id 400, viewers 403.
func TestConsumerReportPhoto(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	off := &office.Office{Store: f.store}
	withGPS := phototest.JPEG(t, phototest.Picture(40, 30), 1)
	with, err := off.ReceiveConsumerReport(t.Context(), f.stamps[5].Code(), storage.ConsumerReport{What: "ảnh tem", Photo: withGPS})
	must(t, err)
	without, err := off.ReceiveConsumerReport(t.Context(), f.stamps[5].Code(), storage.ConsumerReport{What: "không ảnh"})
	must(t, err)
	var list struct {
		Reports []map[string]any `json:"consumer_reports"`
	}
	f.ok(stamp.RoleInspector, "GET", p+"/consumer-reports?stamp="+stamp.FormatSerial(f.stamps[5].Serial), "", 200, &list)
	if len(list.Reports) != 2 || list.Reports[0]["has_photo"] != false || list.Reports[1]["has_photo"] != true {
		t.Fatalf("listing: %v", list.Reports)
	}
	w := f.as(stamp.RoleInspector, "GET", fmt.Sprintf("%s/consumer-reports/%d/photo", p, with.ID), "")
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/jpeg" {
		t.Fatalf("photo: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.Bytes()
	if !bytes.HasPrefix(body, []byte{0xff, 0xd8}) || bytes.Contains(body, phototest.GPSLatitude) || !bytes.Equal(body, with.Photo) {
		t.Fatalf("photo bytes: %d, GPS kept %v", len(body), bytes.Contains(body, phototest.GPSLatitude))
	}
	for _, c := range []struct {
		role, path string
		want       int
	}{
		{stamp.RoleInspector, fmt.Sprintf("%s/consumer-reports/%d/photo", p, without.ID), 404},
		{stamp.RoleInspector, p + "/consumer-reports/0/photo", 400},
		{stamp.RoleInspector, p + "/consumer-reports/x/photo", 400},
		{stamp.RoleViewer, fmt.Sprintf("%s/consumer-reports/%d/photo", p, with.ID), 403},
	} {
		if w := f.as(c.role, "GET", c.path, ""); w.Code != c.want {
			t.Errorf("%s %s: %d, want %d", c.role, c.path, w.Code, c.want)
		}
	}
}
