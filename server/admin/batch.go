package admin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
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
	}
	req := stamp.MintRequest{ProductNumber: *in.Product, Count: *in.Count, Lot: in.Lot, ProducedOn: in.ProducedOn,
		BestBefore: in.BestBefore, Note: in.Note}
	b, err := h.off.Mint(c.Request.Context(), who(c), req, nil)
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
	Force    bool      `json:"force"`  // print a revoked batch or a product whose certification is not valid
	Reason   string    `json:"reason"` // why, required with force; kept in the audit log
}

// print answers POST /batches/{id}/print with the PDF label sheets of the
// batch's serials [first, last] (default the whole batch), and records the
// print in the audit log (batch.print) before sending a byte
// (office.Print).
func (h *handler) print(c *gin.Context) {
	id, ok := uuidParam(c, "id", "batch")
	if !ok {
		return
	}
	var in printInput
	if !decode(c, &in) {
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
	var pdf memorySink
	res, err := h.off.Print(c.Request.Context(), who(c), office.PrintInput{Batch: id, First: uint64(in.First), Last: uint64(in.Last),
		Template: tmpl, OffsetX: in.OffsetX, OffsetY: in.OffsetY, Force: in.Force, Reason: in.Reason}, &pdf)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="batch-%s-%d-%d.pdf"`, res.Batch.ID, res.First, res.Last))
	c.Data(http.StatusOK, "application/pdf", pdf.Bytes())
}

// memorySink keeps a print in memory until it is recorded.
type memorySink struct{ bytes.Buffer }

func (m *memorySink) Open() (io.Writer, error) { return &m.Buffer, nil }
func (m *memorySink) Keep() error              { return nil }
func (m *memorySink) Discard()                 { m.Reset() }
