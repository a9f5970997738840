package report

import (
	"strconv"
	"strings"
)

// Columns of the activity figures, in the order every table shows them.
var (
	colBatches     = column{vi: "Lô phát hành", en: "batches minted", num: true, width: 11}
	colMinted      = column{vi: "Tem phát hành", en: "stamps minted", num: true, width: 13}
	colPrinted     = column{vi: "Tem đã in", en: "printed", num: true, width: 13}
	colRevoked     = column{vi: "Tem thu hồi", en: "revoked", num: true, width: 12}
	colScans       = column{vi: "Lượt quét", en: "scans", num: true, width: 14}
	colScanners    = column{vi: "Người quét", en: "distinct scanners", num: true, width: 13}
	colSuspicious  = column{vi: "Đáng ngờ", en: "suspicious", num: true, width: 13}
	colNotGenuine  = column{vi: "Không phải tem thật", en: "not genuine", num: true, width: 12}
	colUnknown     = column{vi: "Không có trong sổ", en: "unknown", num: true, width: 12}
	colSuspected   = column{vi: "Nghi giả", en: "suspected fakes", num: true, width: 12}
	colForged      = column{vi: "Quét mã giả", en: "scans of forged codes", num: true, width: 12}
	colReports     = column{vi: "Phản ánh của người dân", en: "consumer reports", num: true, width: 12}
	colRevokedScan = column{vi: "Quét tem đã thu hồi", en: "scans of revoked stamps", num: true}
	colCertInvalid = column{vi: "Quét khi chứng nhận hết hiệu lực", en: "scans, certification not in force", num: true}
)

// mainFigures are the figures compared with the previous month.
var mainFigures = []struct {
	col column
	get func(Figures) int64
}{
	{colMinted, func(f Figures) int64 { return f.Minted }},
	{colPrinted, func(f Figures) int64 { return f.Printed }},
	{colRevoked, func(f Figures) int64 { return f.Revoked }},
	{colScans, func(f Figures) int64 { return f.Scans }},
	{colScanners, func(f Figures) int64 { return f.Scanners }},
	{colSuspected, func(f Figures) int64 { return f.Suspected }},
	{colForged, func(f Figures) int64 { return f.Forged }},
	{colReports, func(f Figures) int64 { return f.ConsumerReports }},
}

// figureCols returns the activity columns: for CSV every count and the
// previous month's main figures, on screen the counts people read.
func figureCols(csv bool) []column {
	cols := []column{colMinted, colPrinted, colRevoked, colScans, colScanners, colSuspicious, colNotGenuine, colUnknown, colSuspected,
		colForged, colReports}
	if !csv {
		return cols
	}
	cols = append([]column{colBatches}, cols...)
	cols = append(cols, colRevokedScan, colCertInvalid)
	for _, m := range mainFigures {
		cols = append(cols, column{vi: m.col.vi + " tháng trước", en: m.col.en + ", previous month", num: true})
	}
	return cols
}

// figureCells returns a row's cells for figureCols(csv).
func figureCells(c Change, csv bool) []cell {
	f := c.This
	cells := []cell{num(f.Minted), num(f.Printed), num(f.Revoked), num(f.Scans), num(f.Scanners),
		num(f.Suspicious), num(f.NotGenuine), num(f.Unknown), num(f.Suspected), num(f.Forged), num(f.ConsumerReports)}
	if !csv {
		return cells
	}
	cells = append([]cell{num(f.Batches)}, cells...)
	cells = append(cells, num(f.RevokedScan), num(f.CertInvalid))
	for _, m := range mainFigures {
		cells = append(cells, num(m.get(c.Prev)))
	}
	return cells
}

// tables returns the report's sections for CSV (csv true: every figure,
// plain columns) or for people (HTML, PDF, text).
func (r *Report) tables(csv bool) []table {
	ts := []table{r.summaryTable(), r.communeTable(csv), r.districtTable(csv)}
	if !csv {
		ts = append(ts, r.changeTable())
	}
	return append(ts, r.producerTable(csv), r.productTable(csv), r.rankTable(), r.certTable(csv), r.posTable())
}

