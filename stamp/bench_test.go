package stamp_test

// Benchmarks of the code format, each beside its baseline: raw crypto/ed25519
// over the same 37-byte message. Report ratios measured in one run:
//
//	go test -bench . -run XXX -count 6 ./stamp
//
//	BenchmarkSign / BenchmarkEd25519Sign             Signer.Sign vs raw signing
//	BenchmarkDecodeVerify / BenchmarkEd25519Verify   whole offline check vs raw verify

import (
	"crypto/ed25519"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

var (
	benchPriv = seedKey("ocopstamp code-v1 test vector key A")
	benchPub  = benchPriv.Public().(ed25519.PublicKey)
	sinkCode  stamp.Code
	sinkText  string
	sinkBool  bool
	sinkSig   []byte
)

func benchCode(b *testing.B) (stamp.Code, *stamp.KeySet) {
	s := testSigner(b)
	return s.Sign(1234567, testStampID), keySetFor(b, s)
}

func BenchmarkEd25519Sign(b *testing.B) {
	c, _ := benchCode(b)
	msg := c.Header.SignedMessage()
	b.ReportAllocs()
	for b.Loop() {
		sinkSig = ed25519.Sign(benchPriv, msg)
	}
}

func BenchmarkEd25519Verify(b *testing.B) {
	c, _ := benchCode(b)
	msg := c.Header.SignedMessage()
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = ed25519.Verify(benchPub, msg, c.Signature[:])
	}
	if !sinkBool {
		b.Fatal("does not verify")
	}
}

func BenchmarkSign(b *testing.B) {
	s := testSigner(b)
	b.ReportAllocs()
	var p uint32
	for b.Loop() {
		p++
		sinkCode = s.Sign(p, testStampID)
	}
}

func BenchmarkEncode(b *testing.B) {
	c, _ := benchCode(b)
	b.Run("Text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkText = c.Text()
		}
	})
	b.Run("URL", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkText = c.URL("https://txng.example.vn")
		}
	})
}

func BenchmarkParseCode(b *testing.B) {
	c, _ := benchCode(b)
	for name, in := range map[string]string{"Text": c.Text(), "URL": c.URL("https://txng.example.vn")} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if sinkCode, err = stamp.ParseCode(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeVerify(b *testing.B) {
	c, ks := benchCode(b)
	text := c.Text()
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if sinkCode, _, err = stamp.DecodeAndVerify(text, ks); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEd25519SignParallel(b *testing.B) {
	c, _ := benchCode(b)
	msg := c.Header.SignedMessage()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ed25519.Sign(benchPriv, msg)
		}
	})
}

func BenchmarkEd25519VerifyParallel(b *testing.B) {
	c, _ := benchCode(b)
	msg := c.Header.SignedMessage()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !ed25519.Verify(benchPub, msg, c.Signature[:]) {
				b.Error("does not verify")
			}
		}
	})
}

func BenchmarkSignParallel(b *testing.B) {
	s := testSigner(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var p uint32
		for pb.Next() {
			p++
			s.Sign(p, testStampID)
		}
	})
}

func BenchmarkDecodeVerifyParallel(b *testing.B) {
	c, ks := benchCode(b)
	text := c.Text()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := stamp.DecodeAndVerify(text, ks); err != nil {
				b.Error(err)
			}
		}
	})
}
