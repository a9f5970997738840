package office_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

func TestImportChecksEverythingFirst(t *testing.T) {
	ctx := context.Background()
	o := &office.Office{Store: storagetest.OpenSQLite(t)}
	fac := "code,name,district\nHT-1,HTX Một (mẫu),Hương Khê\nHT-2,HTX Hai (mẫu),Can Lộc\n"
	if _, err := o.Import(ctx, viewer, "facilities", "f.csv", strings.NewReader(fac)); stamp.ErrorCode(err) != stamp.EForbidden {
		t.Errorf("viewer import: %v, want forbidden", err)
	}
	res, err := o.Import(ctx, clerk, "facilities", "f.csv", strings.NewReader(fac))
	must(t, err)
	if len(res.Problems) != 0 || res.Count() != 2 {
		t.Fatalf("import = %+v", res)
	}
	_, err = o.AddProduct(ctx, clerk, stamp.Product{Number: 11, FacilityCode: "HT-1", Name: "Mật ong (mẫu)", Group: "Thực phẩm"})
	must(t, err)
	// Two conflicts with the registry in one file: both listed, nothing
	// written.
	prod := "number,facility_code,name,group\n13,HT-2,Chè (mẫu),Đồ uống\n11,HT-1,Mật ong lặp (mẫu),Thực phẩm\n12,HT-9,Cam (mẫu),Thực phẩm\n"
	res, err = o.Import(ctx, clerk, "products", "p.csv", strings.NewReader(prod))
	must(t, err)
	if len(res.Problems) != 2 || res.Problems[0].Line != 3 || res.Problems[1].Name != "facility_code" {
		t.Errorf("problems = %+v", res.Problems)
	}
	if ps, _ := o.Store.Products(ctx); len(ps) != 1 {
		t.Errorf("a file with problems wrote products: %d in the registry", len(ps))
	}
	// A format mistake is a problem with its line.
	res, err = o.CheckImport(ctx, clerk, "facilities", "bad.csv", strings.NewReader("code,name,district\nHT-3,,Hương Khê\n"))
	must(t, err)
	if len(res.Problems) != 1 || res.Problems[0].Line != 2 || res.Problems[0].Name != "name" {
		t.Errorf("format problem = %+v", res.Problems)
	}
	if _, err := o.CheckImport(ctx, clerk, "producers", "x.csv", strings.NewReader("")); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestInboxState(t *testing.T) {
	ctx := context.Background()
	o := &office.Office{Store: storagetest.OpenSQLite(t)}
	r := &storage.ConsumerReport{StampID: [16]byte{1}, What: "tem lạ (mẫu)"}
	must(t, o.Store.AddConsumerReport(ctx, r))
	if _, err := o.SetInboxState(ctx, viewer, storage.InboxConsumerReport, r.ID, storage.InboxClosed, ""); stamp.ErrorCode(err) != stamp.EForbidden {
		t.Errorf("viewer: %v, want forbidden", err)
	}
	st, err := o.SetInboxState(ctx, inspector, storage.InboxConsumerReport, r.ID, storage.InboxClosed, "đã xử lý")
	must(t, err)
	if st.ChangedBy != inspector.Name || st.State != storage.InboxClosed {
		t.Errorf("state = %+v", st)
	}
}

// TestImportReportsFormatAndConflictsInOneRun: a file with a format mistake
// in one row and registry conflicts in rows that parsed gets every problem
// in one run, in line order, with each row's own line (a blank line and a
// multi-line cell shift them) (issue 10 §6).
func TestImportReportsFormatAndConflictsInOneRun(t *testing.T) {
	ctx := context.Background()
	o := &office.Office{Store: storagetest.OpenSQLite(t)}
	_, err := o.Import(ctx, clerk, "facilities", "f.csv", strings.NewReader("code,name,district\nHT-1,HTX Một (mẫu),Hương Khê\n"))
	must(t, err)
	prod := "number,facility_code,name,group,description\n" +
		"21,HT-1,\"Chè (mẫu)\",Đồ uống,\"hai\ndòng\"\n" + // lines 2-3: fine
		"\n" + // line 4: blank
		"22,HT-9,Cam (mẫu),Thực phẩm,\n" + // line 5: unknown facility (a conflict)
		"x,HT-1,Bưởi (mẫu),Thực phẩm,\n" + // line 6: bad number (format)
		"23,HT-1,Mật ong (mẫu),Nông sản lạ,\n" + // line 7: unknown group (format)
		"24,HT-8,Na (mẫu),Thực phẩm,\n" // line 8: unknown facility (a conflict)
	res, err := o.Import(ctx, clerk, "products", "p.csv", strings.NewReader(prod))
	must(t, err)
	var got []string
	for _, p := range res.Problems {
		got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Name))
	}
	if want := "5:facility_code 6:number 7:group 8:facility_code"; strings.Join(got, " ") != want {
		t.Errorf("problems %v, want %s\n%+v", got, want, res.Problems)
	}
	if ps, _ := o.Store.Products(ctx); len(ps) != 0 {
		t.Errorf("a file with problems wrote %d products", len(ps))
	}
}
