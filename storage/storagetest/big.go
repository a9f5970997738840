package storagetest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// BigEnv gates the million-stamp tests: they run only with OCOPSTAMP_BIG=1.
const BigEnv = "OCOPSTAMP_BIG"

// MintMillion mints one batch of stamp.MaxBatchSize (1,000,000) stamps into
// s through stamp.Minter, logs the time and its ratio to signing as many
// codes on every core, and checks every stamp is stored in serial order. It
// skips unless OCOPSTAMP_BIG=1.
func MintMillion(t *testing.T, s storage.Store) {
	if os.Getenv(BigEnv) != "1" {
		t.Skip("set " + BigEnv + "=1 to mint 1,000,000 stamps")
	}
	ctx := context.Background()
	seed(t, s, "HT-CS-BIG", "Hương Khê", 1001)
	t0 := time.Now()
	b := mint(t, s, 1001, stamp.MaxBatchSize)
	d := time.Since(t0)
	sg, ks := testSigner(t)
	sd := signAll(sg, b.Count)
	t.Logf("minted %d stamps in %v (%.0f stamps/s); signing as many on every core took %v: ratio %.2f",
		b.Count, d.Round(time.Millisecond), float64(b.Count)/d.Seconds(), sd.Round(time.Millisecond), sd.Seconds()/d.Seconds())
	t1 := time.Now()
	n, next := 0, b.FirstSerial
	err := s.BatchStamps(ctx, b.ID, 0, 0, func(st stamp.Stamp) error {
		if st.Serial != next {
			t.Fatalf("stamp %d has serial %d, want %d", n, st.Serial, next)
		}
		if n%100_000 == 0 {
			if _, err := st.Code().Verify(ks); err != nil {
				t.Fatalf("stamp %d: %v", st.Serial, err)
			}
		}
		n++
		next++
		return nil
	})
	must(t, err)
	if n != stamp.MaxBatchSize {
		t.Fatalf("batch holds %d stamps, want %d", n, stamp.MaxBatchSize)
	}
	t.Logf("read back %d stamps in %v", n, time.Since(t1).Round(time.Millisecond))
}
