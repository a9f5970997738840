package qrimage

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// ErrTooComplex is returned when an image needs more work than its Limits
// allow: more finder pattern candidates or grid samplings than allowed, or
// more time than Limits.Timeout. A hostile image (a few kilobytes tiled
// with fake finder patterns) gives it instead of keeping a core busy for
// minutes.
var ErrTooComplex = errors.New("image too complex to decode")

// Default work limits of one image (see Limits). A 300-dpi sheet of 65
// labels finds about 200 finder patterns per pass and samples about one
// grid per label; the limits leave a wide margin above that.
const (
	DefaultMaxCandidates = 4096
	DefaultMaxGrids      = 4096
)

// singleReaderCandidates is the most finder pattern candidates a pass may
// have for gozxing's single-code reader to be tried: its grouping tries
// every triple of candidates (n³/6 of them).
const singleReaderCandidates = 96

// Limits bound the work DecodeContext does on one image. Zero fields take
// the defaults; Timeout 0 means no time limit (the work limits still hold).
type Limits struct {
	// Timeout bounds the decoding of one image, wall clock. The caller
	// sets it: `ocopstamp verify` uses 5 s (--image-timeout).
	Timeout time.Duration
	// MaxCandidates bounds the finder pattern candidates of one pass over
	// one raster (default DefaultMaxCandidates).
	MaxCandidates int
	// MaxGrids bounds the grid samplings (and window passes) over all the
	// passes and fallbacks of one image (default DefaultMaxGrids).
	MaxGrids int
}

// budget is the work left for one image, shared by the goroutines that
// decode it. Every loop that can run long asks it whether to go on.
type budget struct {
	ctx      context.Context
	maxCand  int
	maxGrids int
	grids    atomic.Int64 // samplings left

	err atomic.Pointer[error] // why the work ended early; the first reason wins
}

func newBudget(ctx context.Context, lim Limits) *budget {
	b := &budget{ctx: ctx, maxCand: lim.MaxCandidates, maxGrids: lim.MaxGrids}
	if b.maxCand <= 0 {
		b.maxCand = DefaultMaxCandidates
	}
	if b.maxGrids <= 0 {
		b.maxGrids = DefaultMaxGrids
	}
	b.grids.Store(int64(b.maxGrids))
	return b
}

// spend records why the budget is spent; the first reason wins.
func (b *budget) spend(err error) {
	b.err.CompareAndSwap(nil, &err)
}

// stop reports whether the work must end: the budget is spent or the
// context is done.
func (b *budget) stop() bool {
	if b.failed() != nil {
		return true
	}
	if err := b.ctx.Err(); err != nil {
		b.spend(err)
		return true
	}
	return false
}

// failed returns why the work ended early, or nil.
func (b *budget) failed() error {
	if p := b.err.Load(); p != nil {
		return *p
	}
	return nil
}

// grid takes one grid sampling from the budget; false means stop.
func (b *budget) grid() bool {
	if b.stop() {
		return false
	}
	if b.grids.Add(-1) < 0 {
		b.spend(fmt.Errorf("%w: more than %d grid samplings", ErrTooComplex, b.maxGrids))
		return false
	}
	return true
}

// candidates checks the finder pattern candidates of one pass; false
// means stop.
func (b *budget) candidates(n int) bool {
	if n > b.maxCand {
		b.spend(fmt.Errorf("%w: more than %d finder pattern candidates", ErrTooComplex, b.maxCand))
		return false
	}
	return true
}