// summaryTable compares the main figures with the previous month.
func (r *Report) summaryTable() table {
	t := table{key: "summary", vi: "Tổng hợp", en: "Summary",
		cols: []column{
			{vi: "Chỉ tiêu", en: "figure", width: 70},
			{vi: "Tháng này", en: "this month", num: true, width: 30},
			{vi: "Tháng trước", en: "previous month", num: true, width: 30},
			{vi: "Chênh lệch", en: "change", num: true, width: 30},
			{vi: "Tỷ lệ thay đổi", en: "change %", num: true, width: 30},
		}}
	figs := append([]struct {
		col column
		get func(Figures) int64
	}{{colBatches, func(f Figures) int64 { return f.Batches }}}, mainFigures...)
	figs = append(figs, []struct {
		col column
		get func(Figures) int64
	}{
		{colSuspicious, func(f Figures) int64 { return f.Suspicious }},
		{colNotGenuine, func(f Figures) int64 { return f.NotGenuine }},
		{colUnknown, func(f Figures) int64 { return f.Unknown }},
	}...)
	for _, m := range figs {
		this, prev := m.get(r.Total.This), m.get(r.Total.Prev)
		t.rows = append(t.rows, []cell{txt(m.col.vi + " (" + m.col.en + ")"), num(this), num(prev), diffCell(this - prev), pct(this, prev)})
	}
	return t
}

// diffCell is a signed count: "+56" on screen, "56" in CSV.
func diffCell(d int64) cell { return cell{n: d, kind: cellDiff} }

// districtTable has a row per district, the unattributed scans and the
// total.
func (r *Report) districtTable(csv bool) table {
	t := table{key: "district", vi: "Theo huyện cũ (trước 1/7/2025)", en: "By former district (before July 2025)",
		cols: append([]column{
			{vi: "Huyện cũ", en: "former district", width: 26},
			{vi: "Cơ sở", en: "producers", num: true, width: 10},
			{vi: "Sản phẩm", en: "products", num: true, width: 11},
			{vi: "Điểm bán", en: "points of sale", num: true, width: 10},
		}, figureCols(csv)...)}
	for _, d := range r.Districts {
		t.rows = append(t.rows, append([]cell{txt(d.District), numi(d.Facilities), numi(d.Products), numi(d.PointsOfSale)},
			figureCells(d.Change, csv)...))
	}
	if r.Unattributed != nil {
		t.foot = append(t.foot, append([]cell{txt("Chưa xác định (not attributed)"), txt(""), txt(""), txt("")},
			figureCells(*r.Unattributed, csv)...))
	}
	t.foot = append(t.foot, append([]cell{txt(totalLabel(r)), numi(r.Total.Facilities), numi(r.Total.Products), numi(r.Total.PointsOfSale)},
		figureCells(r.Total.Change, csv)...))
	return t
}

func totalLabel(r *Report) string {
	if r.District != "" {
		return "Tổng (total)"
	}
	return "Toàn tỉnh (province total)"
}

// changeTable shows each district's main figures with their change from the
// previous month (people's formats only; CSV rows carry the previous month's
// columns instead).
func (r *Report) changeTable() table {
	t := table{key: "district_change", vi: "So với tháng trước, theo huyện", en: "Month on month, by district",
		cols:  []column{{vi: "Huyện", en: "district", width: 30}},
		after: Note{VI: "Mỗi ô: số tháng này (chênh lệch so với tháng trước).", EN: "Each cell: this month's figure (change from the previous month)."}}
	for _, m := range mainFigures {
		c := m.col
		c.width = 22
		t.cols = append(t.cols, c)
	}
	row := func(label string, c Change) []cell {
		cells := []cell{txt(label)}
		for _, m := range mainFigures {
			cells = append(cells, change(m.get(c.This), m.get(c.Prev)))
		}
		return cells
	}
	for _, d := range r.Districts {
		t.rows = append(t.rows, row(d.District, d.Change))
	}
	t.foot = append(t.foot, row(totalLabel(r), r.Total.Change))
	return t
}

