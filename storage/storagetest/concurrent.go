package storagetest

import (
	"context"
	"sync"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// OpenConcurrently calls open (each call opening the same, new database)
// from n goroutines at once, as a CLI and a server or several replicas
// starting together would, and fails unless every store opens migrated.
func OpenConcurrently(t *testing.T, n int, open func(ctx context.Context) (storage.Store, error)) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			s, err := open(ctx)
			if err == nil {
				_, err = s.RegistryVersion(ctx)
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
		}
	}
}
