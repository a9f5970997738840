package rediscache

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestFeed: what the cache makes of the change feed — a change makes stale
// only the views depending on it; a gap, a change of everything, or a
// forgotten change raises the floor under which every view is stale; a
// mint makes "not in the registry" entries stale and nothing else.
func TestFeed(t *testing.T) {
	f := newFeed()
	s1, s2, b1, b2 := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	t0 := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	const prune = time.Minute
	// Started at version 10 with the feed holding versions 6..10.
	f.apply(0, storage.ChangeFeed{Version: 10, Changes: []storage.RegistryChange{
		{Version: 6, Kind: storage.ChangeProduct, Entity: "7"},
		{Version: 10, Kind: storage.ChangeFacility, Entity: "F1"},
	}}, t0, prune)
	check := func(what string, got, want bool) {
		t.Helper()
		if got != want {
			t.Fatalf("%s: fresh %v, want %v (feed floor %d)", what, got, want, f.floor)
		}
	}
	check("loaded before the feed's first version", f.fresh(4, s1, b1, 1, "F2"), false)
	check("loaded at the gap", f.fresh(5, s1, b1, 1, "F2"), true)
	check("product 7 changed at 6", f.fresh(5, s1, b1, 7, "F2"), false)
	check("facility F1 changed at 10", f.fresh(9, s1, b1, 1, "F2", "F1"), false)
	check("loaded after", f.fresh(10, s1, b1, 7, "F1"), true)

	f.apply(10, storage.ChangeFeed{Version: 12, Complete: true, Changes: []storage.RegistryChange{
		{Version: 11, Kind: storage.ChangeStamp, Entity: s1.String()},
		{Version: 12, Kind: storage.ChangeBatch, Entity: b2.String()},
		{Version: 12, Kind: storage.ChangeMint, Entity: b2.String()},
	}}, t0.Add(time.Second), prune)
	check("revoked stamp", f.fresh(10, s1, b1, 1), false)
	check("its batch-mate", f.fresh(10, s2, b1, 1), true)
	check("revoked batch", f.fresh(11, s2, b2, 1), false)
	check("missing before the mint", f.freshMissing(11), false)
	check("missing after the mint", f.freshMissing(12), true)

	f.apply(12, storage.ChangeFeed{Version: 13, Complete: true, Changes: []storage.RegistryChange{
		{Version: 13, Kind: storage.ChangeAll},
	}}, t0.Add(2*time.Second), prune)
	check("everything changed at 13", f.fresh(12, s2, b1, 1), false)
	check("loaded at 13", f.fresh(13, s2, b1, 1), true)

	// Two minutes on: every change is forgotten; the floor keeps the
	// newest of them.
	f.apply(13, storage.ChangeFeed{Version: 13, Complete: true}, t0.Add(2*time.Minute), prune)
	if len(f.recent) != 0 || len(f.stamps) != 0 || len(f.batches) != 0 || len(f.products) != 0 || len(f.facilities) != 0 || f.floor != 13 {
		t.Fatalf("after pruning: %d recent, maps %d %d %d %d, floor %d", len(f.recent), len(f.stamps), len(f.batches), len(f.products), len(f.facilities), f.floor)
	}
	check("loaded before the forgotten changes", f.fresh(12, s1, b1, 1), false)

	// A reader left so far behind that the feed was cut after it.
	f.apply(13, storage.ChangeFeed{Version: 20, Changes: []storage.RegistryChange{
		{Version: 18, Kind: storage.ChangeStamp, Entity: s2.String()},
	}}, t0.Add(3*time.Minute), prune)
	check("loaded in the gap", f.fresh(16, s1, b1, 1), false)
	check("loaded after the gap", f.fresh(17, s1, b1, 1), true)
	check("changed after the gap", f.fresh(17, s2, b1, 1), false)
}
