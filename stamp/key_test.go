package stamp_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestComputeKeyID(t *testing.T) {
	pub, _ := hex.DecodeString("dd18b68a094304a302162eb0876430dc0b2860c7085cb61dc0c43f58427a4ede")
	if id := stamp.ComputeKeyID(pub); id.String() != "f7f3c6b6" {
		t.Fatalf("ComputeKeyID = %s, want f7f3c6b6 (docs/code-format.md)", id)
	}
	if s := testSigner(t); s.KeyID() != stamp.ComputeKeyID(s.Public()) || s.KeyID().String() != "f7f3c6b6" {
		t.Fatalf("signer key id %s", s.KeyID())
	}
}

func TestParseKeyID(t *testing.T) {
	for _, s := range []string{"f7f3c6b6", "F7F3C6B6"} {
		if id, err := stamp.ParseKeyID(s); err != nil || id.String() != "f7f3c6b6" {
			t.Errorf("ParseKeyID(%q) = %s, %v", s, id, err)
		}
	}
	for _, s := range []string{"", "f7f3c6", "f7f3c6b600", "g7f3c6b6", "f7f3c6b"} {
		if _, err := stamp.ParseKeyID(s); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("ParseKeyID(%q) = %v, want EInvalid", s, err)
		}
	}
}

func TestNewKeySet(t *testing.T) {
	a, b := testSigner(t), mustSigner(t, "b")
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ka := stamp.PublicKey{ID: a.KeyID(), Key: a.Public(), State: stamp.KeyActive, CreatedAt: at}
	kb := stamp.PublicKey{ID: b.KeyID(), Key: b.Public(), State: stamp.KeyRetired, CreatedAt: at.Add(-time.Hour)}
	bad := func(name string, want string, keys ...stamp.PublicKey) {
		t.Helper()
		_, err := stamp.NewKeySet(keys...)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: NewKeySet = %v, want EInvalid mentioning %q", name, err, want)
		}
	}
	short := ka
	short.Key = ka.Key[:31]
	bad("short key", "31 bytes", short)
	wrongID := ka
	wrongID.ID = b.KeyID()
	bad("wrong id", "does not match", wrongID)
	state := ka
	state.State = "revoked"
	bad("state", `unknown state "revoked"`, state)
	comp := ka
	comp.State = stamp.KeyCompromised
	bad("compromised without time", "compromise time", comp)
	bad("duplicate", "listed twice", ka, ka)
	twoActive := kb
	twoActive.State = stamp.KeyActive
	bad("two active", "2 keys are active", ka, twoActive)

	ks, err := stamp.NewKeySet(ka, kb)
	if err != nil {
		t.Fatal(err)
	}
	if ks.Active() == nil || ks.Active().ID != a.KeyID() {
		t.Errorf("Active() = %v", ks.Active())
	}
	all := ks.All()
	if len(all) != 2 || all[0].ID != b.KeyID() || all[1].ID != a.KeyID() {
		t.Errorf("All() not ordered by creation time: %v", all)
	}
	if ks.Lookup(stamp.KeyID{}) != nil || ks.Lookup(a.KeyID()) == nil {
		t.Error("Lookup")
	}
	var empty *stamp.KeySet
	if empty.Lookup(a.KeyID()) != nil || empty.Active() != nil || empty.All() != nil {
		t.Error("a nil KeySet must be empty")
	}
	// NewKeySet copies: changing the argument later changes nothing.
	ka.State = stamp.KeyRetired
	if ks.Active() == nil {
		t.Error("NewKeySet kept a reference to its argument")
	}
}

func mustSigner(tb testing.TB, seed string) *stamp.Signer {
	tb.Helper()
	s, err := stamp.NewSigner(seedKey(seed))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestNewSigner(t *testing.T) {
	if _, err := stamp.NewSigner(make([]byte, 32)); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("NewSigner of a 32-byte seed = %v, want EInvalid", err)
	}
	s := testSigner(t)
	c := s.Sign(5, testStampID)
	if !ed25519.Verify(s.Public(), append([]byte("OCOP-STAMP/1"), c.Header.SignedMessage()[12:]...), c.Signature[:]) {
		t.Error("Sign does not sign prefix || header")
	}
	if c2 := s.Sign(5, testStampID); c2 != c {
		t.Error("Ed25519 signing must be deterministic")
	}
}

