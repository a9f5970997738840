package print

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Job is one print run: stamps of one batch laid out on a template.
type Job struct {
	Template
	BaseURL      string // public base URL of the lookup service, e.g. https://txng.example.vn
	Batch        stamp.Batch
	ProductName  string
	FacilityName string
	Rank         stamp.Rank
	Stamps       []stamp.Stamp // in serial order; the whole batch or a sub-range
	OffsetX      float64       // printer correction (mm): positive moves everything right
	OffsetY      float64       // positive moves everything down
	PrintedAt    time.Time     // printed on the sheets and written as the PDF's dates
	Calibration  bool          // print one alignment sheet instead of stamps
	Workers      int           // QR encoding goroutines; 0 means GOMAXPROCS
	// Progress, when set, is called after each sheet with the labels drawn
	// so far and the total.
	Progress func(done, total int)
}

// Stats describes a rendered PDF.
type Stats struct {
	Pages  int
	Labels int
	Bytes  int64
}

// MaxOffset bounds the printer correction (mm).
const MaxOffset = 20.0

// chunkLabels is about how many labels each fpdf document holds before it is
// merged into the output (see merge.go): about 30 MB of page content, and the
// fonts, embedded once a chunk, cost about 10 bytes a label. Tests lower it.
var chunkLabels = 4096

// Render writes job as a PDF to w and returns its size. Bad input (template,
// base URL, stamps out of order or from another batch, no stamps, offsets) is
// an EInvalid *stamp.Error, written before any byte; a failing writer or an
// encoding failure is returned wrapped.
func Render(w io.Writer, job Job) (Stats, error) {
	g, err := job.check()
	if err != nil {
		return Stats{}, err
	}
	r := newSheetRenderer(job, g)
	if job.Calibration {
		return r.calibration(w)
	}
	workers := job.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	per := job.PerPage()
	pages := (len(job.Stamps) + per - 1) / per
	enc := startEncoder(job.Stamps, per, job.BaseURL, g.ver.normal, workers, r.placeQR)
	defer enc.stop()

	// Each chunk is written out (fpdf Output, then merged) on another
	// goroutine while the next one is drawn, so that the encoders never wait
	// for it.
	m := newMerger(w, job.PageW, job.PageH)
	out := startChunkWriter(m)
	defer out.close()
	for _, c := range chunks(pages, per) {
		pdf := r.newDoc()
		for p := c[0]; p < c[1]; p++ {
			codes := enc.next()
			if codes.err != nil {
				return Stats{}, fmt.Errorf("print sheet %d: %w", p+1, codes.err)
			}
			stamps := job.Stamps[p*per : min((p+1)*per, len(job.Stamps))]
			if codes.n != len(stamps) {
				return Stats{}, fmt.Errorf("print sheet %d: encoder returned %d codes for %d stamps", p+1, codes.n, len(stamps))
			}
			r.sheet(pdf, p, pages, stamps, codes.ops)
			if job.Progress != nil {
				job.Progress(p*per+len(stamps), len(job.Stamps))
			}
		}
		if err := out.send(pdf); err != nil {
			return Stats{}, err
		}
	}
	if err := out.close(); err != nil {
		return Stats{}, err
	}
	if err := m.finish(r.info()); err != nil {
		return Stats{}, fmt.Errorf("print: %w", err)
	}
	return Stats{Pages: pages, Labels: len(job.Stamps), Bytes: m.w.n}, nil
}

// check validates the job and returns the label layout.
func (job *Job) check() (labelGeom, error) {
	bad := func(format string, args ...any) (labelGeom, error) {
		return labelGeom{}, stamp.Errorf(stamp.EInvalid, format, args...)
	}
	g, err := job.Template.geometry(job.BaseURL)
	if err != nil {
		return g, err
	}
	if math.Abs(job.OffsetX) > MaxOffset || math.Abs(job.OffsetY) > MaxOffset || math.IsNaN(job.OffsetX+job.OffsetY) {
		return bad("printer offset %.1f, %.1f mm: each must be within ±%.0f mm", job.OffsetX, job.OffsetY, MaxOffset)
	}
	if job.PrintedAt.IsZero() {
		return bad("print time is required")
	}
	if job.Calibration {
		return g, nil
	}
	if !job.Rank.Valid() {
		return bad("rank %d is not 0 (participating), 3, 4 or 5", job.Rank)
	}
	if cleanText(job.ProductName) == "" {
		return bad("product name is required")
	}
	return g, job.checkStamps()
}

