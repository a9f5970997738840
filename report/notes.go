package report

import "fmt"

// notes explains how the report's figures are counted.
func notes(r *Report) []Note {
	ns := []Note{
		{
			VI: fmt.Sprintf("Kỳ báo cáo: %s, từ 00:00 ngày %s đến hết ngày %s (giờ Việt Nam, UTC+7); cột \"tháng trước\" là %s.",
				r.Month.VN(), r.From.Format("02/01/2006"), r.AsOf.VN(), r.Month.Prev().VN()),
			EN: fmt.Sprintf("Period: %s, from 00:00 on %s to the end of %s (Vietnam time, UTC+7); \"previous month\" is %s.",
				r.Month, r.From.Format("2006-01-02"), r.AsOf, r.Month.Prev()),
		},
		{
			VI: "Nghi giả = lượt quét có kết quả đáng ngờ (suspicious) + không phải tem thật (not_genuine) + không có trong sổ đăng ký (unknown).",
			EN: "Suspected fakes = scans judged suspicious + not genuine + unknown (not in the registry).",
		},
		{
			VI: "Mã giả mạo (chữ ký sai hoặc khóa lạ) không được ghi thành lượt quét: chúng bị từ chối trước khi tới cơ sở dữ liệu, nên không có trong báo cáo này. \"Không phải tem thật\" ở đây chỉ là mã ký bằng khóa đã lộ mà sổ đăng ký không giữ.",
			EN: "Forged codes (bad signature or unknown key) are not recorded as scans by design: they are refused before reaching the database, so this report cannot count them. \"Not genuine\" here counts only codes under a compromised key that the registry does not hold.",
		},
		{
			VI: "Quét mã giả = không phải tem thật + không có trong sổ: tính cho sản phẩm mà mã ghi (sổ đăng ký giữ tem thì theo sản phẩm của sổ), và cho xã, phường, huyện của cơ sở làm ra sản phẩm đó; mã không ghi sản phẩm nào có trong sổ thì vào dòng \"Chưa xác định\". Phản ánh của người dân tính cùng cách, theo sản phẩm mà mã bị phản ánh ghi.",
			EN: "Scans of forged codes = not genuine + unknown: counted for the product the code names (the registry's product when it holds the stamp) and for the commune or ward and district of that product's producer; codes naming no product of the registry go to \"Not attributed\". Consumer reports are counted the same way, by the product the reported code names.",
		},
		{
			VI: "Người quét = số mạng khác nhau (mã băm có muối của mạng /24 hoặc /56 của địa chỉ; trước đây: địa chỉ và trình duyệt). Một người quét tem của hai sản phẩm chỉ được đếm một lần ở dòng cơ sở, huyện và tổng, nên cột này không cộng dồn. Đếm chính xác tới 2.048 người quét một sản phẩm trong tháng; nhiều hơn thì là ước lượng HyperLogLog (sai số chuẩn 0,8%).",
			EN: "Scanners = distinct networks (a salted hash of the address's /24 or /56; before: of address and browser). A client who scanned stamps of two products counts once in the producer, district and total rows, so this column does not add up. Exact up to 2,048 scanners of a product in a month; beyond, a HyperLogLog estimate (0.8% standard error).",
		},
		{
			VI: "Tem in = số nhãn đã in trong tháng, kể cả in lại. Tem thu hồi = tem bị thu hồi trong tháng, lẻ hoặc cả lô.",
			EN: "Printed = labels printed in the month, reprints included. Revoked = stamps revoked in the month, alone or with their batch.",
		},
		{
			VI: fmt.Sprintf("Cơ sở, sản phẩm và điểm bán theo sổ đăng ký hiện tại; hạng sao và chứng nhận theo quyết định có đến ngày %s. Danh sách chứng nhận: quyết định mới nhất của sản phẩm hết hạn trong %d ngày sau ngày %s, hoặc đã hết hạn mà chưa có quyết định mới.",
				r.AsOf.VN(), ExpiryWindowDays, r.AsOf.VN()),
			EN: fmt.Sprintf("Producers, products and points of sale as the registry holds them now; ranks and certifications as decided by %s. Certifications listed: the product's latest decision expires within %d days after %s, or has expired with no newer decision.",
				r.AsOf, ExpiryWindowDays, r.AsOf),
		},
	}
	if r.District == "" {
		ns = append(ns, Note{
			VI: "Dòng \"Chưa xác định\" là lượt quét tem không có trong sổ đăng ký mà không biết sản phẩm: không gắn được với huyện nào.",
			EN: "The \"Not attributed\" row counts scans of stamps the registry does not hold whose product is not known: they belong to no district.",
		})
	} else {
		ns = append(ns, Note{
			VI: "Báo cáo một huyện không gồm lượt quét tem không xác định được sản phẩm (xem báo cáo toàn tỉnh).",
			EN: "A district's report leaves out scans whose product is not known (see the province report).",
		})
	}
	if r.InProgress {
		ns = append(ns, Note{
			VI: "Tháng chưa kết thúc: số liệu tính đến " + r.GeneratedAt.Format("15:04 02/01/2006") + ".",
			EN: "The month has not ended: figures up to " + r.GeneratedAt.Format("2006-01-02 15:04") + ".",
		})
	}
	return ns
}