// TestSignMessageDomainSeparation: a message signed under another prefix is
// never a code signature, even over the same bytes.
func TestSignMessageDomainSeparation(t *testing.T) {
	s := testSigner(t)
	c := s.Sign(5, testStampID)
	hb := c.Header.Bytes()
	sig := s.SignMessage("OCOP-SNAPSHOT/1", hb[:])
	if !ed25519.Verify(s.Public(), append([]byte("OCOP-SNAPSHOT/1"), hb[:]...), sig) {
		t.Fatal("SignMessage does not sign prefix || message")
	}
	forged := c
	copy(forged.Signature[:], sig)
	if _, err := forged.Verify(keySetFor(t, s)); !errors.Is(err, stamp.ErrBadSignature) {
		t.Fatalf("a snapshot signature verified as a code: %v", err)
	}
}

// TestSignerNeverPrintsKey formats a signer with every verb, by pointer, by
// value and nested, and looks for the private key in any encoding.
func TestSignerNeverPrintsKey(t *testing.T) {
	priv := seedKey("ocopstamp code-v1 test vector key A")
	s := testSigner(t)
	type holder struct {
		S  stamp.Signer
		P  *stamp.Signer
		s  stamp.Signer
		ps *stamp.Signer
	}
	h := holder{S: *s, P: s, s: *s, ps: s}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%o", "%b", "%T", "%p"} {
		for name, v := range map[string]any{"pointer": s, "value": *s, "nested": h, "nested pointer": &h, "slice": []*stamp.Signer{s}} {
			out := fmt.Sprintf(verb, v)
			if leak := findSecret(out, priv); leak != "" {
				t.Errorf("%s of a %s signer shows the private key (%s): %s", verb, name, leak, out)
			}
		}
	}
	if got := fmt.Sprint(s); got != "ed25519 signer f7f3c6b6" {
		t.Errorf("Sprint = %q", got)
	}
}

// findSecret returns how out shows priv (or its seed), or "".
func findSecret(out string, priv ed25519.PrivateKey) string {
	seed := priv.Seed()
	lower := strings.ToLower(out)
	for name, enc := range map[string]string{
		"hex seed": hex.EncodeToString(seed), "hex key": hex.EncodeToString(priv),
		"hex seed prefix": hex.EncodeToString(seed[:8]),
	} {
		if strings.Contains(lower, enc) {
			return name
		}
	}
	// decimal or other byte-list renderings of the seed's first bytes
	var nums []string
	for _, b := range seed[:6] {
		nums = append(nums, fmt.Sprint(b))
	}
	if regexp.MustCompile(`\b` + strings.Join(nums, `[ ,]+`) + `\b`).MatchString(out) {
		return "decimal seed bytes"
	}
	if strings.Contains(out, string(seed[:8])) {
		return "raw seed bytes"
	}
	return ""
}

func TestKeySetJSON(t *testing.T) {
	a, b, x := testSigner(t), mustSigner(t, "b"), mustSigner(t, "x")
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	t1, t2 := t0.AddDate(0, 6, 0), t0.AddDate(1, 0, 0)
	ks, err := stamp.NewKeySet(
		stamp.PublicKey{ID: a.KeyID(), Key: a.Public(), State: stamp.KeyRetired, CreatedAt: t0, RetiredAt: &t1},
		stamp.PublicKey{ID: x.KeyID(), Key: x.Public(), State: stamp.KeyCompromised, CreatedAt: t0.Add(time.Hour), RetiredAt: &t1, CompromisedAt: &t2},
		stamp.PublicKey{ID: b.KeyID(), Key: b.Public(), State: stamp.KeyActive, CreatedAt: t1},
	)
	if err != nil {
		t.Fatal(err)
	}
	data, err := ks.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*stamp.Signer{a, b, x} {
		if leak := findSecret(string(data), seedKey(map[*stamp.Signer]string{a: "ocopstamp code-v1 test vector key A", b: "b", x: "x"}[s])); leak != "" {
			t.Fatalf("key set JSON holds private material (%s)", leak)
		}
	}
	back, err := stamp.ParseKeySet(data)
	if err != nil {
		t.Fatalf("ParseKeySet of MarshalJSON: %v\n%s", err, data)
	}
	again, _ := back.MarshalJSON()
	if string(again) != string(data) {
		t.Fatalf("round trip changed the key set:\n%s\n%s", data, again)
	}
	k := back.Lookup(x.KeyID())
	if k.State != stamp.KeyCompromised || !k.CompromisedAt.Equal(t2) || !k.RetiredAt.Equal(t1) {
		t.Fatalf("compromised key after round trip: %+v", k)
	}
	if !strings.Contains(string(data), `"format": "ocop-stamp-keys/1"`) || !strings.Contains(string(data), `"public_key": "`+hex.EncodeToString(b.Public())+`"`) {
		t.Fatalf("unexpected JSON:\n%s", data)
	}
	empty, _ := stamp.NewKeySet()
	if data, _ := empty.MarshalJSON(); !strings.Contains(string(data), `"keys": []`) {
		t.Errorf("empty key set: %s", data)
	}
}

