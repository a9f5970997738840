package wording

import (
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestLangAndDates(t *testing.T) {
	for in, want := range map[string]string{"en": LangEN, "EN-gb": LangEN, "en_US": LangEN, "vi": LangVI, "": LangVI, "fr": LangVI, "english": LangVI} {
		if got := NormalizeLang(in); got != want {
			t.Errorf("NormalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
	if got := FormatDate("2026-03-05", LangVI); got != "05/03/2026" {
		t.Errorf("vi date %q", got)
	}
	if got := FormatDate("2026-03-05", LangEN); got != "5 Mar 2026" {
		t.Errorf("en date %q", got)
	}
	if FormatDate("", LangVI) != "" || FormatDate("soon", LangEN) != "soon" {
		t.Error("FormatDate must pass through what it cannot parse")
	}
	late := time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC) // already 1 Jan in Vietnam
	if got := FormatDay(late, LangVI); got != "01/01/2027" {
		t.Errorf("FormatDay in Vietnam time: %q", got)
	}
}

// TestEveryVerdictWorded: every verdict of stamp.Verdicts has a title and
// advice in both languages, different from each other, and a tone.
func TestEveryVerdictWorded(t *testing.T) {
	for _, v := range stamp.Verdicts {
		if _, ok := titles[v]; !ok {
			t.Errorf("%s: no title", v)
		}
		if _, ok := advice[v]; !ok {
			t.Errorf("%s: no advice", v)
		}
		if Title(v, LangVI) == Title(v, LangEN) || Advice(v, LangVI) == Advice(v, LangEN) {
			t.Errorf("%s: Vietnamese and English are the same", v)
		}
		if m := Message(Facts{Verdict: v}, LangVI); m == Message(Facts{}, LangVI) {
			t.Errorf("%s: no message of its own (%q)", v, m)
		}
	}
}
