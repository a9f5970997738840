package console

import (
	"html/template"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// A refusal of the office layer (a *stamp.Error) is shown in both
// languages, the page's first: its Vietnamese text (stamp.Error.MessageVI,
// written where the refusal is made) and its English message. The console
// carries the pair in one string, "first⁣lang⁣second", that the template
// function "msg" turns into the first text and a second line marked with
// its language; a refusal without Vietnamese is its English message alone.
const altSep = "\u2063" // INVISIBLE SEPARATOR: never typed in a refusal

// refusal returns err's text for a page in lang ("vi" or "en").
func refusal(lang string, err error) string {
	return pair(lang, stamp.ErrorMessageVI(err), stamp.ErrorMessage(err))
}

// pair orders a Vietnamese and an English text for lang.
func pair(lang, vi, en string) string {
	if vi == "" || vi == en {
		return en
	}
	if lang == "en" {
		return en + altSep + "vi" + altSep + vi
	}
	return vi + altSep + "en" + altSep + en
}

// reorder returns a pair stored Vietnamese first (a mint job's error) in
// lang's order; any other text unchanged.
func reorder(lang, s string) string {
	first, rest, ok := strings.Cut(s, altSep)
	if !ok {
		return s
	}
	_, second, ok := strings.Cut(rest, altSep)
	if !ok {
		return s
	}
	if strings.HasPrefix(rest, "en"+altSep) {
		return pair(lang, first, second)
	}
	return pair(lang, second, first)
}

// msgHTML is the template function "msg": the first text, then the
// second in a span with its lang attribute (escaped, as everywhere).
func msgHTML(s string) template.HTML {
	first, rest, ok := strings.Cut(s, altSep)
	if !ok {
		return template.HTML(template.HTMLEscapeString(s))
	}
	lang, second, ok := strings.Cut(rest, altSep)
	if !ok || (lang != "en" && lang != "vi") {
		return template.HTML(template.HTMLEscapeString(strings.ReplaceAll(s, altSep, " ")))
	}
	return template.HTML(template.HTMLEscapeString(first) + `<span class="alt" lang="` + lang + `">` +
		template.HTMLEscapeString(second) + `</span>`)
}