func TestParseKeySetRejects(t *testing.T) {
	a := testSigner(t)
	key := func(fields string) string {
		return `{"format":"ocop-stamp-keys/1","keys":[{` + fields + `}]}`
	}
	good := `"key_id":"` + a.KeyID().String() + `","algorithm":"Ed25519","public_key":"` + hex.EncodeToString(a.Public()) + `","state":"active","created_at":"2025-01-01T00:00:00Z"`
	if _, err := stamp.ParseKeySet([]byte(key(good))); err != nil {
		t.Fatalf("good key set: %v", err)
	}
	for name, in := range map[string]string{
		"not json":         `{`,
		"format":           `{"format":"ocop-stamp-keys/2","keys":[]}`,
		"no format":        `{"keys":[]}`,
		"unknown field":    key(good + `,"private_key":"00"`),
		"algorithm":        strings.Replace(key(good), "Ed25519", "ECDSA", 1),
		"public key hex":   strings.Replace(key(good), `"public_key":"`, `"public_key":"zz`, 1),
		"public key short": strings.Replace(key(good), hex.EncodeToString(a.Public()), hex.EncodeToString(a.Public()[:31]), 1),
		"key id":           strings.Replace(key(good), a.KeyID().String(), "0000000", 1),
		"key id mismatch":  strings.Replace(key(good), a.KeyID().String(), "00000000", 1),
		"state":            strings.Replace(key(good), `"active"`, `"revoked"`, 1),
		"compromised":      strings.Replace(key(good), `"active"`, `"compromised"`, 1),
		"created_at":       strings.Replace(key(good), "2025-01-01T00:00:00Z", "2025-01-01", 1),
	} {
		if _, err := stamp.ParseKeySet([]byte(in)); stamp.ErrorCode(err) != stamp.EInvalid {
			t.Errorf("%s: ParseKeySet = %v, want EInvalid", name, err)
		}
	}
}

// TestDocKeySetExample parses the key set example of docs/code-format.md.
func TestDocKeySetExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/code-format.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("no json example in docs/code-format.md")
	}
	ks, err := stamp.ParseKeySet(m[1])
	if err != nil {
		t.Fatalf("docs/code-format.md key set example: %v", err)
	}
	k := ks.Lookup(testSigner(t).KeyID())
	if k == nil || k.State != stamp.KeyRetired || k.RetiredAt == nil {
		t.Fatalf("example key: %+v", k)
	}
	for _, s := range []string{"key A` | `f7f3c6b6`", "key B` | `" + mustSigner(t, "ocopstamp code-v1 test vector key B").KeyID().String(),
		"(in no key set)` | `" + mustSigner(t, "ocopstamp code-v1 test vector key X (in no key set)").KeyID().String()} {
		if !strings.Contains(string(doc), s) {
			t.Errorf("docs/code-format.md lacks %q", s)
		}
	}
}

func TestSignMessageRefusesCodePrefix(t *testing.T) {
	s := testSigner(t)
	for _, prefix := range []string{"", "OCOP", "OCOP-STAMP/1", "OCOP-STAMP/1\x01"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("SignMessage(%q) did not panic", prefix)
				}
			}()
			s.SignMessage(prefix, []byte("x"))
		}()
	}
}
