package print

import (
	"sync"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// pageCodes holds the drawing operators of the codes of one sheet.
type pageCodes struct {
	ops []byte
	n   int // codes
	err error
}

// placeFunc appends to buf the operators that draw the code with modules bm
// as the i-th label of a sheet. It must be safe for concurrent use.
type placeFunc func(buf []byte, i int, bm [][]bool) []byte

// opsPerLabel is about the size of one code's drawing operators.
const opsPerLabel = 7 << 10

// encoder encodes the QR codes of a job a sheet at a time on several
// goroutines and hands the sheets back in order. Each goroutine builds its own
// skip2 QRCode values; none is shared.
type encoder struct {
	order chan chan pageCodes
	done  chan struct{}
	wg    sync.WaitGroup
}

type pageJob struct {
	stamps []stamp.Stamp
	out    chan pageCodes
}

// startEncoder starts encoding stamps, perPage at a time, under baseURL at QR
// version version, on workers goroutines, and placing them on their sheet
// with place. Call next for each sheet in order and stop when done.
func startEncoder(stamps []stamp.Stamp, perPage int, baseURL string, version, workers int, place placeFunc) *encoder {
	e := &encoder{order: make(chan chan pageCodes, 2*workers), done: make(chan struct{})}
	work := make(chan pageJob)
	e.wg.Add(1 + workers)
	go func() {
		defer e.wg.Done()
		defer close(work)
		defer close(e.order)
		for start := 0; start < len(stamps); start += perPage {
			j := pageJob{stamps: stamps[start:min(start+perPage, len(stamps))], out: make(chan pageCodes, 1)}
			select {
			case e.order <- j.out:
			case <-e.done:
				return
			}
			select {
			case work <- j:
			case <-e.done:
				return
			}
		}
	}()
	for range workers {
		go func() {
			defer e.wg.Done()
			for j := range work {
				pc := pageCodes{ops: make([]byte, 0, opsPerLabel*len(j.stamps))}
				for i, s := range j.stamps {
					select {
					case <-e.done:
						return
					default:
					}
					q, err := encodeQR(payload(s, baseURL), version)
					if err != nil {
						pc.err = err
						break
					}
					pc.ops = place(pc.ops, i, q)
					pc.n++
				}
				j.out <- pc
			}
		}()
	}
	return e
}

// next returns the codes of the next sheet.
func (e *encoder) next() pageCodes {
	out, ok := <-e.order
	if !ok {
		return pageCodes{}
	}
	return <-out
}

// stop ends the encoder's goroutines and waits for them.
func (e *encoder) stop() {
	close(e.done)
	e.wg.Wait()
}
