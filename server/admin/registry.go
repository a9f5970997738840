package admin

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Inputs have pointer fields: on create the missing ones are empty, on
// update (PATCH) they keep their stored value.

type facilityInput struct {
	Code           *string `json:"code"`
	Name           *string `json:"name"`
	Kind           *string `json:"kind"`
	CommuneCode    *string `json:"commune_code"`
	District       *string `json:"district"`
	Commune        *string `json:"commune"`
	Address        *string `json:"address"`
	Phone          *string `json:"phone"`
	Representative *string `json:"representative"`
}

func (in *facilityInput) apply(f *stamp.Facility) {
	set(&f.Code, in.Code)
	set(&f.Name, in.Name)
	set(&f.Kind, in.Kind)
	set(&f.CommuneCode, in.CommuneCode)
	set(&f.District, in.District)
	set(&f.Commune, in.Commune)
	set(&f.Address, in.Address)
	set(&f.Phone, in.Phone)
	set(&f.Representative, in.Representative)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (h *handler) listFacilities(c *gin.Context) {
	fs, err := h.d.Store.Facilities(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"facilities": mapSlice(fs, facilityView)})
}

func (h *handler) getFacility(c *gin.Context) {
	f, err := h.d.Store.Facility(c.Request.Context(), c.Param("code"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, facilityView(f))
}

func (h *handler) createFacility(c *gin.Context) {
	var in facilityInput
	if !decode(c, &in) {
		return
	}
	var f stamp.Facility
	in.apply(&f)
	got, err := h.off.AddFacility(c.Request.Context(), who(c), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, facilityView(got))
}

func (h *handler) updateFacility(c *gin.Context) {
	var in facilityInput
	if !decode(c, &in) {
		return
	}
	f, err := h.off.EditFacility(c.Request.Context(), who(c), c.Param("code"), in.apply)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, facilityView(f))
}

type productInput struct {
	Number       *uint32 `json:"number"`
	FacilityCode *string `json:"facility_code"`
	Name         *string `json:"name"`
	Group        *string `json:"group"`
	GTIN         *string `json:"gtin"`
	Description  *string `json:"description"`
}

func (in *productInput) apply(p *stamp.Product) {
	set(&p.Number, in.Number)
	set(&p.FacilityCode, in.FacilityCode)
	set(&p.Name, in.Name)
	set(&p.Group, in.Group)
	set(&p.GTIN, in.GTIN)
	set(&p.Description, in.Description)
}

func (h *handler) listProducts(c *gin.Context) {
	ps, err := h.d.Store.Products(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	if fc := c.Query("facility"); fc != "" {
		kept := ps[:0]
		for _, p := range ps {
			if p.FacilityCode == fc {
				kept = append(kept, p)
			}
		}
		ps = kept
	}
	c.JSON(http.StatusOK, gin.H{"products": mapSlice(ps, productView)})
}

// productParam reads the :number path parameter; it answers 400 and
// returns false when it is not a product number.
func productParam(c *gin.Context) (uint32, bool) {
	n, err := strconv.ParseUint(c.Param("number"), 10, 32)
	if err != nil || n == 0 {
		invalid(c, "product number %q: want a whole number from 1 to 4294967295", c.Param("number"))
		return 0, false
	}
	return uint32(n), true
}

func (h *handler) getProduct(c *gin.Context) {
	n, ok := productParam(c)
	if !ok {
		return
	}
	h.answerProduct(c, http.StatusOK, n)
}

func (h *handler) createProduct(c *gin.Context) {
	var in productInput
	if !decode(c, &in) {
		return
	}
	var p stamp.Product
	in.apply(&p)
	got, err := h.off.AddProduct(c.Request.Context(), who(c), p)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, productView(got))
}

func (h *handler) updateProduct(c *gin.Context) {
	n, ok := productParam(c)
	if !ok {
		return
	}
	var in productInput
	if !decode(c, &in) {
		return
	}
	p, err := h.off.EditProduct(c.Request.Context(), who(c), n, in.apply)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, productView(p))
}

func (h *handler) answerProduct(c *gin.Context, status int, n uint32) {
	p, err := h.d.Store.Product(c.Request.Context(), n)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(status, productView(p))
}

type posInput struct {
	Name        *string `json:"name"`
	CommuneCode *string `json:"commune_code"`
	District    *string `json:"district"`
	Commune     *string `json:"commune"`
	Address     *string `json:"address"`
	Phone       *string `json:"phone"`
}

func (in *posInput) apply(p *stamp.PointOfSale) {
	set(&p.Name, in.Name)
	set(&p.CommuneCode, in.CommuneCode)
	set(&p.District, in.District)
	set(&p.Commune, in.Commune)
	set(&p.Address, in.Address)
	set(&p.Phone, in.Phone)
}

func (h *handler) listPointsOfSale(c *gin.Context) {
	district := c.Query("district")
	if district != "" {
		d, err := stamp.ParseDistrict(district)
		if err != nil {
			h.fail(c, err)
			return
		}
		district = d
	}
	ps, err := h.d.Store.PointsOfSale(c.Request.Context(), district)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"points_of_sale": mapSlice(ps, posView)})
}

// idParam reads a positive integer path parameter; it answers 400 and
// returns false otherwise.
func idParam(c *gin.Context, what string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		invalid(c, "%s id %q: want a positive whole number", what, c.Param("id"))
		return 0, false
	}
	return id, true
}

// uuidParam reads a UUID path parameter; it answers 400 and returns false
// otherwise.
func uuidParam(c *gin.Context, name, what string) (uuid.UUID, bool) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		invalid(c, "%s id %q: want a UUID", what, c.Param(name))
		return uuid.Nil, false
	}
	return id, true
}

func (h *handler) getPointOfSale(c *gin.Context) {
	id, ok := idParam(c, "point of sale")
	if !ok {
		return
	}
	p, err := h.off.PointOfSale(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, posView(p))
}

func (h *handler) createPointOfSale(c *gin.Context) {
	var in posInput
	if !decode(c, &in) {
		return
	}
	var p stamp.PointOfSale
	in.apply(&p)
	got, err := h.off.AddPointOfSale(c.Request.Context(), who(c), p)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, posView(got))
}

func (h *handler) updatePointOfSale(c *gin.Context) {
	id, ok := idParam(c, "point of sale")
	if !ok {
		return
	}
	var in posInput
	if !decode(c, &in) {
		return
	}
	p, err := h.off.EditPointOfSale(c.Request.Context(), who(c), id, in.apply)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, posView(p))
}
