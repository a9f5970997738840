package wording

import (
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// FormatDate writes a YYYY-MM-DD date the way readers of lang expect:
// "05/03/2026" in Vietnamese, "5 Mar 2026" in English. Anything that does not
// parse is returned unchanged ("" stays "").
func FormatDate(s, lang string) string {
	d, err := stamp.ParseDate(s)
	if err != nil || d.IsZero() {
		return s
	}
	return formatTime(d.Time(), lang)
}

// FormatDay writes the calendar day of t in Vietnam's time zone as
// FormatDate does.
func FormatDay(t time.Time, lang string) string { return formatTime(t.In(stamp.Vietnam), lang) }

func formatTime(t time.Time, lang string) string {
	if NormalizeLang(lang) == LangEN {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year())
	}
	return t.Format("02/01/2006")
}
