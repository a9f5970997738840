package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestOpenConcurrently opens one fresh schema from several goroutines at
// once, as replicas starting together would: the advisory lock lets one
// migrate and the others find the schema migrated.
func TestOpenConcurrently(t *testing.T) {
	base := storagetest.PostgresURL(t)
	url := storagetest.WithSearchPath(base, storagetest.FreshSchema(t, base))
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(context.Background(), url)
			if err == nil {
				_, err = s.RegistryVersion(context.Background())
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

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := postgres.Open(ctx, "postgres://%zz"); err == nil {
		t.Error("Open of a malformed URL succeeded")
	}
	base := storagetest.PostgresURL(t)
	if s, err := postgres.Open(ctx, storagetest.WithSearchPath(base, "ocop_no_such_schema")); err == nil {
		s.Close()
		t.Error("Open with a search_path naming no schema succeeded")
	} else {
		t.Log(err)
	}
}
