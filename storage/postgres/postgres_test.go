package postgres_test

import (
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// The conformance suite runs on every back-end from storage/storagetest
// (TestConformance there); this package keeps its own benchmarks and tests.

// BenchmarkSignParallel is the baseline of BenchmarkMint.
func BenchmarkSignParallel(b *testing.B) { storagetest.BenchSign(b) }

// BenchmarkMint mints batches of 10,000 stamps; compare its stamps/s with
// BenchmarkSignParallel's (x-sign is the ratio measured within the run).
func BenchmarkMint(b *testing.B) { storagetest.BenchMint(b, storagetest.OpenPostgres(b), 10_000) }

// TestMintMillion mints 1,000,000 stamps (only with OCOPSTAMP_BIG=1).
func TestMintMillion(t *testing.T) { storagetest.MintMillion(t, storagetest.OpenPostgres(t)) }

// BenchmarkCreateBatch is the store's share of BenchmarkMint: batches of
// 20,000 pre-signed stamps.
func BenchmarkCreateBatch(b *testing.B) {
	storagetest.BenchCreateBatch(b, storagetest.OpenPostgres(b), 20_000)
}

// BenchmarkRecordScans: scan writes per second in batches of 4,096, the
// recorder's batch size.
func BenchmarkRecordScans(b *testing.B) {
	storagetest.BenchRecordScans(b, storagetest.OpenPostgres(b), 4096)
}
