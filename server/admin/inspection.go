package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

type inspectionInput struct {
	Place    *string    `json:"place"`
	Result   *string    `json:"result"`
	Notes    string     `json:"notes"`
	Code     string     `json:"code"`
	Serial   *serialArg `json:"serial"`
	ClientID string     `json:"client_id"`
	Photo    []byte     `json:"photo"` // a JPEG, standard base64
}

// MaxInspectionBody is the largest POST /inspections body: a photo of
// storage.MaxInspectionPhoto bytes in base64 and the text fields. The
// lookup server's default body limit is lower: serve raises it for this
// route (server.AllowBody).
const MaxInspectionBody = maxBody

// recordInspection answers POST /inspections (inspector and up): the
// inspector is the token's name. The product checked is named by its stamp
// code (as scanned, even a forged one) or its printed serial, or neither (a
// product sold without a stamp). An inspection sent again with the same
// client_id (a phone resending after a lost answer) is stored once: the
// answer is then 200 with the first record, else 201.
func (h *handler) recordInspection(c *gin.Context) {
	ctx := c.Request.Context()
	var in inspectionInput
	if !decode(c, &in) {
		return
	}
	if in.Place == nil || in.Result == nil {
		invalid(c, "place and result (genuine, suspect or counterfeit) are required")
		return
	}
	rec, err := h.off.RecordInspection(ctx, who(c), office.InspectionInput{Place: *in.Place, Result: *in.Result,
		Notes: in.Notes, Code: in.Code, Serial: (*uint64)(in.Serial), ClientID: in.ClientID, Photo: in.Photo})
	if err != nil {
		h.fail(c, err)
		return
	}
	status := http.StatusCreated
	if rec.Repeated {
		status = http.StatusOK
	}
	c.JSON(status, inspectionView(rec))
}

// inspectionPhoto answers GET /inspections/{id}/photo with the JPEG.
func (h *handler) inspectionPhoto(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		invalid(c, "inspection id %q: want a positive number", c.Param("id"))
		return
	}
	photo, err := h.d.Store.InspectionPhoto(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=86400")
	c.Data(http.StatusOK, "image/jpeg", photo)
}

// listFilter reads ?stamp=, ?since= and ?limit= (at most 10,000; default
// 1000). It answers 400 and returns false on a bad value.
func (h *handler) listFilter(c *gin.Context) (uuid.UUID, time.Time, int, bool) {
	var id uuid.UUID
	var since time.Time
	limit := 1000
	if s := c.Query("stamp"); s != "" {
		ref, err := office.ParseStampRef(s)
		if err == nil {
			id, err = h.off.ResolveStamp(c.Request.Context(), ref)
		}
		if err != nil {
			h.fail(c, err)
			return id, since, 0, false
		}
	}
	if s := c.Query("since"); s != "" {
		t, err := office.ParseSince(s, h.now())
		if err != nil {
			h.fail(c, err)
			return id, since, 0, false
		}
		since = t
	}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 10_000 {
			invalid(c, "limit %q: want a number from 1 to 10000", s)
			return id, since, 0, false
		}
		limit = n
	}
	return id, since, limit, true
}

// listInspections answers GET /inspections, newest first.
func (h *handler) listInspections(c *gin.Context) {
	id, since, limit, ok := h.listFilter(c)
	if !ok {
		return
	}
	ins, err := h.d.Store.ListInspections(c.Request.Context(), storage.InspectionFilter{Stamp: id, Since: since, Limit: limit})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"inspections": mapSlice(ins, inspectionView)})
}
