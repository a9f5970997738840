package report

import (
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/stamp/registrycsv"
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
		d, err := ParseDistrict(district)
		if err != nil {
			return Query{}, err
		}
		q.District = d
	}
	return q, nil
}

// ParseDistrict returns the canonical name of a Hà Tĩnh district (see
// stamp.Districts): any letter case, "huyện X" accepted, and a town or city
// by its short name ("Hồng Lĩnh", "Hà Tĩnh") unless a district has that name
// ("Kỳ Anh" is the district; the town is "Thị xã Kỳ Anh"). An unknown name is
// EInvalid listing the known ones.
func ParseDistrict(s string) (string, error) {
	if d, ok := registrycsv.CanonicalDistrict(s); ok {
		return d, nil
	}
	low := strings.ToLower(strings.TrimSpace(norm.NFC.String(s)))
	for _, d := range stamp.Districts {
		dl := strings.ToLower(d)
		for _, prefix := range []string{"thành phố ", "thị xã "} {
			if short, ok := strings.CutPrefix(dl, prefix); ok && low == short {
				return d, nil
			}
		}
	}
	return "", stamp.Errorf(stamp.EInvalid, "unknown district %q: want one of %s", strings.TrimSpace(s), strings.Join(stamp.Districts, ", "))
}
