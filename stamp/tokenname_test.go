package stamp_test

import (
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestTokenNameLookalikes: names that pass for another in the audit log are
// refused; Vietnamese names are fine; case variants share one key.
func TestTokenNameLookalikes(t *testing.T) {
	for name, says := range map[string]string{
		"t\u2010office": "plain hyphen",     // U+2010 HYPHEN
		"t\u2013office": "plain hyphen",     // EN DASH
		"ｔ-office":      "plain characters", // full-width t
		"t-оffice":      "not Latin",        // Cyrillic о
		"t-οffice":      "not Latin",        // Greek omicron
		"oﬃce":          "plain characters", // ligature
	} {
		err := stamp.CheckTokenName(name)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), says) {
			t.Errorf("CheckTokenName(%q) = %v, want EInvalid saying %q", name, err, says)
		}
	}
	for _, name := range []string{"t-office", "Nguyễn Văn An", "Nguye\u0302\u0303n", "kiểm tra_viên.2"} {
		if err := stamp.CheckTokenName(name); err != nil {
			t.Errorf("CheckTokenName(%q) = %v", name, err)
		}
	}
	if stamp.TokenNameKey("T-OFFICE") != stamp.TokenNameKey("t-office") || stamp.TokenNameKey("Nguye\u0302\u0303n") != stamp.TokenNameKey("nguyễn") {
		t.Error("case or composition variants have different keys")
	}
}
