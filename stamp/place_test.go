package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestParseDistrict(t *testing.T) {
	for in, want := range map[string]string{
		"Hương Khê": "Hương Khê", "huyện hương khê": "Hương Khê", "HUYỆN CAN LỘC": "Can Lộc",
		"Kỳ Anh": "Kỳ Anh", "thị xã kỳ anh": "Thị xã Kỳ Anh", "Hồng Lĩnh": "Thị xã Hồng Lĩnh",
		"hà tĩnh": "Thành phố Hà Tĩnh", "Hu\u031bo\u031bng So\u031bn": "Hương Sơn", // NFD input
	} {
		got, err := stamp.ParseDistrict(in)
		if err != nil || got != want {
			t.Errorf("ParseDistrict(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := stamp.ParseDistrict("Hà Nội")
	if stamp.ErrorCode(err) != stamp.EInvalid || (err == nil || !strings.Contains(err.Error(), `unknown district "Hà Nội"`)) {
		t.Errorf("ParseDistrict(Hà Nội) = %v", err)
	}
}

func TestCanonicalGroupAndRank(t *testing.T) {
	if g, ok := stamp.CanonicalGroup("  thực phẩm "); !ok || g != "Thực phẩm" {
		t.Errorf("CanonicalGroup = %q, %v", g, ok)
	}
	if _, ok := stamp.CanonicalGroup("Rau"); ok {
		t.Error("an unknown group must not be accepted")
	}
	for in, want := range map[string]stamp.Rank{"4": stamp.Rank4, "5 sao": stamp.Rank5, "3*": stamp.Rank3, "Tham gia": stamp.RankParticipating, "0": stamp.RankParticipating} {
		if r, ok := stamp.ParseRank(in); !ok || r != want {
			t.Errorf("ParseRank(%q) = %v, %v; want %v", in, r, ok, want)
		}
	}
	if _, ok := stamp.ParseRank("6"); ok {
		t.Error("rank 6 must not be accepted")
	}
}
