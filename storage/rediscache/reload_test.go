package rediscache_test

import (
	"context"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/rediscache/redistest"
)

// TestReloadedOnce: after a change to what a view shows (its facility), the
// view is read from the store once and answered from Redis again after that.
func TestReloadedOnce(t *testing.T) {
	ctx := context.Background()
	s, ids := seeded(t, 1)
	c, _, _ := newCache(t, s, redistest.Client)
	waitVersion(t, c, s)
	for round := range 4 {
		if _, _, err := c.StampViewStats(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		reads := s.views.Load()
		for range 3 {
			if _, _, err := c.StampViewStats(ctx, ids[0]); err != nil {
				t.Fatal(err)
			}
		}
		if n := s.views.Load() - reads; n != 0 {
			t.Fatalf("round %d: %d store reads after the reload, want 0; %+v", round, n, c.Stats())
		}
		f, err := s.Facility(ctx, "F1")
		if err != nil {
			t.Fatal(err)
		}
		f.Phone = "0239 000 00" + string(rune('0'+round))
		if err := s.UpdateFacility(ctx, "test", *f); err != nil {
			t.Fatal(err)
		}
		waitVersion(t, c, s)
	}
}
