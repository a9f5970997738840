package admin_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestConsumerReportStates: the inbox of consumer reports over the admin
// API on both databases: list by state and page on, read one (marks it
// seen once), change its state, close it with a note once; bad input is a
// 4xx naming the mistake; every change is audited (issue 10 §4).
func TestConsumerReportStates(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		off := &office.Office{Store: f.store}
		var ids []int64
		for i := range 4 {
			r, err := off.ReceiveConsumerReport(t.Context(), f.stamps[i].Code(),
				storage.ConsumerReport{What: "tem lạ " + strconv.Itoa(i), Contact: "0912", Lang: "vi"})
			must(t, err)
			ids = append(ids, r.ID)
		}
		path := func(id int64, more string) string { return fmt.Sprintf("%s/consumer-reports/%d%s", p, id, more) }

		// Reading a new report marks it seen, once.
		var d office.ConsumerReportJSON
		f.ok(stamp.RoleInspector, "GET", path(ids[0], ""), "", 200, &d)
		if !d.MarkedSeen || d.State.State != "seen" || d.State.ChangedBy != "test inspector" || d.Serial != stamp.FormatSerial(f.stamps[0].Serial) ||
			d.ProductName == "" || d.Contact != "0912" {
			t.Errorf("first read: %+v", d)
		}
		d = office.ConsumerReportJSON{}
		f.ok(stamp.RoleOffice, "GET", path(ids[0], ""), "", 200, &d)
		if d.MarkedSeen || d.State.ChangedBy != "test inspector" {
			t.Errorf("second read: %+v", d)
		}

		// State changes and their mistakes.
		var st office.StateJSON
		f.ok(stamp.RoleInspector, "PATCH", path(ids[1], ""), `{"state":"in_progress","note":"đang gọi người mua"}`, 200, &st)
		if st.State != "in_progress" || st.Note != "đang gọi người mua" || st.ChangedAt == nil {
			t.Errorf("patch: %+v", st)
		}
		f.ok(stamp.RoleInspector, "PATCH", path(ids[1], ""), `{"state":"seen"}`, 200, &st)
		if st.Note != "đang gọi người mua" {
			t.Errorf("a PATCH without note dropped the note: %+v", st)
		}
		long := strings.Repeat("x", storage.MaxReportText+1)
		for _, c := range []struct {
			method, path, body string
			status             int
			words              string
		}{
			{"PATCH", path(ids[1], ""), `{"state":"lost"}`, 400, "lost"},
			{"PATCH", path(ids[1], ""), `{"note":"x"}`, 400, "state is required"},
			{"PATCH", path(ids[1], ""), `{"state":"closed"}`, 400, "note is required"},
			{"PATCH", path(ids[1], ""), `{"state":"seen","note":"` + long + `"}`, 400, "at most 2000"},
			{"PATCH", path(ids[1], ""), `{"state":"seen","colour":"red"}`, 400, "colour"},
			{"POST", path(ids[1], "/close"), `{}`, 400, "note is required"},
			{"POST", path(ids[1], "/close"), `{"note":"   "}`, 400, "note is required"},
			{"POST", path(ids[1], "/close"), `{"note":"` + long + `"}`, 400, "at most 2000"},
			{"POST", path(ids[1], "/close"), `{"note":"a\u001b[2Jb"}`, 400, "U+001B"},
			{"POST", path(9999, "/close"), `{"note":"x"}`, 404, "9999"},
			{"GET", path(9999, ""), ``, 404, "9999"},
			{"GET", p + "/consumer-reports/abc", ``, 400, "abc"},
			{"PATCH", p + "/consumer-reports/-1", `{"state":"seen"}`, 400, "-1"},
			{"GET", p + "/consumer-reports?state=new,lost", ``, 400, "lost"},
			{"GET", p + "/consumer-reports?before=x", ``, 400, "before"},
		} {
			w := f.as(stamp.RoleInspector, c.method, c.path, c.body)
			if w.Code != c.status || !strings.Contains(apiError(t, w).Message, c.words) {
				t.Errorf("%s %s %.40s: %d %s; want %d saying %q", c.method, c.path, c.body, w.Code, w.Body.String(), c.status, c.words)
			}
		}
		f.ok(stamp.RoleInspector, "POST", path(ids[1], "/close"), `{"note":"Đã trả lời người mua"}`, 200, &st)
		if st.State != "closed" || st.ChangedBy != "test inspector" || st.Note != "Đã trả lời người mua" {
			t.Errorf("close: %+v", st)
		}
		w := f.as(stamp.RoleOffice, "PATCH", path(ids[1], ""), `{"state":"closed","note":"lần hai"}`)
		if w.Code != 409 || !strings.Contains(apiError(t, w).Message, "already closed (by test inspector") {
			t.Errorf("closing a closed report: %d %s", w.Code, w.Body.String())
		}
		for _, role := range []string{stamp.RoleViewer} {
			if w := f.as(role, "POST", path(ids[2], "/close"), `{"note":"x"}`); w.Code != 403 {
				t.Errorf("%s closes: %d", role, w.Code)
			}
		}

		// Lists by state, and paging.
		type page struct {
			Reports []office.ConsumerReportJSON `json:"consumer_reports"`
			Next    *int64                      `json:"next_before"`
		}
		got := func(query string) ([]int64, *int64) {
			t.Helper()
			var pg page
			f.ok(stamp.RoleInspector, "GET", p+"/consumer-reports"+query, "", 200, &pg)
			out := []int64{}
			for _, r := range pg.Reports {
				out = append(out, r.ID)
			}
			return out, pg.Next
		}
		if l, _ := got("?state=closed"); fmt.Sprint(l) != fmt.Sprint([]int64{ids[1]}) {
			t.Errorf("closed: %v", l)
		}
		if l, _ := got("?state=new,seen"); fmt.Sprint(l) != fmt.Sprint([]int64{ids[3], ids[2], ids[0]}) {
			t.Errorf("new and seen: %v", l)
		}
		l, next := got("?limit=2")
		if fmt.Sprint(l) != fmt.Sprint([]int64{ids[3], ids[2]}) || next == nil || *next != ids[2] {
			t.Fatalf("first page: %v, next %v", l, next)
		}
		l, next = got(fmt.Sprintf("?limit=2&before=%d", *next))
		if fmt.Sprint(l) != fmt.Sprint([]int64{ids[1], ids[0]}) || next == nil {
			t.Fatalf("second page: %v, next %v", l, next)
		}
		if l, next = got(fmt.Sprintf("?limit=2&before=%d", *next)); len(l) != 0 || next != nil {
			t.Errorf("past the last page: %v, next %v", l, next)
		}
		es, err := f.store.AuditLog(t.Context(), time.Time{}, 0)
		must(t, err)
		n := 0
		for _, e := range es {
			if e.Action == "inbox.state" {
				n++
			}
		}
		if n != 4 { // seen, in_progress, seen, closed
			t.Errorf("%d inbox.state audit entries, want 4", n)
		}
	})
}
