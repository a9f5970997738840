package office

import (
	"context"
	"fmt"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Contact is how consumers reach the office: shown on the consumer pages
// and the report form (whose phone is a tel: link). It is kept in the
// store's settings; `serve` reads it at start (its --contact-* flags win).
type Contact struct {
	Name, Phone, Email string
}

// CheckContact refuses a contact consumers could not use: a name over 200
// characters or with control or invisible characters; a phone that is not
// 6 to 30 characters of digits, spaces and + ( ) . - / with at least six
// digits; an e-mail address that is not one local@domain of at most 254
// characters without spaces. Empty fields are allowed (not shown).
func CheckContact(c Contact) error {
	if err := stamp.CheckLine("office name", c.Name, stamp.MaxNameLen); err != nil {
		return err
	}
	if p := c.Phone; p != "" {
		digits := 0
		for _, r := range p {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune(" +().-/", r):
			default:
				return stamp.Refusef(stamp.EInvalid, "Số điện thoại văn phòng %q chỉ được gồm chữ số, dấu cách và + ( ) . - / (có ký tự %q)", "office phone %q: only digits, spaces and + ( ) . - / (found %q)", p, r)
			}
		}
		if digits < 6 || len(p) > 30 {
			return stamp.Refusef(stamp.EInvalid, "Số điện thoại văn phòng %q cần dài 6 đến 30 ký tự, có ít nhất sáu chữ số, ví dụ 0239 3855 000", "office phone %q: want 6 to 30 characters with at least six digits, e.g. 0239 3855 000", p)
		}
	}
	if e := c.Email; e != "" {
		local, domain, ok := strings.Cut(e, "@")
		if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(e, " \t\r\n<>,;\"") ||
			strings.Contains(domain, "@") || len(e) > 254 {
			return stamp.Refusef(stamp.EInvalid, "Thư điện tử văn phòng %q không hợp lệ; cần một địa chỉ dạng vpdp@hatinh.gov.vn", "office e-mail %q: want one address like vpdp@hatinh.gov.vn", e)
		}
	}
	return nil
}

// Contact returns the office contact stored in the settings (empty fields
// when none was stored).
func (o *Office) Contact(ctx context.Context) (Contact, error) {
	kv, err := o.Store.Settings(ctx)
	if err != nil {
		return Contact{}, fmt.Errorf("read the office contact: %w", err)
	}
	return Contact{Name: kv[storage.SettingOfficeName], Phone: kv[storage.SettingOfficePhone], Email: kv[storage.SettingOfficeEmail]}, nil
}

// SetContact stores c as the office contact, all three fields (an empty
// one clears it), audited settings.set as who. Office role; a contact
// CheckContact refuses is EInvalid and nothing is stored.
func (o *Office) SetContact(ctx context.Context, who stamp.Actor, c Contact) (Contact, error) {
	if err := allow(who, stamp.RoleOffice, "setting the office contact"); err != nil {
		return Contact{}, err
	}
	c = Contact{Name: strings.TrimSpace(c.Name), Phone: strings.TrimSpace(c.Phone), Email: strings.TrimSpace(c.Email)}
	if err := CheckContact(c); err != nil {
		return Contact{}, err
	}
	err := o.Store.SetSettings(ctx, who.Name, map[string]string{
		storage.SettingOfficeName: c.Name, storage.SettingOfficePhone: c.Phone, storage.SettingOfficeEmail: c.Email})
	if err != nil {
		return Contact{}, fmt.Errorf("store the office contact: %w", err)
	}
	return c, nil
}
