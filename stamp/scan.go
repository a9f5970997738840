package stamp

import (
	"time"

	"github.com/google/uuid"
)

// Scan channels.
const (
	ChannelWeb       = "web"       // a browser opened /s/{code}
	ChannelAPI       = "api"       // JSON API
	ChannelSerial    = "serial"    // the typed serial form
	ChannelInspector = "inspector" // an authenticated inspector
)

// ScanEvent records one lookup of a well-formed code. ClientHash is a salted
// hash of the client's address and user agent; the raw address is never kept.
type ScanEvent struct {
	// ID names this scan: a store keeps one scan per ID, so that writing the
	// same event again (a replay after a lost reply) adds nothing. The
	// recorder gives every event a UUIDv7; a store fills a zero ID itself.
	ID         uuid.UUID
	StampID    uuid.UUID
	At         time.Time
	Channel    string
	ClientHash string
	Verdict    string
	// ProductNumber is the product the code names (its header), when the
	// recorder knows it; 0 otherwise. The store keeps the registry's product
	// for stamps it holds and this one for stamps it does not, so that
	// reports can place scans of unknown stamps in a district.
	ProductNumber uint32
}

// ScanStats summarises the scans of one stamp.
type ScanStats struct {
	Count           int64
	DistinctClients int64
	FirstAt         *time.Time
	LastAt          *time.Time
}
