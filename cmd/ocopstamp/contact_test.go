package main

import (
	"strings"
	"testing"
)

// TestContact: the office contact is shown, changed field by field (an
// empty value clears one), audited, and refused when consumers could not
// use it; init refuses a bad contact too.
func TestContact(t *testing.T) {
	c := newCLI(t)
	if out := c.ok("contact"); !strings.Contains(out, "phone: \n") {
		t.Fatalf("empty contact: %q", out)
	}
	code, out, stderr := c.run("contact", "--phone", "0239 3855 000", "--email", "vpdp@hatinh.gov.vn")
	if code != 0 || !strings.Contains(out, "phone: 0239 3855 000") || !strings.Contains(stderr, "wrote to database") ||
		!strings.Contains(stderr, "restart 'ocopstamp serve'") {
		t.Fatalf("set: %d %q %q", code, out, stderr)
	}
	if out := c.ok("contact", "--name", "Văn phòng Điều phối NTM tỉnh Hà Tĩnh"); !strings.Contains(out, "phone: 0239 3855 000") ||
		!strings.Contains(out, "name: Văn phòng Điều phối NTM tỉnh Hà Tĩnh") || !strings.Contains(out, "e-mail: vpdp@hatinh.gov.vn") {
		t.Fatalf("one field changed, the others kept: %q", out)
	}
	if out := c.ok("contact", "--email", ""); !strings.Contains(out, "e-mail: \n") || !strings.Contains(out, "phone: 0239 3855 000") {
		t.Fatalf("cleared e-mail: %q", out)
	}
	if out := c.ok("audit", "--since", "1h"); !strings.Contains(out, "settings.set") {
		t.Fatalf("not audited: %q", out)
	}
	c.fails(1, "office phone", "contact", "--phone", "call us")
	c.fails(1, "office phone", "contact", "--phone", "12")
	c.fails(1, "office e-mail", "contact", "--email", "vpdp at hatinh")
	c.fails(1, "office name", "contact", "--name", "Văn phòng\u202e")
	c.fails(2, "unexpected argument", "contact", "extra")
	if out := c.ok("contact"); !strings.Contains(out, "phone: 0239 3855 000") {
		t.Fatalf("a refused change stored something: %q", out)
	}
	c.fails(1, "office phone", "init", "--office-phone", "n/a")
}
