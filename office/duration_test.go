package office_test

import (
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestParseUntil: now, a duration back, a date (that day included), an
// RFC 3339 time; anything else is EInvalid.
func TestParseUntil(t *testing.T) {
	now := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                          now,
		"now":                       now,
		"24h":                       now.Add(-24 * time.Hour),
		"2026-11-29":                time.Date(2026, 11, 30, 0, 0, 0, 0, stamp.Vietnam),
		"2026-11-29T10:00:00+07:00": time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC),
	} {
		got, err := office.ParseUntil(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseUntil(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"later", "-1d", "2026-13-01", "0h"} {
		if _, err := office.ParseUntil(in, now); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("ParseUntil(%q): %v, want invalid", in, err)
		}
	}
}
