package admin

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// stampRef is a stamp named in a request: by id, by printed serial or by its
// code text.
type stampRef struct {
	ID     uuid.UUID
	Serial uint64      // when named by serial
	Code   *stamp.Code // when named by code (its signature not yet checked)
}

// parseStampRef reads a stamp id (UUID), a printed serial ("0000-01234-5" or
// its 10 digits) or a code text (any case, or the whole QR URL). Anything
// else is EInvalid.
func parseStampRef(s string) (stampRef, error) {
	s = strings.TrimSpace(s)
	if id, err := uuid.Parse(s); err == nil {
		return stampRef{ID: id}, nil
	}
	if n, err := stamp.ParseSerial(s); err == nil {
		return stampRef{Serial: n}, nil
	}
	code, err := stamp.ParseCode(s)
	if err != nil {
		return stampRef{}, stamp.Errorf(stamp.EInvalid, "%q is not a stamp id (UUID), a printed serial or a stamp code", shorten(s, 40))
	}
	return stampRef{ID: code.StampID, Code: &code}, nil
}

// resolve fills ref.ID for a serial from the registry; an unknown serial
// is ENotFound.
func (h *handler) resolve(ctx context.Context, ref *stampRef) error {
	if ref.ID != uuid.Nil {
		return nil
	}
	st, err := h.d.Store.StampBySerial(ctx, ref.Serial)
	if err != nil {
		return err
	}
	ref.ID = st.ID
	return nil
}

// shorten cuts s to n characters with an ellipsis, for messages.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
