package wording

import (
	"fmt"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Tone is how alarming a verdict looks to a consumer: the colour of the page.
type Tone string

const (
	ToneOK     Tone = "ok"     // green
	ToneWarn   Tone = "warn"   // amber
	ToneDanger Tone = "danger" // red
)

// ToneOf returns the colour class of a verdict: green for genuine, amber for
// suspicious, certification_invalid, serial_found and check_online, red for
// the rest. A typed serial (serial_found) is never green.
func ToneOf(v stamp.Verdict) Tone {
	switch v {
	case stamp.Genuine:
		return ToneOK
	case stamp.Suspicious, stamp.CertificationInvalid, stamp.SerialFound, stamp.CheckOnline:
		return ToneWarn
	}
	return ToneDanger
}

var titles = map[stamp.Verdict]Pair{
	stamp.Genuine:              {"TEM CHÍNH HÃNG", "GENUINE OCOP STAMP"},
	stamp.Suspicious:           {"CẢNH BÁO: TEM CÓ THỂ BỊ SAO CHÉP", "WARNING: THIS STAMP MAY BE COPIED"},
	stamp.CertificationInvalid: {"CHỨNG NHẬN OCOP KHÔNG CÒN HIỆU LỰC", "OCOP CERTIFICATE NOT VALID"},
	stamp.Revoked:              {"TEM ĐÃ BỊ THU HỒI", "STAMP REVOKED"},
	stamp.Unknown:              {"TEM KHÔNG CÓ TRONG HỆ THỐNG", "STAMP NOT IN THE REGISTRY"},
	stamp.NotGenuine:           {"TEM KHÔNG CHÍNH HÃNG", "NOT A GENUINE STAMP"},
	stamp.CheckOnline:          {"CẦN KIỂM TRA TRỰC TUYẾN", "CHECK ONLINE"},
	stamp.SerialFound:          {"SỐ SÊ-RI CÓ TRONG SỔ ĐĂNG KÝ", "SERIAL NUMBER IS REGISTERED"},
}

// Title returns the verdict's headline for the consumer page, in upper case
// ("TEM CHÍNH HÃNG" / "GENUINE OCOP STAMP"). An unknown verdict gets the
// not_genuine title: a page never looks safer than the verdict.
func Title(v stamp.Verdict, lang string) string {
	t, ok := titles[v]
	if !ok {
		t = titles[stamp.NotGenuine]
	}
	return t.In(lang)
}

var advice = map[stamp.Verdict]Pair{
	stamp.Genuine: {
		"Hãy đối chiếu tên sản phẩm và cơ sở sản xuất dưới đây với bao bì. Nếu không khớp, đừng mua và hãy báo cho cơ quan quản lý.",
		"Check that the product and producer below match the package. If they do not, do not buy it and report it to the office.",
	},
	stamp.Suspicious: {
		"Mã trên tem này đã được quét từ rất nhiều mạng khác nhau nên có thể đã bị in sao sang hàng giả. Hãy kiểm tra kỹ bao bì, mua tại điểm bán chính hãng, và báo cho cơ quan quản lý nếu nghi ngờ.",
		"This code has been scanned from many different networks, so it may have been copied onto fake goods. Check the package carefully, buy at an official point of sale, and report it to the office if in doubt.",
	},
	stamp.CertificationInvalid: {
		"Tem do cơ quan quản lý phát hành, nhưng sản phẩm hiện không còn được công nhận OCOP. Hãy hỏi người bán hoặc liên hệ cơ quan quản lý.",
		"The stamp was issued by the office, but the product is no longer recognised as OCOP. Ask the seller or contact the office.",
	},
	stamp.Revoked: {
		"Không nên mua sản phẩm mang tem này. Hãy báo cho cơ quan quản lý nơi bạn thấy sản phẩm.",
		"Do not buy a product carrying this stamp. Please tell the office where you saw it.",
	},
	stamp.Unknown: {
		"Đừng mua sản phẩm này. Hãy chụp ảnh tem và bao bì, ghi lại nơi bán, rồi báo cho cơ quan quản lý.",
		"Do not buy this product. Take a photo of the stamp and the package, note where it is sold, and report it to the office.",
	},
	stamp.NotGenuine: {
		"Đừng mua sản phẩm này. Hãy chụp ảnh tem và bao bì, ghi lại nơi bán, rồi báo cho cơ quan quản lý.",
		"Do not buy this product. Take a photo of the stamp and the package, note where it is sold, and report it to the office.",
	},
	stamp.CheckOnline: {
		"Hãy kiểm tra lại khi có kết nối mạng.",
		"Check again with a network connection.",
	},
	stamp.SerialFound: {
		"Số sê-ri có thể bị in sao lên nhãn giả, nên kết quả này chưa chứng minh sản phẩm là chính hãng. Hãy đối chiếu tên sản phẩm, cơ sở sản xuất và lô dưới đây với bao bì và nhãn, rồi quét mã QR trên tem để kiểm tra đầy đủ.",
		"A serial number can be copied onto a fake label, so this does not prove the product is genuine. Compare the product, producer and batch below with the package and label, then scan the QR code on the stamp for the full check.",
	},
}

// Advice returns what the consumer should do next, one or two sentences.
func Advice(v stamp.Verdict, lang string) string {
	t, ok := advice[v]
	if !ok {
		t = advice[stamp.NotGenuine]
	}
	return t.In(lang)
}

// Facts are the details of a verdict its message may name; zero fields are
// not known and the message says less.
type Facts struct {
	Verdict stamp.Verdict
	Reason  string
	// Typed: the verdict answers a typed serial, not a scanned code.
	Typed bool
	// ProductNumber is the product number in the code's header.
	ProductNumber uint32
	// Cert tells whether the product has a certification; CertRank is its
	// star rank when it is a ranked OCOP one (0 otherwise).
	Cert                bool
	CertRank            int
	Decision, ExpiresOn string // the certificate's number and YYYY-MM-DD expiry
	// Scans, Networks and FirstScan are the stamp's scan history.
	Scans, Networks int64
	FirstScan       *time.Time
	RevokeReason    string
}

// Message returns the one-sentence explanation of a verdict and its reason
// in lang. It names f's details when they are there: the certificate's
// expiry, the revocation reason, the scan counts. An unknown verdict gets
// a neutral "could not be checked".
func Message(f Facts, lang string) string {
	en := NormalizeLang(lang) == LangEN
	pick := func(vi, e string) string {
		if en {
			return e
		}
		return vi
	}
	switch f.Verdict {
	case stamp.Genuine:
		if f.CertRank > 0 {
			return pick(fmt.Sprintf("Tem do cơ quan quản lý Chương trình OCOP phát hành cho đúng sản phẩm này; sản phẩm đạt OCOP %d sao, chứng nhận còn hiệu lực.", f.CertRank),
				fmt.Sprintf("This stamp was issued by the OCOP programme office for this very product; the product holds a valid %d-star OCOP certificate.", f.CertRank))
		}
		return pick("Tem do cơ quan quản lý Chương trình OCOP phát hành cho đúng sản phẩm này; sản phẩm đang tham gia Chương trình OCOP.",
			"This stamp was issued by the OCOP programme office for this very product, which takes part in the OCOP programme.")
	case stamp.Suspicious:
		if f.FirstScan != nil {
			return pick(fmt.Sprintf("Tem hợp lệ nhưng đã được quét %d lần từ %d mạng khác nhau kể từ ngày %s: có thể đã bị sao chép.", f.Scans, f.Networks, FormatDay(*f.FirstScan, LangVI)),
				fmt.Sprintf("The stamp is valid but has been scanned %d times from %d different networks since %s: it may have been copied.", f.Scans, f.Networks, FormatDay(*f.FirstScan, LangEN)))
		}
		return pick("Tem hợp lệ nhưng đã được quét từ quá nhiều mạng khác nhau: có thể đã bị sao chép.",
			"The stamp is valid but has been scanned from too many different networks: it may have been copied.")
	case stamp.CertificationInvalid:
		return certMessage(f, en)
	case stamp.Revoked:
		what := pick("Tem này đã bị thu hồi", "This stamp has been revoked")
		if f.Reason == stamp.ReasonBatchRevoked {
			what = pick("Lô tem chứa tem này đã bị thu hồi", "The batch this stamp belongs to has been revoked")
		}
		if f.RevokeReason != "" {
			return what + pick(". Lý do: ", ". Reason: ") + strings.TrimRight(f.RevokeReason, ".") + "."
		}
		return what + pick(" và không còn giá trị.", " and is no longer valid.")
	case stamp.Unknown:
		if f.Typed {
			return pick("Không có tem nào mang số sê-ri này trong sổ đăng ký của cơ quan quản lý.",
				"The office's registry holds no stamp with this serial number.")
		}
		return pick("Mã có chữ ký hợp lệ nhưng không có tem này trong sổ đăng ký: đây là sự cố cần báo ngay cho cơ quan quản lý.",
			"The code's signature is valid but the registry holds no such stamp: please report this to the office.")
	case stamp.NotGenuine:
		switch f.Reason {
		case stamp.ReasonUnknownKey:
			return pick("Mã này không do cơ quan quản lý phát hành: nó được ký bằng một khóa không rõ nguồn gốc.",
				"This code was not issued by the office: it is signed with an unknown key.")
		case stamp.ReasonKeyCompromised:
			return pick("Mã này được ký bằng một khóa đã bị lộ và không có trong sổ đăng ký từ trước thời điểm đó.",
				"This code is signed with a compromised key and was not registered before the compromise.")
		case stamp.ReasonRegistryMismatch:
			return pick("Chữ ký của mã đúng nhưng không khớp với tem mà sổ đăng ký lưu giữ.",
				"The code's signature is valid but does not match the stamp the registry holds.")
		}
		return pick("Mã này không do cơ quan quản lý phát hành: chữ ký số không đúng.",
			"This code was not issued by the office: its digital signature is wrong.")
	case stamp.SerialFound:
		return pick("Số sê-ri này có trong sổ đăng ký, cấp cho sản phẩm và lô dưới đây. Chỉ quét mã QR mới kiểm tra được chữ ký số của tem.",
			"This serial number is in the registry, issued for the product and batch below. Only scanning the QR code checks the stamp's digital signature.")
	case stamp.CheckOnline:
		return pick("Chữ ký hợp lệ nhưng khóa ký đã bị lộ: chỉ kiểm tra trực tuyến mới kết luận được.",
			"The signature is valid but its key was compromised: only an online check can tell.")
	}
	return pick("Không xác định được tem này.", "This stamp could not be checked.")
}

func certMessage(f Facts, en bool) string {
	lang := LangVI
	if en {
		lang = LangEN
	}
	day := func(s string) string { return FormatDate(s, lang) }
	switch {
	case f.Reason == stamp.ReasonNoCertification || !f.Cert:
		if en {
			return "The stamp is valid, but the product has no OCOP certification or participation status."
		}
		return "Tem hợp lệ nhưng sản phẩm không có chứng nhận hay tư cách tham gia Chương trình OCOP."
	case f.Reason == stamp.ReasonCertExpired:
		if en {
			return fmt.Sprintf("The stamp is valid, but the product's OCOP certificate %s expired on %s.", f.Decision, day(f.ExpiresOn))
		}
		return fmt.Sprintf("Tem hợp lệ nhưng giấy chứng nhận OCOP số %s của sản phẩm đã hết hạn ngày %s.", f.Decision, day(f.ExpiresOn))
	case f.Reason == stamp.ReasonCertSuspended:
		if en {
			return fmt.Sprintf("The stamp is valid, but the product's OCOP certificate %s is suspended.", f.Decision)
		}
		return fmt.Sprintf("Tem hợp lệ nhưng giấy chứng nhận OCOP số %s của sản phẩm đang bị tạm đình chỉ.", f.Decision)
	default:
		if en {
			return fmt.Sprintf("The stamp is valid, but the product's OCOP certificate %s has been withdrawn.", f.Decision)
		}
		return fmt.Sprintf("Tem hợp lệ nhưng giấy chứng nhận OCOP số %s của sản phẩm đã bị thu hồi.", f.Decision)
	}
}

// OfflineMessage returns the one-sentence explanation of an offline
// verdict in lang: of a check without registry data when asOf is nil, of
// a check against a registry snapshot when asOf is the snapshot's time. It never says more than offline
// checking knows: without a snapshot a valid signature is "issued by the
// office, check online"; with one, "genuine as of" the snapshot's date.
func OfflineMessage(f Facts, asOf *time.Time, lang string) string {
	en := NormalizeLang(lang) == LangEN
	pick := func(vi, e string) string {
		if en {
			return e
		}
		return vi
	}
	day := func() string { return FormatDay(*asOf, lang) }
	switch {
	case f.Verdict == stamp.Genuine && asOf == nil:
		return pick(fmt.Sprintf("Chữ ký số hợp lệ: mã do cơ quan quản lý phát hành cho sản phẩm số %d. Khi không có mạng không thể biết tem có bị thu hồi, chứng nhận còn hiệu lực hay tem bị sao chép: hãy kiểm tra trực tuyến khi có thể.", f.ProductNumber),
			fmt.Sprintf("The digital signature is valid: the office issued this code for product number %d. Offline, revocation, certification and copying cannot be checked: check online when you can.", f.ProductNumber))
	case f.Verdict == stamp.Genuine:
		return pick(fmt.Sprintf("Tem do cơ quan quản lý phát hành cho đúng sản phẩm này; theo dữ liệu ngày %s, tem chưa bị thu hồi và chứng nhận OCOP còn hiệu lực. Khi không có mạng không phát hiện được tem bị sao chép.", day()),
			fmt.Sprintf("The office issued this stamp for this very product; as of the registry snapshot of %s it is not revoked and the OCOP certification is valid. Copied stamps cannot be detected offline.", day()))
	case f.Reason == stamp.ReasonNotInSnapshot && asOf != nil:
		return pick(fmt.Sprintf("Chữ ký hợp lệ nhưng dữ liệu ngày %s không có tem này: hãy báo ngay cho cơ quan quản lý.", day()),
			fmt.Sprintf("The signature is valid but the registry snapshot of %s holds no such stamp: report it to the office.", day()))
	case f.Reason == stamp.ReasonNewerThanSnapshot && asOf != nil:
		return pick(fmt.Sprintf("Chữ ký hợp lệ; tem được phát hành sau ngày %s của dữ liệu đang dùng: hãy kiểm tra trực tuyến hoặc cập nhật dữ liệu.", day()),
			fmt.Sprintf("The signature is valid; the stamp was issued after the registry snapshot of %s: check online or get a newer snapshot.", day()))
	}
	return Message(f, lang)
}
