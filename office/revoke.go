package office

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Revocations need a reason: consumers who scan a revoked stamp see it.
// Each is audited by the store; each is office role.

func revokeReason(who stamp.Actor, reason string) (string, error) {
	if err := allow(who, stamp.RoleOffice, "revoking"); err != nil {
		return "", err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "", stamp.Refusef(stamp.EInvalid, "Cần nêu lý do thu hồi (người tiêu dùng quét tem sẽ thấy lý do này)", "reason is required to revoke (consumers who scan the stamp see it)")
	}
	return reason, nil
}

// RevokeStamp revokes the stamp ref names (ResolveStamp) and returns its
// registry view afterwards. A stamp already revoked, or whose batch is, is
// EConflict.
func (o *Office) RevokeStamp(ctx context.Context, who stamp.Actor, ref StampRef, reason string) (*stamp.Stamp, error) {
	reason, err := revokeReason(who, reason)
	if err != nil {
		return nil, err
	}
	id, err := o.ResolveStamp(ctx, ref)
	if err != nil {
		return nil, err
	}
	before, err := o.Store.StampView(ctx, id)
	if err != nil {
		return nil, err
	}
	if x := before.Stamp; x.RevokedAt != nil {
		return nil, alreadyRevoked("stamp "+stamp.FormatSerial(x.Serial), *x.RevokedAt, x.RevokeReason)
	}
	if b := before.Batch; b.RevokedAt != nil {
		return nil, alreadyRevoked("stamp "+stamp.FormatSerial(before.Stamp.Serial)+" (its whole batch "+b.ID.String()+")", *b.RevokedAt, b.RevokeReason)
	}
	if err := o.Store.RevokeStamp(ctx, who.Name, id, reason); err != nil {
		return nil, err
	}
	v, err := o.Store.StampView(ctx, id)
	if err != nil {
		return nil, err
	}
	return &v.Stamp, nil
}

// RevokeBatch revokes batch id and returns it afterwards. A batch already
// revoked is EConflict.
func (o *Office) RevokeBatch(ctx context.Context, who stamp.Actor, id uuid.UUID, reason string) (*stamp.Batch, error) {
	reason, err := revokeReason(who, reason)
	if err != nil {
		return nil, err
	}
	b, err := o.Store.Batch(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.RevokedAt != nil {
		return nil, alreadyRevoked("batch "+id.String(), *b.RevokedAt, b.RevokeReason)
	}
	if err := o.Store.RevokeBatch(ctx, who.Name, id, reason); err != nil {
		return nil, err
	}
	return o.Store.Batch(ctx, id)
}

// RevokeSerials revokes every stamp with a serial in [from, to] and returns
// how many changed. A range whose stamps are all already revoked is
// EConflict.
func (o *Office) RevokeSerials(ctx context.Context, who stamp.Actor, from, to uint64, reason string) (int64, error) {
	reason, err := revokeReason(who, reason)
	if err != nil {
		return 0, err
	}
	n, err := o.Store.RevokeSerials(ctx, who.Name, from, to, reason)
	if err == nil && n == 0 {
		return 0, stamp.Refusef(stamp.EConflict, "Mọi tem trong dải số sê-ri %s..%s đều đã bị thu hồi trước đó: không có thay đổi nào", "every stamp of serials %s..%s is already revoked: nothing changed",
			stamp.FormatSerial(from), stamp.FormatSerial(to))
	}
	return n, err
}

// alreadyRevoked is the EConflict of revoking what is revoked.
func alreadyRevoked(what string, at time.Time, reason string) error {
	return stamp.Refusef(stamp.EConflict, "%s đã bị thu hồi từ trước (từ %s: %s): không có thay đổi nào", "%s is already revoked (since %s: %s): nothing changed",
		what, at.In(stamp.Vietnam).Format("2006-01-02 15:04"), reason)
}

// StampRef names a stamp: by id, by printed serial or by its code text.
type StampRef struct {
	ID     uuid.UUID
	Serial uint64      // when named by serial
	Code   *stamp.Code // when named by code (its signature not yet checked)
}

// ParseStampRef reads a stamp id (UUID), a printed serial ("0000-01234-5"
// or its 10 digits) or a code text (any case, or the whole QR URL).
// Anything else is EInvalid.
func ParseStampRef(s string) (StampRef, error) {
	s = strings.TrimSpace(s)
	if id, err := uuid.Parse(s); err == nil {
		return StampRef{ID: id}, nil
	}
	if n, err := stamp.ParseSerial(s); err == nil {
		return StampRef{Serial: n}, nil
	}
	code, err := stamp.ParseCode(s)
	if err != nil {
		return StampRef{}, stamp.Refusef(stamp.EInvalid, "%q không phải mã tem (UUID), số sê-ri in trên tem hay mã tem", "%q is not a stamp id (UUID), a printed serial or a stamp code", shorten(s, 40))
	}
	return StampRef{ID: code.StampID, Code: &code}, nil
}

// ResolveStamp returns the id ref names, looking a serial up in the
// registry; an unknown serial is ENotFound.
func (o *Office) ResolveStamp(ctx context.Context, ref StampRef) (uuid.UUID, error) {
	if ref.ID != uuid.Nil {
		return ref.ID, nil
	}
	st, err := o.Store.StampBySerial(ctx, ref.Serial)
	if err != nil {
		return uuid.Nil, err
	}
	return st.ID, nil
}

// shorten cuts s to n characters with an ellipsis, for messages.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
