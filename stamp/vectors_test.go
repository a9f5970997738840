package stamp_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// vectorsFile is testdata/code-v1-vectors.json, written by
// stamp/internal/vectorgen; docs/code-format.md describes its fields.
const vectorsFile = "../testdata/code-v1-vectors.json"

type vector struct {
	Name             string  `json:"name"`
	Comment          string  `json:"comment"`
	PublicKeyHex     string  `json:"public_key_hex"`
	Text             string  `json:"text"`
	Expect           string  `json:"expect"`
	ErrorKind        string  `json:"error_kind"`
	KeyIDHex         string  `json:"key_id_hex"`
	ProductNumber    *uint32 `json:"product_number"`
	StampID          string  `json:"stamp_id"`
	CanonicalText    string  `json:"canonical_text"`
	CodeHex          string  `json:"code_hex"`
	SignedMessageHex string  `json:"signed_message_hex"`
}

func loadVectors(tb testing.TB) []vector {
	tb.Helper()
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		tb.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		tb.Fatalf("%s: %v", vectorsFile, err)
	}
	if len(vs) < 12 {
		tb.Fatalf("%s: only %d vectors", vectorsFile, len(vs))
	}
	return vs
}

// keySetOf returns the key set a vector is checked against: its one public
// key, active.
func keySetOf(tb testing.TB, pubHex string) *stamp.KeySet {
	tb.Helper()
	pub, err := hex.DecodeString(pubHex)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		tb.Fatalf("public_key_hex %q: not 32 bytes of hex", pubHex)
	}
	ks, err := stamp.NewKeySet(stamp.PublicKey{ID: stamp.ComputeKeyID(pub), Key: pub, State: stamp.KeyActive,
		CreatedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatal(err)
	}
	return ks
}

var errorKinds = map[string]error{
	"length":        stamp.ErrLength,
	"alphabet":      stamp.ErrAlphabet,
	"version":       stamp.ErrVersion,
	"unknown_key":   stamp.ErrUnknownKey,
	"bad_signature": stamp.ErrBadSignature,
}

func TestVectorsCoverEveryOutcome(t *testing.T) {
	seen := map[string]int{}
	for _, v := range loadVectors(t) {
		seen[v.Expect]++
		if v.Expect == "malformed" {
			seen["malformed/"+v.ErrorKind]++
		}
	}
	for _, k := range []string{"valid", "bad_signature", "unknown_key", "malformed", "malformed/length", "malformed/alphabet", "malformed/version"} {
		if seen[k] == 0 {
			t.Errorf("no vector expects %s", k)
		}
	}
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			ks := keySetOf(t, v.PublicKeyHex)
			c, k, err := stamp.DecodeAndVerify(v.Text, ks)
			want := errorKinds[v.Expect]
			if v.Expect == "malformed" {
				want = errorKinds[v.ErrorKind]
				if want == nil {
					t.Fatalf("malformed vector with error_kind %q", v.ErrorKind)
				}
			}
			switch {
			case v.Expect == "valid":
				if err != nil {
					t.Fatalf("DecodeAndVerify: %v", err)
				}
				if k == nil || k.ID != c.KeyID {
					t.Fatalf("verifying key %v, want the key of %s", k, c.KeyID)
				}
			case want == nil:
				t.Fatalf("unknown expect %q", v.Expect)
			case !errors.Is(err, want):
				t.Fatalf("error %v, want %v", err, want)
			}
			if err != nil {
				var ce *stamp.CodeError
				if !errors.As(err, &ce) {
					t.Fatalf("error %T is not a *stamp.CodeError", err)
				}
				if ce.Malformed() != (v.Expect == "malformed") {
					t.Errorf("Malformed() = %v for a %s vector", ce.Malformed(), v.Expect)
				}
				if stamp.ErrorCode(err) != stamp.EInvalid {
					t.Errorf("ErrorCode = %q, want %q", stamp.ErrorCode(err), stamp.EInvalid)
				}
				for name, kind := range errorKinds {
					if kind != want && errors.Is(err, kind) {
						t.Errorf("error also matches %s", name)
					}
				}
			}
			if v.Expect == "malformed" {
				checkMalformed(t, v)
				return
			}
			checkHeader(t, v, c)
		})
	}
}

// checkHeader compares a decoded well-formed code with the vector's fields.
func checkHeader(t *testing.T, v vector, c stamp.Code) {
	t.Helper()
	if c.KeyID.String() != v.KeyIDHex {
		t.Errorf("key id %s, want %s", c.KeyID, v.KeyIDHex)
	}
	if v.ProductNumber == nil || c.Product != *v.ProductNumber {
		t.Errorf("product %d, want %v", c.Product, v.ProductNumber)
	}
	if c.StampID.String() != v.StampID {
		t.Errorf("stamp id %s, want %s", c.StampID, v.StampID)
	}
	if c.Text() != v.CanonicalText {
		t.Errorf("Text() = %s, want %s", c.Text(), v.CanonicalText)
	}
	if got := hex.EncodeToString(c.Bytes()); got != v.CodeHex {
		t.Errorf("Bytes() = %s, want %s", got, v.CodeHex)
	}
	if got := hex.EncodeToString(c.Header.SignedMessage()); got != v.SignedMessageHex {
		t.Errorf("SignedMessage() = %s, want %s", got, v.SignedMessageHex)
	}
	if text, err := stamp.ExtractText(v.Text); err != nil || text != v.CanonicalText {
		t.Errorf("ExtractText = %q, %v; want the canonical text", text, err)
	}
	pub, _ := hex.DecodeString(v.PublicKeyHex)
	sameKey := stamp.ComputeKeyID(pub).String() == v.KeyIDHex
	if sameKey == (v.Expect == "unknown_key") {
		t.Errorf("key id %s vs the vector key's id %s: inconsistent with %s", v.KeyIDHex, stamp.ComputeKeyID(pub), v.Expect)
	}
}

// checkMalformed checks that ParseCode and ExtractText agree with the vector.
func checkMalformed(t *testing.T, v vector) {
	t.Helper()
	want := errorKinds[v.ErrorKind]
	if _, err := stamp.ParseCode(v.Text); !errors.Is(err, want) {
		t.Errorf("ParseCode error %v, want %v", err, want)
	}
	_, err := stamp.ExtractText(v.Text)
	if v.ErrorKind == "version" {
		if err != nil {
			t.Errorf("ExtractText: %v; a version error is found only by decoding", err)
		}
	} else if !errors.Is(err, want) {
		t.Errorf("ExtractText error %v, want %v", err, want)
	}
}

// TestVectorsNode runs the independent JavaScript verifier over the vectors.
// Without node on PATH it skips, or fails when CI is set.
func TestVectorsNode(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node (Node.js 20 or later) is not on PATH: install it to run scripts/verify-vectors.mjs")
		}
		t.Skip("node is not on PATH: install Node.js 20 to run scripts/verify-vectors.mjs")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("scripts", "verify-vectors.mjs"), filepath.Join("testdata", "code-v1-vectors.json"))
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node scripts/verify-vectors.mjs: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
