package qrimage

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"sort"
	"sync"
)

// Decode returns every QR code in img, each occurrence once, in reading
// order (rows top to bottom, left to right in a row). The same text found
// at two places of the image is two occurrences (two copies of one label).
// It never fails: an image without a readable code gives none.
//
// The whole image is read first (see the package comment); only when that
// finds nothing are the fallbacks tried, in order, until one finds a code:
// the image halved and quartered (blurred or very large photos), a global
// threshold, smoothing with a contrast stretch, the same with Otsu's
// threshold, and quarter turns.
//
// Decode works within the default Limits and no time limit; an image that
// needs more (see ErrTooComplex) gives no code. Use DecodeContext to set
// the limits and learn why nothing was found.
func Decode(img image.Image) []Code {
	codes, _ := DecodeContext(context.Background(), img, Limits{})
	return codes
}

// DecodeContext is Decode within lim, checking ctx often. It fails with an
// error matching ErrTooComplex when the image needs more work than lim
// allows (including more time than lim.Timeout), and with ctx.Err() when
// ctx ends first; it then returns no code, since the image was not read
// whole.
func DecodeContext(ctx context.Context, img image.Image, lim Limits) ([]Code, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, nil
	}
	parent := ctx
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
	}
	b := newBudget(ctx, lim)
	failed := func() error {
		err := b.failed()
		if errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
			err = fmt.Errorf("%w: not decoded within %v", ErrTooComplex, lim.Timeout)
		}
		return err
	}
	g := toGray(img)
	if codes := attempt(g, false, b); len(codes) > 0 || b.stop() {
		if err := failed(); err != nil {
			return nil, err
		}
		return codes, nil
	}
	for _, v := range fallbacks(g) {
		if b.stop() {
			break
		}
		if codes := attempt(v.make(), v.global, b); len(codes) > 0 && b.failed() == nil {
			return codes, nil
		}
	}
	return nil, failed()
}

// fallback is one more way to look at an image in which nothing decoded.
type fallback struct {
	make   func() *gray
	global bool // use the global-histogram binarizer
}

// fallbackSide bounds the long side of the raster the costlier fallbacks
// work on.
const fallbackSide = 2000

func fallbacks(g *gray) []fallback {
	var fs []fallback
	short := min(g.w, g.h)
	if short >= 600 {
		fs = append(fs, fallback{make: func() *gray { return g.downscale(2) }})
	}
	if short >= 1200 {
		fs = append(fs, fallback{make: func() *gray { return g.downscale(4) }})
	}
	var once sync.Once
	var small *gray
	base := func() *gray {
		once.Do(func() {
			small = g
			if f := int(math.Ceil(float64(max(g.w, g.h)) / fallbackSide)); f > 1 {
				small = g.downscale(f)
			}
		})
		return small
	}
	var stretchOnce sync.Once
	var stretched *gray
	smooth := func() *gray {
		stretchOnce.Do(func() { stretched = base().smoothStretch() })
		return stretched
	}
	fs = append(fs,
		fallback{make: base, global: true},
		fallback{make: smooth},
		fallback{make: func() *gray { return smooth().otsu() }},
		fallback{make: func() *gray { return base().sharpen(3) }},
		fallback{make: func() *gray { return base().sharpen(6) }},
	)
	for q := 1; q <= 3; q++ {
		fs = append(fs, fallback{make: func() *gray { return base().rotate(q) }})
	}
	return fs
}

// attempt reads the whole of g, then windows around the finder patterns
// that no decoded code accounts for (codes the multi-code detector missed:
// on a full sheet it pairs finder patterns of neighbouring labels).
func attempt(g *gray, global bool, b *budget) []Code {
	r := newReader(b)
	res := r.scan(g, window{left: 0, top: 0, w: g.w, h: g.h}, global)
	codes := dedupe(res.codes)
	if missed := unexplained(res.centres, codes); len(missed) > 0 && !b.stop() {
		more := scanWindows(g, coverWindows(g, missed), global, b)
		codes = dedupe(append(codes, more...))
	}
	for i := range codes {
		x, y := g.back(float64(codes[i].X), float64(codes[i].Y))
		codes[i].X, codes[i].Y = int(math.Round(x)), int(math.Round(y))
		codes[i].Size = int(math.Round(float64(codes[i].Size) * g.scale))
	}
	return readingOrder(codes)
}

// symbolModules is the side of a stamp code's QR symbol in modules
// (version 7); reach is how far, in modules, the rest of a symbol can lie
// from one of its finder pattern centres, quiet zone included.
const (
	symbolModules = 45
	reach         = symbolModules - 3.5 + 4
)

