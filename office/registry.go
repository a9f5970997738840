package office

import (
	"context"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// The checks of entries typed one at a time are the CSV import's
// (stamp/registrycsv): known districts and product groups in their listed
// spelling, valid GTINs, required fields.

// CheckFacility validates f and replaces its district by the canonical
// name (stamp.ParseDistrict). An unknown district or a missing field is
// EInvalid.
func CheckFacility(f *stamp.Facility) error {
	f.Code = strings.TrimSpace(f.Code)
	if err := canonicalDistrict(&f.District); err != nil {
		return err
	}
	return f.Validate()
}

// CheckProduct validates p, replaces its group by the listed spelling
// (stamp.CanonicalGroup) and its GTIN by the 14-digit form
// (stamp.ParseGTIN). A mistake is EInvalid; a wrong GTIN check digit names
// the right one.
func CheckProduct(p *stamp.Product) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.GTIN, _ = stamp.CanonicalGTIN(p.GTIN) // Validate checked it
	g, ok := stamp.CanonicalGroup(p.Group)
	if !ok {
		return stamp.Refusef(stamp.EInvalid, "Sản phẩm %d: nhóm sản phẩm %q không có trong danh mục; chọn một trong các nhóm: %s", "product %d: unknown product group %q: want one of %s",
			p.Number, p.Group, strings.Join(stamp.ProductGroups, "; "))
	}
	p.Group = g
	return nil
}

// CheckPointOfSale validates p and replaces its district by the canonical
// name. A mistake is EInvalid.
func CheckPointOfSale(p *stamp.PointOfSale) error {
	if err := canonicalDistrict(&p.District); err != nil {
		return err
	}
	return p.Validate()
}

func canonicalDistrict(d *string) error {
	if strings.TrimSpace(*d) == "" {
		return nil // Validate names the missing field
	}
	c, err := stamp.ParseDistrict(*d)
	if err != nil {
		return err
	}
	*d = c
	return nil
}

// AddFacility checks f (CheckFacility), stores it (audited facility.create)
// and returns it as stored. Office role.
func (o *Office) AddFacility(ctx context.Context, who stamp.Actor, f stamp.Facility) (*stamp.Facility, error) {
	if err := allow(who, stamp.RoleOffice, "adding a facility"); err != nil {
		return nil, err
	}
	if err := CheckFacility(&f); err != nil {
		return nil, err
	}
	if err := o.Store.CreateFacility(ctx, who.Name, f); err != nil {
		return nil, err
	}
	return o.Store.Facility(ctx, f.Code)
}

// EditFacility applies change to the stored facility code, checks the
// result and stores it (audited facility.update). The code cannot change
// (EInvalid); an unknown code is ENotFound. Office role.
func (o *Office) EditFacility(ctx context.Context, who stamp.Actor, code string, change func(*stamp.Facility)) (*stamp.Facility, error) {
	if err := allow(who, stamp.RoleOffice, "editing a facility"); err != nil {
		return nil, err
	}
	f, err := o.Store.Facility(ctx, code)
	if err != nil {
		return nil, err
	}
	was := f.Code
	change(f)
	if f.Code != was {
		return nil, stamp.Refusef(stamp.EInvalid, "Cơ sở %s: không được đổi mã cơ sở", "facility %s: the code cannot change", was)
	}
	if err := CheckFacility(f); err != nil {
		return nil, err
	}
	if err := o.Store.UpdateFacility(ctx, who.Name, *f); err != nil {
		return nil, err
	}
	return o.Store.Facility(ctx, was)
}

// AddProduct checks p (CheckProduct), stores it (audited product.create)
// and returns it as stored. Office role.
func (o *Office) AddProduct(ctx context.Context, who stamp.Actor, p stamp.Product) (*stamp.Product, error) {
	if err := allow(who, stamp.RoleOffice, "adding a product"); err != nil {
		return nil, err
	}
	if err := CheckProduct(&p); err != nil {
		return nil, err
	}
	if err := o.Store.CreateProduct(ctx, who.Name, p); err != nil {
		return nil, err
	}
	return o.Store.Product(ctx, p.Number)
}

// EditProduct applies change to stored product n, checks the result and
// stores it (audited product.update). The number cannot change: stamps
// carry it (EInvalid). Office role.
func (o *Office) EditProduct(ctx context.Context, who stamp.Actor, n uint32, change func(*stamp.Product)) (*stamp.Product, error) {
	if err := allow(who, stamp.RoleOffice, "editing a product"); err != nil {
		return nil, err
	}
	p, err := o.Store.Product(ctx, n)
	if err != nil {
		return nil, err
	}
	change(p)
	if p.Number != n {
		return nil, stamp.Refusef(stamp.EInvalid, "Sản phẩm %d: không được đổi số sản phẩm (tem đã mang số này)", "product %d: the number cannot change (stamps carry it)", n)
	}
	if err := CheckProduct(p); err != nil {
		return nil, err
	}
	if err := o.Store.UpdateProduct(ctx, who.Name, *p); err != nil {
		return nil, err
	}
	return o.Store.Product(ctx, n)
}

// PointOfSale returns point of sale id, or ENotFound.
func (o *Office) PointOfSale(ctx context.Context, id int64) (*stamp.PointOfSale, error) {
	ps, err := o.Store.PointsOfSale(ctx, "")
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i], nil
		}
	}
	return nil, stamp.Refusef(stamp.ENotFound, "Không tìm thấy điểm bán %d", "point of sale %d not found", id)
}

// AddPointOfSale checks p (CheckPointOfSale), stores it (audited
// point_of_sale.create) and returns it as stored. Office role.
func (o *Office) AddPointOfSale(ctx context.Context, who stamp.Actor, p stamp.PointOfSale) (*stamp.PointOfSale, error) {
	if err := allow(who, stamp.RoleOffice, "adding a point of sale"); err != nil {
		return nil, err
	}
	if err := CheckPointOfSale(&p); err != nil {
		return nil, err
	}
	id, err := o.Store.CreatePointOfSale(ctx, who.Name, p)
	if err != nil {
		return nil, err
	}
	return o.PointOfSale(ctx, id)
}

// EditPointOfSale applies change to stored point of sale id, checks the
// result and stores it (audited point_of_sale.update). Office role.
func (o *Office) EditPointOfSale(ctx context.Context, who stamp.Actor, id int64, change func(*stamp.PointOfSale)) (*stamp.PointOfSale, error) {
	if err := allow(who, stamp.RoleOffice, "editing a point of sale"); err != nil {
		return nil, err
	}
	p, err := o.PointOfSale(ctx, id)
	if err != nil {
		return nil, err
	}
	change(p)
	p.ID = id
	if err := CheckPointOfSale(p); err != nil {
		return nil, err
	}
	if err := o.Store.UpdatePointOfSale(ctx, who.Name, *p); err != nil {
		return nil, err
	}
	return o.PointOfSale(ctx, id)
}
