package qrimage

import (
	"image"
	"image/draw"
	"math"
)

// gray is an 8-bit luminance raster with stride w, and the map from its
// pixel coordinates back to those of the original image.
type gray struct {
	w, h int
	pix  []byte
	// scale is the size of one of its pixels in pixels of the original.
	scale float64
	// back maps a point of this raster to the original image.
	back func(x, y float64) (float64, float64)
}

func identity(x, y float64) (float64, float64) { return x, y }

// toGray converts img to luminance, reading the Y plane of a JPEG directly.
func toGray(img image.Image) *gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := &gray{w: w, h: h, pix: make([]byte, w*h), scale: 1, back: identity}
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(g.pix[y*w:(y+1)*w], m.Pix[off:off+w])
		}
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			off := m.YOffset(b.Min.X, b.Min.Y+y)
			copy(g.pix[y*w:(y+1)*w], m.Y[off:off+w])
		}
	case *image.RGBA:
		lumaRGBA(g, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, 0)
	case *image.NRGBA:
		// Transparent pixels of a PNG are drawn on white (a label cut out
		// of a scan is usually transparent around it).
		lumaRGBA(g, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, 255)
	default:
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Bounds(), image.White, image.Point{}, draw.Src)
		draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Over)
		lumaRGBA(g, rgba.Pix, rgba.Stride, 0)
	}
	return g
}

// lumaRGBA fills g from 8-bit RGBA rows. With bg > 0 the colours are
// non-premultiplied and composed over a background of grey level bg.
func lumaRGBA(g *gray, pix []byte, stride int, bg int) {
	for y := 0; y < g.h; y++ {
		row := pix[y*stride:]
		out := g.pix[y*g.w : (y+1)*g.w]
		for x := range out {
			r, gg, b, a := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2]), int(row[4*x+3])
			l := (299*r + 587*gg + 114*b + 500) / 1000
			if bg > 0 && a < 255 {
				l = (l*a + bg*(255-a) + 127) / 255
			}
			out[x] = byte(l)
		}
	}
}

// downscale returns g shrunk by the integer factor f (each pixel the mean
// of an f×f block).
func (g *gray) downscale(f int) *gray {
	w, h := g.w/f, g.h/f
	out := &gray{w: w, h: h, pix: make([]byte, w*h), scale: g.scale * float64(f)}
	sums := make([]int, w)
	for y := 0; y < h; y++ {
		clear(sums)
		for dy := 0; dy < f; dy++ {
			row := g.pix[(y*f+dy)*g.w:]
			for x := 0; x < w; x++ {
				for dx := 0; dx < f; dx++ {
					sums[x] += int(row[x*f+dx])
				}
			}
		}
		for x, s := range sums {
			out.pix[y*w+x] = byte(s / (f * f))
		}
	}
	back, ff := g.back, float64(f)
	out.back = func(x, y float64) (float64, float64) { return back(x*ff, y*ff) }
	return out
}

// rotate returns g turned clockwise by quarter quarter-turns (1, 2 or 3).
func (g *gray) rotate(quarter int) *gray {
	w, h := g.w, g.h
	out := &gray{w: w, h: h, pix: make([]byte, w*h), scale: g.scale}
	if quarter%2 == 1 {
		out.w, out.h = h, w
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch quarter {
			case 1:
				nx, ny = h-1-y, x
			case 2:
				nx, ny = w-1-x, h-1-y
			default:
				nx, ny = y, w-1-x
			}
			out.pix[ny*out.w+nx] = g.pix[y*w+x]
		}
	}
	back, fw, fh := g.back, float64(w), float64(h)
	out.back = func(x, y float64) (float64, float64) {
		switch quarter {
		case 1:
			return back(y, fh-1-x)
		case 2:
			return back(fw-1-x, fh-1-y)
		default:
			return back(fw-1-y, x)
		}
	}
	return out
}

