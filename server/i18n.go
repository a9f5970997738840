package server

import "github.com/ocop-hatinh/ocopstamp/verify"

// ui holds the fixed words of the pages in one language. Verdict titles and
// messages live in verify/messages.go.
type ui struct {
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
	StatusNames                                      map[string]string
}

func (t *ui) status(s string) string {
	if n, ok := t.StatusNames[s]; ok {
		return n
	}
	return s
}

var uiVI = &ui{
	Lang: verify.LangVI, OtherLang: verify.LangEN, SwitchLabel: "English",
	SiteTitle:    "Kiểm tra tem OCOP",
	Unranked:     "Sản phẩm tham gia Chương trình OCOP (chưa xếp hạng)",
	RankedFmt:    "Sản phẩm OCOP đạt %d sao",
	DistrictFmt:  "huyện %s",
	ClockFmt:     "%s ngày %s",
	SiteSub:      "Tem truy xuất nguồn gốc sản phẩm OCOP",
	SampleBanner: "DỮ LIỆU MẪU – chỉ để dùng thử, không phải sản phẩm thật.",
	Product:      "Sản phẩm", Group: "Nhóm sản phẩm", GTIN: "Mã vạch (GTIN)",
	Producer: "Cơ sở sản xuất", Address: "Địa chỉ", Phone: "Điện thoại",
	Rank: "Hạng sao", Certificate: "Chứng nhận OCOP", Decision: "Quyết định công nhận số",
	DecisionDate: "Ngày quyết định", Expires: "Có hiệu lực đến", Status: "Tình trạng",
	Process: "Quy trình sản xuất được xác nhận", LabTest: "Kiểm nghiệm gần nhất",
	Declaration: "Công bố chất lượng", StampBatch: "Tem và lô hàng", Serial: "Số sê-ri",
	Lot: "Lô", Produced: "Ngày sản xuất", BestBefore: "Hạn sử dụng", MintedAt: "Ngày phát hành tem",
	RevokedAt: "Ngày thu hồi", RevokeReason: "Lý do thu hồi",
	Scans: "Lịch sử quét", ScanCount: "Số lần quét", FirstScan: "Quét lần đầu", Devices: "Số mạng khác nhau",
	WhereToBuy: "Mua hàng chính hãng tại", WhatToDo: "Bạn nên làm gì?",
	Report: "Báo cáo tem nghi giả", ReportIntro: "Liên hệ:",
	SerialTitle:       "Nhập số sê-ri in trên tem",
	SerialHelp:        "Nếu không quét được mã QR, hãy nhập 10 chữ số in dưới mã (ví dụ 0000-01234-5).",
	SerialButton:      "Kiểm tra",
	SerialPlaceholder: "0000-00000-0",
	Technical:         "Thông tin kỹ thuật", KeyID: "Khóa ký", StampID: "Mã tem (ID)",
	CheckedAt: "Kiểm tra lúc", Home: "Trang chủ", ErrorTitle: "Lỗi", TryAgain: "Thử lại",
	NotCodeTitle:     "KHÔNG PHẢI MÃ TEM OCOP",
	NotCodeText:      "Đường dẫn này không chứa mã tem hợp lệ. Hãy quét lại mã QR trên tem bằng camera, hoặc nhập số sê-ri in dưới mã.",
	BadSerialTitle:   "CÓ THỂ BẠN ĐÃ GÕ NHẦM",
	BadSerialText:    "Số vừa nhập không phải là một số sê-ri hợp lệ (chữ số cuối dùng để phát hiện lỗi gõ). Số sê-ri gồm 10 chữ số, in dưới mã QR. Hãy kiểm tra lại từng chữ số rồi nhập lại.",
	NotFoundTitle:    "KHÔNG TÌM THẤY TRANG",
	NotFoundText:     "Trang này không tồn tại. Để kiểm tra tem, hãy quét mã QR trên tem hoặc nhập số sê-ri.",
	MethodTitle:      "YÊU CẦU KHÔNG ĐƯỢC HỖ TRỢ",
	MethodText:       "Trang này chỉ để xem.",
	TooManyTitle:     "QUÁ NHIỀU YÊU CẦU",
	TooManyText:      "Bạn đã kiểm tra quá nhiều lần trong thời gian ngắn. Hãy đợi một chút rồi thử lại.",
	InternalTitle:    "LỖI HỆ THỐNG",
	InternalText:     "Hệ thống gặp lỗi và chưa kiểm tra được tem này. Đây không phải lỗi của bạn: hãy thử lại sau ít phút.",
	UnavailableTitle: "HỆ THỐNG ĐANG BẬN",
	UnavailableText:  "Hệ thống tạm thời chưa trả lời được. Đây không phải lỗi của bạn: hãy thử lại sau ít phút.",
	TooLargeTitle:    "YÊU CẦU QUÁ DÀI",
	TooLargeText:     "Đường dẫn hoặc dữ liệu gửi lên quá dài.",
	HomeIntro:        "Quét mã QR trên tem OCOP bằng camera điện thoại để biết sản phẩm có chính hãng không, hoặc nhập số sê-ri in trên tem.",
	Detail:           "Chi tiết",
	StatusNames: map[string]string{
		"valid": "Còn hiệu lực", "expired": "Hết hạn", "suspended": "Tạm đình chỉ", "withdrawn": "Đã thu hồi",
	},
}

