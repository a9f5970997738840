package inspector_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/server/inspector"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

const (
	productName  = "Nước mắm Vũ Quang (mẫu)"
	facilityName = "HTX Chế biến hải sản Vũ Quang (mẫu)"
	revokeReason = "Tem bị mất cắp tại kho"
	printBaseURL = "https://txng.example.vn"
)

// world is the whole service on SQLite (lookup server, admin API and the
// inspector app) behind a switch that can take it off the network.
type world struct {
	store   storage.Store
	signer  *stamp.Signer
	keys    *stamp.KeySet
	batch   *stamp.Batch
	stamps  []stamp.Stamp // [0] genuine, [1] revoked
	token   string
	app     *inspector.App
	ts      *httptest.Server
	down    atomic.Bool  // connections are dropped: the phone is offline
	dropAns atomic.Int32 // drop the answer of the next N inspection POSTs (after storing)
	mu      sync.Mutex
	sent    map[string]int // bytes answered by path, for the transfer figures
	link    *link          // when set, every answer goes through this slow link
}

// link is a slow network shared by every answer: each waits latency, then
// its bytes leave at rate bytes/s in total, whichever connection they are on.
type link struct {
	latency time.Duration
	rate    float64
	mu      sync.Mutex
	free    time.Time // when the link is next idle
}

