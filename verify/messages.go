package verify

import (
	"fmt"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Languages of the human texts: Vietnamese (the default) and English.
const (
	LangVI = "vi"
	LangEN = "en"
)

// NormalizeLang returns LangEN for "en" or any English tag ("en-US"), and
// LangVI for everything else, so that an unknown language gives the default.
func NormalizeLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == LangEN || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return LangEN
	}
	return LangVI
}

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

type texts struct{ vi, en string }

func (t texts) in(lang string) string {
	if NormalizeLang(lang) == LangEN {
		return t.en
	}
	return t.vi
}

var titles = map[stamp.Verdict]texts{
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
	return t.in(lang)
}

var advice = map[stamp.Verdict]texts{
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
	return t.in(lang)
}

// Message returns the one-sentence explanation of r's verdict and reason in
// lang (Result.Message). It uses r's details when they are there: the
// certificate's expiry, the revocation reason, the scan counts.
func Message(r *Result, lang string) string {
	en := NormalizeLang(lang) == LangEN
	pick := func(vi, e string) string {
		if en {
			return e
		}
		return vi
	}
	switch r.Verdict {
	case stamp.Genuine:
		if c := r.Certification; c != nil && c.Class == "ocop" && c.Rank > 0 {
			return pick(fmt.Sprintf("Tem do cơ quan quản lý Chương trình OCOP phát hành cho đúng sản phẩm này; sản phẩm đạt OCOP %d sao, chứng nhận còn hiệu lực.", c.Rank),
				fmt.Sprintf("This stamp was issued by the OCOP programme office for this very product; the product holds a valid %d-star OCOP certificate.", c.Rank))
		}
		return pick("Tem do cơ quan quản lý Chương trình OCOP phát hành cho đúng sản phẩm này; sản phẩm đang tham gia Chương trình OCOP.",
			"This stamp was issued by the OCOP programme office for this very product, which takes part in the OCOP programme.")
	case stamp.Suspicious:
		if s := r.Scans; s != nil && s.FirstAt != nil {
			return pick(fmt.Sprintf("Tem hợp lệ nhưng đã được quét %d lần từ %d mạng khác nhau kể từ ngày %s: có thể đã bị sao chép.", s.Count, s.DistinctClients, FormatDay(*s.FirstAt, LangVI)),
				fmt.Sprintf("The stamp is valid but has been scanned %d times from %d different networks since %s: it may have been copied.", s.Count, s.DistinctClients, FormatDay(*s.FirstAt, LangEN)))
		}
		return pick("Tem hợp lệ nhưng đã được quét từ quá nhiều mạng khác nhau: có thể đã bị sao chép.",
			"The stamp is valid but has been scanned from too many different networks: it may have been copied.")
	case stamp.CertificationInvalid:
		return certMessage(r, en)
	case stamp.Revoked:
		what := pick("Tem này đã bị thu hồi", "This stamp has been revoked")
		if r.Reason == stamp.ReasonBatchRevoked {
			what = pick("Lô tem chứa tem này đã bị thu hồi", "The batch this stamp belongs to has been revoked")
		}
		if r.Stamp != nil && r.Stamp.RevokeReason != "" {
			return what + pick(". Lý do: ", ". Reason: ") + strings.TrimRight(r.Stamp.RevokeReason, ".") + "."
		}
		return what + pick(" và không còn giá trị.", " and is no longer valid.")
	case stamp.Unknown:
		if r.Code.Text == "" {
			return pick("Không có tem nào mang số sê-ri này trong sổ đăng ký của cơ quan quản lý.",
				"The office's registry holds no stamp with this serial number.")
		}
		return pick("Mã có chữ ký hợp lệ nhưng không có tem này trong sổ đăng ký: đây là sự cố cần báo ngay cho cơ quan quản lý.",
			"The code's signature is valid but the registry holds no such stamp: please report this to the office.")
	case stamp.NotGenuine:
		switch r.Reason {
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

func certMessage(r *Result, en bool) string {
	c := r.Certification
	lang := LangVI
	if en {
		lang = LangEN
	}
	day := func(s string) string { return FormatDate(s, lang) }
	switch {
	case r.Reason == stamp.ReasonNoCertification || c == nil:
		if en {
			return "The stamp is valid, but the product has no OCOP certification or participation status."
		}
		return "Tem hợp lệ nhưng sản phẩm không có chứng nhận hay tư cách tham gia Chương trình OCOP."
	case r.Reason == stamp.ReasonCertExpired:
		if en {
			return fmt.Sprintf("The stamp is valid, but the product's OCOP certificate %s expired on %s.", c.DecisionNumber, day(c.ExpiresOn))
		}
		return fmt.Sprintf("Tem hợp lệ nhưng giấy chứng nhận OCOP số %s của sản phẩm đã hết hạn ngày %s.", c.DecisionNumber, day(c.ExpiresOn))
	case r.Reason == stamp.ReasonCertSuspended:
		if en {
			return fmt.Sprintf("The stamp is valid, but the product's OCOP certificate %s is suspended.", c.DecisionNumber)
		}
		return fmt.Sprintf("Tem hợp lệ nhưng giấy chứng nhận OCOP số %s của sản phẩm đang bị tạm đình chỉ.", c.DecisionNumber)
	default:
		if en {
			return fmt.Sprintf("The stamp is valid, but the product's OCOP certificate %s has been withdrawn.", c.DecisionNumber)
		}
		return fmt.Sprintf("Tem hợp lệ nhưng giấy chứng nhận OCOP số %s của sản phẩm đã bị thu hồi.", c.DecisionNumber)
	}
}

// Localize sets r.Message to Message(r, lang).
func (r *Result) Localize(lang string) { r.Message = Message(r, lang) }

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// FormatDate writes a YYYY-MM-DD date the way readers of lang expect:
// "05/03/2026" in Vietnamese, "5 Mar 2026" in English. Anything that does not
// parse is returned unchanged ("" stays "").
func FormatDate(s, lang string) string {
	d, err := stamp.ParseDate(s)
	if err != nil || d.IsZero() {
		return s
	}
	return formatTime(d.Time(), lang)
}

// FormatDay writes the calendar day of t in Vietnam's time zone as
// FormatDate does.
func FormatDay(t time.Time, lang string) string { return formatTime(t.In(stamp.Vietnam), lang) }

func formatTime(t time.Time, lang string) string {
	if NormalizeLang(lang) == LangEN {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year())
	}
	return t.Format("02/01/2006")
}
