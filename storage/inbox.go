package storage

import (
	"context"
	"time"
)

// Kinds of inbox items.
const (
	InboxConsumerReport = "consumer_report"
	InboxInspection     = "inspection"
)

// States of an inbox item; an item never handled is new.
const (
	InboxNew        = "new"         // nobody has opened it yet
	InboxSeen       = "seen"        // opened (consumer-reports show, GET on the admin API), not handled yet
	InboxInProgress = "in_progress" // someone is handling it (the web console's inbox)
	InboxClosed     = "closed"      // handled, with the note saying how
)

// InboxStates lists the states, in the order a case goes through them.
var InboxStates = []string{InboxNew, InboxSeen, InboxInProgress, InboxClosed}

// InboxOpenStates are the states of items not closed yet: what the inbox
// and 'consumer-reports list' show by default.
var InboxOpenStates = []string{InboxNew, InboxSeen, InboxInProgress}

// InboxState is how the office handles one consumer report or inspection.
type InboxState struct {
	Kind      string // InboxConsumerReport or InboxInspection
	ItemID    int64
	State     string
	Note      string // the office's note, at most MaxReportText characters
	ChangedBy string
	ChangedAt time.Time
}

// Inbox keeps the office's handling of consumer reports and inspections.
type Inbox interface {
	// SetInboxState records s (audited inbox.state by actor, subject
	// "consumer_report:ID" or "inspection:ID") and fills ChangedBy and
	// ChangedAt. An unknown kind or state, over-long note or an item that
	// does not exist is EInvalid or ENotFound. When from is given, the
	// item must be in one of those states (new when never handled) as the
	// transaction reads it: otherwise nothing is written and the error is
	// EConflict, saying the state the item is in, who set it and when.
	SetInboxState(ctx context.Context, actor string, s *InboxState, from ...string) error
	// InboxStatesOf returns the states recorded for kind's items, by id;
	// items missing from the map are new.
	InboxStatesOf(ctx context.Context, kind string) (map[int64]InboxState, error)
}
