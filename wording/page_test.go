package wording

import (
	"reflect"
	"testing"
)

// TestPageWords: every text field of Page, ReportForm and Resolver has its words in
// both languages (the tables are keyed by field name, so a field added to a
// struct without its entry would show blank).
func TestPageWords(t *testing.T) {
	same := map[string]bool{"Lang": true, "OtherLang": true, "SerialPlaceholder": true}
	for _, c := range []struct{ vi, en any }{{PageFor(LangVI), PageFor("en-GB")}, {ReportFormFor(""), ReportFormFor(LangEN)}, {ResolverFor(""), ResolverFor(LangEN)}} {
		v, e := reflect.ValueOf(c.vi).Elem(), reflect.ValueOf(c.en).Elem()
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Type.Kind() != reflect.String {
				continue
			}
			vi, en := v.Field(i).String(), e.Field(i).String()
			if vi == "" || en == "" || (vi == en && !same[f.Name]) {
				t.Errorf("%s.%s: vi %q en %q", v.Type().Name(), f.Name, vi, en)
			}
		}
	}
	if PageFor(LangVI).StatusName("suspended") != "Tạm đình chỉ" || PageFor(LangEN).StatusName("suspended") != "Suspended" ||
		PageFor(LangEN).StatusName("odd") != "odd" {
		t.Error("status names")
	}
	if PageFor(LangVI).Lang != LangVI || PageFor(LangVI).OtherLang != LangEN || PageFor(LangEN).OtherLang != LangVI {
		t.Error("page languages")
	}
}

// TestFillRefusesUnknownField: a table entry naming no field panics at start.
func TestFillRefusesUnknownField(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("fill accepted a name that is no field")
		}
	}()
	fill(&ReportForm{}, &ReportForm{}, map[string]Pair{"Nope": {"a", "b"}})
}
