package server

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/verify"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// TestDetailsEscape: the hand-written detail cards escape every value and
// let through only tel: links.
func TestDetailsEscape(t *testing.T) {
	evil := `<script>alert("x")</script>&'`
	p := &page{T: wording.PageFor(wording.LangVI), Tone: "ok",
		Sections:  []section{{Title: evil, Rows: []row{{Label: evil, Value: evil}, {Value: evil, Href: "javascript:alert(1)"}, {Label: "Phone", Value: "0239", Href: telHref("0239 000 <1>")}}}},
		Points:    []pointView{{Name: evil, Address: evil, Phone: evil, Tel: telHref(evil)}},
		Technical: []row{{Label: evil, Value: evil}},
	}
	out := string(p.Details()) + string(p.TechnicalHTML())
	if strings.Contains(out, "<script") || strings.Contains(out, "javascript:") || strings.Contains(out, `"x"`) {
		t.Fatalf("unescaped output:\n%s", out)
	}
	if !strings.Contains(out, `<a href="tel:02390001">0239</a>`) {
		t.Fatalf("tel link missing:\n%s", out)
	}
	if got := strings.Count(out, "&lt;script&gt;"); got != 9 {
		t.Fatalf("%d escaped values, want 9:\n%s", got, out)
	}
}

func TestRankText(t *testing.T) {
	for _, tc := range []struct {
		c                verify.CertInfo
		lang, stars, txt string
	}{
		{verify.CertInfo{Rank: 5, Class: "ocop"}, "vi", "★★★★★", "Sản phẩm OCOP đạt 5 sao"},
		{verify.CertInfo{Rank: 3, Class: "ocop"}, "en", "★★★☆☆", "OCOP product rated 3 stars"},
		{verify.CertInfo{Rank: 0, Class: "participating"}, "vi", "", "Sản phẩm tham gia Chương trình OCOP (chưa xếp hạng)"},
	} {
		stars, txt, _ := rankText(&tc.c, tc.lang)
		if stars != tc.stars || txt != tc.txt {
			t.Errorf("%+v %s: %q %q", tc.c, tc.lang, stars, txt)
		}
	}
	if got := joinAddress("vi", "thôn 5", "xã Sơn Trường", "Hương Sơn", false); got != "thôn 5, xã Sơn Trường, huyện Hương Sơn" {
		t.Errorf("address: %q", got)
	}
	if got := joinAddress("en", "", "", "Thị xã Hồng Lĩnh", false); got != "Thị xã Hồng Lĩnh" {
		t.Errorf("address: %q", got)
	}
	// Placed in today's commune or ward: no district (the level is gone).
	if got := joinAddress("vi", "thôn 5", "xã Sơn Tây", "Hương Sơn", true); got != "thôn 5, xã Sơn Tây" {
		t.Errorf("placed address: %q", got)
	}
}
