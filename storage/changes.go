package storage

// A RegistryChange names the lookup views one registry write changed: the
// write with registry version Version changed Entity of Kind. Lookup caches
// (storage/rediscache) read them with Registry.RegistryChanges and drop only
// the views that depend on what changed.
type RegistryChange struct {
	Version int64
	Kind    string // one of the Change* kinds
	Entity  string // stamp or batch id, product number in decimal, facility code; "" for ChangeAll
}

// The kinds of RegistryChange. A view of a stamp depends on the stamp, its
// batch, its product (with the product's certification) and its facility
// (the batch's and the product's).
const (
	ChangeStamp    = "stamp"    // one stamp (revocation); Entity: stamp id
	ChangeBatch    = "batch"    // one batch and all its stamps; Entity: batch id
	ChangeProduct  = "product"  // a product or its certification; Entity: product number
	ChangeFacility = "facility" // a facility; Entity: facility code
	ChangeMint     = "mint"     // stamps new to the registry (Entity: batch id): "not in the registry" answers are stale
	ChangeAll      = "all"      // every view (points of sale, communes, writes touching many entities)
)

// ChangeFeed is what RegistryChanges returns.
type ChangeFeed struct {
	// Version is the registry version the feed was read at.
	Version int64
	// Changes of the versions after the one asked for, up to Version,
	// oldest first.
	Changes []RegistryChange
	// Complete is false when the feed does not hold every change after the
	// version asked for (older rows were deleted, or the version predates
	// the feed, or more than the limit asked for): the reader must then take
	// every version up to the oldest change returned as having changed
	// everything (see FeedGap).
	Complete bool
}

// FeedGap returns the highest version whose changes the feed f, read after
// version after, does not describe: after when f is complete, else the
// version just below its oldest change (f.Version when it holds none).
// Everything cached before FeedGap must be taken as stale.
func (f ChangeFeed) FeedGap(after int64) int64 {
	if f.Complete {
		return after
	}
	if len(f.Changes) == 0 {
		return f.Version
	}
	return f.Changes[0].Version - 1
}
