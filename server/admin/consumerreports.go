package admin

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// The office's handling of consumer reports (inspector and up; reports
// hold consumers' contacts): list them by state, read one (which marks a
// new one seen), change a state, close one with a note. Every change is
// audited (inbox.state) by the store.

// listConsumerReports answers GET /consumer-reports[?stamp=][&since=]
// [&state=S,S|all][&before=ID][&limit=N], newest first, each with its
// state. next_before, when not null, pages on: the same query with
// before=next_before.
func (h *handler) listConsumerReports(c *gin.Context) {
	id, since, limit, ok := h.listFilter(c)
	if !ok {
		return
	}
	states, err := office.ParseInboxStates(c.Query("state"))
	if err != nil {
		h.fail(c, err)
		return
	}
	var before int64
	if s := c.Query("before"); s != "" {
		if before, err = strconv.ParseInt(s, 10, 64); err != nil || before < 1 {
			invalid(c, "before %q: want a report id (next_before of the previous page)", s)
			return
		}
	}
	rs, err := h.off.ConsumerReports(c.Request.Context(), who(c), storage.ConsumerReportFilter{Stamp: id, Since: since,
		States: states, Before: before, Limit: limit})
	if err != nil {
		h.fail(c, err)
		return
	}
	var next *int64
	if len(rs) == limit {
		next = &rs[len(rs)-1].ID
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"consumer_reports": mapSlice(rs, office.ConsumerReportView), "next_before": next})
}

// getConsumerReport answers GET /consumer-reports/{id}: the report, what
// the registry knows of its stamp, the verdict at the time. Reading a new
// report marks it seen (marked_seen true, audited), as the CLI's show does.
func (h *handler) getConsumerReport(c *gin.Context) {
	id, ok := idParam(c, "consumer report")
	if !ok {
		return
	}
	d, err := h.off.OpenConsumerReport(c.Request.Context(), who(c), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, d.DetailView())
}

type reportStateInput struct {
	State string  `json:"state"`
	Note  *string `json:"note"` // absent: keep the note (closing needs one)
}

// patchConsumerReport answers PATCH /consumer-reports/{id} {"state",
// "note"} with the new state: closing needs a note and refuses a closed
// report (409); another state may be set from any (a closed report can be
// reopened).
func (h *handler) patchConsumerReport(c *gin.Context) {
	id, ok := idParam(c, "consumer report")
	if !ok {
		return
	}
	var in reportStateInput
	if !decode(c, &in) {
		return
	}
	if in.State == "" {
		invalid(c, "state is required: new, seen, in_progress or closed")
		return
	}
	st, err := h.off.SetConsumerReportState(c.Request.Context(), who(c), id, in.State, in.Note)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, office.InboxStateView(*st))
}

// closeConsumerReport answers POST /consumer-reports/{id}/close {"note"}:
// PATCH with state closed.
func (h *handler) closeConsumerReport(c *gin.Context) {
	id, ok := idParam(c, "consumer report")
	if !ok {
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if !decode(c, &in) {
		return
	}
	st, err := h.off.CloseConsumerReport(c.Request.Context(), who(c), id, in.Note)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, office.InboxStateView(*st))
}