// send writes p to rw at the link's pace.
func (l *link) send(rw http.ResponseWriter, p []byte) {
	time.Sleep(l.latency)
	const chunk = 4096
	for len(p) > 0 {
		n := min(chunk, len(p))
		l.mu.Lock()
		start := time.Now()
		if l.free.After(start) {
			start = l.free
		}
		l.free = start.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
		done := l.free
		l.mu.Unlock()
		time.Sleep(time.Until(done))
		rw.Write(p[:n])
		if f, ok := rw.(http.Flusher); ok {
			f.Flush()
		}
		p = p[n:]
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	st := storagetest.OpenSQLite(t)
	w := &world{store: st, sent: map[string]int{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	w.signer, w.keys = storagetest.Signer(t, 13)
	must(st.CreateFacility(ctx, "test", stamp.Facility{Code: "HT-VQ-001", Name: facilityName, District: "Vũ Quang"}))
	must(st.CreateProduct(ctx, "test", stamp.Product{Number: 1006, FacilityCode: "HT-VQ-001", Name: productName, Group: "Thực phẩm"}))
	_, err = st.AddCertification(ctx, "test", stamp.Certification{ProductNumber: 1006, Rank: stamp.Rank4,
		DecisionNumber: "1306/QĐ-UBND", DecisionDate: stamp.DateOf(time.Now()).AddDays(-30)})
	must(err)
	m := &stamp.Minter{Store: st, Signer: w.signer}
	w.batch, err = m.Mint(ctx, stamp.MintRequest{ProductNumber: 1006, Count: 4, Lot: "NM-2026-11", MintedBy: "test"})
	must(err)
	must(st.BatchStamps(ctx, w.batch.ID, 0, 0, func(s stamp.Stamp) error { w.stamps = append(w.stamps, s); return nil }))
	must(st.RevokeStamp(ctx, "test", w.stamps[1].ID, revokeReason))
	w.token, _, err = (&office.Office{Store: st}).IssueToken(ctx, stamp.Actor{Name: "test", Role: stamp.RoleOffice}, office.TokenRequest{Name: "thanh tra Vũ Quang", Role: stamp.RoleInspector})
	must(err)

	rec := verify.NewRecorder(st, []byte("test salt"), verify.RecorderOptions{FlushInterval: 10 * time.Millisecond})
	t.Cleanup(func() { rec.Close(context.Background()) })
	svc := &verify.Service{Keys: w.keys, Views: st, Store: st, Recorder: rec, SuspiciousThreshold: 10}
	srv, err := server.New(server.Config{RateLimit: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		server.Deps{Lookup: svc, Keys: w.keys, Collectors: rec.Collectors()})
	must(err)
	must(admin.Register(srv.Router(), admin.Deps{Store: st, Signer: w.signer, Keys: w.keys, BaseURL: printBaseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	srv.AllowBody("POST", admin.Prefix+"/inspections", admin.MaxInspectionBody)
	w.app, err = inspector.New()
	must(err)
	w.app.Register(srv.Router())
	h := srv.Handler()
	w.ts = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if w.down.Load() {
			hangUp(rw)
			return
		}
		cw := &countingWriter{ResponseWriter: rw}
		h.ServeHTTP(cw, r)
		w.mu.Lock()
		w.sent[r.URL.Path] += cw.n
		w.mu.Unlock()
		if r.Method == http.MethodPost && r.URL.Path == admin.Prefix+"/inspections" && w.dropAns.Add(-1) >= 0 {
			hangUp(rw) // stored, but the phone never hears back
			return
		}
		cw.flush(w.link)
	}))
	t.Cleanup(w.ts.Close)
	return w
}

// hangUp closes the connection without an answer, as a dead network does.
func hangUp(rw http.ResponseWriter) {
	if hj, ok := rw.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// countingWriter buffers an answer and counts its bytes; flush sends it.
type countingWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	n      int
}

func (c *countingWriter) WriteHeader(s int) { c.status = s }
func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.buf.Write(p)
}
func (c *countingWriter) flush(l *link) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if l == nil {
		c.ResponseWriter.WriteHeader(c.status)
		c.ResponseWriter.Write(c.buf.Bytes())
		return
	}
	time.Sleep(l.latency) // the request's way up
	c.ResponseWriter.WriteHeader(c.status)
	l.send(c.ResponseWriter, c.buf.Bytes())
}

func (w *world) inspections(t *testing.T) []storage.Inspection {
	t.Helper()
	ins, err := w.store.ListInspections(context.Background(), storage.InspectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

// labelVideo renders s on a printed label (the print package's PDF, the
// a4-14 label stock, rasterised at 150 dpi by pdftoppm) and writes it as a
// Y4M video that Chromium's fake camera plays: 640x480, YUV 4:2:0, the
// label in the middle of a grey table.
func (w *world) labelVideo(t *testing.T, s stamp.Stamp) string {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftoppm not found: install poppler-utils")
		}
		t.Skip("pdftoppm not found: install poppler-utils to run the camera tests")
	}
	tmpl, err := print.TemplateByName("a4-14")
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	_, err = print.Render(&pdf, print.Job{Template: tmpl, BaseURL: printBaseURL, Batch: *w.batch, ProductName: productName,
		FacilityName: facilityName, Rank: stamp.Rank4, Stamps: []stamp.Stamp{s}, PrintedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdfPath := filepath.Join(dir, "label.pdf")
	if err := os.WriteFile(pdfPath, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	const dpi = 150
	px := func(mm float64) int { return int(mm / 25.4 * dpi) }
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-gray", "-f", "1", "-l", "1",
		"-x", strconv.Itoa(px(tmpl.MarginLeft)), "-y", strconv.Itoa(px(tmpl.MarginTop)),
		"-W", strconv.Itoa(px(tmpl.LabelW)), "-H", strconv.Itoa(px(tmpl.LabelH)), pdfPath)
	pgm, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	lw, lh, pix := parsePGM(t, pgm)
	const W, H = 640, 480
	y := bytes.Repeat([]byte{150}, W*H) // a grey table under the label
	x0, y0 := (W-lw)/2, (H-lh)/2
	for r := 0; r < lh && y0+r < H; r++ {
		for c := 0; c < lw && x0+c < W; c++ {
			y[(y0+r)*W+x0+c] = pix[r*lw+c]
		}
	}
	chroma := bytes.Repeat([]byte{128}, W*H/4)
	var v bytes.Buffer
	fmt.Fprintf(&v, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", W, H)
	for range 10 {
		v.WriteString("FRAME\n")
		v.Write(y)
		v.Write(chroma)
		v.Write(chroma)
	}
	path := filepath.Join(dir, "camera.y4m")
	if err := os.WriteFile(path, v.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// parsePGM reads the binary PGM ("P5", maxval 255) pdftoppm writes.
func parsePGM(t *testing.T, data []byte) (int, int, []byte) {
	t.Helper()
	var fields []string
	i := 0
	for len(fields) < 4 && i < len(data) {
		for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
			i++
		}
		j := i
		for j < len(data) && !(data[j] == ' ' || data[j] == '\n' || data[j] == '\r' || data[j] == '\t') {
			j++
		}
		fields = append(fields, string(data[i:j]))
		i = j
	}
	i++ // the one white space after maxval
	w, _ := strconv.Atoi(fields[1])
	h, _ := strconv.Atoi(fields[2])
	if fields[0] != "P5" || fields[3] != "255" || len(data)-i < w*h {
		t.Fatalf("pdftoppm wrote no 8-bit PGM: %q", strings.Join(fields, " "))
	}
	return w, h, data[i : i+w*h]
}
