package qrimage_test

import (
	"fmt"

	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
)

// Decode every QR code in a scanned sheet and print where each one is.
func ExampleDecodeFile() {
	codes, err := qrimage.DecodeFile("sheet-scan.png")
	if err != nil {
		fmt.Println(err) // not an image, too large, or cannot be read
		return
	}
	for i, c := range codes {
		fmt.Printf("#%d at (%d, %d), %d px: %s\n", i+1, c.X, c.Y, c.Size, c.Text)
	}
}
