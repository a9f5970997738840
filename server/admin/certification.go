package admin

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

type certInput struct {
	Product          *uint32     `json:"product_number"`
	Rank             *int        `json:"rank"`
	DecisionNumber   *string     `json:"decision_number"`
	DecisionDate     *stamp.Date `json:"decision_date"`
	ExpiresOn        *stamp.Date `json:"expires_on"`
	ProcessConfirmed *string     `json:"process_confirmed"`
	LabTestDate      *stamp.Date `json:"lab_test_date"`
	DeclarationDate  *stamp.Date `json:"declaration_date"`
}

// listCertifications answers GET /certifications: a product's
// certifications, newest decision first (?product=N), or every product's
// current one.
func (h *handler) listCertifications(c *gin.Context) {
	ctx := c.Request.Context()
	var cs []stamp.Certification
	var err error
	if p := c.Query("product"); p != "" {
		n, perr := strconv.ParseUint(p, 10, 32)
		if perr != nil || n == 0 {
			invalid(c, "product %q: want a product number", p)
			return
		}
		cs, err = h.d.Store.Certifications(ctx, uint32(n))
	} else {
		cs, err = h.d.Store.CurrentCertifications(ctx)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	now := h.now()
	c.JSON(http.StatusOK, gin.H{"certifications": mapSlice(cs, func(x *stamp.Certification) certJSON { return certView(x, now) })})
}

func (h *handler) getCertification(c *gin.Context) {
	id, ok := idParam(c, "certification")
	if !ok {
		return
	}
	h.answerCertification(c, http.StatusOK, id)
}

func (h *handler) createCertification(c *gin.Context) {
	var in certInput
	if !decode(c, &in) {
		return
	}
	var cert stamp.Certification
	set(&cert.ProductNumber, in.Product)
	if in.Rank != nil {
		cert.Rank = stamp.Rank(*in.Rank)
	}
	set(&cert.DecisionNumber, in.DecisionNumber)
	set(&cert.DecisionDate, in.DecisionDate)
	set(&cert.ExpiresOn, in.ExpiresOn)
	set(&cert.ProcessConfirmed, in.ProcessConfirmed)
	set(&cert.LabTestDate, in.LabTestDate)
	set(&cert.DeclarationDate, in.DeclarationDate)
	if in.Rank == nil {
		invalid(c, "certification: rank is required (0 for participating, 3, 4 or 5)")
		return
	}
	got, err := h.off.AddCertification(c.Request.Context(), who(c), cert)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, certView(got, h.now()))
}

type reasonInput struct {
	Reason *string `json:"reason"`
}

// certStatus answers POST /certifications/{id}/suspend, /withdraw and
// /restore: a reason is required to suspend or withdraw.
func (h *handler) certStatus(status string) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := idParam(c, "certification")
		if !ok {
			return
		}
		var in reasonInput
		if !decode(c, &in) {
			return
		}
		reason := ""
		if in.Reason != nil {
			reason = *in.Reason
		}
		cert, err := h.off.SetCertificationStatus(c.Request.Context(), who(c), id, status, reason)
		if err != nil {
			h.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, certView(cert, h.now()))
	}
}

type rankInput struct {
	Rank *int `json:"rank"`
}

// certRank answers POST /certifications/{id}/rank.
func (h *handler) certRank(c *gin.Context) {
	id, ok := idParam(c, "certification")
	if !ok {
		return
	}
	var in rankInput
	if !decode(c, &in) {
		return
	}
	if in.Rank == nil {
		invalid(c, "rank is required (0 for participating, 3, 4 or 5)")
		return
	}
	cert, err := h.off.SetCertificationRank(c.Request.Context(), who(c), id, stamp.Rank(*in.Rank))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, certView(cert, h.now()))
}

func (h *handler) answerCertification(c *gin.Context, status int, id int64) {
	cert, err := h.d.Store.Certification(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(status, certView(cert, h.now()))
}
