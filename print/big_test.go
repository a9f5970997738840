package print

import (
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBig prints 100,000 labels and reports the process's peak resident
// memory (target: under 512 MB). It runs only with OCOPSTAMP_BIG=1, e.g.
//
//	go test -c -o /tmp/print.test ./print
//	OCOPSTAMP_BIG=1 /usr/bin/time -v /tmp/print.test -test.run TestBig -test.v
func TestBig(t *testing.T) {
	if os.Getenv("OCOPSTAMP_BIG") != "1" {
		t.Skip("set OCOPSTAMP_BIG=1 to print 100,000 labels and measure peak memory")
	}
	const n = 100_000
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, n, 1)
	tm, _ := TemplateByName(DefaultTemplate)
	start := time.Now()
	st, err := Render(io.Discard, testJob(tm, b, stamps))
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	peak := peakRSS()
	t.Logf("%d labels, %d sheets, %d bytes (%.0f a label) in %v (%.0f labels/s on %d cores); peak RSS %d MB",
		st.Labels, st.Pages, st.Bytes, float64(st.Bytes)/n, elapsed.Round(time.Millisecond),
		n/elapsed.Seconds(), runtime.GOMAXPROCS(0), peak>>20)
	if peak > 512<<20 {
		t.Errorf("peak RSS %d MB, want under 512 MB", peak>>20)
	}
}

// peakRSS returns VmHWM from /proc/self/status in bytes, or 0.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
