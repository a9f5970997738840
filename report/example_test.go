package report_test

import (
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/report"
)

func ExampleParseQuery() {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	q, err := report.ParseQuery("2026-11", "huyện Hương Khê", now)
	fmt.Println(q.Month, q.District, q.Month.LastDay(), err)
	_, err = report.ParseQuery("2027-01", "", now)
	fmt.Println(err)
	// Output:
	// 2026-11 Hương Khê 2026-11-30 <nil>
	// month 2027-01 is in the future (today is 2026-12-01)
}
