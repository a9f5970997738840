package admin

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// reasonText is the reason of a request, "" when missing: office's use
// cases say when one is required.
func (in *reasonInput) text() string {
	if in.Reason == nil {
		return ""
	}
	return *in.Reason
}

// revokeStamp answers POST /stamps/{ref}/revoke; ref is a stamp id, a
// printed serial or a code text.
func (h *handler) revokeStamp(c *gin.Context) {
	ref, err := office.ParseStampRef(c.Param("ref"))
	if err != nil {
		h.fail(c, err)
		return
	}
	var in reasonInput
	if !decode(c, &in) {
		return
	}
	st, err := h.off.RevokeStamp(c.Request.Context(), who(c), ref, in.text())
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"revoked": "stamp", "stamp": stampView(st)})
}

// revokeBatch answers POST /batches/{id}/revoke.
func (h *handler) revokeBatch(c *gin.Context) {
	id, ok := uuidParam(c, "id", "batch")
	if !ok {
		return
	}
	var in reasonInput
	if !decode(c, &in) {
		return
	}
	b, err := h.off.RevokeBatch(c.Request.Context(), who(c), id, in.text())
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
	from, to := uint64(*in.From), uint64(*in.To)
	reason := (&reasonInput{Reason: in.Reason}).text()
	n, err := h.off.RevokeSerials(c.Request.Context(), who(c), from, to, reason)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"revoked": "serials", "from": from, "to": to,
		"from_printed": stamp.FormatSerial(from), "to_printed": stamp.FormatSerial(to), "changed": n, "reason": strings.TrimSpace(reason)})
}
