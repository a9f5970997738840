package admin

// pageText is the wording of the consumer report page in one language;
// the site title and the sample banner are the lookup pages'
// (server.SiteTitle, server.SampleBanner).
type pageText struct {
	Lang, Other, Switch string
	Title, Intro        string
	StampCode, NotCode  string
	What, Where         string
	Contact, Optional   string
	Privacy, Send       string
	NeedWhat, TooLong   string
	TooMany, Failed     string
	ThanksTitle, Thanks string
	Next, Back, Footer  string
}

var textVI = &pageText{
	Lang: "vi", Other: "en", Switch: "English",
	Title:       "Báo cáo nghi ngờ hàng giả",
	Intro:       "Nếu sản phẩm mang tem này có dấu hiệu giả mạo, hãy báo cho Văn phòng Điều phối nông thôn mới tỉnh.",
	StampCode:   "Mã tem bạn đã quét:",
	NotCode:     "Đường dẫn này không chứa mã tem hợp lệ. Hãy quét lại mã QR trên tem rồi bấm \"Báo cáo nghi ngờ hàng giả\".",
	What:        "Bạn thấy điều gì bất thường?",
	Where:       "Bạn mua sản phẩm ở đâu? (cửa hàng, chợ, địa chỉ)",
	Contact:     "Số điện thoại hoặc email để văn phòng liên hệ lại",
	Optional:    "(không bắt buộc)",
	Privacy:     "Chỉ cán bộ văn phòng và thanh tra xem được báo cáo và thông tin liên hệ của bạn.",
	Send:        "Gửi báo cáo",
	NeedWhat:    "Hãy mô tả điều bất thường bạn thấy.",
	TooLong:     "Nội dung quá dài: tối đa 2000 ký tự cho phần mô tả, 300 ký tự cho mỗi ô còn lại.",
	TooMany:     "Bạn đã gửi nhiều báo cáo trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
	Failed:      "Chưa gửi được báo cáo do lỗi hệ thống. Vui lòng thử lại sau.",
	ThanksTitle: "Cảm ơn bạn!",
	Thanks:      "Văn phòng đã nhận báo cáo của bạn, số",
	Next:        "Cán bộ văn phòng và thanh tra sẽ xem xét báo cáo. Nếu bạn để lại số điện thoại hoặc email, văn phòng có thể liên hệ để hỏi thêm.",
	Back:        "Quay lại trang tra cứu tem",
	Footer:      "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh",
}

var textEN = &pageText{
	Lang: "en", Other: "vi", Switch: "Tiếng Việt",
	Title:       "Report a suspected fake",
	Intro:       "If the product carrying this stamp looks counterfeit, please tell the provincial New Rural Development Coordination Office.",
	StampCode:   "The stamp code you scanned:",
	NotCode:     "This link holds no valid stamp code. Scan the QR code on the stamp again and tap \"Report a suspected fake\".",
	What:        "What looked wrong?",
	Where:       "Where did you buy it? (shop, market, address)",
	Contact:     "Phone or e-mail for the office to reach you",
	Optional:    "(optional)",
	Privacy:     "Only office staff and inspectors can see your report and contact details.",
	Send:        "Send report",
	NeedWhat:    "Please describe what looked wrong.",
	TooLong:     "Too long: at most 2000 characters for the description and 300 for each other field.",
	TooMany:     "You have sent several reports in a short time. Please try again in a few minutes.",
	Failed:      "The report could not be sent because of a system error. Please try again later.",
	ThanksTitle: "Thank you!",
	Thanks:      "The office has received your report, number",
	Next:        "Office staff and inspectors will look into it. If you left a phone number or e-mail, the office may contact you.",
	Back:        "Back to the stamp check",
	Footer:      "Hà Tĩnh New Rural Development Coordination Office",
}

func textFor(lang string) *pageText {
	if lang == "en" {
		return textEN
	}
	return textVI
}
