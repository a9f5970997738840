package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Month is a calendar month in Vietnam's time zone.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth parses YYYY-MM. A malformed month, one before 2000 or one that
// starts after now (Vietnam time) is EInvalid with a one-line message.
func ParseMonth(s string, now time.Time) (Month, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, stamp.Errorf(stamp.EInvalid, "month %q: want YYYY-MM, e.g. 2026-11", s)
	}
	m := Month{t.Year(), t.Month()}
	if m.Year < 2000 {
		return Month{}, stamp.Errorf(stamp.EInvalid, "month %s: before 2000", m)
	}
	if m.Start().After(now) {
		return Month{}, stamp.Errorf(stamp.EInvalid, "month %s is in the future (today is %s)", m, stamp.DateOf(now))
	}
	return m, nil
}

// MonthOf returns the month that holds t in Vietnam time.
func MonthOf(t time.Time) Month {
	t = t.In(stamp.Vietnam)
	return Month{t.Year(), t.Month()}
}

// String returns YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// VN returns the Vietnamese form "tháng 11/2026".
func (m Month) VN() string { return fmt.Sprintf("tháng %02d/%04d", int(m.Month), m.Year) }

// Start returns the first instant of the month, 00:00 Vietnam time.
func (m Month) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, stamp.Vietnam) }

// End returns the first instant of the next month: the month is [Start, End).
func (m Month) End() time.Time { return m.Start().AddDate(0, 1, 0) }

// Prev returns the month before m.
func (m Month) Prev() Month {
	t := m.Start().AddDate(0, -1, 0)
	return Month{t.Year(), t.Month()}
}

// LastDay returns the month's last calendar day.
func (m Month) LastDay() stamp.Date {
	return stamp.NewDate(m.Year, m.Month, 1).AddMonths(1).AddDays(-1)
}

// MarshalJSON writes "YYYY-MM".
func (m Month) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

// UnmarshalJSON reads "YYYY-MM".
func (m *Month) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return fmt.Errorf("month %q: want YYYY-MM", s)
	}
	*m = Month{t.Year(), t.Month()}
	return nil
}
