package admin_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestMessageVI: an office refusal answers its stable English message and,
// as message_vi, the Vietnamese text the console shows; errors without
// Vietnamese wording (authentication, malformed JSON) have no message_vi.
func TestMessageVI(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) storage.Store) {
		f := newFixture(t, open(t))
		cases := []struct {
			method, path, body string
			want               int
			en, vi             string // "" vi: no message_vi
		}{
			{"POST", p + "/products", `{"number":77,"facility_code":"HT-CS-001","name":"n","group":"Thực phẩm","gtin":"8934588012227"}`, 400,
				"product 77: GTIN 8934588012227: wrong check digit 7, a GTIN-13 starting 893458801222 ends in 8",
				"Sản phẩm 77: GTIN 8934588012227 sai chữ số kiểm tra 7: GTIN-13 bắt đầu bằng 893458801222 phải kết thúc bằng 8"},
			{"POST", p + "/facilities", `{"code":"HT-CS-001","name":"n","district":"Hương Khê"}`, 409,
				"facility HT-CS-001 already exists", "Cơ sở HT-CS-001 đã có trong danh mục"},
			{"POST", p + "/tokens", `{"name":"test viewer","role":"viewer"}`, 409,
				`a token named "test viewer" exists already (names are never reused)`,
				`Đã có mã truy cập tên "test viewer" (tên đã dùng thì không dùng lại)`},
			{"POST", p + "/facilities", `{"code":"X"`, 400, "malformed JSON", ""},
		}
		for _, tc := range cases {
			w := f.as(stamp.RoleOffice, tc.method, tc.path, tc.body)
			if w.Code != tc.want {
				t.Errorf("%s %s: %d, want %d: %s", tc.method, tc.path, w.Code, tc.want, w.Body.String())
				continue
			}
			e := apiError(t, w)
			if !strings.Contains(e.Message, tc.en) {
				t.Errorf("%s %s: message %q, want %q", tc.method, tc.path, e.Message, tc.en)
			}
			if e.MessageVI != tc.vi {
				t.Errorf("%s %s: message_vi %q, want %q", tc.method, tc.path, e.MessageVI, tc.vi)
			}
			if tc.vi == "" && strings.Contains(w.Body.String(), "message_vi") {
				t.Errorf("%s %s: message_vi present: %s", tc.method, tc.path, w.Body.String())
			}
		}
		w := f.do(call{method: "GET", path: p + "/facilities"})
		if e := apiError(t, w); w.Code != 401 || e.MessageVI != "" {
			t.Errorf("no token: %d %s", w.Code, w.Body.String())
		}
	})
}
