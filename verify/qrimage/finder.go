package qrimage

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	qdetector "github.com/makiuchi-d/gozxing/qrcode/detector"
)

// findCentres returns every finder pattern in matrix. It is the row scan of
// gozxing's MultiFinderPatternFinder.FindMulti with TRY_HARDER (every third
// row), without its grouping of the patterns into symbols, which tries
// every triple of patterns: on a 65-label sheet (195 patterns) that is 1.2
// million triples and most of the decoding time. groupCentres does the
// grouping instead. It stops early, with what it found, when b is spent
// (too many candidates: each new one costs a pass over the others).
func findCentres(matrix *gozxing.BitMatrix, b *budget) []*qdetector.FinderPattern {
	f := qdetector.NewFinderPatternFinder(matrix, nil)
	maxI, maxJ := matrix.GetHeight(), matrix.GetWidth()
	state := make([]int, 5)
	for i := qdetector.FinderPatternFinder_MIN_SKIP - 1; i < maxI; i += qdetector.FinderPatternFinder_MIN_SKIP {
		if !b.candidates(len(f.GetPossibleCenters())) || b.stop() {
			break
		}
		qdetector.FinderPatternFinder_doClearCounts(state)
		current := 0
		for j := 0; j < maxJ; j++ {
			if matrix.Get(j, i) { // black
				if current&1 == 1 {
					current++
				}
				state[current]++
				continue
			}
			if current&1 == 1 { // white while counting white
				state[current]++
				continue
			}
			if current != 4 {
				current++
				state[current]++
				continue
			}
			if qdetector.FinderPatternFinder_foundPatternCross(state) && f.HandlePossibleCenter(state, i, j) {
				current = 0
				qdetector.FinderPatternFinder_doClearCounts(state)
			} else {
				qdetector.FinderPatternFinder_doShiftCounts2(state)
				current = 3
			}
		}
		if qdetector.FinderPatternFinder_foundPatternCross(state) {
			f.HandlePossibleCenter(state, i, maxJ)
		}
	}
	return f.GetPossibleCenters()
}

// neighbours is how many of the nearest compatible patterns of each
// pattern groupCentres pairs it with. A symbol's other two patterns are
// 1 and 1.41 symbol widths away; on a sheet a neighbouring label's are
// rarely nearer than one label pitch, so 12 leaves a wide margin.
const neighbours = 12

// groupCentres returns the triples of finder patterns that could be the
// three corners of one symbol, by the tests gozxing's multi finder applies
// (similar module sizes, 9 to 180 modules apart, an isosceles right
// triangle within 10%), trying only each pattern's nearest compatible
// neighbours. Triples come tightest first (fewest modules across). It stops
// early when b is spent.
func groupCentres(ps []*qdetector.FinderPattern, b *budget) []*qdetector.FinderPatternInfo {
	type near struct {
		p *qdetector.FinderPattern
		d float64
	}
	seen := map[[3]*qdetector.FinderPattern]bool{}
	var out []*qdetector.FinderPatternInfo
	var spans []float64
	cand := make([]near, 0, len(ps))
	for n, p := range ps {
		if n%64 == 0 && b.stop() {
			break
		}
		cand = cand[:0]
		for _, q := range ps {
			if q == p || !similarModules(p, q) {
				continue
			}
			d := gozxing.ResultPoint_Distance(p, q)
			if m := d / p.GetEstimatedModuleSize(); m < 9/math.Sqrt2 || m > 180*math.Sqrt2 {
				continue
			}
			cand = append(cand, near{q, d})
		}
		sort.Slice(cand, func(i, j int) bool { return cand[i].d < cand[j].d })
		if len(cand) > neighbours {
			cand = cand[:neighbours]
		}
		for i := range cand {
			for j := i + 1; j < len(cand); j++ {
				q, r := cand[i].p, cand[j].p
				if !similarModules(q, r) {
					continue
				}
				key := sortedTriple(p, q, r)
				if seen[key] {
					continue
				}
				seen[key] = true
				if info, span, ok := symbolTriple(p, q, r); ok {
					out = append(out, info)
					spans = append(spans, span)
				}
			}
		}
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return spans[idx[a]] < spans[idx[b]] })
	sorted := make([]*qdetector.FinderPatternInfo, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted
}

// similarModules is gozxing's test that two patterns may belong to one
// symbol: module sizes within half a pixel or 5%.
func similarModules(a, b *qdetector.FinderPattern) bool {
	ma, mb := a.GetEstimatedModuleSize(), b.GetEstimatedModuleSize()
	return math.Abs(ma-mb) <= 0.5 || math.Abs(ma-mb)/math.Min(ma, mb) < 0.05
}

func sortedTriple(a, b, c *qdetector.FinderPattern) [3]*qdetector.FinderPattern {
	t := [3]*qdetector.FinderPattern{a, b, c}
	less := func(x, y *qdetector.FinderPattern) bool {
		if x.GetX() != y.GetX() {
			return x.GetX() < y.GetX()
		}
		return x.GetY() < y.GetY()
	}
	sort.Slice(t[:], func(i, j int) bool { return less(t[i], t[j]) })
	return t
}

// symbolTriple orders three patterns as bottom left, top left, top right
// and applies gozxing's geometric tests; span is the size in modules.
func symbolTriple(p, q, r *qdetector.FinderPattern) (*qdetector.FinderPatternInfo, float64, bool) {
	bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(p, q, r)
	info := qdetector.NewFinderPatternInfo(bl.(*qdetector.FinderPattern), tl.(*qdetector.FinderPattern), tr.(*qdetector.FinderPattern))
	dA := gozxing.ResultPoint_Distance(info.GetTopLeft(), info.GetBottomLeft())
	dC := gozxing.ResultPoint_Distance(info.GetTopRight(), info.GetBottomLeft())
	dB := gozxing.ResultPoint_Distance(info.GetTopLeft(), info.GetTopRight())
	module := (p.GetEstimatedModuleSize() + q.GetEstimatedModuleSize() + r.GetEstimatedModuleSize()) / 3
	count := (dA + dB) / (2 * module)
	if count > 180 || count < 9 {
		return nil, 0, false
	}
	if math.Abs((dA-dB)/math.Min(dA, dB)) >= 0.1 {
		return nil, 0, false
	}
	diag := math.Sqrt(dA*dA + dB*dB)
	if math.Abs((dC-diag)/math.Min(dC, diag)) >= 0.1 {
		return nil, 0, false
	}
	return info, 2 * count, true
}
