package stamp_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"testing"

	"github.com/google/uuid"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// seedKey returns the Ed25519 key whose seed is SHA-256 of s, as the test
// vectors derive their keys.
func seedKey(s string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte(s))
	return ed25519.NewKeyFromSeed(seed[:])
}

// testSigner returns the signer of vector key A.
func testSigner(tb testing.TB) *stamp.Signer {
	tb.Helper()
	s, err := stamp.NewSigner(seedKey("ocopstamp code-v1 test vector key A"))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// keySetFor returns a key set holding the signers' public keys, the last one
// active and the others retired.
func keySetFor(tb testing.TB, signers ...*stamp.Signer) *stamp.KeySet {
	tb.Helper()
	var keys []stamp.PublicKey
	for i, s := range signers {
		state := stamp.KeyRetired
		if i == len(signers)-1 {
			state = stamp.KeyActive
		}
		keys = append(keys, stamp.PublicKey{ID: s.KeyID(), Key: s.Public(), State: state})
	}
	ks, err := stamp.NewKeySet(keys...)
	if err != nil {
		tb.Fatal(err)
	}
	return ks
}

var testStampID = uuid.MustParse("0192a0b1-c2d3-7e4f-a5b6-c7d8e9f0a1b2")
