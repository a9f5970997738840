package wording

// ReportForm is the wording of the consumer report form in one language;
// its site title and sample banner are the lookup pages' (Page).
type ReportForm struct {
	Title, Intro        string
	StampCode, NotCode  string
	What, Where         string
	Contact, Optional   string
	Privacy, Send       string
	NeedWhat, TooLong   string
	TooMany, Failed     string
	ThanksTitle, Thanks string
	Next, Back          string
	Product, Serial     string
	NotInRegistry       string
	OfficePhone         string
	Photo, PhotoHint    string
	PhotoTooBig         string
	PhotoNotImage       string
	PhotoTooLarge       string
	PhotoAgain          string
}

// reportWords holds every field of ReportForm by name, Vietnamese first
// with English beside it.
var reportWords = map[string]Pair{
	"Product":       {"Sản phẩm:", "Product:"},
	"Serial":        {"Số sê-ri in trên tem:", "Serial printed on the stamp:"},
	"NotInRegistry": {"Mã tem này không có trong sổ đăng ký của văn phòng.", "The office's registry does not hold this stamp code."},
	"OfficePhone":   {"Điện thoại của văn phòng:", "The office's phone:"},
	"Photo":         {"Ảnh sản phẩm hoặc tem", "Photo of the product or stamp"},
	"PhotoHint":     {"Ảnh JPEG hoặc PNG, tối đa 5 MB. Văn phòng chỉ lưu hình ảnh: vị trí (GPS) và thông tin máy ảnh trong tệp bị xóa.", "A JPEG or PNG photo of at most 5 MB. The office keeps only the picture: the location (GPS) and camera details in the file are removed."},
	"PhotoTooBig":   {"Ảnh quá lớn: tối đa 5 MB. Hãy chọn ảnh nhỏ hơn (hoặc chụp lại) rồi gửi lại.", "The photo is too large: at most 5 MB. Choose a smaller photo (or take another) and send again."},
	"PhotoNotImage": {"Tệp đã chọn không phải ảnh JPEG hoặc PNG (hoặc bị hỏng). Hãy chọn một ảnh khác.", "The file chosen is not a JPEG or PNG photo (or it is damaged). Choose another photo."},
	"PhotoTooLarge": {"Ảnh có quá nhiều điểm ảnh (tối đa 25 triệu). Hãy chọn ảnh nhỏ hơn.", "The photo has too many pixels (at most 25 million). Choose a smaller one."},
	"PhotoAgain":    {"Nội dung bạn đã nhập vẫn còn bên dưới; ảnh cần được chọn lại.", "What you typed is still below; the photo needs to be chosen again."},
	"Title":         {"Báo cáo nghi ngờ hàng giả", "Report a suspected fake"},
	"Intro":         {"Nếu sản phẩm mang tem này có dấu hiệu giả mạo, hãy báo cho Văn phòng Điều phối nông thôn mới tỉnh.", "If the product carrying this stamp looks counterfeit, please tell the provincial New Rural Development Coordination Office."},
	"StampCode":     {"Mã tem bạn đã quét:", "The stamp code you scanned:"},
	"NotCode":       {"Đường dẫn này không chứa mã tem hợp lệ. Hãy quét lại mã QR trên tem rồi bấm \"Báo cáo nghi ngờ hàng giả\".", "This link holds no valid stamp code. Scan the QR code on the stamp again and tap \"Report a suspected fake\"."},
	"What":          {"Bạn thấy điều gì bất thường?", "What looked wrong?"},
	"Where":         {"Bạn mua sản phẩm ở đâu? (cửa hàng, chợ, địa chỉ)", "Where did you buy it? (shop, market, address)"},
	"Contact":       {"Số điện thoại hoặc email để văn phòng liên hệ lại", "Phone or e-mail for the office to reach you"},
	"Optional":      {"(không bắt buộc)", "(optional)"},
	"Privacy":       {"Chỉ cán bộ văn phòng và thanh tra xem được báo cáo và thông tin liên hệ của bạn.", "Only office staff and inspectors can see your report and contact details."},
	"Send":          {"Gửi báo cáo", "Send report"},
	"NeedWhat":      {"Hãy mô tả điều bất thường bạn thấy.", "Please describe what looked wrong."},
	"TooLong":       {"Nội dung quá dài: tối đa 2000 ký tự cho phần mô tả, 300 ký tự cho mỗi ô còn lại.", "Too long: at most 2000 characters for the description and 300 for each other field."},
	"TooMany":       {"Bạn đã gửi nhiều báo cáo trong thời gian ngắn. Vui lòng thử lại sau ít phút.", "You have sent several reports in a short time. Please try again in a few minutes."},
	"Failed":        {"Chưa gửi được báo cáo do lỗi hệ thống. Vui lòng thử lại sau.", "The report could not be sent because of a system error. Please try again later."},
	"ThanksTitle":   {"Cảm ơn bạn!", "Thank you!"},
	"Thanks":        {"Văn phòng đã nhận báo cáo của bạn, số", "The office has received your report, number"},
	"Next":          {"Cán bộ văn phòng và thanh tra sẽ xem xét báo cáo. Nếu bạn để lại số điện thoại hoặc email, văn phòng có thể liên hệ để hỏi thêm.", "Office staff and inspectors will look into it. If you left a phone number or e-mail, the office may contact you."},
	"Back":          {"Quay lại trang tra cứu tem", "Back to the stamp check"},
}

var reportVI, reportEN = &ReportForm{}, &ReportForm{}

func init() { fill(reportVI, reportEN, reportWords) }

// ReportFormFor returns the report form's words in lang (NormalizeLang).
func ReportFormFor(lang string) *ReportForm {
	if NormalizeLang(lang) == LangEN {
		return reportEN
	}
	return reportVI
}
