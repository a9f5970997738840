package registrycsv

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func TestSampleFilesParse(t *testing.T) {
	for _, tc := range []struct {
		file string
		read func(string) (int, error)
		want int
	}{
		{"communes.csv", func(p string) (int, error) { v, err := ReadCommunes(p, open(t, p)); return len(v), err }, 9},
		{"facilities.csv", func(p string) (int, error) { v, err := ReadFacilities(p, open(t, p)); return len(v), err }, 8},
		{"products.csv", func(p string) (int, error) { v, err := ReadProducts(p, open(t, p)); return len(v), err }, 10},
		{"certifications.csv", func(p string) (int, error) { v, err := ReadCertifications(p, open(t, p)); return len(v), err }, 10},
		{"points-of-sale.csv", func(p string) (int, error) { v, err := ReadPointsOfSale(p, open(t, p)); return len(v), err }, 4},
	} {
		n, err := tc.read("../../examples/" + tc.file)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if n != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.file, n, tc.want)
		}
	}
}

func open(t *testing.T, p string) *os.File {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestFacilityFields(t *testing.T) {
	// "Hương" written decomposed (NFD) must come out composed (NFC), and a BOM is dropped.
	nfd := "Hu\u031bo\u031bng So\u031bn"
	in := "\xef\xbb\xbfName,Code,District\n HTX A ,F1,huyện " + nfd + "\n"
	fs, err := ReadFacilities("f.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Name != "HTX A" || fs[0].Code != "F1" || fs[0].District != "Hương Sơn" {
		t.Fatalf("got %+v", fs)
	}
}

func TestErrorsNameFileLineColumn(t *testing.T) {
	cases := []struct {
		name string
		kind string
		in   string
		want string
	}{
		{"missing column", KindFacilities, "code,name\nF1,A\n", `f.csv: line 1: missing column "commune_code" (or, for rows written before July 2025, "district")`},
		{"unknown column", KindFacilities, "code,name,district,distrct\nF1,A,Vũ Quang,x\n", `f.csv: line 1, column 4: unknown column "distrct"`},
		{"repeated column", KindFacilities, "code,name,district,code\nF1,A,Vũ Quang,F2\n", `column "code" appears twice`},
		{"empty required", KindFacilities, "code,name,district\nF1,,Vũ Quang\n", "f.csv: line 2, column 2 (name): name is empty"},
		{"unknown district", KindFacilities, "code,name,district\nF1,A,Hà Nội\n", `f.csv: line 2, column 3 (district): unknown district "Hà Nội"`},
		{"duplicate facility", KindFacilities, "code,name,district\nF1,A,Vũ Quang\nF1,B,Vũ Quang\n", `line 3, column 1 (code): facility code "F1" repeats line 2`},
		{"bad product number", KindProducts, "number,facility_code,name,group\nabc,F1,X,Thực phẩm\n", `line 2, column 1 (number): product number "abc"`},
		{"duplicate product", KindProducts, "number,facility_code,name,group\n1,F1,X,Thực phẩm\n1,F1,Y,Thực phẩm\n", "product number 1 repeats line 2"},
		{"bad group", KindProducts, "number,facility_code,name,group\n1,F1,X,Rau\n", `unknown product group "Rau"`},
		{"bad gtin", KindProducts, "number,facility_code,name,group,gtin\n1,F1,X,Thực phẩm,8930000000010\n", `column 5 (gtin): GTIN 8930000000010: wrong check digit 0, a GTIN-13 starting 893000000001 ends in 9`},
		{"gtin in scientific notation", KindProducts, "number,facility_code,name,group,gtin\n1,F1,X,Thực phẩm,8.93E+12\n", "scientific notation"},
		{"gtin of 11 digits", KindProducts, "number,facility_code,name,group,gtin\n1,F1,X,Thực phẩm,89300000000\n", `column 5 (gtin): GTIN "89300000000" has 11 digits`},
		{"duplicate gtin", KindProducts, "number,facility_code,name,group,gtin\n1,F1,X,Thực phẩm,8930000000019\n2,F1,Y,Thực phẩm,08930000000019\n", "line 3, column 5 (gtin): GTIN 08930000000019 repeats line 2"},
		{"bad date", KindCertifications, "product_number,rank,decision_number,decision_date\n1,4,QĐ1,2025-13-01\n", `line 2, column 4 (decision_date): date "2025-13-01"`},
		{"bad rank", KindCertifications, "product_number,rank,decision_number,decision_date\n1,6,QĐ1,2025-01-01\n", `column 2 (rank): rank "6"`},
		{"expiry before decision", KindCertifications, "product_number,rank,decision_number,decision_date,expires_on\n1,4,QĐ1,2025-01-01,2024-01-01\n", "expiry 2024-01-01 is not after the decision date"},
		{"bad status", KindCertifications, "product_number,rank,decision_number,decision_date,status\n1,4,QĐ1,2025-01-01,paused\n", `status "paused"`},
		{"not utf-8", KindFacilities, "code,name,district\nF1,H\xe0 T\xecnh,Vũ Quang\n", "f.csv: line 2: not UTF-8"},
		{"empty file", KindFacilities, "", "f.csv: empty file"},
		{"header only", KindFacilities, "code,name,district\n", "f.csv: no data rows"},
		{"bad quoting", KindFacilities, "code,name,district\nF1,\"A,Vũ Quang\n", "f.csv: line 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch tc.kind {
			case KindFacilities:
				_, err = ReadFacilities("f.csv", strings.NewReader(tc.in))
			case KindProducts:
				_, err = ReadProducts("f.csv", strings.NewReader(tc.in))
			case KindCertifications:
				_, err = ReadCertifications("f.csv", strings.NewReader(tc.in))
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

func TestCertificationDefaults(t *testing.T) {
	in := "product_number,rank,decision_number,decision_date,lab_test_date\n7,tham gia,QĐ 9,15/03/2025,\n8,4 sao,QĐ 10,2025-03-15,2026-01-02\n"
	cs, err := ReadCertifications("c.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Rank != stamp.RankParticipating || cs[0].ExpiresOn.String() != "2028-03-15" || cs[0].Status != stamp.CertValid {
		t.Errorf("participating row: %+v", cs[0])
	}
	if cs[1].Rank != stamp.Rank4 || cs[1].LabTestDate.String() != "2026-01-02" {
		t.Errorf("ranked row: %+v", cs[1])
	}
}

func TestColumnsUnknownKind(t *testing.T) {
	if _, _, err := Columns("producers"); err == nil || stamp.ErrorCode(err) != stamp.EInvalid {
		t.Fatalf("Columns(producers) = %v, want an invalid error", err)
	}
}

// TestSemicolonFiles: a file Vietnamese Excel saved with ';' reads like a
// comma file; a row with the wrong number of cells names the header's count.
func TestSemicolonFiles(t *testing.T) {
	fs, err := ReadFacilities("f.csv", strings.NewReader("code;name;district;address\nF1;HTX A;Vũ Quang;thôn 1, xã X\n"))
	if err != nil || len(fs) != 1 || fs[0].Address != "thôn 1, xã X" || fs[0].District != "Vũ Quang" {
		t.Fatalf("semicolon file: %+v %v", fs, err)
	}
	_, err = ReadFacilities("f.csv", strings.NewReader("code;name;district\nF1;HTX A;Vũ Quang;extra\n"))
	if err == nil || !strings.Contains(err.Error(), "f.csv: line 2: 4 columns, but the header has 3 (code;name;district)") {
		t.Fatalf("wrong cell count: %v", err)
	}
}

// TestEveryRowError checks that the reader reports every bad row, with its
// line, column and name, and the column count for a short or long row,
// instead of stopping at the first (issue 10 §6).
func TestEveryRowError(t *testing.T) {
	in := "code;name;district\nF1;;Vũ Quang\nF2;Cơ sở 2\nF3;Cơ sở 3;Vũ Quang;x\nF4;Cơ sở 4;Nowhere\nF5;Cơ sở 5;Vũ Quang\n"
	_, err := ReadFacilities("f.csv", strings.NewReader(in))
	var list Errors
	if !errors.As(err, &list) || len(list) != 4 {
		t.Fatalf("want 4 problems, got %v", err)
	}
	for i, want := range []string{
		"f.csv: line 2, column 2 (name): name is empty",
		"f.csv: line 3: 2 columns, but the header has 3 (code;name;district)",
		"f.csv: line 4: 4 columns, but the header has 3",
		"f.csv: line 5, column 3 (district)",
	} {
		if !strings.Contains(list[i].Error(), want) {
			t.Errorf("problem %d: %q, want %q", i+1, list[i].Error(), want)
		}
	}
	var many strings.Builder
	many.WriteString("code,name,district\n")
	for i := range 150 {
		fmt.Fprintf(&many, "F%d,,Vũ Quang\n", i)
	}
	if _, err := ReadFacilities("f.csv", strings.NewReader(many.String())); !errors.As(err, &list) || len(list) != MaxErrors {
		t.Fatalf("150 bad rows: got %d problems, want %d", len(list), MaxErrors)
	}
}