var uiEN = &ui{
	Lang: verify.LangEN, OtherLang: verify.LangVI, SwitchLabel: "Tiếng Việt",
	SiteTitle:    "OCOP stamp check",
	Unranked:     "Product taking part in the OCOP programme (not yet ranked)",
	RankedFmt:    "OCOP product rated %d stars",
	DistrictFmt:  "%s district",
	ClockFmt:     "%s, %s (UTC+7)",
	SiteSub:      "Traceability stamp of OCOP products",
	SampleBanner: "SAMPLE DATA – for trying the system only, not a real product.",
	Product:      "Product", Group: "Product group", GTIN: "Barcode (GTIN)",
	Producer: "Producer", Address: "Address", Phone: "Phone",
	Rank: "Star rank", Certificate: "OCOP certificate", Decision: "Decision number",
	DecisionDate: "Decision date", Expires: "Valid until", Status: "Status",
	Process: "Confirmed production process", LabTest: "Latest laboratory test",
	Declaration: "Quality declaration", StampBatch: "Stamp and batch", Serial: "Serial number",
	Lot: "Lot", Produced: "Produced on", BestBefore: "Best before", MintedAt: "Stamp issued on",
	RevokedAt: "Revoked on", RevokeReason: "Reason for revocation",
	Scans: "Scan history", ScanCount: "Scans", FirstScan: "First scanned", Devices: "Different networks",
	WhereToBuy: "Buy genuine products at", WhatToDo: "What should you do?",
	Report: "Report a suspect stamp", ReportIntro: "Contact:",
	SerialTitle:       "Type the serial printed on the stamp",
	SerialHelp:        "If the QR code will not scan, type the 10 digits printed under it (for example 0000-01234-5).",
	SerialButton:      "Check",
	SerialPlaceholder: "0000-00000-0",
	Technical:         "Technical details", KeyID: "Signing key", StampID: "Stamp ID",
	CheckedAt: "Checked at", Home: "Home", ErrorTitle: "Error", TryAgain: "Try again",
	NotCodeTitle:     "NOT AN OCOP STAMP CODE",
	NotCodeText:      "This link does not hold a valid stamp code. Scan the QR code on the stamp again with the camera, or type the serial printed under it.",
	BadSerialTitle:   "PROBABLY A TYPING ERROR",
	BadSerialText:    "What you typed is not a valid serial number (its last digit catches typing errors). The serial has 10 digits and is printed under the QR code. Check each digit and type it again.",
	NotFoundTitle:    "PAGE NOT FOUND",
	NotFoundText:     "This page does not exist. To check a stamp, scan its QR code or type its serial.",
	MethodTitle:      "REQUEST NOT SUPPORTED",
	MethodText:       "This page is read-only.",
	TooManyTitle:     "TOO MANY REQUESTS",
	TooManyText:      "You have checked too many times in a short while. Please wait a moment and try again.",
	InternalTitle:    "SYSTEM ERROR",
	InternalText:     "The system failed and could not check this stamp. This is not your fault: please try again in a few minutes.",
	UnavailableTitle: "SYSTEM BUSY",
	UnavailableText:  "The system cannot answer right now. This is not your fault: please try again in a few minutes.",
	TooLargeTitle:    "REQUEST TOO LONG",
	TooLargeText:     "The address or the data sent is too long.",
	HomeIntro:        "Scan the QR code on an OCOP stamp with your phone's camera to see whether the product is genuine, or type the serial printed on the stamp.",
	Detail:           "Details",
	StatusNames: map[string]string{
		"valid": "Valid", "expired": "Expired", "suspended": "Suspended", "withdrawn": "Withdrawn",
	},
}

// SiteTitle is the consumer site's title in lang (vi or en): the one title
// of every consumer page, the report form's included.
func SiteTitle(lang string) string { return uiFor(lang).SiteTitle }

// SampleBanner is the banner of pages that show sample data, in lang.
func SampleBanner(lang string) string { return uiFor(lang).SampleBanner }

func uiFor(lang string) *ui {
	if lang == verify.LangEN {
		return uiEN
	}
	return uiVI
}
