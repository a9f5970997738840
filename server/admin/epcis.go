package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/epcis"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// DefaultEPCISWindow is how far back GET /epcis/events reads when no since
// is given.
const DefaultEPCISWindow = 7 * 24 * time.Hour

// epcisEvents answers GET /epcis/events?since=…&until=…&limit=N (viewer
// and up) with an EPCISDocument of the window's first limit events
// (epcis.Build; default 100, at most 1,000), and, when more follow, a
// Link header <…?cursor=…&limit=N>; rel="next" to continue (the cursor
// carries the window). A bad since, until, limit or cursor, a window that
// is empty or backwards, or since/until beside a cursor is 400; a server
// without a public base URL is 503.
func (h *handler) epcisEvents(c *gin.Context) {
	names, err := epcis.NewNames(h.d.BaseURL)
	if err != nil {
		h.fail(c, stamp.Errorf(stamp.EUnavailable, "server has no public base URL to name stamps by"))
		return
	}
	now := h.now()
	q := epcis.Query{Limit: epcis.DefaultLimit}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > epcis.MaxLimit {
			invalid(c, "limit %q: want a number from 1 to %d", s, epcis.MaxLimit)
			return
		}
		q.Limit = n
	}
	if token := c.Query("cursor"); token != "" {
		if c.Query("since") != "" || c.Query("until") != "" {
			invalid(c, "a cursor carries its window: leave since and until out")
			return
		}
		cur, err := epcis.ParseCursor(token)
		if err != nil {
			h.fail(c, err)
			return
		}
		q.Since, q.Until, q.After = cur.Since, cur.Until, &cur.After
	} else {
		q.Since, q.Until = now.Add(-DefaultEPCISWindow), now
		if s := c.Query("since"); s != "" {
			if q.Since, err = office.ParseSince(s, now); err != nil {
				h.fail(c, err)
				return
			}
		}
		if q.Until, err = office.ParseUntil(c.Query("until"), now); err != nil {
			h.fail(c, err)
			return
		}
	}
	page, err := epcis.Build(c.Request.Context(), h.d.Store, names, q)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("GS1-EPCIS-Version", "2.0.0")
	c.Header("GS1-CBV-Version", "2.0.0")
	if page.Next != nil {
		next := url.Values{"cursor": {page.Next.Encode()}, "limit": {strconv.Itoa(q.Limit)}}
		c.Header("Link", "<"+c.Request.URL.Path+"?"+next.Encode()+`>; rel="next"`)
	}
	c.JSON(http.StatusOK, epcis.NewDocument(names, page.Events, now))
}
