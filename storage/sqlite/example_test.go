package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "ocopstamp-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "ocopstamp.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	f := stamp.Facility{Code: "HT-CS-0001", Name: "HTX Mật ong Vũ Quang (dữ liệu mẫu)", District: "Vũ Quang"}
	if err := s.CreateFacility(ctx, "example", f); err != nil {
		log.Fatal(err)
	}
	err = s.CreateFacility(ctx, "example", f)
	fmt.Println(stamp.ErrorCode(err), stamp.ErrorMessage(err))
	got, err := s.Facility(ctx, "HT-CS-0001")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Name)
	// Output:
	// conflict facility HT-CS-0001 already exists
	// HTX Mật ong Vũ Quang (dữ liệu mẫu)
}
