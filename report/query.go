package report

import (
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// ExpiryWindowDays is how far past the month's last day a certification's
// expiry makes the report list it.
const ExpiryWindowDays = 90

// Query selects a report: a month and optionally one district.
type Query struct {
	Month    Month
	District string    // canonical name (one of stamp.Districts); "" for the province
	Now      time.Time // when the report is made; shown on it and used for "month in progress"
}

// ParseQuery checks a month (YYYY-MM, not after now) and a district (a
// canonical name, any letter case, "huyện X" accepted; "" for the whole
// province) as a user typed them. Mistakes are EInvalid with a one-line
// message.
func ParseQuery(month, district string, now time.Time) (Query, error) {
	m, err := ParseMonth(month, now)
	if err != nil {
		return Query{}, err
	}
	q := Query{Month: m, Now: now}
	if strings.TrimSpace(district) != "" {
		d, err := stamp.ParseDistrict(district)
		if err != nil {
			return Query{}, err
		}
		q.District = d
	}
	return q, nil
}
