package admin

import "testing"

func TestDuplicateKey(t *testing.T) {
	for body, want := range map[string]string{
		`{"a":1,"b":2}`:                       "",
		`{"a":1,"a":2}`:                       "a",
		`{"a":{"k":1},"b":{"k":2}}`:           "",
		`{"a":{"k":1,"k":[1,{"z":0,"z":1}]}}`: "k",
		`{"a":[{"z":0},{"z":1}],"b":"a"}`:     "",
		`{"a":[{"z":0,"y":{"q":1},"z":1}]}`:   "z",
		`["a","a"]`:                           "",
	} {
		if got := duplicateKey([]byte(body)); got != want {
			t.Errorf("duplicateKey(%s) = %q, want %q", body, got, want)
		}
	}
}
