package admin

import (
	"context"
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
	if err := CheckFacility(&f); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.d.Store.CreateFacility(c.Request.Context(), actor(c), f); err != nil {
		h.fail(c, err)
		return
	}
	h.answerFacility(c, http.StatusCreated, f.Code)
}

func (h *handler) updateFacility(c *gin.Context) {
	var in facilityInput
	if !decode(c, &in) {
		return
	}
	f, err := h.d.Store.Facility(c.Request.Context(), c.Param("code"))
	if err != nil {
		h.fail(c, err)
		return
	}
	if in.Code != nil && *in.Code != f.Code {
		invalid(c, "facility %s: the code cannot change", f.Code)
		return
	}
	in.apply(f)
	if err := CheckFacility(f); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.d.Store.UpdateFacility(c.Request.Context(), actor(c), *f); err != nil {
		h.fail(c, err)
		return
	}
	h.answerFacility(c, http.StatusOK, f.Code)
}

// answerFacility answers with the stored facility.
func (h *handler) answerFacility(c *gin.Context, status int, code string) {
	f, err := h.d.Store.Facility(c.Request.Context(), code)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(status, facilityView(f))
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
	if err := CheckProduct(&p); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.d.Store.CreateProduct(c.Request.Context(), actor(c), p); err != nil {
		h.fail(c, err)
		return
	}
	h.answerProduct(c, http.StatusCreated, p.Number)
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
	p, err := h.d.Store.Product(c.Request.Context(), n)
	if err != nil {
		h.fail(c, err)
		return
	}
	if in.Number != nil && *in.Number != n {
		invalid(c, "product %d: the number cannot change (stamps carry it)", n)
		return
	}
	in.apply(p)
	if err := CheckProduct(p); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.d.Store.UpdateProduct(c.Request.Context(), actor(c), *p); err != nil {
		h.fail(c, err)
		return
	}
	h.answerProduct(c, http.StatusOK, n)
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
	Name     *string `json:"name"`
	District *string `json:"district"`
	Commune  *string `json:"commune"`
	Address  *string `json:"address"`
	Phone    *string `json:"phone"`
}

func (in *posInput) apply(p *stamp.PointOfSale) {
	set(&p.Name, in.Name)
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

// pointOfSale finds point of sale id (the store lists them; there are a few
// per district).
func (h *handler) pointOfSale(ctx context.Context, id int64) (*stamp.PointOfSale, error) {
	ps, err := h.d.Store.PointsOfSale(ctx, "")
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i], nil
		}
	}
	return nil, stamp.Errorf(stamp.ENotFound, "point of sale %d not found", id)
}

func (h *handler) getPointOfSale(c *gin.Context) {
	id, ok := idParam(c, "point of sale")
	if !ok {
		return
	}
	h.answerPointOfSale(c, http.StatusOK, id)
}

func (h *handler) createPointOfSale(c *gin.Context) {
	var in posInput
	if !decode(c, &in) {
		return
	}
	var p stamp.PointOfSale
	in.apply(&p)
	if err := CheckPointOfSale(&p); err != nil {
		h.fail(c, err)
		return
	}
	id, err := h.d.Store.CreatePointOfSale(c.Request.Context(), actor(c), p)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.answerPointOfSale(c, http.StatusCreated, id)
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
	p, err := h.pointOfSale(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	in.apply(p)
	if err := CheckPointOfSale(p); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.d.Store.UpdatePointOfSale(c.Request.Context(), actor(c), *p); err != nil {
		h.fail(c, err)
		return
	}
	h.answerPointOfSale(c, http.StatusOK, id)
}

func (h *handler) answerPointOfSale(c *gin.Context, status int, id int64) {
	p, err := h.pointOfSale(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(status, posView(p))
}
