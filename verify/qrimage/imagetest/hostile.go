package imagetest

import (
	"image"
)

// FakeFinders returns a w×h grey image tiled with QR finder patterns (7×7
// modules of module pixels each, one white module between them) and
// nothing else: no symbol decodes, but a finder pattern scan sees
// thousands of candidates and every triple of neighbours looks like a
// symbol's corners. Saved as PNG it weighs a few kilobytes: the hostile
// input of issue 11 that kept verify busy for minutes.
func FakeFinders(w, h, module int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	const tile = 8 // modules: a finder and a white gap
	for y := 0; y < h; y++ {
		my := (y / module) % tile
		for x := 0; x < w; x++ {
			mx := (x / module) % tile
			if finderModule(mx, my) {
				g.Pix[y*g.Stride+x] = 0
			}
		}
	}
	return g
}

// finderModule reports whether module (x, y) of an 8×8 tile is black: a
// 7×7 finder pattern (dark ring, light ring, dark 3×3 core) and a light
// gap on the right and bottom.
func finderModule(x, y int) bool {
	if x == 7 || y == 7 {
		return false
	}
	ring := min(x, y, 6-x, 6-y)
	return ring != 1
}
