package main

import (
	"strings"
	"testing"
)

func TestRegistryCommands(t *testing.T) {
	c := newCLI(t)
	out := c.ok("facility", "add", "--code", "HT-CS-100", "--name", "HTX Mật ong (dữ liệu mẫu)", "--district", "huyện vũ quang",
		"--kind", "hợp tác xã", "--phone", "0239 1")
	if !strings.Contains(out, "Vũ Quang") {
		t.Fatalf("facility add: %q", out)
	}
	c.fails(1, "already exists", "facility", "add", "--code", "HT-CS-100", "--name", "x", "--district", "Vũ Quang")
	c.fails(1, "unknown district", "facility", "add", "--code", "HT-CS-101", "--name", "x", "--district", "Quận 1")
	c.fails(1, "name is required", "facility", "add", "--code", "HT-CS-101", "--district", "Vũ Quang")
	c.ok("facility", "edit", "HT-CS-100", "--address", "Thôn 2")
	c.fails(2, "cannot change", "facility", "edit", "HT-CS-100", "--code", "X")
	c.fails(1, "not found", "facility", "edit", "HT-CS-999", "--name", "x")
	c.fails(2, "unknown command", "facility", "remove", "HT-CS-100")
	list := c.ok("facility", "list", "--district", "Vũ Quang")
	if !strings.Contains(list, "HT-CS-100") || !strings.Contains(list, "0239 1") {
		t.Fatalf("facility list:\n%s", list)
	}

	c.ok("product", "add", "--number", "2001", "--facility", "HT-CS-100", "--name", "Mật ong rừng", "--group", "thực phẩm", "--gtin", "8930000000019")
	c.fails(1, "a GTIN-13 starting 893000000001 ends in 9", "product", "add", "--number", "2002", "--facility", "HT-CS-100", "--name", "x", "--group", "Thực phẩm", "--gtin", "8930000000018")
	c.fails(1, "GTIN 08930000000019 is product 2001's", "product", "add", "--number", "2002", "--facility", "HT-CS-100", "--name", "x", "--group", "Thực phẩm", "--gtin", "08930000000019")
	if l := c.ok("product", "list", "--facility", "HT-CS-100"); !strings.Contains(l, "08930000000019") {
		t.Fatalf("product list does not show the 14-digit GTIN:\n%s", l)
	}
	c.fails(1, "product group", "product", "add", "--number", "2002", "--facility", "HT-CS-100", "--name", "x", "--group", "Kẹo")
	c.fails(1, "not in the registry", "product", "add", "--number", "2002", "--facility", "NOPE", "--name", "x", "--group", "Thực phẩm")
	c.fails(2, "--number is required", "product", "add", "--facility", "HT-CS-100", "--name", "x", "--group", "Thực phẩm")
	c.fails(2, "product", "product", "add", "--number", "-1", "--facility", "HT-CS-100", "--name", "x", "--group", "Thực phẩm")
	c.ok("product", "edit", "2001", "--description", "Hũ 500 g")
	c.fails(2, "cannot change", "product", "edit", "2001", "--number", "2003")
	if l := c.ok("product", "list", "--facility", "HT-CS-100"); !strings.Contains(l, "Mật ong rừng") || !strings.Contains(l, "Thực phẩm") {
		t.Fatalf("product list:\n%s", l)
	}

	out = c.ok("pos", "add", "--name", "Điểm bán OCOP Vũ Quang", "--district", "Vũ Quang", "--address", "Khối 1")
	if !strings.Contains(out, "added point of sale 1") {
		t.Fatalf("pos add: %q", out)
	}
	c.ok("pos", "edit", "1", "--phone", "0239 9")
	c.fails(1, "not found", "pos", "edit", "7", "--phone", "x")
	c.fails(2, "point of sale id", "pos", "edit", "x")
	if l := c.ok("pos", "list", "--district", "vũ quang"); !strings.Contains(l, "0239 9") || !strings.Contains(l, "Khối 1") {
		t.Fatalf("pos list:\n%s", l)
	}

	audit := c.ok("audit", "--since", "1h")
	want := []string{"facility.create", "facility.update", "product.create", "product.update", "point_of_sale.create", "point_of_sale.update"}
	last := -1
	for _, w := range want {
		i := strings.Index(audit, w)
		if i < 0 || i < last {
			t.Fatalf("audit lacks %q in order:\n%s", w, audit)
		}
		last = i
	}
}
