package print

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/skip2/go-qrcode"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Printing's irreducible work is encoding one QR code per label with skip2,
// which Render does on all cores. BenchmarkSkip2Parallel measures that alone;
// BenchmarkRender reports its own rate, bytes per label and the ratio to the
// baseline measured in the same run (target: ratio >= 0.8).
//
//	go test ./print -run XXX -bench . -count 6

const benchLabels = 4000

var benchStamps = sync.OnceValues(func() (stamp.Batch, []stamp.Stamp) {
	signer, _ := testKeys(&testing.B{})
	return fabricate(signer, benchLabels, 1)
})

// BenchmarkSkip2Parallel encodes the same stamp URLs with skip2 New and
// Bitmap on every core (b.RunParallel), one QRCode per code.
func BenchmarkSkip2Parallel(b *testing.B) {
	_, stamps := benchStamps()
	urls := make([]string, len(stamps))
	for i, s := range stamps {
		urls[i] = s.Code().URL(testBaseURL)
	}
	var next atomic.Int64
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q, err := qrcode.New(urls[next.Add(1)%int64(len(urls))], qrcode.Medium)
			if err != nil {
				b.Error(err)
				return
			}
			q.DisableBorder = true
			q.Bitmap()
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "labels/s")
}

// skip2Rate encodes every stamp URL once with skip2 on all cores, the way
// BenchmarkSkip2Parallel does, and returns labels per second. (A benchmark
// cannot call testing.Benchmark.)
func skip2Rate(stamps []stamp.Stamp) float64 {
	urls := make([]string, len(stamps))
	for i, s := range stamps {
		urls[i] = s.Code().URL(testBaseURL)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(urls)); i = next.Add(1) - 1 {
				q, err := qrcode.New(urls[i], qrcode.Medium)
				if err != nil {
					panic(err)
				}
				q.DisableBorder = true
				q.Bitmap()
			}
		}()
	}
	wg.Wait()
	return float64(len(urls)) / time.Since(start).Seconds()
}

// BenchmarkRender prints benchLabels labels on the default template.
func BenchmarkRender(b *testing.B) {
	batch, stamps := benchStamps()
	tmpl, err := TemplateByName(DefaultTemplate)
	if err != nil {
		b.Fatal(err)
	}
	job := testJob(tmpl, batch, stamps)
	var bytes int64
	var renderTime, baseTime, renderCPU, baseCPU time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		// Alternate with the baseline so that both see the same machine load.
		start, cpu := time.Now(), cpuTime()
		st, err := Render(io.Discard, job)
		if err != nil {
			b.Fatal(err)
		}
		renderTime += time.Since(start)
		renderCPU += cpuTime() - cpu
		bytes = st.Bytes
		b.StopTimer()
		start, cpu = time.Now(), cpuTime()
		skip2Rate(stamps)
		baseTime += time.Since(start)
		baseCPU += cpuTime() - cpu
		b.StartTimer()
	}
	rate := float64(b.N*benchLabels) / renderTime.Seconds()
	base := float64(b.N*benchLabels) / baseTime.Seconds()
	b.ReportMetric(rate, "labels/s")
	b.ReportMetric(float64(bytes)/benchLabels, "bytes/label")
	b.ReportMetric(base, "skip2-labels/s")
	b.ReportMetric(rate/base, "ratio")
	// On a shared machine wall time swings with the load; CPU time a label
	// does much less. cpu-ratio is the ratio the rates would have on idle
	// cores if both kept every core busy.
	b.ReportMetric(baseCPU.Seconds()/renderCPU.Seconds(), "cpu-ratio")
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWriteCodes writes the code export (CSV) of benchLabels stamps,
// alternating with rendering the same stamps as PDF labels: ratio is how
// many times faster the export hands a print house its codes than the
// office prints them (no QR encoding: the print house encodes).
func BenchmarkWriteCodes(b *testing.B) {
	batch, stamps := benchStamps()
	tmpl, err := TemplateByName(DefaultTemplate)
	if err != nil {
		b.Fatal(err)
	}
	job := testJob(tmpl, batch, stamps)
	var bytes int64
	var csvCPU, pdfCPU time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cpu := cpuTime()
		st, err := WriteCodes(io.Discard, job)
		if err != nil {
			b.Fatal(err)
		}
		csvCPU += cpuTime() - cpu
		bytes = st.Bytes
		b.StopTimer()
		cpu = cpuTime()
		if _, err := Render(io.Discard, job); err != nil {
			b.Fatal(err)
		}
		pdfCPU += cpuTime() - cpu
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*benchLabels)/csvCPU.Seconds(), "codes/cpu-s")
	b.ReportMetric(float64(bytes)/benchLabels, "bytes/code")
	b.ReportMetric(pdfCPU.Seconds()/csvCPU.Seconds(), "cpu-ratio-vs-render")
}
