package report

// Issuer is the office that makes the report.
const Issuer = "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"

func (r *Report) scopeVI() string {
	if r.District == "" {
		return "toàn tỉnh Hà Tĩnh"
	}
	return r.District + ", tỉnh Hà Tĩnh"
}

func (r *Report) scopeEN() string {
	if r.District == "" {
		return "Hà Tĩnh province"
	}
	return r.District + ", Hà Tĩnh province"
}

// titleVI is the report's Vietnamese title.
func (r *Report) titleVI() string {
	return "Báo cáo " + r.Month.VN() + " về tem truy xuất nguồn gốc sản phẩm OCOP, " + r.scopeVI()
}

// titleEN is the report's English title.
func (r *Report) titleEN() string {
	return "OCOP traceability stamps: monthly report for " + r.Month.String() + ", " + r.scopeEN()
}
