package wording

// Resolver is the wording of the GS1 Digital Link resolver (/01/…) in one
// language: its product and batch pages, its error pages and the titles of
// the links it lists. The stamp page it shows for a serial is the lookup
// page (Page, verdict.go).
type Resolver struct {
	BadLinkTitle, BadLinkText         string
	UnknownGTINTitle, UnknownGTINText string
	UnknownLotTitle, UnknownLotText   string
	UnknownSerialTitle                string
	UnknownSerialText                 string
	ProductIntro, LotIntro            string
	Batches, NoBatches, Stamps        string
	Revoked, CheckStamp               string
	LinkPIP, LinkCertification        string
	LinkTraceability, LinkLot         string
	LinkVerification, MoreLinks       string
}

// resolverWords holds every field of Resolver by name, Vietnamese first
// with English beside it. Some take values for their %s, in this order:
// UnknownGTINText the GTIN; UnknownLotText the lot, the GTIN;
// UnknownSerialText the serial, the GTIN; LotIntro, LinkLot the lot;
// LinkVerification the serial.
var resolverWords = map[string]Pair{
	"BadLinkTitle":       {"ĐƯỜNG DẪN GS1 KHÔNG HỢP LỆ", "INVALID GS1 LINK"},
	"BadLinkText":        {"Đường dẫn này không đúng cú pháp GS1 Digital Link: mã GTIN, số lô hoặc số sê-ri bị sai. Hãy quét lại mã QR trên sản phẩm.", "This link is not a valid GS1 Digital Link: its GTIN, lot or serial is wrong. Scan the QR code on the product again."},
	"UnknownGTINTitle":   {"KHÔNG CÓ SẢN PHẨM VỚI MÃ GTIN NÀY", "NO PRODUCT WITH THIS GTIN"},
	"UnknownGTINText":    {"Mã GTIN %s không thuộc sản phẩm OCOP nào trong sổ đăng ký của tỉnh. Sản phẩm có thể không phải sản phẩm OCOP của tỉnh, hoặc mã bị in sai.", "GTIN %s belongs to no OCOP product in the province's registry. The product may not be one of the province's OCOP products, or the code was misprinted."},
	"UnknownLotTitle":    {"KHÔNG TÌM THẤY LÔ HÀNG", "BATCH NOT FOUND"},
	"UnknownLotText":     {"Sổ đăng ký không có lô %s của sản phẩm mang mã GTIN %s. Hãy kiểm tra số lô in trên bao bì, hoặc quét mã QR trên tem.", "The registry has no lot %s of the product with GTIN %s. Check the lot printed on the pack, or scan the QR code on the stamp."},
	"UnknownSerialTitle": {"KHÔNG TÌM THẤY TEM", "STAMP NOT FOUND"},
	"UnknownSerialText":  {"Số sê-ri %s không phải tem của sản phẩm mang mã GTIN %s. Đừng mua sản phẩm này nếu chưa kiểm tra được tem, và báo cho văn phòng.", "Serial %s is not a stamp of the product with GTIN %s. Do not buy this product before its stamp checks out, and tell the office."},
	"ProductIntro":       {"Thông tin sản phẩm theo sổ đăng ký OCOP của tỉnh. Để biết một sản phẩm cụ thể có chính hãng không, hãy quét mã QR trên tem của nó.", "Product information from the province's OCOP registry. To know whether a particular item is genuine, scan the QR code on its stamp."},
	"LotIntro":           {"Lô hàng %s theo sổ đăng ký OCOP của tỉnh. Để biết một sản phẩm cụ thể có chính hãng không, hãy quét mã QR trên tem của nó.", "Batch %s as the province's OCOP registry holds it. To know whether a particular item is genuine, scan the QR code on its stamp."},
	"Batches":            {"Các lô hàng đã cấp tem", "Stamped batches"},
	"NoBatches":          {"Chưa có lô hàng nào được cấp tem.", "No batch has been stamped yet."},
	"Stamps":             {"Số tem", "Stamps"},
	"Revoked":            {"Đã thu hồi", "Revoked"},
	"CheckStamp":         {"Kiểm tra một tem", "Check a stamp"},
	"LinkPIP":            {"Thông tin sản phẩm", "Product information"},
	"LinkCertification":  {"Chứng nhận OCOP", "OCOP certificate"},
	"LinkTraceability":   {"Truy xuất nguồn gốc: các lô hàng", "Traceability: the batches"},
	"LinkLot":            {"Truy xuất nguồn gốc: lô %s", "Traceability: batch %s"},
	"LinkVerification":   {"Kiểm tra tem %s", "Check stamp %s"},
	"MoreLinks":          {"Thông tin khác", "More information"},
}

var resolverVI, resolverEN = &Resolver{}, &Resolver{}

func init() { fill(resolverVI, resolverEN, resolverWords) }

// ResolverFor returns the resolver's words in lang (NormalizeLang).
func ResolverFor(lang string) *Resolver {
	if NormalizeLang(lang) == LangEN {
		return resolverEN
	}
	return resolverVI
}
