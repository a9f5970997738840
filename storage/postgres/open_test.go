package postgres_test

import (
	"context"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestOpenConcurrently: replicas starting together on a new schema; the
// advisory lock lets one migrate and the others find it migrated.
func TestOpenConcurrently(t *testing.T) {
	base := storagetest.PostgresURL(t)
	url := storagetest.WithSearchPath(base, storagetest.FreshSchema(t, base))
	storagetest.OpenConcurrently(t, 3, func(ctx context.Context) (storage.Store, error) { return postgres.Open(ctx, url) })
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
	}
}
