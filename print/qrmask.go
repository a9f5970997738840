package print

import (
	"sync"

	"github.com/makiuchi-d/gozxing/qrcode/decoder"
)

// Finder-like patterns in the data area.
//
// ZXing-family decoders (ZXing, gozxing, many phone apps) find a code by its
// three finder patterns: runs of dark:light:dark:light:dark in the ratio
// 1:1:3:1:1 across and down. They stop scanning once three candidates of the
// same size are confirmed, so a finder-like pattern in the data area, met
// before the real bottom-left finder, makes the code unreadable although
// every module is right. skip2 chooses its mask by the standard penalty score,
// which does not rule such patterns out: about 1 code in 100 of our stamp URLs
// had one, and gozxing failed on exactly those, even on perfect renders.
//
// So after skip2 encodes a code, the printer looks for such patterns and, when
// it finds one, re-masks the data with another of the eight standard masks
// (rewriting the format information) and keeps the first mask without any.
// The decoded content is unchanged: a mask is undone by every decoder.

// maskFuncs are the eight QR data masks; i is the row, j the column. A module
// where the function is true is inverted.
var maskFuncs = [8]func(i, j int) bool{
	func(i, j int) bool { return (i+j)%2 == 0 },
	func(i, j int) bool { return i%2 == 0 },
	func(i, j int) bool { return j%3 == 0 },
	func(i, j int) bool { return (i+j)%3 == 0 },
	func(i, j int) bool { return (i/2+j/3)%2 == 0 },
	func(i, j int) bool { return (i*j)%6 == 0 },
	func(i, j int) bool { return (i*j)%6 < 3 },
	func(i, j int) bool { return (i+j+(i*j)%3)%2 == 0 },
}

// formatM holds the 15-bit format information for error correction level M
// and masks 0–7, as written in the symbol (BCH code, XOR 0x5412).
var formatM = [8]uint16{0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0}

// formatCells returns the two copies of the format information's cells,
// most significant bit first, as (row, column) pairs.
func formatCells(n int) (a, b [15][2]int) {
	k := 0
	for c := 0; c <= 5; c++ {
		a[k] = [2]int{8, c}
		k++
	}
	a[6], a[7], a[8] = [2]int{8, 7}, [2]int{8, 8}, [2]int{7, 8}
	k = 9
	for r := 5; r >= 0; r-- {
		a[k] = [2]int{r, 8}
		k++
	}
	k = 0
	for r := n - 1; r >= n-7; r-- {
		b[k] = [2]int{r, 8}
		k++
	}
	for c := n - 8; c < n; c++ {
		b[k] = [2]int{8, c}
		k++
	}
	return a, b
}

// functionModules marks the modules of a version that are not data: finder
// patterns with separators and format information, timing patterns,
// alignment patterns and version information (as ZXing builds it). It
// returns nil for an unknown version.
func functionModules(version int) [][]bool {
	v, err := decoder.Version_GetVersionForNumber(version)
	if err != nil {
		return nil
	}
	n := v.GetDimensionForVersion()
	f := make([][]bool, n)
	for i := range f {
		f[i] = make([]bool, n)
	}
	region := func(left, top, w, h int) {
		for r := top; r < top+h; r++ {
			for c := left; c < left+w; c++ {
				f[r][c] = true
			}
		}
	}
	region(0, 0, 9, 9)
	region(n-8, 0, 8, 9)
	region(0, n-8, 9, 8)
	centers := v.GetAlignmentPatternCenters()
	last := len(centers) - 1
	for x, cx := range centers {
		for y, cy := range centers {
			if (x == 0 && (y == 0 || y == last)) || (x == last && y == 0) {
				continue
			}
			region(cy-2, cx-2, 5, 5)
		}
	}
	region(6, 9, 1, n-17)
	region(9, 6, n-17, 1)
	if version > 6 {
		region(n-11, 0, 3, 6)
		region(0, n-11, 6, 3)
	}
	return f
}