func (r *Report) producerTable(csv bool) table {
	t := table{key: "producer", vi: "Theo cơ sở sản xuất", en: "By producer",
		cols: append([]column{
			{vi: "Huyện", en: "district", width: 22},
			{vi: "Mã cơ sở", en: "code", width: 18},
			{vi: "Tên cơ sở", en: "producer", width: 58},
			{vi: "Sản phẩm", en: "products", num: true, width: 11},
		}, figureCols(csv)...)}
	if csv {
		t.cols = append(t.cols[:3:3], append([]column{{vi: "Loại hình", en: "kind"}}, t.cols[3:]...)...)
	}
	for _, p := range r.Producers {
		cells := []cell{txt(p.District), txt(p.Code), txt(p.Name)}
		if csv {
			cells = append(cells, txt(p.Kind))
		}
		t.rows = append(t.rows, append(append(cells, numi(p.Products)), figureCells(p.Change, csv)...))
	}
	return t
}

func (r *Report) productTable(csv bool) table {
	t := table{key: "product", vi: "Theo sản phẩm", en: "By product",
		cols: append([]column{
			{vi: "Huyện", en: "district", width: 18},
			{vi: "Cơ sở", en: "producer", width: 28},
			{vi: "Số", en: "no.", num: true, width: 8},
			{vi: "Sản phẩm", en: "product", width: 30},
			{vi: "Nhóm", en: "group", width: 18},
			{vi: "Hạng", en: "rank", width: 10},
			{vi: "Chứng nhận", en: "certification", width: 14},
		}, figureCols(csv)...)}
	if csv {
		t.cols = append(t.cols[:2:2], append([]column{{vi: "Tên cơ sở", en: "producer name"}}, t.cols[2:]...)...)
		t.cols[1] = column{vi: "Mã cơ sở", en: "producer code"}
	}
	for _, p := range r.Products {
		cells := []cell{txt(p.District), txt(p.FacilityCode)}
		if csv {
			cells = append(cells, txt(p.FacilityName))
		} else {
			cells[1] = txt(p.FacilityName)
		}
		cells = append(cells, id(p.Number), txt(p.Name), txt(p.Group), txt(p.Rank), txt(certStateLabel(p.CertState, csv)))
		t.rows = append(t.rows, append(cells, figureCells(p.Change, csv)...))
	}
	return t
}

// certStateLabel names a certification state: the code in CSV, Vietnamese
// on screen.
func certStateLabel(s string, csv bool) string {
	if csv {
		return s
	}
	switch s {
	case "valid":
		return "còn hiệu lực"
	case "expired":
		return "hết hạn"
	case "suspended":
		return "tạm đình chỉ"
	case "withdrawn":
		return "thu hồi"
	case CertNone:
		return "chưa có"
	case CertExpiring:
		return "sắp hết hạn"
	}
	return s
}

