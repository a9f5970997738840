package admin_test

import (
	"testing"

	"github.com/ocop-hatinh/ocopstamp/office"
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
