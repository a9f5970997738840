package report

import (
	"fmt"
	"io"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/csvsafe"
)

// bom starts a UTF-8 CSV file so that Excel reads it as UTF-8 (without it,
// Excel shows Vietnamese letters as mojibake).
const bom = "\uFEFF"

// WriteCSV writes the report as UTF-8 CSV with a BOM: one section per table,
// each with its own header row, separated by an empty line. The first column
// of every row names its section (report, summary, district, producer,
// product, rank, certification, point_of_sale, note), so a filter on it
// selects one table; headers read "Vietnamese (english)". Numbers are plain
// digits. A cell a spreadsheet would run as a formula is neutralised (see
// internal/csvsafe). It fails with w's error.
func (r *Report) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w) // a facility named =HYPERLINK(…) stays text
	section := func(key string, header []string, rows [][]string) {
		cw.Write(append([]string{"Mục (section)"}, header...))
		for _, row := range rows {
			cw.Write(append([]string{key}, row...))
		}
		cw.Write(nil)
	}
	district := r.District
	if district == "" {
		district = "Toàn tỉnh"
	}
	section("report",
		[]string{"Báo cáo (report)", "Tháng (month)", "Phạm vi (scope)", "Từ (from)", "Đến trước (to)", "Ngày xét chứng nhận (as of)", "Lập lúc (generated at)", "Tháng chưa kết thúc (in progress)"},
		[][]string{{"Báo cáo tháng về tem truy xuất nguồn gốc sản phẩm OCOP tỉnh Hà Tĩnh (OCOP traceability stamps monthly report)",
			r.Month.String(), district, r.From.Format(time.RFC3339), r.To.Format(time.RFC3339), r.AsOf.String(),
			r.GeneratedAt.Format(time.RFC3339), fmt.Sprint(r.InProgress)}})
	var extra []Note
	for _, t := range r.tables(true) {
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			header[i] = c.header()
		}
		var rows [][]string
		for _, row := range append(t.rows, t.foot...) {
			rec := make([]string, len(row))
			for i, c := range row {
				rec[i] = c.raw()
			}
			rows = append(rows, rec)
		}
		section(t.key, header, rows)
		if t.after.VI != "" {
			extra = append(extra, t.after)
		}
	}
	var notes [][]string
	for _, n := range append(r.Notes, extra...) {
		notes = append(notes, []string{n.VI, n.EN})
	}
	section("note", []string{"Ghi chú (note)", "Note (english)"}, notes)
	cw.Flush()
	return cw.Error()
}