// checkStamps checks that the job has stamps, all of its batch and product,
// in serial order, each with a serial that prints in 9 digits; it returns
// an EInvalid *stamp.Error naming the first that is not.
func (job *Job) checkStamps() error {
	bad := func(format string, args ...any) error {
		return stamp.Errorf(stamp.EInvalid, format, args...)
	}
	if len(job.Stamps) == 0 {
		return bad("no stamps to print")
	}
	for i, s := range job.Stamps {
		switch {
		case job.Batch.ID != uuid.Nil && s.BatchID != job.Batch.ID:
			return bad("stamp %s (serial %s) belongs to batch %s, not %s", s.ID, stamp.FormatSerial(s.Serial), s.BatchID, job.Batch.ID)
		case job.Batch.ProductNumber != 0 && s.ProductNumber != job.Batch.ProductNumber:
			return bad("stamp %s (serial %s) is for product %d, not %d", s.ID, stamp.FormatSerial(s.Serial), s.ProductNumber, job.Batch.ProductNumber)
		case s.Serial > stamp.MaxSerial:
			return bad("stamp %s: serial %d does not print in 9 digits", s.ID, s.Serial)
		case i > 0 && s.Serial <= job.Stamps[i-1].Serial:
			return bad("stamps are not in serial order: %s follows %s", stamp.FormatSerial(s.Serial), stamp.FormatSerial(job.Stamps[i-1].Serial))
		}
	}
	return nil
}

// tailLabels is about how many labels the last chunk of a large job holds:
// the encoders have nothing left to do while it is written out. Jobs of fewer
// than 4×tailLabels labels are not split for it: each chunk embeds the fonts
// again (about 40 KB).
const tailLabels = 512

// chunks splits pages of per labels into runs of sheets [first, end) of about
// chunkLabels labels, the last one about tailLabels.
func chunks(pages, per int) [][2]int {
	size := max(1, chunkLabels/per)
	tail := max(1, (tailLabels+per-1)/per)
	var out [][2]int
	body := pages - tail
	if body <= 0 || tail >= size || pages*per < 4*tailLabels {
		body = pages
	}
	for first := 0; first < body; first += size {
		out = append(out, [2]int{first, min(first+size, body)})
	}
	if body < pages {
		out = append(out, [2]int{body, pages})
	}
	return out
}

// chunkWriter writes finished chunks to the merger, one at a time, in order;
// it stops at the first error.
type chunkWriter struct {
	ch   chan *fpdf.Fpdf
	done chan struct{}
	err  error // set before done closes
	once sync.Once
}

func startChunkWriter(m *merger) *chunkWriter {
	c := &chunkWriter{ch: make(chan *fpdf.Fpdf), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		var buf bytes.Buffer
		for pdf := range c.ch {
			buf.Reset()
			if err := pdf.Output(&buf); err != nil {
				c.err = fmt.Errorf("print: write PDF: %w", err)
				return
			}
			if err := m.add(buf.Bytes()); err != nil {
				c.err = fmt.Errorf("print: %w", err)
				return
			}
		}
	}()
	return c
}

// send hands over a finished chunk; it returns the first write error so far.
func (c *chunkWriter) send(pdf *fpdf.Fpdf) error {
	select {
	case c.ch <- pdf:
		return nil
	case <-c.done:
		return c.err
	}
}

// close waits for every chunk sent to be written and returns the first
// error. It may be called more than once.
func (c *chunkWriter) close() error {
	c.once.Do(func() { close(c.ch) })
	<-c.done
	return c.err
}
