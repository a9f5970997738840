package epcis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/epcis"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

const golden = "testdata/document.json"

// export builds the whole window [since, until) a page of limit at a time,
// following the cursors, and returns the document created at created.
func export(t *testing.T, f *fixture, since, until time.Time, limit int) ([]byte, int) {
	t.Helper()
	names, err := epcis.NewNames(baseURL)
	must(t, err)
	var all []epcis.Event
	q := epcis.Query{Since: since, Until: until, Limit: limit}
	pages := 0
	for {
		page, err := epcis.Build(context.Background(), f.store, names, q)
		must(t, err)
		pages++
		all = append(all, page.Events...)
		if page.Next == nil {
			break
		}
		c, err := epcis.ParseCursor(page.Next.Encode())
		must(t, err)
		q = epcis.Query{Since: c.Since, Until: c.Until, After: &c.After, Limit: limit}
	}
	doc, err := json.MarshalIndent(epcis.NewDocument(names, all, ict(30, 8, 0)), "", "  ")
	must(t, err)
	// Batch ids are UUIDv7 from the real clock: fixed ones stand for them.
	doc = bytes.ReplaceAll(doc, []byte(f.b1.ID.String()), []byte("00000000-0000-7000-8000-000000000001"))
	doc = bytes.ReplaceAll(doc, []byte(f.b2.ID.String()), []byte("00000000-0000-7000-8000-000000000002"))
	return append(doc, '\n'), pages
}

// TestDocument builds the fixture's history on every back-end and checks
// it against testdata/document.json, which the Node test validates with
// epcis2.js (epcis/js/test): go test ./epcis -run TestDocument -update
// rewrites it. Paging by 2 or 4 events gives the same document.
func TestDocument(t *testing.T) {
	for _, b := range storagetest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b.Open)
			got, _ := export(t, f, ict(1, 0, 0), ict(30, 0, 0), epcis.MaxLimit)
			if *update && b.Name == "sqlite" {
				must(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			must(t, err)
			if !bytes.Equal(got, want) {
				out := filepath.Join(os.TempDir(), "ocopstamp-epcis-"+b.Name+".json")
				must(t, os.WriteFile(out, got, 0o644))
				t.Fatalf("the document differs from %s (rerun with -update if the change is meant): compare %s", golden, out)
			}
			for _, limit := range []int{2, 4} {
				paged, pages := export(t, f, ict(1, 0, 0), ict(30, 0, 0), limit)
				if !bytes.Equal(paged, want) || pages < 9/limit {
					t.Errorf("paging by %d (%d pages) gives another document", limit, pages)
				}
			}
		})
	}
}

