package admin

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
)

type exportCodesInput struct {
	First  serialArg `json:"first"`
	Last   serialArg `json:"last"`
	Force  bool      `json:"force"`  // export what a print would refuse, or a range with revoked stamps
	Reason string    `json:"reason"` // why, required with force; kept in the audit log
}

// exportCodes answers POST /batches/{id}/export-codes with the codes of the
// batch's serials [first, last] (default the whole batch) as CSV for a
// print house (text/csv, UTF-8 with a byte order mark), and records the
// export in the audit log as a print (batch.print, output codes.csv)
// before sending a byte (office.ExportCodes). Refusals are office's: 400
// for a bad range, 409 for what needs force, 404 for an unknown batch.
func (h *handler) exportCodes(c *gin.Context) {
	id, ok := uuidParam(c, "id", "batch")
	if !ok {
		return
	}
	var in exportCodesInput
	if !decode(c, &in) {
		return
	}
	if in.First != 0 && in.Last != 0 && in.First > in.Last {
		invalid(c, "first serial %d is after last serial %d", in.First, in.Last)
		return
	}
	var csv memorySink
	res, err := h.off.ExportCodes(c.Request.Context(), who(c), office.ExportInput{Batch: id, First: uint64(in.First), Last: uint64(in.Last),
		Force: in.Force, Reason: in.Reason}, &csv)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="codes-%s-%d-%d.csv"`, res.Batch.ID, res.First, res.Last))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", csv.Bytes())
}
