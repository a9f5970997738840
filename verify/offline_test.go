package verify

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestOffline(t *testing.T) {
	kf := newKeyFixture(t)
	id := uuid.New()
	good := kf.active.Sign(7, id)
	forged := good
	forged.Signature[3] ^= 1
	other, _ := stamp.NewKeySet()
	cases := []struct {
		name    string
		text    string
		keys    *stamp.KeySet
		verdict stamp.Verdict
		reason  string
	}{
		{"genuine", good.Text(), kf.keys, stamp.Genuine, ""},
		{"genuine url lower case", "https://txng.example.vn/s/" + strings.ToLower(good.Text()), kf.keys, stamp.Genuine, ""},
		{"retired key", kf.retired.Sign(7, id).Text(), kf.keys, stamp.Genuine, ""},
		{"compromised key", kf.compromised.Sign(7, id).Text(), kf.keys, stamp.CheckOnline, stamp.ReasonKeyCompromised},
		{"bad signature", forged.Text(), kf.keys, stamp.NotGenuine, stamp.ReasonBadSignature},
		{"unknown key", good.Text(), other, stamp.NotGenuine, stamp.ReasonUnknownKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Offline(c.text, c.keys)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != c.verdict || r.Reason != c.reason {
				t.Fatalf("verdict %s/%s, want %s/%s", r.Verdict, r.Reason, c.verdict, c.reason)
			}
			if r.Code.StampID != id.String() || r.Code.ProductNumber != 7 || r.Code.SignatureValid != (c.verdict != stamp.NotGenuine) {
				t.Errorf("code %+v", r.Code)
			}
			if r.Stamp != nil || r.Scans != nil || time.Since(r.CheckedAt) > time.Hour {
				t.Errorf("offline result has registry sections or no time: %+v", r)
			}
		})
	}
	for _, bad := range []string{"", "hello", strings.Repeat("A", stamp.TextSize), good.Text()[:100] + "!" + good.Text()[101:]} {
		_, err := Offline(bad, kf.keys)
		var ce *stamp.CodeError
		if !errors.As(err, &ce) || !ce.Malformed() || stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("Offline(%q) error %v, want a malformed code error", bad, err)
		}
	}
}
