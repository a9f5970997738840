package admin_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestEPCISEvents: GET /epcis/events pages the window's EPCIS events with a
// Link to the next page; following the links gives the same events as one
// page; bad queries are 400 (issue 15 §1).
func TestEPCISEvents(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		f.ok(stamp.RoleOffice, "POST", p+"/stamps/"+f.stamps[4].ID.String()+"/revoke", `{"reason":"Tem rách"}`, 200, nil)
		f.ok(stamp.RoleInspector, "POST", p+"/inspections", fmt.Sprintf(`{"place":"Chợ Hà Tĩnh","result":"counterfeit","serial":%d}`, f.stamps[7].Serial), 201, nil)

		type doc struct {
			Type   string `json:"type"`
			Schema string `json:"schemaVersion"`
			Body   struct {
				Events []struct {
					BizStep     string   `json:"bizStep"`
					Action      string   `json:"action"`
					Disposition string   `json:"disposition"`
					EventID     string   `json:"eventID"`
					EPCs        []string `json:"epcList"`
				} `json:"eventList"`
			} `json:"epcisBody"`
		}
		get := func(path string) (doc, string) {
			t.Helper()
			w := f.as(stamp.RoleViewer, "GET", path, "")
			if w.Code != 200 || w.Header().Get("GS1-EPCIS-Version") != "2.0.0" {
				t.Fatalf("GET %s: %d %s", path, w.Code, w.Body.String())
			}
			var d doc
			must(t, json.Unmarshal(w.Body.Bytes(), &d))
			return d, w.Header().Get("Link")
		}
		all, link := get(p + "/epcis/events?since=2020-01-01")
		if link != "" || all.Type != "EPCISDocument" || all.Schema != "2.0" || len(all.Body.Events) != 3 {
			t.Fatalf("one page: link %q, %+v", link, all)
		}
		steps := []string{all.Body.Events[0].BizStep, all.Body.Events[1].BizStep, all.Body.Events[2].BizStep}
		if strings.Join(steps, ",") != "commissioning,decommissioning,inspecting" || len(all.Body.Events[0].EPCs) != 40 ||
			all.Body.Events[2].Disposition != "non_conformant" || all.Body.Events[1].Action != "DELETE" {
			t.Fatalf("events %+v", all.Body.Events)
		}
		if want := "https://txng.example.vn/id/stamp/" + stamp.FormatSerial(f.stamps[4].Serial); all.Body.Events[1].EPCs[0] != want {
			t.Errorf("revoked stamp named %s, want %s", all.Body.Events[1].EPCs[0], want)
		}
		next := regexp.MustCompile(`^<([^>]+)>; rel="next"$`)
		path, seen := p+"/epcis/events?since=2020-01-01&limit=1", 0
		for path != "" {
			d, link := get(path)
			if len(d.Body.Events) != 1 || d.Body.Events[0].EventID != all.Body.Events[seen].EventID {
				t.Fatalf("page %d: %+v", seen, d.Body.Events)
			}
			seen++
			path = ""
			if m := next.FindStringSubmatch(link); m != nil {
				path = m[1]
			} else if link != "" {
				t.Fatalf("Link %q", link)
			}
		}
		if seen != 3 {
			t.Fatalf("followed %d pages, want 3", seen)
		}
		for _, bad := range []struct{ query, says string }{
			{"since=yesterday", "since"},
			{"since=2020-01-01&until=soon", "until"},
			{"since=2026-01-02&until=2026-01-01", "since must be before until"},
			{"limit=0", "limit"},
			{"limit=1001", "limit"},
			{"cursor=xyz", "cursor"},
			{"cursor=xyz&since=2020-01-01", "leave since and until out"},
		} {
			w := f.as(stamp.RoleViewer, "GET", p+"/epcis/events?"+bad.query, "")
			if w.Code != 400 || !strings.Contains(w.Body.String(), bad.says) {
				t.Errorf("?%s: %d %s, want 400 saying %q", bad.query, w.Code, w.Body.String(), bad.says)
			}
		}
	})
}