// readMask returns the mask a level-M symbol was written with, or -1.
func readMask(bm [][]bool) int {
	a, _ := formatCells(len(bm))
	var got uint16
	for _, rc := range a {
		got <<= 1
		if bm[rc[0]][rc[1]] {
			got |= 1
		}
	}
	for m, f := range formatM {
		if f == got {
			return m
		}
	}
	return -1
}

// dataMasks holds, for one version, where each mask inverts a data module:
// masked[m][i*n+j] is true when mask m inverts the data module in row i,
// column j.
type dataMasks struct {
	n      int
	masked [8][]bool
}

var dataMasksCache sync.Map // version → *dataMasks

// dataMasksFor returns the data masks of a version, or nil for an unknown
// version.
func dataMasksFor(version int) *dataMasks {
	if d, ok := dataMasksCache.Load(version); ok {
		return d.(*dataMasks)
	}
	fn := functionModules(version)
	if fn == nil {
		return nil
	}
	n := len(fn)
	d := &dataMasks{n: n}
	for m, f := range maskFuncs {
		d.masked[m] = make([]bool, n*n)
		for i := range n {
			for j := range n {
				d.masked[m][i*n+j] = !fn[i][j] && f(i, j)
			}
		}
	}
	dataMasksCache.Store(version, d)
	return d
}

// remask rewrites bm (a level-M symbol written with mask from) to mask to,
// in place.
func remask(bm [][]bool, d *dataMasks, from, to int) {
	for i, row := range bm {
		a, b := d.masked[from][i*d.n:(i+1)*d.n], d.masked[to][i*d.n:(i+1)*d.n]
		for j := range row {
			if a[j] != b[j] {
				row[j] = !row[j]
			}
		}
	}
	a, b := formatCells(len(bm))
	for k := 0; k < 15; k++ {
		bit := formatM[to]>>(14-k)&1 == 1
		bm[a[k][0]][a[k][1]] = bit
		bm[b[k][0]][b[k][1]] = bit
	}
}

// avoidFalseFinders re-masks bm when its data area holds a finder-like
// pattern, keeping the mask whose false candidates score lowest (see
// finderScore); it stops at the first mask with none. It leaves bm alone when
// its mask cannot be read (not level M) or its version is unknown.
func avoidFalseFinders(bm [][]bool, version int) {
	sc := newFinderScan(bm)
	best := sc.score()
	if best.zero() {
		return
	}
	cur := readMask(bm)
	d := dataMasksFor(version)
	if cur < 0 || d == nil || d.n != len(bm) {
		return
	}
	bestMask, from := cur, cur
	for m := range maskFuncs {
		if m == from {
			continue
		}
		remask(bm, d, cur, m)
		cur = m
		sc.load(bm)
		if s := sc.score(); s.less(best) {
			best, bestMask = s, m
			if s.zero() {
				return
			}
		}
	}
	remask(bm, d, cur, bestMask)
}

// finderScore counts the false finder candidates of a symbol: those that
// pass all of ZXing's tests on the module grid, and those that pass all but
// the diagonal check (which depends on where the pixels fall within the
// modules). The first weighs more.
type finderScore struct{ diagonal, all int }

func (s finderScore) zero() bool { return s.all == 0 }

func (s finderScore) less(t finderScore) bool {
	return s.diagonal < t.diagonal || (s.diagonal == t.diagonal && s.all < t.all)
}

// finderScan looks for false finder candidates the way ZXing's finder search
// accepts them, worked out on the module grid: a dark:light:dark:light:dark
// run pattern in the 1:1:3:1:1 tolerance across a row, confirmed down the
// column through its centre and again across the row through the vertical
// centre, with ZXing's limits on run lengths and on how far the totals may
// differ; where a centre falls between two modules both are tried. It scans
// rows, and columns (the code may be printed turned). Candidates inside the
// three real finder patterns do not count. Beyond the symbol lies its quiet
// zone.
type finderScan struct {
	n          int
	rows, cols [][]bool
	lens       []int // scratch for lineRuns
	starts     []int
}

