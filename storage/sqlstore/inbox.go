package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

var _ storage.Inbox = (*Store)(nil)

// inboxTables maps an inbox kind to the table its items are in.
var inboxTables = map[string]string{
	storage.InboxConsumerReport: "consumer_reports",
	storage.InboxInspection:     "inspections",
}

// SetInboxState records the office's handling of one item.
func (s *Store) SetInboxState(ctx context.Context, actor string, st *storage.InboxState) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	table, ok := inboxTables[st.Kind]
	if !ok {
		return stamp.Errorf(stamp.EInvalid, "inbox kind %q: want consumer_report or inspection", st.Kind)
	}
	if !slices.Contains(storage.InboxStates, st.State) {
		return stamp.Errorf(stamp.EInvalid, "inbox state %q: want open, in_progress or closed", st.State)
	}
	st.Note = strings.TrimSpace(nfc(st.Note))
	if err := checkText("note", st.Note, storage.MaxReportText); err != nil {
		return err
	}
	return s.inTx(ctx, "set inbox state", func(w *tx) error {
		var one int
		err := w.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, st.ItemID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return stamp.Errorf(stamp.ENotFound, "%s %d not found", strings.ReplaceAll(st.Kind, "_", " "), st.ItemID)
		}
		if err != nil {
			return fmt.Errorf("set inbox state: %w", err)
		}
		st.ChangedBy, st.ChangedAt = nfc(actor), w.now
		if _, err := w.exec(ctx, `DELETE FROM inbox_states WHERE kind = ? AND item_id = ?`, st.Kind, st.ItemID); err != nil {
			return fmt.Errorf("set inbox state: %w", err)
		}
		if _, err := w.exec(ctx, `INSERT INTO inbox_states (kind, item_id, state, note, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)`,
			st.Kind, st.ItemID, st.State, st.Note, st.ChangedBy, micros(st.ChangedAt)); err != nil {
			return fmt.Errorf("set inbox state: %w", err)
		}
		return w.audit(ctx, actor, "inbox.state", st.Kind+":"+strconv.FormatInt(st.ItemID, 10), nil,
			map[string]string{"state": st.State, "note": st.Note})
	})
}

// InboxStatesOf returns the recorded states of kind's items.
func (s *Store) InboxStatesOf(ctx context.Context, kind string) (map[int64]storage.InboxState, error) {
	rows, err := s.query(ctx, `SELECT item_id, state, note, changed_by, changed_at FROM inbox_states WHERE kind = ?`, kind)
	if err != nil {
		return nil, fmt.Errorf("inbox states: %w", err)
	}
	list, err := collect(rows, func(r scanner) (storage.InboxState, error) {
		st := storage.InboxState{Kind: kind}
		var at int64
		err := r.Scan(&st.ItemID, &st.State, &st.Note, &st.ChangedBy, &at)
		st.ChangedAt = fromMicros(at)
		return st, err
	}, "inbox states")
	if err != nil {
		return nil, err
	}
	out := make(map[int64]storage.InboxState, len(list))
	for _, st := range list {
		out[st.ItemID] = st
	}
	return out, nil
}
