package print_test

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Render lays out a batch's stamps on a preset label sheet.
func ExampleRender() {
	signer, _ := stamp.NewSigner(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)))
	batch := stamp.Batch{ID: uuid.MustParse("0193a3c0-0000-7000-8000-000000000001"), ProductNumber: 1001, FirstSerial: 1, Count: 70}
	stamps := make([]stamp.Stamp, batch.Count)
	for i := range stamps {
		id := uuid.NewSHA1(batch.ID, []byte{byte(i)})
		c := signer.Sign(batch.ProductNumber, id)
		stamps[i] = stamp.Stamp{ID: id, BatchID: batch.ID, ProductNumber: 1001, Serial: batch.FirstSerial + uint64(i),
			KeyID: c.KeyID, Signature: c.Signature}
	}
	tmpl, err := print.TemplateByName("a4-65")
	if err != nil {
		panic(err)
	}
	var pdf bytes.Buffer
	st, err := print.Render(&pdf, print.Job{
		Template: tmpl, BaseURL: "https://txng.example.vn", Batch: batch,
		ProductName: "Nước mắm Vũ Quang", FacilityName: "HTX Vũ Quang (dữ liệu mẫu)", Rank: stamp.Rank4,
		Stamps: stamps, PrintedAt: time.Date(2026, 11, 29, 9, 30, 0, 0, stamp.Vietnam),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Pages, "sheets,", st.Labels, "labels")
	// Output: 2 sheets, 70 labels
}

// ParseGrid reads a custom label grid, e.g. from a command-line flag.
func ExampleParseGrid() {
	t, err := print.ParseGrid("label=50x30 grid=4x9 gap=2x2")
	if err != nil {
		panic(err)
	}
	fmt.Println(t.PerPage(), t.MarginLeft, t.MarginTop)
	fmt.Println(t.Validate("https://txng.example.vn"))
	// Output:
	// 36 2 5.5
	// <nil>
}