func newFinderScan(bm [][]bool) *finderScan {
	n := len(bm)
	sc := &finderScan{n: n, rows: bm, cols: make([][]bool, n)}
	cells := make([]bool, n*n)
	for i := range sc.cols {
		sc.cols[i] = cells[i*n : (i+1)*n : (i+1)*n]
	}
	sc.load(bm)
	return sc
}

// load refreshes the column copy after bm changed.
func (sc *finderScan) load(bm [][]bool) {
	for r, row := range bm {
		for c, v := range row {
			sc.cols[c][r] = v
		}
	}
}

func (sc *finderScan) score() finderScore {
	d1, a1 := sc.across(sc.rows, sc.cols, false)
	d2, a2 := sc.across(sc.cols, sc.rows, true)
	return finderScore{diagonal: d1 + d2, all: a1 + a2}
}

// across scans lines (rows, or columns when turned) and confirms candidates
// along the crossing lines; it returns the candidates that also pass the
// diagonal check and all candidates.
func (sc *finderScan) across(lines, cross [][]bool, turned bool) (diag, all int) {
	for r, line := range lines {
		// Run lengths; runs alternate in colour, starting with the first
		// module's. A finder-like window is dark:light:dark:light:dark
		// around a dark middle run k, which must be at least 2 modules and
		// longer than each of the other four to pass the ratio test.
		n := lineRuns(line, &sc.lens, &sc.starts)
		lens := sc.lens[:n]
		k0 := 2
		if !line[0] {
			k0 = 3
		}
		for k := k0; k+2 < n; k += 2 {
			core := lens[k]
			if core < 2 || core <= lens[k-1] || core <= lens[k+1] || core <= lens[k-2] || core <= lens[k+2] {
				continue
			}
			w := [5]int{lens[k-2], lens[k-1], core, lens[k+1], lens[k+2]}
			if !crossRatio(w) {
				continue
			}
			total := w[0] + w[1] + w[2] + w[3] + w[4]
			found, diagonal := false, false
			c0, c1 := middles(sc.starts[k], core)
			for c := c0; c <= c1; c++ {
				v, top, ok := crossCheck(cross[c], r, core, total, 2)
				if !ok {
					continue
				}
				r0, r1 := middles(top, v)
				for rr := r0; rr <= r1; rr++ {
					if _, _, ok := crossCheck(lines[rr], c, core, total, 1); !ok {
						continue
					}
					row, col := rr, c
					if turned {
						row, col = c, rr
					}
					if inFinder(row, col, sc.n) {
						continue
					}
					found = true
					diagonal = diagonal || diagonalCheck(sc.rows, row, col)
				}
			}
			if found {
				all++
			}
			if diagonal {
				diag++
			}
		}
	}
	return diag, all
}

// lineRuns stores the lengths and first modules of the runs of line in
// lens and starts (grown as needed) and returns how many there are.
func lineRuns(line []bool, lens, starts *[]int) int {
	if cap(*lens) < len(line) {
		*lens, *starts = make([]int, len(line)), make([]int, len(line))
	}
	l, st := (*lens)[:len(line)], (*starts)[:len(line)]
	n := 0
	for c := 0; c < len(line); {
		s := c
		v := line[c]
		for c < len(line) && line[c] == v {
			c++
		}
		l[n], st[n] = c-s, s
		n++
	}
	return n
}

// middles returns the first and last module at the centre of a run of n
// from start: one module for an odd run, two for an even one.
func middles(start, n int) (int, int) {
	if n%2 == 1 {
		return start + n/2, start + n/2
	}
	return start + n/2 - 1, start + n/2
}

