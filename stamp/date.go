package stamp

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day without time zone, written YYYY-MM-DD. The zero Date
// means "not set".
type Date struct{ t time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t in Vietnam's time zone (UTC+7).
func DateOf(t time.Time) Date {
	t = t.In(Vietnam)
	return NewDate(t.Year(), t.Month(), t.Day())
}

// Vietnam is the time zone for calendar days (Indochina Time, UTC+7, no DST).
var Vietnam = time.FixedZone("ICT", 7*3600)

// ParseDate parses YYYY-MM-DD (also DD/MM/YYYY, as Vietnamese spreadsheets
// write it). An empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, Refusef(EInvalid, "Ngày %q không hợp lệ; dùng dạng NNNN-TT-NN hoặc NN/TT/NNNN", "date %q: want YYYY-MM-DD or DD/MM/YYYY", s)
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// VN returns DD/MM/YYYY, the Vietnamese written form, or "".
func (d Date) VN() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// AddMonths returns d plus n months (normalised as time.AddDate does).
func (d Date) AddMonths(n int) Date { return Date{d.t.AddDate(0, n, 0)} }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores a Date as TEXT YYYY-MM-DD, or NULL when zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a Date from TEXT, a time, or NULL.
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
	case string:
		p, err := ParseDate(x)
		if err != nil {
			return err
		}
		*d = p
	case []byte:
		return d.Scan(string(x))
	case time.Time:
		*d = NewDate(x.Year(), x.Month(), x.Day())
	default:
		return fmt.Errorf("date: cannot scan %T", v)
	}
	return nil
}
