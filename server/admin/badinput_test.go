package admin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestBadInput: malformed JSON, unknown fields, wrong types, missing fields
// and bad path or query values get 400 (413 for a huge body, 404 for
// something that does not exist, 409 for a duplicate) with a message
// naming the problem; never a 5xx, and nothing changes.
func TestBadInput(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		batch := f.batch.ID.String()
		cert := fmt.Sprintf("%s/certifications/%d", p, f.certID)
		cases := []struct {
			method, path, body string
			want               int
			words              []string // in the message
		}{
			{"POST", p + "/facilities", ``, 400, []string{"empty"}},
			{"POST", p + "/facilities", `{"code":"X"`, 400, []string{"malformed JSON"}},
			{"POST", p + "/facilities", `{"code":"X",}`, 400, []string{"malformed JSON"}},
			{"POST", p + "/facilities", `[1,2]`, 400, []string{"want a JSON object"}},
			{"POST", p + "/facilities", `"text"`, 400, []string{"want a JSON object"}},
			{"POST", p + "/facilities", `{"code":"X","name":"n","district":"Hương Khê"} {}`, 400, []string{"more than one JSON value"}},
			{"POST", p + "/facilities", `{"code":"X","nmae":"typo","district":"Hương Khê"}`, 400, []string{"unknown field", "nmae"}},
			{"POST", p + "/facilities", `{"code":1,"name":"n","district":"Hương Khê"}`, 400, []string{"code", "string"}},
			{"POST", p + "/facilities", `{"code":"X","district":"Hương Khê"}`, 400, []string{"name is required"}},
			{"POST", p + "/facilities", `{"code":"X","name":"n","district":"Quận 1"}`, 400, []string{"Quận 1"}},
			{"POST", p + "/facilities", `{"code":"HT-CS-001","name":"n","district":"Hương Khê"}`, 409, []string{"HT-CS-001", "exists"}},
			{"PATCH", p + "/facilities/HT-CS-001", `{"code":"OTHER"}`, 400, []string{"cannot change"}},
			{"PATCH", p + "/facilities/NOPE", `{"name":"x"}`, 404, []string{"NOPE"}},
			{"GET", p + "/facilities/NOPE", ``, 404, []string{"NOPE"}},

			{"POST", p + "/products", `{"number":-5,"facility_code":"HT-CS-001","name":"n","group":"Thực phẩm"}`, 400, []string{"number", "whole number"}},
			{"POST", p + "/products", `{"number":"12","facility_code":"HT-CS-001","name":"n","group":"Thực phẩm"}`, 400, []string{"number"}},
			{"POST", p + "/products", `{"number":99999999999,"facility_code":"HT-CS-001","name":"n","group":"Thực phẩm"}`, 400, []string{"number"}},
			{"POST", p + "/products", `{"number":77,"facility_code":"HT-CS-001","name":"n","group":"Kẹo"}`, 400, []string{"product group"}},
			{"POST", p + "/products", `{"number":77,"facility_code":"NOPE","name":"n","group":"Thực phẩm"}`, 400, []string{"NOPE"}},
			{"POST", p + "/products", `{"number":77,"facility_code":"HT-CS-001","name":"n","group":"Thực phẩm","gtin":"123"}`, 400, []string{"GTIN"}},
			{"POST", p + "/products", `{"number":77,"facility_code":"HT-CS-001","name":"n","group":"Thực phẩm","gtin":"8934588012227"}`, 400, []string{"GTIN 8934588012227", "wrong check digit 7", "ends in 8"}},
			{"PATCH", p + "/products/1001", `{"gtin":"96385075"}`, 400, []string{"ends in 4"}},
			{"POST", p + "/products", `{"facility_code":"HT-CS-001","name":"n","group":"Thực phẩm"}`, 400, []string{"number"}},
			{"GET", p + "/products/abc", ``, 400, []string{"abc"}},
			{"GET", p + "/products/0", ``, 400, []string{"product number"}},
			{"PATCH", p + "/products/1001", `{"number":1002}`, 400, []string{"cannot change"}},
			{"GET", p + "/products/424242", ``, 404, []string{"424242"}},

			{"POST", p + "/certifications", `{"product_number":1001,"decision_number":"QĐ","decision_date":"2026-01-01"}`, 400, []string{"rank is required"}},
			{"POST", p + "/certifications", `{"product_number":1001,"rank":2,"decision_number":"QĐ","decision_date":"2026-01-01"}`, 400, []string{"rank 2"}},
			{"POST", p + "/certifications", `{"product_number":1001,"rank":4,"decision_number":"QĐ","decision_date":"31-31-2026"}`, 400, []string{"31-31-2026"}},
			{"POST", p + "/certifications", `{"product_number":1001,"rank":4,"decision_number":"QĐ","decision_date":20260101}`, 400, []string{"decision_date", "string"}},
			{"POST", p + "/certifications", `{"product_number":1001,"rank":"four","decision_number":"QĐ","decision_date":"2026-01-01"}`, 400, []string{"rank"}},
			{"POST", p + "/certifications", `{"product_number":9999,"rank":4,"decision_number":"QĐ","decision_date":"2026-01-01"}`, 400, []string{"9999"}},
			{"POST", cert + "/suspend", `{}`, 400, []string{"reason is required"}},
			{"POST", cert + "/suspend", `{"reason":"  "}`, 400, []string{"reason is required"}},
			{"POST", cert + "/suspend", `{"reason":42}`, 400, []string{"reason"}},
			{"POST", cert + "/rank", `{}`, 400, []string{"rank is required"}},
			{"POST", cert + "/rank", `{"rank":7}`, 400, []string{"rank 7"}},
			{"POST", cert + "/rank", `{"rank":4.5}`, 400, []string{"rank"}},
			{"POST", p + "/certifications/x/rank", `{"rank":4}`, 400, []string{"certification id"}},
			{"POST", p + "/certifications/98765/rank", `{"rank":4}`, 404, []string{"98765"}},

			{"POST", p + "/points-of-sale", `{"district":"Hương Khê"}`, 400, []string{"name is required"}},
			{"PATCH", p + "/points-of-sale/-1", `{"name":"x"}`, 400, []string{"point of sale id"}},
			{"PATCH", p + "/points-of-sale/777", `{"name":"x"}`, 404, []string{"777"}},
			{"GET", p + "/points-of-sale?district=Atlantis", ``, 400, []string{"Atlantis"}},

			{"POST", p + "/batches", `{"count":10}`, 400, []string{"product_number is required"}},
			{"POST", p + "/batches", `{"product_number":1001}`, 400, []string{"count is required"}},
			{"POST", p + "/batches", `{"product_number":1001,"count":0}`, 400, []string{"count 0"}},
			{"POST", p + "/batches", `{"product_number":1001,"count":"ten"}`, 400, []string{"count"}},
			{"POST", p + "/batches", `{"product_number":1001,"count":1000000000}`, 400, []string{"limit"}},
			{"POST", p + "/batches", `{"product_number":1001,"count":1,"produced_on":"2026-05-01","best_before":"2026-01-01"}`, 400, []string{"best-before"}},
			{"POST", p + "/batches", `{"product_number":4040,"count":1}`, 404, []string{"4040"}},
			{"GET", p + "/batches/not-a-uuid", ``, 400, []string{"UUID"}},
			{"GET", p + "/batches?product=x", ``, 400, []string{"product"}},
			{"POST", p + "/batches/" + batch + "/print", `{"first":1,"last":99999}`, 400, []string{"outside batch"}},
			{"POST", p + "/batches/" + batch + "/print", `{"template":"a3-9"}`, 400, []string{"a3-9"}},
			{"POST", p + "/batches/" + batch + "/print", `{"first":"0000-00001-4"}`, 400, []string{"serial"}},
			{"POST", p + "/batches/" + batch + "/print", `{"first":true}`, 400, []string{"serial"}},
			{"POST", p + "/batches/" + batch + "/export-codes", `{"first":1,"last":99999}`, 400, []string{"outside batch"}},
			{"POST", p + "/batches/" + batch + "/export-codes", `{"first":5,"last":2}`, 400, []string{"first serial 5 is after last serial 2"}},
			{"POST", p + "/batches/" + batch + "/export-codes", `{"first":"x"}`, 400, []string{"serial"}},
			{"POST", p + "/batches/" + batch + "/export-codes", `{"force":true}`, 400, []string{"reason is required"}},
			{"POST", p + "/batches/" + batch + "/revoke", `{}`, 400, []string{"reason is required"}},
			{"POST", p + "/batches/01a2272e-2cc4-7a92-bda3-c7a0a11f35ff/revoke", `{"reason":"x"}`, 404, []string{"not found"}},
			{"POST", p + "/stamps/hello/revoke", `{"reason":"x"}`, 400, []string{"not a stamp id"}},
			{"POST", p + "/stamps/0000-00099-0/revoke", `{"reason":"x"}`, 400, []string{"not a stamp id"}},
			{"POST", p + "/serials/revoke", `{"from":5,"reason":"x"}`, 400, []string{"from and to"}},
			{"POST", p + "/serials/revoke", `{"from":9,"to":5,"reason":"x"}`, 400, []string{"empty"}},
			{"POST", p + "/serials/revoke", `{"from":900000,"to":900001,"reason":"x"}`, 404, []string{"no stamp"}},

			{"GET", p + "/stamps/xyz", ``, 400, []string{"not a stamp id"}},
			{"GET", p + "/stamps/" + f.stamps[0].ID.String() + "?scans=0", ``, 400, []string{"scans"}},
			{"POST", p + "/inspections", `{"result":"genuine"}`, 400, []string{"place"}},
			{"POST", p + "/inspections", `{"place":"chợ","result":"maybe"}`, 400, []string{"maybe"}},
			{"POST", p + "/inspections", `{"place":"chợ","result":"genuine","code":"ABC"}`, 400, []string{"code"}},
			{"POST", p + "/inspections", `{"place":"chợ","result":"genuine","serial":[1]}`, 400, []string{"serial"}},
			{"GET", p + "/inspections?since=yesterday", ``, 400, []string{"yesterday"}},
			{"GET", p + "/consumer-reports?limit=0", ``, 400, []string{"limit"}},
			{"GET", p + "/consumer-reports?stamp=nope", ``, 400, []string{"nope"}},

			{"GET", p + "/audit?since=last%20week", ``, 400, []string{"last week"}},
			{"GET", p + "/audit?limit=-1", ``, 400, []string{"limit"}},
			{"GET", p + "/reports?month=2026-13", ``, 400, []string{"2026-13"}},
			{"GET", p + "/reports?month=2999-01", ``, 400, []string{"future"}},
			{"GET", p + "/reports?format=docx", ``, 400, []string{"docx"}},
			{"GET", p + "/reports?district=Atlantis", ``, 400, []string{"Atlantis"}},

			{"POST", p + "/tokens", `{"role":"viewer"}`, 400, []string{"name and role"}},
			{"POST", p + "/tokens", `{"name":"a","role":"root"}`, 400, []string{"root"}},
			{"POST", p + "/tokens", `{"name":"a:b","role":"viewer"}`, 400, []string{"':'"}},
			{"POST", p + "/tokens", `{"name":"123","role":"viewer"}`, 400, []string{"digits"}},
			{"POST", p + "/tokens", `{"name":"a","role":"viewer","expires_in":"soon"}`, 400, []string{"soon"}},
			{"POST", p + "/tokens", `{"name":"a","role":"viewer","expires_in":"2001-01-01"}`, 400, []string{"not in the future"}},
			{"POST", p + "/tokens", `{"name":"test viewer","role":"viewer"}`, 409, []string{"test viewer"}},
			{"POST", p + "/tokens/nobody/revoke", `{}`, 404, []string{"nobody"}},
			{"POST", p + "/facilities", `{"code":"` + strings.Repeat("x", 70<<10) + `"}`, 413, []string{"bytes"}},
		}
		for _, tc := range cases {
			before := f.state()
			w := f.as(stamp.RoleOffice, tc.method, tc.path, tc.body)
			if w.Code != tc.want {
				t.Errorf("%s %s %.80s: %d, want %d: %s", tc.method, tc.path, tc.body, w.Code, tc.want, w.Body.String())
				continue
			}
			e := apiError(t, w)
			if testing.Verbose() {
				t.Logf("%d %s", w.Code, e.Message)
			}
			for _, word := range tc.words {
				if !strings.Contains(e.Message, word) {
					t.Errorf("%s %s %.80s: message %q does not name %q", tc.method, tc.path, tc.body, e.Message, word)
				}
			}
			if after := f.state(); after.String() != before.String() {
				t.Errorf("%s %s %.80s failed but changed the store: %s -> %s", tc.method, tc.path, tc.body, before, after)
			}
		}
	})
}
