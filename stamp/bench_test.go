package stamp_test

// Benchmarks of the code format, each beside its baseline: raw crypto/ed25519
// over the same 37-byte message. Report ratios measured in one run:
//
//	go test -bench . -run XXX -count 6 ./stamp
//
//	BenchmarkSign / BenchmarkEd25519Sign             Signer.Sign vs raw signing
//	BenchmarkDecodeVerify / BenchmarkEd25519Verify   whole offline check vs raw verify
//
// On a shared, noisy machine the separate figures drift between benchmarks;
// BenchmarkRatioSign and BenchmarkRatioDecodeVerify alternate the project's
// call and its baseline in one loop and report the throughput ratio directly
// ("ratio" = baseline time / project time; 1.0 means no overhead).

import (
	"crypto/ed25519"
	"testing"
	"time"

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

// pairedRatio runs base and ours alternately (swapping their order every
// iteration) and reports base time / ours time as "ratio".
func pairedRatio(b *testing.B, base, ours func()) {
	var tBase, tOurs time.Duration
	i := 0
	for b.Loop() {
		if i++; i%2 == 0 {
			t0 := time.Now()
			base()
			t1 := time.Now()
			ours()
			tBase, tOurs = tBase+t1.Sub(t0), tOurs+time.Since(t1)
		} else {
			t0 := time.Now()
			ours()
			t1 := time.Now()
			base()
			tOurs, tBase = tOurs+t1.Sub(t0), tBase+time.Since(t1)
		}
	}
	b.ReportMetric(float64(tBase)/float64(tOurs), "ratio")
	b.ReportMetric(float64(tBase.Nanoseconds())/float64(i), "base-ns/op")
	b.ReportMetric(float64(tOurs.Nanoseconds())/float64(i), "ours-ns/op")
}

// BenchmarkRatioSign: Signer.Sign against raw ed25519.Sign of the same
// 37-byte message.
func BenchmarkRatioSign(b *testing.B) {
	s := testSigner(b)
	msg := s.Sign(1234567, testStampID).Header.SignedMessage()
	pairedRatio(b,
		func() { sinkSig = ed25519.Sign(benchPriv, msg) },
		func() { sinkCode = s.Sign(1234567, testStampID) })
}

// BenchmarkRatioDecodeVerify: DecodeAndVerify of a code text against raw
// ed25519.Verify of its message and signature.
func BenchmarkRatioDecodeVerify(b *testing.B) {
	c, ks := benchCode(b)
	msg, text := c.Header.SignedMessage(), c.Text()
	pairedRatio(b,
		func() { sinkBool = ed25519.Verify(benchPub, msg, c.Signature[:]) },
		func() {
			if _, _, err := stamp.DecodeAndVerify(text, ks); err != nil {
				b.Fatal(err)
			}
		})
}
