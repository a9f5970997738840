package epcis

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Kinds of event, in the order events of the same time are exported.
const (
	kindCommission = iota
	kindBatchRevoke
	kindStampRevoke
	kindInspection
)

// Key orders the events of an export: by time, then kind, then subject,
// then part (events split at MaxEPCs).
type Key struct {
	At      int64  // event time, Unix microseconds
	Kind    int    // kindCommission …
	Subject string // first serial (batches, revocations) or inspection id, fixed width
	Part    int    // 0, 1, … for split events
}

func (k Key) less(o Key) bool {
	switch {
	case k.At != o.At:
		return k.At < o.At
	case k.Kind != o.Kind:
		return k.Kind < o.Kind
	case k.Subject != o.Subject:
		return k.Subject < o.Subject
	}
	return k.Part < o.Part
}

// String writes k as "at.kind.subject.part".
func (k Key) String() string {
	return fmt.Sprintf("%d.%d.%s.%d", k.At, k.Kind, k.Subject, k.Part)
}

// Cursor is where a page of an export ends: the window and the key of the
// page's last event. The next page starts after it.
type Cursor struct {
	Since, Until time.Time
	After        Key
}

// Encode returns c as an opaque URL-safe token.
func (c Cursor) Encode() string {
	s := fmt.Sprintf("1|%d|%d|%s", c.Since.UnixMicro(), c.Until.UnixMicro(), c.After)
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// ParseCursor reads a token of Encode. Anything else is an EInvalid
// *stamp.Error.
func ParseCursor(token string) (Cursor, error) {
	bad := stamp.Errorf(stamp.EInvalid, "cursor %q is not one this server gave (ask again without it)", short(token))
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return Cursor{}, bad
	}
	f := strings.Split(string(raw), "|")
	if len(f) != 4 || f[0] != "1" {
		return Cursor{}, bad
	}
	since, err1 := strconv.ParseInt(f[1], 10, 64)
	until, err2 := strconv.ParseInt(f[2], 10, 64)
	k := strings.SplitN(f[3], ".", 3)
	if err1 != nil || err2 != nil || len(k) != 3 || since >= until {
		return Cursor{}, bad
	}
	at, err1 := strconv.ParseInt(k[0], 10, 64)
	kind, err2 := strconv.Atoi(k[1])
	dot := strings.LastIndexByte(k[2], '.')
	if err1 != nil || err2 != nil || dot < 0 || kind < kindCommission || kind > kindInspection {
		return Cursor{}, bad
	}
	part, err := strconv.Atoi(k[2][dot+1:])
	if err != nil || part < 0 {
		return Cursor{}, bad
	}
	return Cursor{Since: time.UnixMicro(since).UTC(), Until: time.UnixMicro(until).UTC(),
		After: Key{At: at, Kind: kind, Subject: k[2][:dot], Part: part}}, nil
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
