package admin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func (h *handler) listBatches(c *gin.Context) {
	var product uint64
	if p := c.Query("product"); p != "" {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil || n == 0 {
			invalid(c, "product %q: want a product number", p)
			return
		}
		product = n
	}
	bs, err := h.d.Store.BatchesOf(c.Request.Context(), uint32(product))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"batches": mapSlice(bs, batchView)})
}

func (h *handler) getBatch(c *gin.Context) {
	id, ok := uuidParam(c, "id", "batch")
	if !ok {
		return
	}
	b, err := h.d.Store.Batch(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, batchView(b))
}

type mintInput struct {
	Product    *uint32    `json:"product_number"`
	Count      *int       `json:"count"`
	Lot        string     `json:"lot"`
	ProducedOn stamp.Date `json:"produced_on"`
	BestBefore stamp.Date `json:"best_before"`
	Note       string     `json:"note"`
}

// mint answers POST /batches: mints a batch with the server's signing key
// (stamp.Minter) and answers 201 with it. The store audits it as
// batch.mint by the token's name.
func (h *handler) mint(c *gin.Context) {
	var in mintInput
	if !decode(c, &in) {
		return
	}
	switch {
	case in.Product == nil:
		invalid(c, "product_number is required")
		return
	case in.Count == nil:
		invalid(c, "count is required")
		return
	case *in.Count > h.d.MaxMint:
		invalid(c, "count %d is over this API's limit of %d stamps a request; mint larger batches with 'ocopstamp mint'", *in.Count, h.d.MaxMint)
		return
	}
	if h.d.Signer == nil {
		abort(c, http.StatusServiceUnavailable, stamp.EUnavailable, "server has no signing key: mint with 'ocopstamp mint' where the key is, or start the server with the key folder")
		return
	}
	req := stamp.MintRequest{ProductNumber: *in.Product, Count: *in.Count, Lot: in.Lot, ProducedOn: in.ProducedOn,
		BestBefore: in.BestBefore, Note: in.Note, MintedBy: actor(c)}
	m := &stamp.Minter{Store: h.d.Store, Signer: h.d.Signer, Now: h.d.Now, Rand: h.d.Rand}
	b, err := m.Mint(c.Request.Context(), req)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, batchView(b))
}

// serialArg is a serial in a request: a JSON number (the serial number) or
// a string (the printed form "0000-01234-5", or the number as digits).
type serialArg uint64

func (s *serialArg) UnmarshalJSON(b []byte) error {
	var n uint64
	if err := json.Unmarshal(b, &n); err == nil {
		*s = serialArg(n)
		return nil
	}
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		return stamp.Errorf(stamp.EInvalid, "serial %s: want a number or a printed serial such as \"0000-01234-5\"", b)
	}
	if n, err := stamp.ParseSerial(text); err == nil {
		*s = serialArg(n)
		return nil
	}
	n, err := strconv.ParseUint(strings.TrimSpace(text), 10, 64)
	if err != nil {
		return stamp.Errorf(stamp.EInvalid, "serial %q: want a serial number or a printed serial such as \"0000-01234-5\"", text)
	}
	*s = serialArg(n)
	return nil
}

type printInput struct {
	First    serialArg `json:"first"`
	Last     serialArg `json:"last"`
	Template string    `json:"template"`
	OffsetX  float64   `json:"offset_x"`
	OffsetY  float64   `json:"offset_y"`
}

// print answers POST /batches/{id}/print with the PDF label sheets of the
// batch's serials [first, last] (default the whole batch), and records the
// print in the audit log (batch.print) before sending a byte.
func (h *handler) print(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := uuidParam(c, "id", "batch")
	if !ok {
		return
	}
	var in printInput
	if !decode(c, &in) {
		return
	}
	if h.d.BaseURL == "" {
		abort(c, http.StatusServiceUnavailable, stamp.EUnavailable, "server has no public base URL to print in QR codes")
		return
	}
	name := in.Template
	if name == "" {
		name = print.DefaultTemplate
	}
	tmpl, err := print.TemplateByName(name)
	if err != nil {
		invalid(c, "%s", stamp.ErrorMessage(err))
		return
	}
	st := h.d.Store
	b, err := st.Batch(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	from, to := uint64(in.First), uint64(in.Last)
	if from == 0 {
		from = b.FirstSerial
	}
	if to == 0 {
		to = b.LastSerial()
	}
	if from < b.FirstSerial || to > b.LastSerial() || from > to {
		invalid(c, "serials %s..%s are outside batch %s (%s..%s)", stamp.FormatSerial(from), stamp.FormatSerial(to),
			b.ID, stamp.FormatSerial(b.FirstSerial), stamp.FormatSerial(b.LastSerial()))
		return
	}
	if n := to - from + 1; n > uint64(h.d.MaxPrint) {
		invalid(c, "%d labels is over this API's limit of %d a request: print the batch in ranges (first, last) or with 'ocopstamp print'", n, h.d.MaxPrint)
		return
	}
	p, err := st.Product(ctx, b.ProductNumber)
	if err != nil {
		h.fail(c, err)
		return
	}
	f, err := st.Facility(ctx, b.FacilityCode)
	if err != nil {
		h.fail(c, err)
		return
	}
	rank := stamp.RankParticipating
	if cert, err := st.CurrentCertification(ctx, b.ProductNumber); err == nil {
		rank = cert.Rank
	}
	job := print.Job{Template: tmpl, BaseURL: h.d.BaseURL, OffsetX: in.OffsetX, OffsetY: in.OffsetY,
		PrintedAt: h.now(), Batch: *b, ProductName: p.Name, FacilityName: f.Name, Rank: rank,
		Stamps: make([]stamp.Stamp, 0, to-from+1)}
	err = st.BatchStamps(ctx, b.ID, from, to, func(x stamp.Stamp) error {
		job.Stamps = append(job.Stamps, x)
		return nil
	})
	if err != nil {
		h.fail(c, err)
		return
	}
	var pdf bytes.Buffer
	if _, err := print.Render(&pdf, job); err != nil {
		h.fail(c, err)
		return
	}
	if err := st.RecordPrint(ctx, actor(c), b.ID, from, to); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="batch-%s-%d-%d.pdf"`, b.ID, from, to))
	c.Data(http.StatusOK, "application/pdf", pdf.Bytes())
}
