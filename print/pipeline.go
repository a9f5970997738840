package print

import (
	"sync"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// pageCodes holds the encoded codes of one sheet, in label order.
type pageCodes struct {
	paths []qrPath
	err   error
}

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
// version version, on workers goroutines. Call next for each sheet in order
// and stop when done.
func startEncoder(stamps []stamp.Stamp, perPage int, baseURL string, version, workers int) *encoder {
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
				pc := pageCodes{paths: make([]qrPath, len(j.stamps))}
				for i, s := range j.stamps {
					select {
					case <-e.done:
						return
					default:
					}
					pc.paths[i], pc.err = encodeQR(s.Code().URL(baseURL), version)
					if pc.err != nil {
						break
					}
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
