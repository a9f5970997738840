package office

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/stamp/registrycsv"
)

// ImportProblem is one thing wrong with a registry CSV file: where (Line
// and Column 0 when not known; Column counts fields, as a spreadsheet
// does), the column's name, and what.
type ImportProblem struct {
	Line, Column int
	Name         string
	Message      string // English, as the CLI prints it
	MessageVI    string // the same in Vietnamese, as the console shows it ("" if none)
}

// Error formats the problem as registrycsv does: "file: line 3, column 1
// (code): …".
func (p ImportProblem) Error(file string) string {
	return (&registrycsv.Error{File: file, Line: p.Line, Column: p.Column, Name: p.Name, Msg: p.Message, MsgVI: p.MessageVI}).Error()
}

// ImportResult is what a registry CSV file holds (the entries of its kind
// that parsed, with their lines) and every problem found in it.
type ImportResult struct {
	registrycsv.File
	Problems []ImportProblem
}

// Count returns how many entries the file holds.
func (r *ImportResult) Count() int {
	return len(r.Communes) + len(r.Facilities) + len(r.Products) + len(r.Certifications) + len(r.PointsOfSale)
}

// CheckImport reads a registry CSV file of kind (registrycsv.Kind…) and
// checks it against the registry without writing anything, in one run: a
// mistake in the file or its header alone; else every format mistake of
// the rows and every row that parsed but would conflict (a facility code
// or product number already registered, a facility's unknown commune code,
// a product's unknown facility, a certification's unknown product), at
// most registrycsv.MaxErrors problems, in line order. Communes are never
// in conflict: known codes are updated. The problems are in the result;
// an unknown kind is EInvalid. Office role.
func (o *Office) CheckImport(ctx context.Context, who stamp.Actor, kind, file string, r io.Reader) (*ImportResult, error) {
	if err := allow(who, stamp.RoleOffice, "importing"); err != nil {
		return nil, err
	}
	f, err := registrycsv.Read(kind, file, r)
	if f == nil {
		return nil, err
	}
	res := &ImportResult{File: *f}
	var list registrycsv.Errors
	var ce *registrycsv.Error
	switch {
	case errors.As(err, &list):
		for _, ce := range list {
			res.Problems = append(res.Problems, ImportProblem{Line: ce.Line, Column: ce.Column, Name: ce.Name, Message: ce.Msg, MessageVI: ce.MsgVI})
		}
	case errors.As(err, &ce):
		res.Problems = append(res.Problems, ImportProblem{Line: ce.Line, Column: ce.Column, Name: ce.Name, Message: ce.Msg, MessageVI: ce.MsgVI})
		return res, nil
	case stamp.ErrorCode(err) == stamp.EInvalid:
		res.Problems = append(res.Problems, ImportProblem{Message: stamp.ErrorMessage(err), MessageVI: stamp.ErrorMessageVI(err)})
		return res, nil
	case err != nil:
		return nil, err
	}
	if err := o.conflicts(ctx, res); err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Problems, func(a, b ImportProblem) int { return a.Line - b.Line })
	if len(res.Problems) > registrycsv.MaxErrors {
		res.Problems = res.Problems[:registrycsv.MaxErrors]
	}
	return res, nil
}

// conflicts adds a problem for every entry that the registry would refuse.
func (o *Office) conflicts(ctx context.Context, res *ImportResult) error {
	problemf := func(i int, col, vi, en string, args ...any) {
		res.Problems = append(res.Problems, ImportProblem{Line: res.Lines[i], Name: col,
			Message: fmt.Sprintf(en, args...), MessageVI: fmt.Sprintf(vi, args...)})
	}
	switch {
	case len(res.Facilities) > 0:
		fs, err := o.Store.Facilities(ctx)
		if err != nil {
			return err
		}
		cs, err := o.Store.Communes(ctx)
		if err != nil {
			return err
		}
		seen, communes := map[string]bool{}, map[string]bool{}
		for _, f := range fs {
			seen[f.Code] = true
		}
		for _, c := range cs {
			communes[c.Code] = true
		}
		for i, f := range res.Facilities {
			if seen[f.Code] {
				problemf(i, "code", "Mã cơ sở %s đã có trong danh mục (hoặc lặp lại trong tệp)", "facility code %s is already registered (or repeated in the file)", f.Code)
			}
			seen[f.Code] = true
			if f.CommuneCode != "" && !communes[f.CommuneCode] {
				problemf(i, "commune_code", "Mã xã, phường %s chưa có trong danh mục xã, phường: cần nhập danh mục trước", "commune code %s is not in the list of communes and wards: import it first", f.CommuneCode)
			}
		}
	case len(res.Products) > 0:
		fs, err := o.Store.Facilities(ctx)
		if err != nil {
			return err
		}
		ps, err := o.Store.Products(ctx)
		if err != nil {
			return err
		}
		facs, nums := map[string]bool{}, map[uint32]bool{}
		for _, f := range fs {
			facs[f.Code] = true
		}
		for _, p := range ps {
			nums[p.Number] = true
		}
		for i, p := range res.Products {
			if nums[p.Number] {
				problemf(i, "number", "Số sản phẩm %d đã có trong danh mục (hoặc lặp lại trong tệp)", "product number %d is already registered (or repeated in the file)", p.Number)
			}
			nums[p.Number] = true
			if !facs[p.FacilityCode] {
				problemf(i, "facility_code", "Cơ sở %s chưa có trong danh mục: cần nhập hoặc thêm cơ sở trước", "facility %s is not registered: import or add it first", p.FacilityCode)
			}
		}
	case len(res.Certifications) > 0:
		ps, err := o.Store.Products(ctx)
		if err != nil {
			return err
		}
		nums := map[uint32]bool{}
		for _, p := range ps {
			nums[p.Number] = true
		}
		for i, c := range res.Certifications {
			if !nums[c.ProductNumber] {
				problemf(i, "product_number", "Sản phẩm %d chưa có trong danh mục: cần nhập hoặc thêm sản phẩm trước", "product %d is not registered: import or add it first", c.ProductNumber)
			}
		}
	}
	return nil
}

// Import checks the file (CheckImport) and, when it has no problem, stores
// every entry in one transaction (audited per entry by the store). With
// problems nothing is written and they are in the result. Office role.
func (o *Office) Import(ctx context.Context, who stamp.Actor, kind, file string, r io.Reader) (*ImportResult, error) {
	res, err := o.CheckImport(ctx, who, kind, file, r)
	if err != nil || len(res.Problems) > 0 {
		return res, err
	}
	st := o.Store
	switch kind {
	case registrycsv.KindCommunes:
		err = st.ImportCommunes(ctx, who.Name, res.Communes)
	case registrycsv.KindFacilities:
		err = st.ImportFacilities(ctx, who.Name, res.Facilities)
	case registrycsv.KindProducts:
		err = st.ImportProducts(ctx, who.Name, res.Products)
	case registrycsv.KindCertifications:
		err = st.ImportCertifications(ctx, who.Name, res.Certifications)
	default:
		for _, p := range res.PointsOfSale {
			if _, err = st.CreatePointOfSale(ctx, who.Name, p); err != nil {
				break
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
