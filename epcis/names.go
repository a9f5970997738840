package epcis

import (
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Names makes the URIs of an export from the office's public base URL
// (the one its QR codes carry). They are stable as long as the base URL is.
type Names struct {
	base string    // scheme and host in lower case, no trailing slash
	ns   uuid.UUID // namespace of the event ids
}

// NewNames returns the Names under baseURL, or an EInvalid *stamp.Error
// when it is not an http(s) URL with a host and without query or fragment.
func NewNames(baseURL string) (Names, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(baseURL), "/"))
	if err != nil || (strings.ToLower(u.Scheme) != "https" && strings.ToLower(u.Scheme) != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return Names{}, stamp.Errorf(stamp.EInvalid, "base URL %q: want an http:// or https:// URL naming a host, without query or fragment", baseURL)
	}
	base := strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + u.EscapedPath()
	return Names{base: base, ns: uuid.NewSHA1(uuid.NameSpaceURL, []byte(base+"/id/epcis-event"))}, nil
}

// Base returns the normalised base URL.
func (n Names) Base() string { return n.base }

// Stamp returns the URI that names the stamp with serial of product p: its
// GS1 Digital Link URI when p has a GTIN (base/01/{GTIN}/21/{printed
// serial}), else the office's stamp URI, base/id/stamp/{printed serial}.
func (n Names) Stamp(p *stamp.Product, serial uint64) string {
	if p != nil && p.GTIN != "" {
		return stamp.StampDigitalLink(stamp.GTIN(p.GTIN), serial).URI(n.base)
	}
	return n.base + "/id/stamp/" + stamp.FormatSerial(serial)
}

// Facility returns the URI of a producer (the bizLocation of
// commissioning): base/id/facility/{code}.
func (n Names) Facility(code string) string {
	return n.base + "/id/facility/" + url.PathEscape(code)
}

// Vocabulary returns the namespace of the office's own event fields (the
// "ocop" prefix of the JSON-LD context): base/id/epcis#.
func (n Names) Vocabulary() string { return n.base + "/id/epcis#" }

// eventID returns the stable id of the event with key k: the same event
// gets the same id in every export, so a receiver can drop duplicates.
func (n Names) eventID(k Key) string {
	return "urn:uuid:" + uuid.NewSHA1(n.ns, []byte(k.String())).String()
}
