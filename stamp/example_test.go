package stamp_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// exampleSigner returns the signer of test vector key A. A real signer comes
// from KeyDir.Signer.
func exampleSigner() *stamp.Signer {
	seed := sha256.Sum256([]byte("ocopstamp code-v1 test vector key A"))
	s, err := stamp.NewSigner(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleSigner_Sign() {
	s := exampleSigner()
	c := s.Sign(1234567, uuid.MustParse("0192a0b1-c2d3-7e4f-a5b6-c7d8e9f0a1b2"))
	fmt.Println(s)
	fmt.Println(c.KeyID, c.Product, c.StampID)
	fmt.Println(c.Text())
	fmt.Println(c.URL("https://txng.example.vn")[:40] + "…")
	// Output:
	// ed25519 signer f7f3c6b6
	// f7f3c6b6 1234567 0192a0b1-c2d3-7e4f-a5b6-c7d8e9f0a1b2
	// AH37HRVWAAJNNBYBSKQLDQWTPZH2LNWH3DU7BINS4YG6GHQ6CLSEZPTDVFIIG44QP3MPOVZ35ZD7EFSRDWFTPGDHPXOPOOTYQYY55TM5JMSEXDJ47TLGXF2X64CILT24PQ4IMNUTYIYB4BQ
	// HTTPS://TXNG.EXAMPLE.VN/S/AH37HRVWAAJNNB…
}

func ExampleParseCode() {
	// A scanned QR payload, in any letter case, with stray white space.
	in := " https://txng.example.vn/s/ah37hrvwaajnnbybskqldqwtpzh2lnwh3du7bins4yg6ghq6clsezptdvfiig44qp3mpovz35zd7efsrdwftpgdhpxopootyqyy55tm5jmsexdj47tlgxf2x64cilt24pq4imnutyiyb4bq\n"
	c, err := stamp.ParseCode(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.KeyID, c.Product, c.StampID)

	// Verification needs the published key set.
	s := exampleSigner()
	keys, _ := stamp.NewKeySet(stamp.PublicKey{ID: s.KeyID(), Key: s.Public(), State: stamp.KeyActive})
	k, err := c.Verify(keys)
	fmt.Println(k.State, err)

	// Anything else is "not a stamp code", with the reason.
	_, err = stamp.ParseCode("HTTPS://TXNG.EXAMPLE.VN/S/0000")
	fmt.Println(errors.Is(err, stamp.ErrNotCode), err)
	// Output:
	// f7f3c6b6 1234567 0192a0b1-c2d3-7e4f-a5b6-c7d8e9f0a1b2
	// active <nil>
	// true not a stamp code: wrong length (4 characters, want 143)
}

func ExampleFormatSerial() {
	fmt.Println(stamp.FormatSerial(1234))
	n, err := stamp.ParseSerial("0000 01234 0")
	fmt.Println(n, err)
	_, err = stamp.ParseSerial("0000-01243-0") // two digits swapped
	fmt.Println(err)
	// Output:
	// 0000-01234-0
	// 1234 <nil>
	// serial "0000-01243-0": check digit does not match; please re-check the number
}
