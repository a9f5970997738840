package stamp_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestParseDate(t *testing.T) {
	want := stamp.NewDate(2024, time.March, 5)
	for _, s := range []string{"2024-03-05", "05/03/2024", "5/3/2024", " 2024-03-05\t"} {
		d, err := stamp.ParseDate(s)
		if err != nil || d != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, d, err, want)
		}
	}
	if d, err := stamp.ParseDate("  "); err != nil || !d.IsZero() {
		t.Errorf("ParseDate of blank = %v, %v; want the zero Date", d, err)
	}
	for _, s := range []string{"2024-02-30", "30/02/2024", "2024/03/05", "03-05-2024", "5.3.2024", "2024-3-5", "tomorrow", "2024-03-05T00:00:00Z"} {
		if _, err := stamp.ParseDate(s); stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) = %v, want EInvalid", s, err)
		}
	}
}

func TestDateFormsAndArithmetic(t *testing.T) {
	d := stamp.NewDate(2024, time.January, 31)
	if d.String() != "2024-01-31" || d.VN() != "31/01/2024" {
		t.Errorf("String/VN = %s, %s", d.String(), d.VN())
	}
	var zero stamp.Date
	if zero.String() != "" || zero.VN() != "" || !zero.IsZero() {
		t.Error("the zero Date must print as empty")
	}
	if got := d.AddMonths(1); got != stamp.NewDate(2024, time.March, 2) {
		t.Errorf("AddMonths(1) = %s (normalised like time.AddDate)", got)
	}
	if got := d.AddDays(1); got != stamp.NewDate(2024, time.February, 1) {
		t.Errorf("AddDays(1) = %s", got)
	}
	if !d.Before(d.AddDays(1)) || !d.AddDays(1).After(d) || d.Before(d) || d.After(d) {
		t.Error("Before/After")
	}
	if !d.Time().Equal(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", d.Time())
	}
}

func TestDateOfUsesVietnamTime(t *testing.T) {
	// 17:00 UTC is midnight in Vietnam (UTC+7): already the next day.
	if got := stamp.DateOf(time.Date(2024, 12, 31, 17, 0, 0, 0, time.UTC)); got != stamp.NewDate(2025, time.January, 1) {
		t.Errorf("DateOf(17:00 UTC) = %s, want 2025-01-01", got)
	}
	if got := stamp.DateOf(time.Date(2024, 12, 31, 16, 59, 59, 0, time.UTC)); got != stamp.NewDate(2024, time.December, 31) {
		t.Errorf("DateOf(16:59:59 UTC) = %s, want 2024-12-31", got)
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D stamp.Date `json:"d"`
		Z stamp.Date `json:"z"`
	}
	b, err := json.Marshal(doc{D: stamp.NewDate(2024, time.March, 5)})
	if err != nil || string(b) != `{"d":"2024-03-05","z":null}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil || back.D != stamp.NewDate(2024, time.March, 5) || !back.Z.IsZero() {
		t.Fatalf("Unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"05/03/2024"}`), &back); err != nil || back.D != stamp.NewDate(2024, time.March, 5) {
		t.Errorf("Unmarshal of DD/MM/YYYY = %+v, %v", back, err)
	}
	for _, bad := range []string{`{"d":"2024-13-01"}`, `{"d":20240305}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestDateSQL(t *testing.T) {
	d := stamp.NewDate(2024, time.March, 5)
	if v, err := d.Value(); err != nil || v != "2024-03-05" {
		t.Errorf("Value = %v, %v", v, err)
	}
	if v, err := (stamp.Date{}).Value(); err != nil || v != nil {
		t.Errorf("Value of zero = %v, %v; want NULL", v, err)
	}
	for _, src := range []any{"2024-03-05", []byte("2024-03-05"), time.Date(2024, 3, 5, 23, 0, 0, 0, time.UTC)} {
		var got stamp.Date
		if err := got.Scan(src); err != nil || got != d {
			t.Errorf("Scan(%#v) = %v, %v", src, got, err)
		}
	}
	got := d
	if err := got.Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", got, err)
	}
	for _, src := range []any{42, "not a date"} {
		if err := got.Scan(src); err == nil {
			t.Errorf("Scan(%#v) succeeded", src)
		}
	}
}