// TestEvents checks the fixture's events one by one: what each names and
// says (issue 15 §1).
func TestEvents(t *testing.T) {
	f := newFixture(t, storagetest.Backends[0].Open)
	data, _ := export(t, f, ict(1, 0, 0), ict(30, 0, 0), 100)
	var doc struct {
		Context []any `json:"@context"`
		Body    struct {
			Events []map[string]any `json:"eventList"`
		} `json:"epcisBody"`
		SchemaVersion, CreationDate, Type string
	}
	must(t, json.Unmarshal(data, &doc))
	ev := doc.Body.Events
	if len(ev) != 9 {
		t.Fatalf("%d events, want 9:\n%s", len(ev), data)
	}
	gtin := "0893456789012" + string(stamp.GTINCheckDigit("893456789012"))
	steps := []string{"commissioning", "commissioning", "commissioning", "decommissioning", "decommissioning",
		"decommissioning", "decommissioning", "inspecting", "inspecting"}
	epcs := []int{1000, 205, 5, 1, 3, 1, 4, 1, 1}
	for i, e := range ev {
		list := e["epcList"].([]any)
		if e["bizStep"] != steps[i] || len(list) != epcs[i] || e["eventTimeZoneOffset"] != "+07:00" ||
			!strings.HasSuffix(e["eventTime"].(string), "+07:00") || !strings.HasPrefix(e["eventID"].(string), "urn:uuid:") {
			t.Errorf("event %d: %s, %d EPCs, want %s, %d", i, e["bizStep"], len(list), steps[i], epcs[i])
		}
	}
	first := ev[0]
	if first["action"] != "ADD" || first["disposition"] != "active" ||
		first["epcList"].([]any)[0] != "https://txng.example.vn/01/"+gtin+"/21/"+stamp.FormatSerial(1) ||
		first["ilmd"].(map[string]any)["cbvmda:lotNumber"] != "MO-2026/11" ||
		first["bizLocation"].(map[string]any)["id"] != "https://txng.example.vn/id/facility/HT-CS-001" {
		t.Errorf("commissioning of batch 1: %v %v %v %v %v", first["action"], first["disposition"], first["epcList"].([]any)[0], first["ilmd"], first["bizLocation"])
	}
	if ev[2]["epcList"].([]any)[0] != "https://txng.example.vn/id/stamp/"+stamp.FormatSerial(f.b2.FirstSerial) {
		t.Errorf("a stamp of a product without GTIN is %v", ev[2]["epcList"].([]any)[0])
	}
	if ev[5]["ocop:reason"] != "Tem in lỗi" || ev[6]["ocop:reason"] != "Lô hàng bị thu hồi" || ev[6]["action"] != "DELETE" || ev[6]["disposition"] != "inactive" {
		t.Errorf("decommissioning: %v / %v", ev[5], ev[6])
	}
	for _, e := range ev[6]["epcList"].([]any) {
		if e == ev[5]["epcList"].([]any)[0] {
			t.Errorf("the batch's revocation decommissions %s again", e)
		}
	}
	if ev[7]["disposition"] != "conformant" || ev[8]["disposition"] != "unknown" || ev[8]["ocop:inspectionResult"] != "suspect" ||
		ev[7]["action"] != "OBSERVE" || ev[7]["ocop:place"] != "Chợ Hà Tĩnh, ki-ốt 12" {
		t.Errorf("inspections: %v / %v", ev[7], ev[8])
	}
	if doc.SchemaVersion != "2.0" || doc.Type != "EPCISDocument" || doc.CreationDate != "2026-11-30T08:00:00.000+07:00" || doc.Context[0] != epcis.ContextURL {
		t.Errorf("document head: %s %s %s %v", doc.Type, doc.SchemaVersion, doc.CreationDate, doc.Context)
	}

	// A window holds what happened in it: the 22nd alone holds stamp 3's revocation.
	day, _ := export(t, f, ict(22, 0, 0), ict(23, 0, 0), 10)
	if n := strings.Count(string(day), `"type": "ObjectEvent"`); n != 1 || !strings.Contains(string(day), "Tem rách") {
		t.Errorf("the 22nd: %d events\n%s", n, day)
	}
}

// TestBadQueries: an empty or backwards window, a bad limit or cursor is
// EInvalid.
func TestBadQueries(t *testing.T) {
	f := newFixture(t, storagetest.Backends[0].Open)
	names, err := epcis.NewNames(baseURL)
	must(t, err)
	for name, q := range map[string]epcis.Query{
		"backwards": {Since: ict(5, 0, 0), Until: ict(4, 0, 0)},
		"empty":     {Since: ict(5, 0, 0), Until: ict(5, 0, 0)},
		"no since":  {Until: ict(5, 0, 0)},
		"limit":     {Since: ict(1, 0, 0), Until: ict(5, 0, 0), Limit: epcis.MaxLimit + 1},
		"neg limit": {Since: ict(1, 0, 0), Until: ict(5, 0, 0), Limit: -1},
	} {
		if _, err := epcis.Build(context.Background(), f.store, names, q); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	for _, c := range []string{"", "x", "!!!", epcis.Cursor{Since: ict(2, 0, 0), Until: ict(1, 0, 0)}.Encode(), "MXwxfDJ8eA"} {
		if _, err := epcis.ParseCursor(c); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("cursor %q: %v, want invalid", c, err)
		}
	}
	for _, b := range []string{"", "ftp://x", "https://", "https://x.vn?a=1"} {
		if _, err := epcis.NewNames(b); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("base %q: %v, want invalid", b, err)
		}
	}
}
