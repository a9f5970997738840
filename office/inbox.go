package office

import (
	"context"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// SetInboxState records how the office handles a consumer report or an
// inspection (kind storage.InboxConsumerReport or InboxInspection): its
// state (new, seen, in_progress, closed) and a note, audited inbox.state. An
// unknown kind or state is EInvalid, an unknown item ENotFound. Inspector
// role.
func (o *Office) SetInboxState(ctx context.Context, who stamp.Actor, kind string, id int64, state, note string) (*storage.InboxState, error) {
	if err := allow(who, stamp.RoleInspector, "handling the inbox"); err != nil {
		return nil, err
	}
	st := &storage.InboxState{Kind: kind, ItemID: id, State: state, Note: note}
	if err := o.Store.SetInboxState(ctx, who.Name, st); err != nil {
		return nil, err
	}
	return st, nil
}
