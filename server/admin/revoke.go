package admin

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// reason reads the required reason of a revocation; it answers 400 and
// returns false when it is missing.
func requireReason(c *gin.Context, in *reasonInput) (string, bool) {
	if in.Reason == nil || strings.TrimSpace(*in.Reason) == "" {
		invalid(c, "reason is required to revoke (consumers who scan the stamp see it)")
		return "", false
	}
	return strings.TrimSpace(*in.Reason), true
}

// revokeStamp answers POST /stamps/{ref}/revoke; ref is a stamp id, a
// printed serial or a code text.
func (h *handler) revokeStamp(c *gin.Context) {
	ctx := c.Request.Context()
	ref, err := parseStampRef(c.Param("ref"))
	if err != nil {
		h.fail(c, err)
		return
	}
	var in reasonInput
	if !decode(c, &in) {
		return
	}
	reason, ok := requireReason(c, &in)
	if !ok {
		return
	}
	if err := h.resolve(ctx, &ref); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.d.Store.RevokeStamp(ctx, actor(c), ref.ID, reason); err != nil {
		h.fail(c, err)
		return
	}
	v, err := h.d.Store.StampView(ctx, ref.ID)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"revoked": "stamp", "stamp": stampView(&v.Stamp)})
}

// revokeBatch answers POST /batches/{id}/revoke.
func (h *handler) revokeBatch(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := uuidParam(c, "id", "batch")
	if !ok {
		return
	}
	var in reasonInput
	if !decode(c, &in) {
		return
	}
	reason, ok := requireReason(c, &in)
	if !ok {
		return
	}
	if err := h.d.Store.RevokeBatch(ctx, actor(c), id, reason); err != nil {
		h.fail(c, err)
		return
	}
	b, err := h.d.Store.Batch(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"revoked": "batch", "batch": batchView(b)})
}

type serialsInput struct {
	From   *serialArg `json:"from"`
	To     *serialArg `json:"to"`
	Reason *string    `json:"reason"`
}

// revokeSerials answers POST /serials/revoke: every stamp with a serial in
// [from, to].
func (h *handler) revokeSerials(c *gin.Context) {
	var in serialsInput
	if !decode(c, &in) {
		return
	}
	if in.From == nil || in.To == nil {
		invalid(c, "from and to are required: the first and last serial to revoke")
		return
	}
	reason, ok := requireReason(c, &reasonInput{Reason: in.Reason})
	if !ok {
		return
	}
	from, to := uint64(*in.From), uint64(*in.To)
	n, err := h.d.Store.RevokeSerials(c.Request.Context(), actor(c), from, to, reason)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"revoked": "serials", "from": from, "to": to,
		"from_printed": stamp.FormatSerial(from), "to_printed": stamp.FormatSerial(to), "changed": n, "reason": reason})
}