// unexplained returns the finder pattern centres that lie in no decoded
// code (both in the pixels of one raster).
func unexplained(cs []centre, codes []Code) []centre {
	var out []centre
	for _, c := range cs {
		inside := false
		for _, k := range codes {
			half := float64(k.Size)/2 + 2*c.module
			if math.Abs(c.x-float64(k.X)) <= half && math.Abs(c.y-float64(k.Y)) <= half {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, c)
		}
	}
	return out
}

// coverWindows returns windows of g (in g's pixels) such that the symbol of
// each missed finder pattern, whichever corner it is, lies wholly inside
// one of them: a square reaching `reach` modules from the centre. A centre
// already well inside an earlier window gets none of its own.
func coverWindows(g *gray, missed []centre) []window {
	sort.Slice(missed, func(i, j int) bool {
		if missed[i].y != missed[j].y {
			return missed[i].y < missed[j].y
		}
		return missed[i].x < missed[j].x
	})
	var wins []window
	var inner []window // the part of each window whose symbols it holds whole
	for _, c := range missed {
		x, y, m := c.x, c.y, c.module
		covered := false
		for _, in := range inner {
			if x >= float64(in.left) && x <= float64(in.left+in.w) && y >= float64(in.top) && y <= float64(in.top+in.h) {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		half := reach * m
		w := clampWindow(g, x-half, y-half, x+half, y+half)
		if w.w < 21 || w.h < 21 {
			continue
		}
		w.module = m
		wins = append(wins, w)
		// A centre further than `reach` modules from every edge of w has
		// its whole symbol in w.
		in := clampWindow(g, float64(w.left)+half, float64(w.top)+half, float64(w.left+w.w)-half, float64(w.top+w.h)-half)
		inner = append(inner, in)
	}
	return wins
}

func clampWindow(g *gray, x0, y0, x1, y1 float64) window {
	l, t := max(0, int(math.Floor(x0))), max(0, int(math.Floor(y0)))
	r, b := min(g.w, int(math.Ceil(x1))), min(g.h, int(math.Ceil(y1)))
	return window{left: l, top: t, w: max(0, r-l), h: max(0, b-t)}
}

// scanWindows decodes the windows of g on all cores and returns every code
// found. Each window takes a grid sampling from b; the rest are skipped once
// b is spent.
func scanWindows(g *gray, wins []window, global bool, b *budget) []Code {
	workers := min(runtime.GOMAXPROCS(0), len(wins))
	next := make(chan window)
	var mu sync.Mutex
	var out []Code
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newReader(b)
			for w := range next {
				if !b.grid() {
					continue
				}
				codes := r.scanWindow(g, w, global)
				mu.Lock()
				out = append(out, codes...)
				mu.Unlock()
			}
		}()
	}
	for _, w := range wins {
		next <- w
	}
	close(next)
	wg.Wait()
	return out
}

// smallModule is the module size (pixels) below which a window is enlarged
// before it is decoded.
const smallModule = 3.5

// scanWindow decodes window w of g and returns the codes in g's pixels. A
// window of small modules is enlarged first (see upscaleCrop).
func (r *reader) scanWindow(g *gray, w window, global bool) []Code {
	if w.module <= 0 || w.module >= smallModule {
		return r.scan(g, w, global).codes
	}
	f := int(math.Ceil(smallModule / w.module))
	f = min(f, 4)
	u := g.upscaleCrop(w, f)
	codes := r.scan(u, window{left: 0, top: 0, w: u.w, h: u.h}, global).codes
	for i := range codes {
		codes[i].X = w.left + int(math.Round(float64(codes[i].X)/float64(f)))
		codes[i].Y = w.top + int(math.Round(float64(codes[i].Y)/float64(f)))
		codes[i].Size = int(math.Round(float64(codes[i].Size) / float64(f)))
	}
	return codes
}

// dedupe keeps one Code per occurrence: the same text with centres closer
// than half a symbol is one code seen twice.
func dedupe(codes []Code) []Code {
	var out []Code
	for _, c := range codes {
		dup := false
		for _, k := range out {
			if k.Text == c.Text && math.Hypot(float64(k.X-c.X), float64(k.Y-c.Y)) < float64(max(k.Size, c.Size))/2 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// readingOrder sorts codes into rows (centres less than half a symbol
// apart vertically) from the top, and each row from the left.
func readingOrder(codes []Code) []Code {
	sort.Slice(codes, func(i, j int) bool { return codes[i].Y < codes[j].Y })
	for start := 0; start < len(codes); {
		end := start + 1
		for end < len(codes) && codes[end].Y-codes[start].Y < max(codes[start].Size/2, 1) {
			end++
		}
		row := codes[start:end]
		sort.SliceStable(row, func(i, j int) bool { return row[i].X < row[j].X })
		start = end
	}
	return codes
}
