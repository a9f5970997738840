package qrimage

import (
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	qdetector "github.com/makiuchi-d/gozxing/qrcode/detector"
)

// tryHarder asks gozxing to look at every row and for codes of any density.
var tryHarder = map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}

// reader decodes QR codes in windows of gray rasters. It is not safe for
// concurrent use: each goroutine has its own.
type reader struct {
	dec    *decoder.Decoder
	single gozxing.Reader
	b      *budget // shared by every reader of one image
}

func newReader(b *budget) *reader {
	return &reader{dec: decoder.NewDecoder(), single: qrcode.NewQRCodeReader(), b: b}
}

// centre is a confirmed finder pattern (seen on at least two rows), in the
// pixels of the raster scanned, with its module size there.
type centre struct{ x, y, module float64 }

// found is what one pass over a window found.
type found struct {
	codes   []Code
	centres []centre
}

// window is a rectangle of a raster, in its pixels, with the module size
// of the code expected in it (0: unknown).
type window struct {
	left, top, w, h int
	module          float64
}

// scan decodes every code it can find in window win of g with the
// multi-code detector, and returns them with the finder patterns it saw, in
// g's pixels (not the original image's). When the multi-code detector decodes nothing
// the single-code reader, which groups finder patterns differently, has a
// try. global selects the global-histogram binarizer instead of the hybrid
// one. A panic inside the decoder (hostile input) ends the pass with what it
// found so far; so does a spent budget (r.b says why).
func (r *reader) scan(g *gray, win window, global bool) (res found) {
	defer func() {
		if recover() != nil {
			r.single = qrcode.NewQRCodeReader()
			r.dec = decoder.NewDecoder()
		}
	}()
	src, err := gozxing.NewPlanarYUVLuminanceSource(g.pix, g.w, g.h, win.left, win.top, win.w, win.h, false)
	if err != nil {
		return res
	}
	var bin gozxing.Binarizer
	if global {
		bin = gozxing.NewGlobalHistgramBinarizer(src)
	} else {
		bin = gozxing.NewHybridBinarizer(src)
	}
	bmp, err := gozxing.NewBinaryBitmap(bin)
	if err != nil {
		return res
	}
	matrix, err := bmp.GetBlackMatrix()
	if err != nil || r.b.stop() {
		return res
	}
	centres := findCentres(matrix, r.b)
	if r.b.stop() {
		return res
	}
	for _, c := range centres {
		if c.GetCount() < qdetector.FinderPatternFinder_CENTER_QUORUM {
			continue
		}
		res.centres = append(res.centres, centre{c.GetX() + float64(win.left), c.GetY() + float64(win.top), c.GetEstimatedModuleSize()})
	}
	// Each finder pattern belongs to one symbol. Triples come tightest
	// first (on a sheet the false ones pair patterns of neighbouring labels
	// and span more modules); skip every triple that reuses a pattern of a
	// decoded symbol: on a 65-label sheet this leaves about one grid
	// sampling per label.
	infos := groupCentres(centres, r.b)
	used := map[*qdetector.FinderPattern]bool{}
	det := qdetector.NewDetector(matrix)
	for _, info := range infos {
		bl, tl, tr := info.GetBottomLeft(), info.GetTopLeft(), info.GetTopRight()
		if used[bl] || used[tl] || used[tr] {
			continue
		}
		if !r.b.grid() {
			return res
		}
		dr, err := det.ProcessFinderPatternInfo(info)
		if err != nil {
			continue
		}
		d, err := r.dec.Decode(dr.GetBits(), tryHarder)
		if err != nil {
			continue
		}
		used[bl], used[tl], used[tr] = true, true, true
		res.codes = append(res.codes, g.code(win, d.GetText(), dr.GetPoints(), dr.GetBits().GetWidth()))
	}
	// The single-code reader tries every triple of the candidates it finds:
	// only for few of them.
	if len(res.codes) == 0 && len(centres) <= singleReaderCandidates && r.b.grid() {
		if rr, err := r.single.Decode(bmp, tryHarder); err == nil && len(rr.GetResultPoints()) >= 3 {
			res.codes = append(res.codes, g.code(win, rr.GetText(), rr.GetResultPoints(), 0))
		}
	}
	return res
}

// span is the size of a finder pattern triple in modules.
func span(info *qdetector.FinderPatternInfo) float64 {
	bl, tl, tr := info.GetBottomLeft(), info.GetTopLeft(), info.GetTopRight()
	m := (bl.GetEstimatedModuleSize() + tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize()) / 3
	return (gozxing.ResultPoint_Distance(tl, tr) + gozxing.ResultPoint_Distance(tl, bl)) / m
}

// code builds a Code from the finder pattern centres pts (bottom left, top
// left, top right) of a symbol of dim modules (0: unknown) found in window
// win of g, in g's pixels.
func (g *gray) code(win window, text string, pts []gozxing.ResultPoint, dim int) Code {
	var p [3][2]float64
	for i := range p {
		p[i][0], p[i][1] = pts[i].GetX()+float64(win.left), pts[i].GetY()+float64(win.top)
	}
	bl, tl, tr := p[0], p[1], p[2]
	span := (math.Hypot(tr[0]-tl[0], tr[1]-tl[1]) + math.Hypot(bl[0]-tl[0], bl[1]-tl[1])) / 2
	ratio := 45.0 / 38 // a version-7 stamp code: finder centres are 38 of 45 modules apart
	if dim > 7 {
		ratio = float64(dim) / float64(dim-7)
	}
	return Code{
		Text: text,
		X:    int(math.Round((bl[0] + tr[0]) / 2)),
		Y:    int(math.Round((bl[1] + tr[1]) / 2)),
		Size: int(math.Round(span * ratio)),
	}
}
