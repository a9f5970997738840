package console

import (
	"net/http"
	"strconv"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// setInboxState records the state and note of one consumer report or
// inspection from the inbox's per-item form.
func (c *Console) setInboxState(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	kind := r.PathValue("kind")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || (kind != storage.InboxConsumerReport && kind != storage.InboxInspection) {
		c.fail(w, r, s, http.StatusNotFound, t["notFound"])
		return
	}
	state, note := r.PostFormValue("state"), r.PostFormValue("note")
	_, err = c.d.Office.SetInboxState(r.Context(), who(s), kind, id, state, note)
	if stamp.ErrorCode(err) == stamp.EInvalid {
		bad := &inboxItem{Kind: kind, ID: id, Err: refusal(c.lang(nil, r), err),
			State: storage.InboxState{Kind: kind, ItemID: id, State: state, Note: note}}
		c.showInbox(w, r, s, http.StatusBadRequest, bad)
		return
	}
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	done(w, r, Prefix+"/inbox?state="+r.URL.Query().Get("state"), "saved")
}

// reportPhoto serves a consumer report's photo (as stored: encoded anew
// without EXIF) with its content type; 404 when the report has none.
func (c *Console) reportPhoto(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		c.fail(w, r, s, http.StatusNotFound, c.words(r)["notFound"])
		return
	}
	data, typ, err := c.d.Store.ConsumerReportPhoto(r.Context(), id)
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	w.Header().Set("Content-Type", typ)
	w.Write(data)
}
