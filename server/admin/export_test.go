package admin_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestExportCodesAPI: POST /batches/{id}/export-codes answers the codes as
// CSV with a BOM, audited as a print; a range with a revoked stamp is 409
// until forced with a reason (issue 15 §3).
func TestExportCodesAPI(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		path := p + "/batches/" + f.batch.ID.String() + "/export-codes"
		w := f.as(stamp.RoleOffice, "POST", path, fmt.Sprintf(`{"first":"%s","last":%d}`, stamp.FormatSerial(f.stamps[3].Serial), f.stamps[9].Serial))
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(w.Header().Get("Content-Disposition"), "codes-") {
			t.Fatalf("export: %d %q %s", w.Code, w.Header(), w.Body.String())
		}
		body, ok := bytes.CutPrefix(w.Body.Bytes(), []byte("\xEF\xBB\xBF"))
		if !ok {
			t.Fatal("no byte order mark")
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		must(t, err)
		if len(rows) != 8 {
			t.Fatalf("%d rows, want a header and 7", len(rows))
		}
		for i, r := range rows[1:] {
			s := f.stamps[3+i]
			if r[0] != s.Code().URL(baseURL) || r[1] != s.Code().Text() || r[2] != stamp.FormatSerial(s.Serial) || r[3] != "1001" || r[5] != "LÔ-1" {
				t.Errorf("row %d: %q", i, r)
			}
		}
		f.ok(stamp.RoleOffice, "POST", p+"/stamps/"+f.stamps[5].ID.String()+"/revoke", `{"reason":"Tem rách"}`, 200, nil)
		w = f.as(stamp.RoleOffice, "POST", path, `{}`)
		if w.Code != 409 || !strings.Contains(w.Body.String(), "revoked") {
			t.Fatalf("export with a revoked stamp: %d %s", w.Code, w.Body.String())
		}
		f.ok(stamp.RoleOffice, "POST", path, `{"force":true,"reason":"nhà in cần đủ lô"}`, 200, nil)
		if w := f.as(stamp.RoleViewer, "POST", path, `{}`); w.Code != 403 {
			t.Errorf("viewer export: %d", w.Code)
		}
	})
}
