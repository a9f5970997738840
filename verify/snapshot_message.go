package verify

import (
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// OfflineMessage returns the one-sentence explanation of an offline
// verdict in lang: of Offline's result when asOf is nil, of a snapshot's
// Check when asOf is the snapshot's time. It never says more than offline
// checking knows: without a snapshot a valid signature is "issued by the
// office, check online"; with one, "genuine as of" the snapshot's date.
func OfflineMessage(r *Result, asOf *time.Time, lang string) string {
	en := NormalizeLang(lang) == LangEN
	pick := func(vi, e string) string {
		if en {
			return e
		}
		return vi
	}
	day := func() string { return FormatDay(*asOf, lang) }
	switch {
	case r.Verdict == stamp.Genuine && asOf == nil:
		return pick(fmt.Sprintf("Chữ ký số hợp lệ: mã do cơ quan quản lý phát hành cho sản phẩm số %d. Khi không có mạng không thể biết tem có bị thu hồi, chứng nhận còn hiệu lực hay tem bị sao chép: hãy kiểm tra trực tuyến khi có thể.", r.Code.ProductNumber),
			fmt.Sprintf("The digital signature is valid: the office issued this code for product number %d. Offline, revocation, certification and copying cannot be checked: check online when you can.", r.Code.ProductNumber))
	case r.Verdict == stamp.Genuine:
		return pick(fmt.Sprintf("Tem do cơ quan quản lý phát hành cho đúng sản phẩm này; theo dữ liệu ngày %s, tem chưa bị thu hồi và chứng nhận OCOP còn hiệu lực. Khi không có mạng không phát hiện được tem bị sao chép.", day()),
			fmt.Sprintf("The office issued this stamp for this very product; as of the registry snapshot of %s it is not revoked and the OCOP certification is valid. Copied stamps cannot be detected offline.", day()))
	case r.Reason == stamp.ReasonNotInSnapshot && asOf != nil:
		return pick(fmt.Sprintf("Chữ ký hợp lệ nhưng dữ liệu ngày %s không có tem này: hãy báo ngay cho cơ quan quản lý.", day()),
			fmt.Sprintf("The signature is valid but the registry snapshot of %s holds no such stamp: report it to the office.", day()))
	case r.Reason == stamp.ReasonNewerThanSnapshot && asOf != nil:
		return pick(fmt.Sprintf("Chữ ký hợp lệ; tem được phát hành sau ngày %s của dữ liệu đang dùng: hãy kiểm tra trực tuyến hoặc cập nhật dữ liệu.", day()),
			fmt.Sprintf("The signature is valid; the stamp was issued after the registry snapshot of %s: check online or get a newer snapshot.", day()))
	}
	return Message(r, lang)
}
