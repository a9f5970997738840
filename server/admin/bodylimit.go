package admin

import "github.com/ocop-hatinh/ocopstamp/storage"

// maxEncodedRune is the most bytes one character can take in a URL-encoded
// form: 4 bytes of UTF-8, each written %XX. (Accented Vietnamese letters
// take 2 or 3 bytes, so 6 to 9 encoded.)
const maxEncodedRune = 4 * 3

// MaxReportFormBody bounds a consumer report form body: every field at its
// documented limit in characters (what 2,000, where and contact 300 each,
// lang), each character at its longest URL-encoded, plus the field names.
// A byte cap of 8 or 16 KiB refused reports well within the documented
// limits.
const MaxReportFormBody = (storage.MaxReportText+2*storage.MaxReportField+2)*maxEncodedRune + 1024 // 2: lang

// BodyLimit is a route of this package whose request bodies may be larger
// than the lookup server's default cap (see server.Server.AllowBody).
type BodyLimit struct {
	Method, Path string
	Max          int64
}

// BodyLimits lists the routes Register mounts that take larger bodies, each
// with its cap: the inspection upload and the consumer report form. The
// caller passes them to server.Server.AllowBody.
func BodyLimits() []BodyLimit {
	return []BodyLimit{
		{"POST", Prefix + "/inspections", MaxInspectionBody},
		{"POST", ReportFormPath + "/:code", MaxReportFormBody},
		{"POST", "/s/:code/report", MaxReportFormBody},
		{"POST", "/S/:code/report", MaxReportFormBody},
	}
}
