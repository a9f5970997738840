package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Bounds of the scan history in a stamp's detail.
const (
	defaultScans = 1000
	maxScans     = 100_000
)

type scanJSON struct {
	At         time.Time `json:"at"`
	Channel    string    `json:"channel"`
	ClientHash string    `json:"client_hash"`
	Verdict    string    `json:"verdict"`
}

type scanStatsJSON struct {
	Count           int64      `json:"count"`
	DistinctClients int64      `json:"distinct_clients"`
	FirstAt         *time.Time `json:"first_at"`
	LastAt          *time.Time `json:"last_at"`
}

type codeCheckJSON struct {
	Text           string `json:"text"`
	KeyID          string `json:"key_id"`
	SignatureValid bool   `json:"signature_valid"`
	KeyState       string `json:"key_state,omitempty"`
	Error          string `json:"error,omitempty"`
}

type stampDetailJSON struct {
	StampID       uuid.UUID      `json:"stamp_id"`
	InRegistry    bool           `json:"in_registry"`
	Code          *codeCheckJSON `json:"code_check,omitempty"` // when the stamp was named by its code
	Stamp         *stampJSON     `json:"stamp"`
	Batch         *batchJSON     `json:"batch"`
	Product       *productJSON   `json:"product"`
	Facility      *facilityJSON  `json:"facility"`
	Certification *certJSON      `json:"certification"`
	ScanStats     scanStatsJSON  `json:"scan_stats"`
	// Scans are the most recent scans, newest first (?scans=N, default
	// 1000); Complete is false when there are more.
	Scans           []scanJSON                  `json:"scans"`
	ScansComplete   bool                        `json:"scans_complete"`
	ConsumerReports []office.ConsumerReportJSON `json:"consumer_reports"`
	Inspections     []inspectionJSON            `json:"inspections"`
}

// stampDetail answers GET /stamps/{ref} (inspector and up): the registry's
// record of a stamp with its scan history, consumer reports and
// inspections. A stamp the registry does not hold (a forged or unknown code)
// still has its history: in_registry is false and the registry sections are
// null. A serial the registry does not hold is 404.
func (h *handler) stampDetail(c *gin.Context) {
	ctx := c.Request.Context()
	ref, err := office.ParseStampRef(c.Param("ref"))
	if err != nil {
		h.fail(c, err)
		return
	}
	limit := defaultScans
	if s := c.Query("scans"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxScans {
			invalid(c, "scans %q: want a number from 1 to %d", s, maxScans)
			return
		}
		limit = n
	}
	if ref.ID, err = h.off.ResolveStamp(ctx, ref); err != nil {
		h.fail(c, err)
		return
	}
	out := stampDetailJSON{StampID: ref.ID}
	if ref.Code != nil {
		out.Code = h.checkCode(ref.Code)
	}
	v, err := h.d.Store.StampView(ctx, ref.ID)
	switch {
	case err == nil:
		st, b, p, f := stampView(&v.Stamp), batchView(&v.Batch), productView(&v.Product), facilityView(&v.Facility)
		out.InRegistry, out.Stamp, out.Batch, out.Product, out.Facility = true, &st, &b, &p, &f
		if v.Certification != nil {
			cv := certView(v.Certification, h.now())
			out.Certification = &cv
		}
	case stamp.ErrorCode(err) != stamp.ENotFound:
		h.fail(c, err)
		return
	}
	stats, err := h.d.Store.ScanStats(ctx, ref.ID)
	if err != nil {
		h.fail(c, err)
		return
	}
	out.ScanStats = scanStatsJSON{Count: stats.Count, DistinctClients: stats.DistinctClients, FirstAt: stats.FirstAt, LastAt: stats.LastAt}
	scans, err := h.d.Store.StampScans(ctx, ref.ID, limit)
	if err != nil {
		h.fail(c, err)
		return
	}
	out.Scans = mapSlice(scans, func(e *stamp.ScanEvent) scanJSON {
		return scanJSON{At: e.At, Channel: e.Channel, ClientHash: e.ClientHash, Verdict: e.Verdict}
	})
	out.ScansComplete = int64(len(scans)) >= stats.Count
	reports, err := h.d.Store.ListConsumerReports(ctx, storage.ConsumerReportFilter{Stamp: ref.ID})
	if err != nil {
		h.fail(c, err)
		return
	}
	out.ConsumerReports = mapSlice(reports, office.ConsumerReportView)
	ins, err := h.d.Store.ListInspections(ctx, storage.InspectionFilter{Stamp: ref.ID})
	if err != nil {
		h.fail(c, err)
		return
	}
	out.Inspections = mapSlice(ins, inspectionView)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

// checkCode verifies a code named in a request against the server's keys.
func (h *handler) checkCode(code *stamp.Code) *codeCheckJSON {
	out := &codeCheckJSON{Text: code.Text(), KeyID: code.KeyID.String()}
	if h.d.Keys == nil {
		out.Error = "the server has no key set to check signatures with"
		return out
	}
	k, err := code.Verify(h.d.Keys)
	if k != nil {
		out.KeyState = string(k.State)
	}
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.SignatureValid = true
	return out
}
