package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommunes: the official list loads (again: updates), facilities
// take their commune and former district from the code, the report groups
// by commune with the roll-up by former district, and mistakes name the row
// and column.
func TestImportCommunes(t *testing.T) {
	c := newCLI(t)
	c.importSamples()
	if out := c.ok("import", "communes", "../../examples/communes.csv"); !strings.Contains(out, "imported 9 communes") {
		t.Fatalf("reload: %q", out)
	}
	out := c.ok("facility", "list")
	if !strings.Contains(out, "99001") || !strings.Contains(out, "xã Sơn Tây (dữ liệu mẫu)") {
		t.Fatalf("facility list lacks the commune: %s", out)
	}
	c.ok("facility", "edit", "HT-CS-008", "--commune_code", "99008")
	if out := c.ok("facility", "list"); !strings.Contains(out, "99008") {
		t.Fatalf("edited facility not placed: %s", out)
	}
	c.fails(1, "unknown commune code 12345", "facility", "edit", "HT-CS-008", "--commune_code", "12345")
	rep := c.ok("report", "--format", "text")
	for _, want := range []string{"Theo xã, phường", "xã Sơn Tây (dữ liệu mẫu)", "Theo huyện cũ (trước 1/7/2025)"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	bad := filepath.Join(c.dir, "communes.csv")
	os.WriteFile(bad, []byte("code,name,type\n12345,Sơn Tây,xã\n1234,Sơn Kim,thôn\n"), 0o644)
	c.fails(1, "line 3, column 1 (code)", "import", "communes", bad)
	// Saved by Vietnamese Excel: ';' between cells.
	semi := filepath.Join(c.dir, "communes-excel.csv")
	os.WriteFile(semi, []byte("\xef\xbb\xbfcode;name;type;former_district\n99010;Kỳ Anh (mẫu);phường;Thị xã Kỳ Anh\n"), 0o644)
	if out := c.ok("import", "communes", semi); !strings.Contains(out, "imported 1 communes") {
		t.Fatalf("semicolon file: %q", out)
	}
}

// TestImportReportsEveryRow checks that import names every bad row of a
// semicolon spreadsheet (row, column name, expected column count) in one
// line, and imports nothing (issue 10 §6).
func TestImportReportsEveryRow(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	bad := filepath.Join(c.dir, "products.csv")
	os.WriteFile(bad, []byte("number;facility_code;name;group\n2001;HT-CS-001;;Thực phẩm\n2002;HT-CS-001\n2003;HT-CS-001;Ba;Đồ gỗ lạ\n2004;HT-CS-001;Bốn;Thực phẩm\n"), 0o644)
	code, _, errs := c.run("import", "products", bad)
	if code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("exit %d, want 1 and one line: %q", code, errs)
	}
	for _, want := range []string{"line 2, column 3 (name): name is empty", "line 3: 2 columns, but the header has 4", "line 4, column 4 (group)"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q does not contain %q", errs, want)
		}
	}
	c.fails(1, "2004", "mint", "--product", "2004", "--count", "1") // nothing imported
}
