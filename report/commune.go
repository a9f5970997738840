package report

import (
	"cmp"
	"slices"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

// CommuneRow is one commune's or ward's totals (the local government level
// since July 2025). Rows without a Code gather the facilities and points of
// sale not yet placed in a commune or ward.
type CommuneRow struct {
	Code           string `json:"code"` // administrative unit code; "" for "not placed yet"
	Name           string `json:"name"` // "xã Sơn Tây"
	FormerDistrict string `json:"former_district"`
	Change
	Facilities   int `json:"facilities"`
	Products     int `json:"products"`
	PointsOfSale int `json:"points_of_sale"`
}

// unplacedName labels the row of facilities without a commune code.
const unplacedName = "Chưa gắn xã, phường (no commune code yet)"

// communes makes a row for every commune or ward of the official list in
// scope, by former district (the report's district order) then name, and
// one for the facilities and points of sale in scope that have no commune
// code yet, when there are any.
func (b *builder) communes() {
	idx := map[string]int{}
	var rows []CommuneRow
	for _, c := range b.reg.Communes {
		if !b.inScope(c.FormerDistrict) {
			continue
		}
		idx[c.Code] = len(rows)
		rows = append(rows, CommuneRow{Code: c.Code, Name: c.FullName(), FormerDistrict: canonical(c.FormerDistrict)})
	}
	row := func(code string) *CommuneRow {
		i, ok := idx[code]
		if !ok { // no code yet, or a code the list no longer has
			idx[code] = len(rows)
			name := unplacedName
			if code != "" {
				name = "?"
			}
			rows = append(rows, CommuneRow{Code: code, Name: name})
			i = len(rows) - 1
		}
		return &rows[i]
	}
	communeOf := map[string]string{}
	for _, f := range b.reg.Facilities {
		communeOf[f.Code] = f.CommuneCode
		if b.inScope(f.District) {
			row(f.CommuneCode).Facilities++
		}
	}
	for _, p := range b.reg.Products {
		if b.inScope(p.District) {
			row(communeOf[p.FacilityCode]).Products++
		}
	}
	for _, p := range b.reg.PointsOfSale {
		if b.inScope(p.District) {
			row(p.CommuneCode).PointsOfSale++
		}
	}
	b.addActivity(func(a *storage.ReportActivity) map[string]storage.Activity { return a.Communes }, func(code string) *Change {
		if i, ok := idx[code]; ok {
			return &rows[i].Change
		}
		return nil // outside the scope: its facilities were not counted above
	})
	slices.SortStableFunc(rows, func(x, y CommuneRow) int {
		xi, yi := b.districtIndex(x.FormerDistrict), b.districtIndex(y.FormerDistrict)
		if x.Code == "" || x.Name == "?" {
			xi = len(b.order)
		}
		if y.Code == "" || y.Name == "?" {
			yi = len(b.order)
		}
		return cmp.Or(cmp.Compare(xi, yi), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Code, y.Code))
	})
	if rows == nil {
		rows = []CommuneRow{}
	}
	b.r.Communes = rows
}

// communeTable has a row per commune or ward with its former district.
func (r *Report) communeTable(csv bool) table {
	t := table{key: "commune", vi: "Theo xã, phường", en: "By commune or ward",
		cols: append([]column{
			{vi: "Mã ĐVHC", en: "unit code", width: 10},
			{vi: "Xã, phường", en: "commune / ward", width: 24},
			{vi: "Huyện cũ", en: "former district", width: 18},
			{vi: "Cơ sở", en: "producers", num: true, width: 10},
			{vi: "Sản phẩm", en: "products", num: true, width: 11},
			{vi: "Điểm bán", en: "points of sale", num: true, width: 10},
		}, figureCols(csv)...),
		after: Note{VI: "Từ 1/7/2025 chính quyền địa phương có hai cấp (tỉnh, xã); bảng theo huyện cũ dưới đây để so sánh với các năm trước.",
			EN: "Since 1 July 2025 local government has two levels (province, commune); the table by former district below is for comparison with earlier years."}}
	for _, c := range r.Communes {
		t.rows = append(t.rows, append([]cell{txt(c.Code), txt(c.Name), txt(c.FormerDistrict), numi(c.Facilities), numi(c.Products), numi(c.PointsOfSale)},
			figureCells(c.Change, csv)...))
	}
	return t
}
