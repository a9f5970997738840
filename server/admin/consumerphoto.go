package admin

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// consumerReportPhoto answers GET /consumer-reports/{id}/photo (inspector
// and up) with the report's photo as stored (a JPEG or PNG without EXIF)
// and its Content-Type; 404 when the report has none, 400 for an id that
// is not a positive number.
func (h *handler) consumerReportPhoto(c *gin.Context) {
	id, ok := idParam(c, "consumer report")
	if !ok {
		return
	}
	data, typ, err := h.d.Store.ConsumerReportPhoto(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	// The bytes are ours (encoded anew on receipt); still, a browser must
	// not guess another type or run anything from them.
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Disposition", "inline; filename=\"consumer-report-"+strconv.FormatInt(id, 10)+photoExt(typ)+"\"")
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	c.Data(http.StatusOK, typ, data)
}

// photoExt is the file extension of a photo's content type.
func photoExt(typ string) string {
	if typ == "image/png" {
		return ".png"
	}
	return ".jpg"
}
