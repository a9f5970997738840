package storagetest

import (
	"context"
	"encoding/binary"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// BenchSign is the minting baseline: Ed25519 signing of stamp codes on every
// core (b.RunParallel), the irreducible work of a mint. It reports stamps/s.
func BenchSign(b *testing.B) {
	sg, _ := testSigner(b)
	b.RunParallel(func(pb *testing.PB) {
		var id [16]byte
		var i uint64
		for pb.Next() {
			i++
			binary.BigEndian.PutUint64(id[8:], i)
			sg.Sign(1001, id)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stamps/s")
}

// BenchMint mints batches of n stamps through stamp.Minter into s. Besides
// the mint rate (stamps/s) it measures, between batches, the rate of signing
// n codes on every core (sign/s) and reports the ratio mint/sign
// ("x-sign"): the share of the signing rate the store keeps.
func BenchMint(b *testing.B, s storage.Store, n int) {
	seed(b, s, "HT-CS-BENCH", "Hương Khê", 1001)
	sg, _ := testSigner(b)
	m := &stamp.Minter{Store: s, Signer: sg}
	req := stamp.MintRequest{ProductNumber: 1001, Count: n, MintedBy: actor, Lot: "bench"}
	ctx := context.Background()
	var mintDur, signDur time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := m.Mint(ctx, req); err != nil {
			b.Fatal(err)
		}
		mintDur += time.Since(t0)
		b.StopTimer()
		signDur += signAll(sg, n)
		b.StartTimer()
	}
	mint := float64(b.N*n) / mintDur.Seconds()
	sign := float64(b.N*n) / signDur.Seconds()
	b.ReportMetric(mint, "stamps/s")
	b.ReportMetric(sign, "sign/s")
	b.ReportMetric(mint/sign, "x-sign")
}

// signAll signs n codes on every core and returns how long it took.
func signAll(sg *stamp.Signer, n int) time.Duration {
	workers := runtime.GOMAXPROCS(0)
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var id [16]byte
			for i := w; i < n; i += workers {
				binary.BigEndian.PutUint64(id[8:], uint64(i))
				sg.Sign(1001, id)
			}
		}()
	}
	wg.Wait()
	return time.Since(t0)
}

// BenchCreateBatch writes batches of n pre-signed stamps with CreateBatch
// alone: the store's share of a mint, without signing. It reports stamps/s.
func BenchCreateBatch(b *testing.B, s storage.Store, n int) {
	seed(b, s, "HT-CS-BENCH", "Hương Khê", 1001)
	sg, _ := testSigner(b)
	stamps := make([]stamp.Stamp, n)
	for i := range stamps {
		stamps[i] = stamp.Stamp{ID: uuid.Must(uuid.NewV7()), KeyID: sg.KeyID()}
		stamps[i].Signature[0] = byte(i)
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		for i := range stamps { // fresh ids: every batch is new
			stamps[i].ID = uuid.Must(uuid.NewV7())
		}
		rest := stamps
		next := func() ([]stamp.Stamp, error) {
			c := rest[:min(len(rest), 2048)]
			rest = rest[len(c):]
			return c, nil
		}
		bt := &stamp.Batch{ID: uuid.Must(uuid.NewV7()), ProductNumber: 1001, Count: n, KeyID: sg.KeyID(), MintedBy: actor}
		b.StartTimer()
		if err := s.CreateBatch(ctx, bt, next); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "stamps/s")
}

// BenchRecordScans writes batches of n scans of 10,000 minted stamps (and a
// few unknown ones) through RecordScans, as the scan recorder does, and
// reports scans/s: the capacity to compare with the cached lookup rate
// (every lookup is a scan; the target is at least twice that rate).
func BenchRecordScans(b *testing.B, s storage.Store, n int) {
	seed(b, s, "HT-CS-BENCH", "Hương Khê", 1001)
	sg, _ := testSigner(b)
	m := &stamp.Minter{Store: s, Signer: sg}
	ctx := context.Background()
	if _, err := m.Mint(ctx, stamp.MintRequest{ProductNumber: 1001, Count: 10_000, MintedBy: actor, Lot: "bench"}); err != nil {
		b.Fatal(err)
	}
	ids := make([]uuid.UUID, 0, 10_100)
	for serial := uint64(1); serial <= 10_000; serial++ {
		st, err := s.StampBySerial(ctx, serial)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	for range 100 {
		ids = append(ids, uuid.New())
	}
	batch := make([]stamp.ScanEvent, n)
	now := time.Now()
	k := 0
	for b.Loop() {
		for i := range batch {
			k++
			batch[i] = stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: ids[k%len(ids)], At: now,
				Channel: stamp.ChannelWeb, ClientHash: hex64(uint64(k)), Verdict: "genuine", ProductNumber: 1001}
		}
		if err := s.RecordScans(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "scans/s")
}

// hex64 returns a 64-digit lower-case hex text made from v (a client hash).
func hex64(v uint64) string {
	const digits = "0123456789abcdef"
	var out [64]byte
	v *= 0x9E3779B97F4A7C15
	for i := range out {
		out[i] = digits[(v>>(4*(i%16)))&15]
		if i%16 == 15 {
			v = v*6364136223846793005 + 1442695040888963407
		}
	}
	return string(out[:])
}
