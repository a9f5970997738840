package office

import (
	"strconv"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// ParseDuration reads a positive duration: Go's form ("36h", "90m") or a
// whole number of days ("30d") or weeks ("2w"). Anything else is EInvalid.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 || v > 100*366 {
				break
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, stamp.Refusef(stamp.EInvalid, "Khoảng thời gian %q không hợp lệ; ví dụ đúng: 36h, 30d hoặc 2w", "duration %q: want e.g. 36h, 30d or 2w", s)
	}
	return d, nil
}

// ParseSince reads the start of a time range: a duration back from now
// ("24h", "7d"), a date (YYYY-MM-DD, from 00:00 Vietnam time) or an RFC 3339
// time. Anything else is EInvalid.
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, stamp.Vietnam); err == nil {
		return t, nil
	}
	if d, err := ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, stamp.Refusef(stamp.EInvalid, "Mốc bắt đầu %q không hợp lệ; dùng khoảng thời gian (24h, 7d), ngày (NNNN-TT-NN) hoặc thời điểm RFC 3339", "since %q: want a duration (24h, 7d), a date (YYYY-MM-DD) or an RFC 3339 time", s)
}

// ParseExpiry reads when a token expires: "" or "never" for never, a
// duration from now ("720h", "90d"), a date (the end of that day, Vietnam
// time) or an RFC 3339 time. Anything else is EInvalid.
func ParseExpiry(s string, now time.Time) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "never") {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return &t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, stamp.Vietnam); err == nil {
		t = t.AddDate(0, 0, 1)
		return &t, nil
	}
	if d, err := ParseDuration(s); err == nil {
		t := now.Add(d)
		return &t, nil
	}
	return nil, stamp.Refusef(stamp.EInvalid, "Thời hạn %q không hợp lệ; dùng never, khoảng thời gian (720h, 90d), ngày (NNNN-TT-NN) hoặc thời điểm RFC 3339", "expiry %q: want never, a duration (720h, 90d), a date (YYYY-MM-DD) or an RFC 3339 time", s)
}

// ParseUntil reads the end of a time range, exclusive: "" or "now" for
// now, a duration back from now ("24h"), a date (YYYY-MM-DD: the end of
// that day, Vietnam time, so the day is included) or an RFC 3339 time.
// Anything else is EInvalid.
func ParseUntil(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "now") {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, stamp.Vietnam); err == nil {
		return t.AddDate(0, 0, 1), nil
	}
	if d, err := ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, stamp.Refusef(stamp.EInvalid, "Mốc kết thúc %q không hợp lệ; dùng now, khoảng thời gian tính lùi từ hiện tại (24h), ngày (NNNN-TT-NN, tính cả ngày đó) hoặc thời điểm RFC 3339", "until %q: want now, a duration back from now (24h), a date (YYYY-MM-DD, included) or an RFC 3339 time", s)
}
