package qrimage_test

import (
	"fmt"
	"os"
	"path/filepath"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
)

// Decode every QR code in a scanned sheet and print what each one says.
func ExampleDecodeFile() {
	// A stand-in for a scanned sheet: one QR code in a PNG file.
	dir, _ := os.MkdirTemp("", "qrimage-example")
	defer os.RemoveAll(dir)
	sheet := filepath.Join(dir, "sheet-scan.png")
	if err := qrcode.WriteFile("HTTPS://TEM.EXAMPLE.VN/S/EXAMPLE", qrcode.Medium, 256, sheet); err != nil {
		fmt.Println(err)
		return
	}

	codes, err := qrimage.DecodeFile(sheet)
	if err != nil {
		fmt.Println(err) // not an image, too large, or cannot be read
		return
	}
	for i, c := range codes {
		fmt.Printf("#%d: %s\n", i+1, c.Text)
	}
	// Output:
	// #1: HTTPS://TEM.EXAMPLE.VN/S/EXAMPLE
}
