package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/internal/csvsafe"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+1+cmd|' /C calc'!A0":       "'+1+cmd|' /C calc'!A0",
		"-2+3":                       "'-2+3",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\t=1":                       "'\t=1",
		"\r=1":                       "'\r=1",
		"-27.3":                      "-27.3",
		"+5":                         "+5",
		"Cam Khe Mây = ngon":         "Cam Khe Mây = ngon",
		"":                           "",
		"185":                        "185",
	} {
		if got := csvsafe.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	if err := w.WriteAll([][]string{{"=1+1", "a"}, {"@x", "-1"}}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || recs[0][0] != "'=1+1" || recs[1][0] != "'@x" || recs[1][1] != "-1" {
		t.Fatalf("records %q, %v", recs, err)
	}
}