// smoothStretch returns g smoothed by a 3×3 box filter (JPEG ringing,
// print halftones, sensor noise) with its contrast stretched between the
// 2nd and 98th percentiles, so that a faint or grey photo uses the whole
// range before binarisation.
func (g *gray) smoothStretch() *gray {
	w, h := g.w, g.h
	out := &gray{w: w, h: h, pix: make([]byte, w*h), scale: g.scale, back: g.back}
	var hist [256]int
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			s, n := 0, 0
			for dy := -1; dy <= 1; dy++ {
				yy := y + dy
				if yy < 0 || yy >= h {
					continue
				}
				for dx := -1; dx <= 1; dx++ {
					xx := x + dx
					if xx < 0 || xx >= w {
						continue
					}
					s += int(g.pix[yy*w+xx])
					n++
				}
			}
			v := byte(s / n)
			out.pix[y*w+x] = v
			hist[v]++
		}
	}
	lo, hi := percentile(&hist, w*h, 2), percentile(&hist, w*h, 98)
	if hi-lo < 8 {
		return out
	}
	var lut [256]byte
	for v := range lut {
		s := (v - lo) * 255 / (hi - lo)
		lut[v] = byte(min(255, max(0, s)))
	}
	for i, v := range out.pix {
		out.pix[i] = lut[v]
	}
	return out
}

// otsu returns g thresholded to black and white at Otsu's threshold.
func (g *gray) otsu() *gray {
	var hist [256]int
	for _, v := range g.pix {
		hist[v]++
	}
	total := len(g.pix)
	sum := 0
	for v, n := range hist {
		sum += v * n
	}
	var sumB, wB int
	best, threshold := -1.0, 128
	for t := 0; t < 256; t++ {
		wB += hist[t]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += t * hist[t]
		mB := float64(sumB) / float64(wB)
		mF := float64(sum-sumB) / float64(wF)
		between := float64(wB) * float64(wF) * (mB - mF) * (mB - mF)
		if between > best {
			best, threshold = between, t
		}
	}
	out := &gray{w: g.w, h: g.h, pix: make([]byte, len(g.pix)), scale: g.scale, back: g.back}
	for i, v := range g.pix {
		if int(v) > threshold {
			out.pix[i] = 255
		}
	}
	return out
}

// percentile returns the grey level below which p percent of n pixels lie.
func percentile(hist *[256]int, n, p int) int {
	target, acc := n*p/100, 0
	for v, c := range hist {
		acc += c
		if acc > target {
			return v
		}
	}
	return 255
}

// sharpen returns g with an unsharp mask: each pixel pushed away from the
// mean of its (2r+1)×(2r+1) neighbourhood, which restores some of the edges
// an out-of-focus camera smeared.
func (g *gray) sharpen(r int) *gray {
	w, h := g.w, g.h
	// integral image for box means
	sum := make([]int, (w+1)*(h+1))
	for y := 0; y < h; y++ {
		row := 0
		for x := 0; x < w; x++ {
			row += int(g.pix[y*w+x])
			sum[(y+1)*(w+1)+x+1] = sum[y*(w+1)+x+1] + row
		}
	}
	out := &gray{w: w, h: h, pix: make([]byte, w*h), scale: g.scale, back: g.back}
	for y := 0; y < h; y++ {
		y0, y1 := max(0, y-r), min(h, y+r+1)
		for x := 0; x < w; x++ {
			x0, x1 := max(0, x-r), min(w, x+r+1)
			s := sum[y1*(w+1)+x1] - sum[y0*(w+1)+x1] - sum[y1*(w+1)+x0] + sum[y0*(w+1)+x0]
			mean := s / ((y1 - y0) * (x1 - x0))
			v := int(g.pix[y*w+x])
			out.pix[y*w+x] = byte(min(255, max(0, v+2*(v-mean))))
		}
	}
	return out
}

// upscaleCrop returns window win of g enlarged f times with bilinear
// interpolation: codes whose modules are two or three pixels wide decode
// far better from the smoother, larger raster.
func (g *gray) upscaleCrop(win window, f int) *gray {
	w, h := win.w*f, win.h*f
	out := &gray{w: w, h: h, pix: make([]byte, w*h), scale: g.scale / float64(f)}
	ff := float64(f)
	at := func(x, y int) int {
		x = min(max(x, 0), win.w-1)
		y = min(max(y, 0), win.h-1)
		return int(g.pix[(win.top+y)*g.w+win.left+x])
	}
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)/ff - 0.5
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)/ff - 0.5
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			v := float64(at(x0, y0))*(1-fx)*(1-fy) + float64(at(x0+1, y0))*fx*(1-fy) +
				float64(at(x0, y0+1))*(1-fx)*fy + float64(at(x0+1, y0+1))*fx*fy
			out.pix[y*w+x] = byte(v + 0.5)
		}
	}
	back, left, top := g.back, float64(win.left), float64(win.top)
	out.back = func(x, y float64) (float64, float64) { return back(left+x/ff, top+y/ff) }
	return out
}
