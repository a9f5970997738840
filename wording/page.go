package wording

// Page holds the fixed words of the consumer lookup pages in one language:
// labels, error pages, rank and date phrasing, the site title and the
// sample banner. Verdict titles and messages are in verdict.go.
type Page struct {
	Lang, OtherLang, SwitchLabel                     string
	SiteTitle, SiteSub                               string
	SampleBanner                                     string
	Product, Group, GTIN                             string
	Producer, Address, Phone                         string
	Rank, Certificate, Decision, DecisionDate        string
	Expires, Status, Process, LabTest, Declaration   string
	StampBatch, Serial, Lot, Produced, BestBefore    string
	MintedAt, RevokedAt, RevokeReason                string
	Scans, ScanCount, FirstScan, Devices             string
	WhereToBuy, WhatToDo, Report, ReportIntro        string
	SerialTitle, SerialHelp, SerialButton            string
	SerialPlaceholder, Technical, KeyID, StampID     string
	CheckedAt, Home, ErrorTitle, TryAgain            string
	NotCodeTitle, NotCodeText, BadSerialTitle        string
	BadSerialText, NotFoundTitle, NotFoundText       string
	MethodTitle, MethodText, TooManyTitle            string
	TooManyText, InternalTitle, InternalText         string
	UnavailableTitle, UnavailableText, TooLargeTitle string
	TooLargeText, HomeIntro, Detail                  string
	Unranked, RankedFmt, DistrictFmt, ClockFmt       string
	VoidRankFmt                                      string
	StatusNames                                      map[string]string
}

// StatusName names a certification status ("valid", "suspended", …) in the
// page's language; an unknown status is returned as it is.
func (t *Page) StatusName(s string) string {
	if n, ok := t.StatusNames[s]; ok {
		return n
	}
	return s
}

