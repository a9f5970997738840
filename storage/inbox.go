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

// States of an inbox item; an item never handled is open.
const (
	InboxOpen       = "open"
	InboxInProgress = "in_progress"
	InboxClosed     = "closed"
)

// InboxStates lists the states, in the order a case goes through them.
var InboxStates = []string{InboxOpen, InboxInProgress, InboxClosed}

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
	// does not exist is EInvalid or ENotFound.
	SetInboxState(ctx context.Context, actor string, s *InboxState) error
	// InboxStatesOf returns the states recorded for kind's items, by id;
	// items missing from the map are open.
	InboxStatesOf(ctx context.Context, kind string) (map[int64]InboxState, error)
}
