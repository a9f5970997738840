package admin

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	monthly "github.com/ocop-hatinh/ocopstamp/report"
)

// reportCSP lets a browser show the report's HTML: its inline style sheet,
// nothing else (no scripts).
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'"

// report answers GET /reports?month=YYYY-MM&district=…&format=… (viewer and
// up) with the monthly report (package report) in csv, json, html, pdf or
// text; month defaults to the previous month, format to json.
func (h *handler) report(c *gin.Context) {
	now := h.now()
	month := c.Query("month")
	if month == "" {
		month = monthly.MonthOf(now).Prev().String()
	}
	q, err := monthly.ParseQuery(month, c.Query("district"), now)
	if err != nil {
		h.fail(c, err)
		return
	}
	format := c.DefaultQuery("format", string(monthly.JSON))
	f, err := monthly.ParseFormat(format)
	if err != nil {
		h.fail(c, err)
		return
	}
	r, err := monthly.Build(c.Request.Context(), h.d.Store, q)
	if err != nil {
		h.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, f); err != nil {
		h.fail(c, fmt.Errorf("render %s report: %w", f, err))
		return
	}
	disp := "inline"
	if f == monthly.CSV || f == monthly.PDF {
		disp = "attachment"
	}
	c.Header("Content-Disposition", fmt.Sprintf(`%s; filename="%s"`, disp, r.FileName(f)))
	c.Header("Cache-Control", "no-store")
	if f == monthly.HTML {
		c.Header("Content-Security-Policy", reportCSP)
	}
	c.Data(http.StatusOK, f.ContentType(), buf.Bytes())
}
