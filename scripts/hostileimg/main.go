// Command hostileimg writes issue 11's hostile image: a PNG of a few
// kilobytes tiled with fake QR finder patterns (imagetest.FakeFinders), to
// measure `ocopstamp verify` on it:
//
//	go run ./scripts/hostileimg -size 800 -module 2 -out fake.png
//	/usr/bin/time -f '%U s user, %M KB' ocopstamp verify --keys-file keys/keys.json fake.png
package main

import (
	"flag"
	"fmt"
	"image/png"
	"os"

	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
)

func main() {
	size := flag.Int("size", 800, "side in pixels")
	module := flag.Int("module", 2, "module size in pixels")
	out := flag.String("out", "fake-finders.png", "output PNG file")
	flag.Parse()
	f, err := os.Create(*out)
	if err == nil {
		err = png.Encode(f, imagetest.FakeFinders(*size, *size, *module))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostileimg:", err)
		os.Exit(1)
	}
}
