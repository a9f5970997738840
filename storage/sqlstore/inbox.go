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

// SetInboxState records the office's handling of one item; with from, only
// when the item is in one of those states.
func (s *Store) SetInboxState(ctx context.Context, actor string, st *storage.InboxState, from ...string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	table, ok := inboxTables[st.Kind]
	if !ok {
		return stamp.Refusef(stamp.EInvalid, "Loại việc %q không hợp lệ; chỉ nhận consumer_report (phản ánh) hoặc inspection (kiểm tra)", "inbox kind %q: want consumer_report or inspection", st.Kind)
	}
	for _, state := range append([]string{st.State}, from...) {
		if !slices.Contains(storage.InboxStates, state) {
			return stamp.Refusef(stamp.EInvalid, "Tình trạng %q không hợp lệ; chỉ nhận một trong: %s", "inbox state %q: want %s", state, strings.Join(storage.InboxStates, ", "))
		}
	}
	st.Note = strings.TrimSpace(nfc(st.Note))
	if err := checkText("note", st.Note, storage.MaxReportText); err != nil {
		return err
	}
	return s.inTx(ctx, "set inbox state", func(w *tx) error {
		var one int
		err := w.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, st.ItemID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			if st.Kind == storage.InboxInspection {
				return stamp.Refusef(stamp.ENotFound, "Không tìm thấy biên bản kiểm tra %d", "inspection %d not found", st.ItemID)
			}
			return stamp.Refusef(stamp.ENotFound, "Không tìm thấy phản ánh %d", "consumer report %d not found", st.ItemID)
		}
		if err != nil {
			return fmt.Errorf("set inbox state: %w", err)
		}
		st.ChangedBy, st.ChangedAt = nfc(actor), w.now
		ok, err := setInboxRow(ctx, w, st, from)
		if err != nil {
			return fmt.Errorf("set inbox state: %w", err)
		}
		if !ok {
			return inboxConflict(ctx, w, st)
		}
		return w.audit(ctx, actor, "inbox.state", st.Kind+":"+strconv.FormatInt(st.ItemID, 10), nil,
			map[string]string{"state": st.State, "note": st.Note})
	})
}

// setInboxRow writes st's row: always when from is empty, else only when
// the item is in one of the states from (no row: new). It reports whether
// it wrote. Each statement is a compare-and-set that PostgreSQL re-checks
// after waiting for a concurrent writer of the same row, so two closes of
// one report cannot both succeed.
func setInboxRow(ctx context.Context, w *tx, st *storage.InboxState, from []string) (bool, error) {
	vals := []any{st.Kind, st.ItemID, st.State, st.Note, st.ChangedBy, micros(st.ChangedAt)}
	const insert = `INSERT INTO inbox_states (kind, item_id, state, note, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)`
	if len(from) == 0 {
		_, err := w.exec(ctx, insert+` ON CONFLICT (kind, item_id) DO UPDATE SET state = excluded.state, note = excluded.note,
changed_by = excluded.changed_by, changed_at = excluded.changed_at`, vals...)
		return err == nil, err
	}
	if slices.Contains(from, storage.InboxNew) {
		res, err := w.exec(ctx, insert+` ON CONFLICT (kind, item_id) DO NOTHING`, vals...)
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err == nil, err
		}
	}
	args := []any{st.State, st.Note, st.ChangedBy, micros(st.ChangedAt), st.Kind, st.ItemID}
	for _, f := range from {
		args = append(args, f)
	}
	res, err := w.exec(ctx, `UPDATE inbox_states SET state = ?, note = ?, changed_by = ?, changed_at = ?
WHERE kind = ? AND item_id = ? AND state IN (?`+strings.Repeat(", ?", len(from)-1)+`)`, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// inboxConflict is the EConflict of a state change refused because the
// item is in another state: which, who set it and when.
func inboxConflict(ctx context.Context, w *tx, st *storage.InboxState) error {
	var state, by string
	var at int64
	err := w.queryRow(ctx, `SELECT state, changed_by, changed_at FROM inbox_states WHERE kind = ? AND item_id = ?`, st.Kind, st.ItemID).
		Scan(&state, &by, &at)
	if errors.Is(err, sql.ErrNoRows) {
		if st.Kind == storage.InboxInspection {
			return stamp.Refusef(stamp.EConflict, "Biên bản kiểm tra %d chưa được tiếp nhận", "inspection %d is new", st.ItemID)
		}
		return stamp.Refusef(stamp.EConflict, "Phản ánh %d chưa được tiếp nhận", "consumer report %d is new", st.ItemID)
	}
	if err != nil {
		return fmt.Errorf("set inbox state: %w", err)
	}
	when := fromMicros(at).In(stamp.Vietnam).Format("2006-01-02 15:04")
	stateEN, stateVI := strings.ReplaceAll(state, "_", " "), inboxStateVI[state]
	if stateVI == "" {
		stateVI = stateEN
	}
	if st.Kind == storage.InboxInspection {
		return stamp.Refusef(stamp.EConflict, "Biên bản kiểm tra %[1]d đã ở tình trạng %[3]s (do %[4]s cập nhật lúc %[5]s, giờ Việt Nam)",
			"inspection %[1]d is already %[2]s (by %[4]s, %[5]s UTC+7)", st.ItemID, stateEN, stateVI, by, when)
	}
	return stamp.Refusef(stamp.EConflict, "Phản ánh %[1]d đã ở tình trạng %[3]s (do %[4]s cập nhật lúc %[5]s, giờ Việt Nam)",
		"consumer report %[1]d is already %[2]s (by %[4]s, %[5]s UTC+7)", st.ItemID, stateEN, stateVI, by, when)
}

// inboxStateVI names the inbox states in Vietnamese, as the console does.
var inboxStateVI = map[string]string{
	storage.InboxNew: "mới", storage.InboxSeen: "đã xem", storage.InboxInProgress: "đang xử lý", storage.InboxClosed: "đã xong",
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