// pageWords holds every text field of Page by name, Vietnamese first with
// English beside it; init fills pageVI and pageEN from it (TestPageWords
// checks that every field has its entry).
var pageWords = map[string]Pair{
	"SwitchLabel":       {"English", "Tiếng Việt"},
	"SiteTitle":         {"Kiểm tra tem OCOP", "OCOP stamp check"},
	"Unranked":          {"Sản phẩm tham gia Chương trình OCOP (chưa xếp hạng)", "Product taking part in the OCOP programme (not yet ranked)"},
	"RankedFmt":         {"Sản phẩm OCOP đạt %d sao", "OCOP product rated %d stars"},
	"VoidRankFmt":       {"%s: không còn áp dụng (chứng nhận không còn hiệu lực)", "%s: no longer applies (the certification is not valid)"},
	"DistrictFmt":       {"huyện %s", "%s district"},
	"ClockFmt":          {"%s ngày %s", "%s, %s (UTC+7)"},
	"SiteSub":           {"Tem truy xuất nguồn gốc sản phẩm OCOP", "Traceability stamp of OCOP products"},
	"SampleBanner":      {"DỮ LIỆU MẪU – chỉ để dùng thử, không phải sản phẩm thật.", "SAMPLE DATA – for trying the system only, not a real product."},
	"Product":           {"Sản phẩm", "Product"},
	"Group":             {"Nhóm sản phẩm", "Product group"},
	"GTIN":              {"Mã vạch (GTIN)", "Barcode (GTIN)"},
	"Producer":          {"Cơ sở sản xuất", "Producer"},
	"Address":           {"Địa chỉ", "Address"},
	"Phone":             {"Điện thoại", "Phone"},
	"Rank":              {"Hạng sao", "Star rank"},
	"Certificate":       {"Chứng nhận OCOP", "OCOP certificate"},
	"Decision":          {"Quyết định công nhận số", "Decision number"},
	"DecisionDate":      {"Ngày quyết định", "Decision date"},
	"Expires":           {"Có hiệu lực đến", "Valid until"},
	"Status":            {"Tình trạng", "Status"},
	"Process":           {"Quy trình sản xuất được xác nhận", "Confirmed production process"},
	"LabTest":           {"Kiểm nghiệm gần nhất", "Latest laboratory test"},
	"Declaration":       {"Công bố chất lượng", "Quality declaration"},
	"StampBatch":        {"Tem và lô hàng", "Stamp and batch"},
	"Serial":            {"Số sê-ri", "Serial number"},
	"Lot":               {"Lô", "Lot"},
	"Produced":          {"Ngày sản xuất", "Produced on"},
	"BestBefore":        {"Hạn sử dụng", "Best before"},
	"MintedAt":          {"Ngày phát hành tem", "Stamp issued on"},
	"RevokedAt":         {"Ngày thu hồi", "Revoked on"},
	"RevokeReason":      {"Lý do thu hồi", "Reason for revocation"},
	"Scans":             {"Lịch sử quét", "Scan history"},
	"ScanCount":         {"Số lần quét", "Scans"},
	"FirstScan":         {"Quét lần đầu", "First scanned"},
	"Devices":           {"Số mạng khác nhau", "Different networks"},
	"WhereToBuy":        {"Mua hàng chính hãng tại", "Buy genuine products at"},
	"WhatToDo":          {"Bạn nên làm gì?", "What should you do?"},
	"Report":            {"Báo cáo tem nghi giả", "Report a suspect stamp"},
	"ReportIntro":       {"Liên hệ:", "Contact:"},
	"SerialTitle":       {"Nhập số sê-ri in trên tem", "Type the serial printed on the stamp"},
	"SerialHelp":        {"Nếu không quét được mã QR, hãy nhập 10 chữ số in dưới mã (ví dụ 0000-01234-5).", "If the QR code will not scan, type the 10 digits printed under it (for example 0000-01234-5)."},
	"SerialButton":      {"Kiểm tra", "Check"},
	"SerialPlaceholder": {"0000-00000-0", "0000-00000-0"},
	"Technical":         {"Thông tin kỹ thuật", "Technical details"},
	"KeyID":             {"Khóa ký", "Signing key"},
	"StampID":           {"Mã tem (ID)", "Stamp ID"},
	"CheckedAt":         {"Kiểm tra lúc", "Checked at"},
	"Home":              {"Trang chủ", "Home"},
	"ErrorTitle":        {"Lỗi", "Error"},
	"TryAgain":          {"Thử lại", "Try again"},
	"NotCodeTitle":      {"KHÔNG PHẢI MÃ TEM OCOP", "NOT AN OCOP STAMP CODE"},
	"NotCodeText":       {"Đường dẫn này không chứa mã tem hợp lệ. Hãy quét lại mã QR trên tem bằng camera, hoặc nhập số sê-ri in dưới mã.", "This link does not hold a valid stamp code. Scan the QR code on the stamp again with the camera, or type the serial printed under it."},
	"BadSerialTitle":    {"CÓ THỂ BẠN ĐÃ GÕ NHẦM", "PROBABLY A TYPING ERROR"},
	"BadSerialText":     {"Số vừa nhập không phải là một số sê-ri hợp lệ (chữ số cuối dùng để phát hiện lỗi gõ). Số sê-ri gồm 10 chữ số, in dưới mã QR. Hãy kiểm tra lại từng chữ số rồi nhập lại.", "What you typed is not a valid serial number (its last digit catches typing errors). The serial has 10 digits and is printed under the QR code. Check each digit and type it again."},
	"NotFoundTitle":     {"KHÔNG TÌM THẤY TRANG", "PAGE NOT FOUND"},
	"NotFoundText":      {"Trang này không tồn tại. Để kiểm tra tem, hãy quét mã QR trên tem hoặc nhập số sê-ri.", "This page does not exist. To check a stamp, scan its QR code or type its serial."},
	"MethodTitle":       {"YÊU CẦU KHÔNG ĐƯỢC HỖ TRỢ", "REQUEST NOT SUPPORTED"},
	"MethodText":        {"Trang này chỉ để xem.", "This page is read-only."},
	"TooManyTitle":      {"QUÁ NHIỀU YÊU CẦU", "TOO MANY REQUESTS"},
	"TooManyText":       {"Bạn đã kiểm tra quá nhiều lần trong thời gian ngắn. Hãy đợi một chút rồi thử lại.", "You have checked too many times in a short while. Please wait a moment and try again."},
	"InternalTitle":     {"LỖI HỆ THỐNG", "SYSTEM ERROR"},
	"InternalText":      {"Hệ thống gặp lỗi và chưa kiểm tra được tem này. Đây không phải lỗi của bạn: hãy thử lại sau ít phút.", "The system failed and could not check this stamp. This is not your fault: please try again in a few minutes."},
	"UnavailableTitle":  {"HỆ THỐNG ĐANG BẬN", "SYSTEM BUSY"},
	"UnavailableText":   {"Hệ thống tạm thời chưa trả lời được. Đây không phải lỗi của bạn: hãy thử lại sau ít phút.", "The system cannot answer right now. This is not your fault: please try again in a few minutes."},
	"TooLargeTitle":     {"YÊU CẦU QUÁ DÀI", "REQUEST TOO LONG"},
	"TooLargeText":      {"Đường dẫn hoặc dữ liệu gửi lên quá dài.", "The address or the data sent is too long."},
	"HomeIntro":         {"Quét mã QR trên tem OCOP bằng camera điện thoại để biết sản phẩm có chính hãng không, hoặc nhập số sê-ri in trên tem.", "Scan the QR code on an OCOP stamp with your phone's camera to see whether the product is genuine, or type the serial printed on the stamp."},
	"Detail":            {"Chi tiết", "Details"},
}

// statusWords names the certification statuses.
var statusWords = map[string]Pair{
	"valid":     {"Còn hiệu lực", "Valid"},
	"expired":   {"Hết hạn", "Expired"},
	"suspended": {"Tạm đình chỉ", "Suspended"},
	"withdrawn": {"Đã thu hồi", "Withdrawn"},
}

var pageVI, pageEN = &Page{Lang: LangVI, OtherLang: LangEN}, &Page{Lang: LangEN, OtherLang: LangVI}

func init() {
	fill(pageVI, pageEN, pageWords)
	pageVI.StatusNames, pageEN.StatusNames = map[string]string{}, map[string]string{}
	for k, p := range statusWords {
		pageVI.StatusNames[k], pageEN.StatusNames[k] = p.VI, p.EN
	}
}

// PageFor returns the page words in lang (NormalizeLang: Vietnamese unless
// English).
func PageFor(lang string) *Page {
	if NormalizeLang(lang) == LangEN {
		return pageEN
	}
	return pageVI
}