func (r *Report) rankTable() table {
	t := table{key: "rank", vi: "Sản phẩm theo hạng sao và nhóm", en: "Products by rank and group",
		cols: []column{
			{vi: "Nhóm sản phẩm", en: "product group", width: 60},
			{vi: "Tham gia", en: "participating", num: true, width: 22},
			{vi: "3 sao", en: "3 stars", num: true, width: 22},
			{vi: "4 sao", en: "4 stars", num: true, width: 22},
			{vi: "5 sao", en: "5 stars", num: true, width: 22},
			{vi: "Hết hiệu lực", en: "not in force", num: true, width: 22},
			{vi: "Chưa chứng nhận", en: "not certified", num: true, width: 22},
			{vi: "Tổng", en: "total", num: true, width: 22},
		},
		after: Note{VI: "Hạng theo chứng nhận còn hiệu lực ngày " + r.AsOf.VN() + "; \"hết hiệu lực\": hết hạn, tạm đình chỉ hoặc thu hồi.",
			EN: "Rank of the certification in force on " + r.AsOf.String() + "; \"not in force\": expired, suspended or withdrawn."}}
	row := func(label string, g RankRow) []cell {
		return []cell{txt(label), numi(g.Participating), numi(g.Star3), numi(g.Star4), numi(g.Star5), numi(g.NotInForce), numi(g.None), numi(g.Total)}
	}
	for _, g := range r.Ranks {
		t.rows = append(t.rows, row(g.Group, g))
	}
	t.foot = append(t.foot, row("Tổng (total)", r.RankTotal))
	return t
}

func (r *Report) certTable(csv bool) table {
	t := table{key: "certification", vi: "Chứng nhận sắp hết hạn hoặc đã hết hạn chưa gia hạn", en: "Certifications expiring within 90 days or expired without renewal",
		cols: []column{
			{vi: "Huyện", en: "district", width: 22},
			{vi: "Cơ sở", en: "producer", width: 44},
			{vi: "Số", en: "product no.", num: true, width: 12},
			{vi: "Sản phẩm", en: "product", width: 44},
			{vi: "Hạng", en: "rank", width: 12},
			{vi: "Số quyết định", en: "decision", width: 28},
			{vi: "Ngày quyết định", en: "decided", width: 20},
			{vi: "Hết hạn", en: "expires", width: 20},
			{vi: "Tình trạng", en: "state", width: 34},
			{vi: "Số ngày còn lại", en: "days left", num: true, width: 16},
		}}
	if csv {
		n := len(t.cols)
		t.cols = append(t.cols[:n-2:n-2], column{vi: "Trạng thái ghi nhận", en: "recorded status"},
			column{vi: "Tình trạng", en: "state"}, t.cols[n-1])
	}
	for _, c := range r.Expiring {
		row := []cell{txt(c.District), txt(c.FacilityName), id(c.ProductNumber), txt(c.ProductName),
			txt(c.Rank), txt(c.DecisionNumber), txt(c.DecisionDate.String()), txt(c.ExpiresOn.String())}
		if csv {
			row = append(row, txt(c.Status), txt(c.State))
		} else {
			// One column for people: "hết hạn", "sắp hết hạn, tạm đình chỉ".
			state := certStateLabel(c.State, false)
			if c.Status != "valid" {
				state += ", " + certStateLabel(c.Status, false)
			}
			row = append(row, txt(state))
		}
		t.rows = append(t.rows, append(row, num(int64(c.DaysLeft))))
	}
	return t
}

func (r *Report) posTable() table {
	t := table{key: "point_of_sale", vi: "Điểm giới thiệu và bán sản phẩm OCOP", en: "OCOP points of sale",
		cols: []column{
			{vi: "Huyện", en: "district", width: 40},
			{vi: "Số điểm bán", en: "points of sale", num: true, width: 25},
			{vi: "Tên điểm bán", en: "names", width: 212},
		}}
	for _, p := range r.PointsOfSale {
		t.rows = append(t.rows, []cell{txt(p.District), numi(p.Count), txt(strings.Join(p.Names, "; "))})
	}
	if len(r.DistrictsWithoutPOS) > 0 {
		t.after = Note{
			VI: "Chưa có điểm bán (" + strconv.Itoa(len(r.DistrictsWithoutPOS)) + "): " + strings.Join(r.DistrictsWithoutPOS, ", ") + ".",
			EN: "Districts without a point of sale (" + strconv.Itoa(len(r.DistrictsWithoutPOS)) + "): " + strings.Join(r.DistrictsWithoutPOS, ", ") + ".",
		}
	}
	return t
}