// crossCheck follows ZXing's CrossCheckVertical / CrossCheckHorizontal along
// line from the dark module at p. It returns the length and first module of
// the middle run when the five runs pass: outer runs shorter than maxCount,
// total within slackTotal/5 of total, and the 1:1:3:1:1 ratio.
func crossCheck(line []bool, p, maxCount, total, slackTotal int) (core, first int, ok bool) {
	n := len(line)
	var s [5]int
	i := p
	for i >= 0 && line[i] {
		s[2]++
		i--
	}
	first = i + 1
	for i >= 0 && !line[i] && s[1] <= maxCount {
		s[1]++
		i--
	}
	if i < 0 || s[1] > maxCount {
		return 0, 0, false
	}
	for i >= 0 && line[i] && s[0] <= maxCount {
		s[0]++
		i--
	}
	if s[0] > maxCount {
		return 0, 0, false
	}
	i = p + 1
	for i < n && line[i] {
		s[2]++
		i++
	}
	for i < n && !line[i] && s[3] < maxCount {
		s[3]++
		i++
	}
	if i >= n || s[3] >= maxCount {
		return 0, 0, false
	}
	for i < n && line[i] && s[4] < maxCount {
		s[4]++
		i++
	}
	if s[4] >= maxCount {
		return 0, 0, false
	}
	t := s[0] + s[1] + s[2] + s[3] + s[4]
	if d := t - total; 5*max(d, -d) >= slackTotal*total || !crossRatio(s) {
		return 0, 0, false
	}
	return s[2], first, true
}

// diagonalCheck follows ZXing's crossCheckDiagonal from the dark module
// (r, c) towards the top left and the bottom right; beyond the symbol lies
// the quiet zone, then the unknown.
func diagonalCheck(bm [][]bool, r, c int) bool {
	n := len(bm)
	at := func(k int) (dark, inside bool) {
		i, j := r+k, c+k
		if i < -QuietModules || j < -QuietModules || i >= n+QuietModules || j >= n+QuietModules {
			return false, false
		}
		if i < 0 || j < 0 || i >= n || j >= n {
			return false, true
		}
		return bm[i][j], true
	}
	var s [5]int
	k := 0
	for _, st := range [3]struct {
		idx  int
		dark bool
	}{{2, true}, {1, false}, {0, true}} {
		for {
			d, in := at(-k)
			if !in || d != st.dark {
				break
			}
			s[st.idx]++
			k++
		}
		if s[st.idx] == 0 {
			return false
		}
	}
	k = 1
	for _, st := range [3]struct {
		idx  int
		dark bool
	}{{2, true}, {3, false}, {4, true}} {
		for {
			d, in := at(k)
			if !in || d != st.dark {
				break
			}
			s[st.idx]++
			k++
		}
		if st.idx != 2 && s[st.idx] == 0 {
			return false
		}
	}
	return diagonalRatio(s)
}

// crossRatio is ZXing's foundPatternCross on run lengths in modules: each
// outer run within half a module size (ms = total/7) of ms, the middle one
// within 1.5 ms of 3 ms; in integers, 2|total − 7s| < total and
// 2|3 total − 7 s₂| < 3 total. (ZXing also wants at least 7 pixels in all;
// any scan has more.)
func crossRatio(s [5]int) bool {
	t := s[0] + s[1] + s[2] + s[3] + s[4]
	return s[0] > 0 && s[1] > 0 && s[2] > 0 && s[3] > 0 && s[4] > 0 &&
		2*abs(t-7*s[0]) < t && 2*abs(t-7*s[1]) < t && 2*abs(3*t-7*s[2]) < 3*t &&
		2*abs(t-7*s[3]) < t && 2*abs(t-7*s[4]) < t
}

// diagonalRatio is foundPatternDiagonal: tolerance ms/1.333, taken as
// 3/4 ms.
func diagonalRatio(s [5]int) bool {
	t := s[0] + s[1] + s[2] + s[3] + s[4]
	return s[0] > 0 && s[1] > 0 && s[2] > 0 && s[3] > 0 && s[4] > 0 &&
		4*abs(t-7*s[0]) < 3*t && 4*abs(t-7*s[1]) < 3*t && 4*abs(3*t-7*s[2]) < 9*t &&
		4*abs(t-7*s[3]) < 3*t && 4*abs(t-7*s[4]) < 3*t
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// inFinder reports whether (r, c) lies in one of the three finder patterns.
func inFinder(r, c, n int) bool {
	return (r < 7 && c < 7) || (r < 7 && c >= n-7) || (r >= n-7 && c < 7)
}
