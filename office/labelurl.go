package office

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestURLHint tells how to get past CheckLabelURL's refusal.
const TestURLHint = "set the public URL once with 'ocopstamp init --base-url https://…' (or --base-url / OCOPSTAMP_BASE_URL); for a trial on this machine add --allow-test-url"

// CheckLabelURL returns an EInvalid *stamp.Error saying why a phone could
// not open QR codes under base: a loopback, "localhost", private,
// link-local or unspecified host, or plain http (browsers warn on it and
// the office's public site is served over https). It returns nil for a
// public https URL. It does not resolve names.
func CheckLabelURL(base string) error {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return stamp.Refusef(stamp.EInvalid, "Địa chỉ công khai %q của máy chủ không phải một URL: %s", "base URL %q is not a URL: %s", base, TestURLHint)
	}
	host := strings.ToLower(u.Hostname())
	why, whyVI := "", ""
	if ip := net.ParseIP(host); ip != nil {
		switch {
		case ip.IsLoopback():
			why, whyVI = "its host is a loopback address (this computer only)", "máy chủ là địa chỉ loopback (chỉ máy này truy cập được)"
		case ip.IsUnspecified():
			why, whyVI = "its host is an unspecified address", "máy chủ là địa chỉ không xác định"
		case ip.IsPrivate():
			why, whyVI = "its host is a private network address (phones outside this network cannot reach it)", "máy chủ là địa chỉ mạng nội bộ (điện thoại ngoài mạng này không truy cập được)"
		case ip.IsLinkLocalUnicast():
			why, whyVI = "its host is a link-local address", "máy chủ là địa chỉ link-local"
		}
	} else if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		why, whyVI = "its host is localhost (this computer only)", "máy chủ là localhost (chỉ máy này truy cập được)"
	}
	if why == "" && !strings.EqualFold(u.Scheme, "https") {
		why, whyVI = "it is plain http, not https", "địa chỉ dùng http thường, không phải https"
	}
	if why == "" {
		return nil
	}
	return stamp.Refusef(stamp.EInvalid, "Địa chỉ công khai %[1]s của máy chủ sẽ in ra mã QR mà điện thoại không mở được: %[3]s; cần người quản trị máy chủ sửa cấu hình: %[4]s",
		"base URL %[1]s would print labels that phones cannot open: %[2]s; %[4]s", base, why, whyVI, TestURLHint)
}

// checkLabelURL is the check of every print and code export: an EConflict
// saying why phones could not open codes under o.BaseURL (CheckLabelURL),
// unless o.AllowTestURL.
func (o *Office) checkLabelURL() error {
	if o.AllowTestURL {
		return nil
	}
	if err := CheckLabelURL(o.BaseURL); err != nil {
		var se *stamp.Error
		if errors.As(err, &se) {
			return &stamp.Error{Code: stamp.EConflict, Message: se.Message, MessageVI: se.MessageVI}
		}
		return err
	}
	return nil
}

// MaxCompactBaseURL is the longest base URL whose stamp URLs still fit a
// version 7 QR code with skip2's segmentation.
const MaxCompactBaseURL = 29

// QRWarning returns a one-line warning when stamp URLs under base need a QR
// code above version 7 (denser modules, harder to scan on small labels),
// "" otherwise or when base is not a usable URL (Print says why).
func QRWarning(base string) string {
	v, err := print.QRVersion(base)
	if err != nil || v <= 7 {
		return ""
	}
	return fmt.Sprintf("warning: base URL %s is %d characters: its QR codes need version %d instead of 7 (at most %d characters keep version 7); labels get denser and harder to scan",
		base, len(strings.TrimRight(base, "/")), v, MaxCompactBaseURL)
}
