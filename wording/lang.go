// Package wording is the one home of everything a consumer reads, in
// Vietnamese first and English beside it: the verdicts' titles, advice,
// tones and messages (verdict.go), the fixed words of the lookup pages
// (page.go), the report form's sentences (reportform.go), and how dates
// are written (date.go). It imports only stamp, so that verify (and with
// it the offline CLI) and the HTTP front ends share the same words.
package wording

import (
	"reflect"
	"strings"
)

// Languages of the human texts: Vietnamese (the default) and English.
const (
	LangVI = "vi"
	LangEN = "en"
)

// NormalizeLang returns LangEN for "en" or any English tag ("en-US"), and
// LangVI for everything else, so that an unknown language gives the default.
func NormalizeLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == LangEN || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return LangEN
	}
	return LangVI
}

// Other returns the language a page's switch link offers: English on a
// Vietnamese page and Vietnamese on any other.
func Other(lang string) string {
	if NormalizeLang(lang) == LangEN {
		return LangVI
	}
	return LangEN
}

// Pair is one text in both languages.
type Pair struct{ VI, EN string }

// In returns the text in lang (NormalizeLang: Vietnamese unless English).
func (p Pair) In(lang string) string {
	if NormalizeLang(lang) == LangEN {
		return p.EN
	}
	return p.VI
}

// fill sets each string field of the structs vi and en (pointers to the
// same struct type) named in words to its text in that language. A name
// that is not a string field panics at start: the tables are ours.
func fill(vi, en any, words map[string]Pair) {
	v, e := reflect.ValueOf(vi).Elem(), reflect.ValueOf(en).Elem()
	for name, p := range words {
		fv, fe := v.FieldByName(name), e.FieldByName(name)
		if !fv.IsValid() || fv.Kind() != reflect.String {
			panic("wording: no text field " + name + " in " + v.Type().String())
		}
		fv.SetString(p.VI)
		fe.SetString(p.EN)
	}
}
