package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// inspector is an office with a registry and a minted batch, and the files
// an inspector takes away from it: keys.json and a snapshot.
type inspector struct {
	*cli
	keysFile string
	snapshot string
	codes    []stamp.Code // of batch, the first one revoked on its own
	batch    string
	revoked  []stamp.Code // of a revoked batch
}

func newInspector(t *testing.T) *inspector {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	in := &inspector{cli: c, keysFile: filepath.Join(c.dir, "keys", "keys.json"), snapshot: filepath.Join(c.dir, "snapshot.json")}
	in.batch = strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "12", "--lot", "L1"))
	in.codes = in.batchCodes(in.batch)
	c.ok("revoke", "--stamp", in.codes[0].StampID.String(), "--reason", "tem bị mất")
	other := strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "3"))
	in.revoked = in.batchCodes(other)
	c.ok("revoke", "--batch", other, "--reason", "in lỗi")
	out := c.ok("snapshot", "--out", in.snapshot)
	if !strings.Contains(out, "wrote "+in.snapshot) || !strings.Contains(out, "1 revoked stamps") {
		t.Fatalf("snapshot output: %q", out)
	}
	return in
}

// batchSerials returns the first and last serial of batch.
func (in *inspector) batchSerials(batch string) (first, last uint64) {
	in.t.Helper()
	st, err := openStore(context.Background(), in.db)
	if err != nil {
		in.t.Fatal(err)
	}
	defer st.Close()
	b, err := st.Batch(context.Background(), mustUUID(in.t, batch))
	if err != nil {
		in.t.Fatal(err)
	}
	return b.FirstSerial, b.LastSerial()
}

func (in *inspector) batchCodes(batch string) []stamp.Code {
	in.t.Helper()
	st, err := openStore(context.Background(), in.db)
	if err != nil {
		in.t.Fatal(err)
	}
	defer st.Close()
	var codes []stamp.Code
	err = st.BatchStamps(context.Background(), mustUUID(in.t, batch), 0, 0, func(s stamp.Stamp) error {
		codes = append(codes, s.Code())
		return nil
	})
	if err != nil {
		in.t.Fatal(err)
	}
	return codes
}

// verify runs "ocopstamp verify" as an inspector would: no database, the
// key set and optionally the snapshot as files, in the given language.
func (in *inspector) verify(args ...string) (int, string, string) {
	in.t.Helper()
	var out, errb bytes.Buffer
	// --image-timeout: these tests check what verify reads, not how fast; on a
	// loaded machine under -race a 300 dpi sheet can take longer than the
	// default 5 s, and the work limits still bound a hostile image.
	full := append([]string{"verify", "--db", filepath.Join(in.dir, "absent", "no.db"), "--keys", filepath.Join(in.dir, "absent"),
		"--keys-file", in.keysFile, "--log-level", "warn", "--image-timeout", "10m"}, args...)
	code := run(context.Background(), full, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if _, err := os.Stat(filepath.Join(in.dir, "absent")); err == nil {
		in.t.Fatal("verify created a database or key folder")
	}
	return code, out.String(), errb.String()
}

// verifyJSON runs verify --json and decodes its report.
func (in *inspector) verifyJSON(args ...string) (int, verifyReport) {
	in.t.Helper()
	code, out, errs := in.verify(append([]string{"--json"}, args...)...)
	var rep verifyReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		in.t.Fatalf("verify --json: exit %d, %v\n%s\n%s", code, err, out, errs)
	}
	if rep.ExitStatus != code {
		in.t.Fatalf("report says exit status %d, command exited %d", rep.ExitStatus, code)
	}
	return code, rep
}

func (in *inspector) writeFile(name string, data []byte) string {
	p := filepath.Join(in.dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		in.t.Fatal(err)
	}
	return p
}

func TestVerifyTextWithSnapshot(t *testing.T) {
	in := newInspector(t)
	good, revoked, inRevoked := in.codes[1], in.codes[0], in.revoked[1]
	code, rep := in.verifyJSON("--registry", in.snapshot, good.URL("https://txng.example.vn"), revoked.Text(), inRevoked.Text())
	if code != 1 || rep.Snapshot == nil || len(rep.Checks) != 3 {
		t.Fatalf("exit %d, report %+v", code, rep)
	}
	want := []struct {
		verdict stamp.Verdict
		reason  string
	}{{stamp.Genuine, ""}, {stamp.Revoked, stamp.ReasonStampRevoked}, {stamp.Revoked, stamp.ReasonBatchRevoked}}
	for i, w := range want {
		r := rep.Checks[i].Result
		if r == nil || r.Verdict != w.verdict || r.Reason != w.reason || r.Product == nil || r.Facility == nil || r.Certification == nil {
			t.Fatalf("check %d: %+v, want %s/%s with product, producer and certificate", i, rep.Checks[i], w.verdict, w.reason)
		}
	}
	if r := rep.Checks[0].Result; r.Product.Number != 1006 || r.Stamp.BatchID != in.batch || r.Certification.Rank == 0 && r.Certification.Class != "participating" {
		t.Errorf("genuine: %+v %+v", r.Product, r.Stamp)
	}
	// Only genuine codes: exit 0, and the text report names the snapshot date.
	code, out, _ := in.verify("--registry", in.snapshot, "--lang", "en", good.Text(), in.codes[2].Text())
	if code != 0 || strings.Count(out, "✔ ") != 2 || strings.Count(out, "GENUINE OCOP STAMP") != 2 ||
		!strings.Contains(out, "registry snapshot of") || !strings.HasSuffix(out, "\n2 labels: 2 genuine, 0 not genuine\n") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// Without a snapshot the same revoked code is genuine as far as the
	// signature goes: exit 0, and no registry details.
	code, rep = in.verifyJSON(revoked.Text())
	if code != 0 || rep.Snapshot != nil || rep.Checks[0].Result.Verdict != stamp.Genuine || rep.Checks[0].Result.Product != nil {
		t.Fatalf("exit %d, %+v", code, rep.Checks[0])
	}
	if msg := rep.Checks[0].Result.Message; !strings.Contains(msg, "kiểm tra trực tuyến") {
		t.Errorf("offline message in Vietnamese: %q", msg)
	}
}

// TestVerifySnapshotStates covers the verdicts that need registry changes
// after minting: an expired certification (judged on the day of the check)
// and a stamp the snapshot does not hold.
func TestVerifySnapshotStates(t *testing.T) {
	in := newInspector(t)
	// A code signed with the office key for a stamp the registry never
	// minted, dated before the snapshot: an incident.
	signer, err := stamp.KeyDir{Path: filepath.Join(in.dir, "keys")}.Signer()
	if err != nil {
		t.Fatal(err)
	}
	ghost := signer.Sign(1006, uuid.Must(uuid.NewV7()))
	time.Sleep(10 * time.Millisecond)
	in.ok("snapshot", "--out", in.snapshot)
	code, rep := in.verifyJSON("--registry", in.snapshot, ghost.Text())
	if code != 1 || rep.Checks[0].Result.Verdict != stamp.Unknown || rep.Checks[0].Result.Reason != stamp.ReasonNotInSnapshot {
		t.Fatalf("ghost stamp: exit %d, %+v", code, rep.Checks[0].Result)
	}
	// The product's certificate expires: judged on the day of the check.
	_, rep = in.verifyJSON("--registry", in.snapshot, in.codes[1].Text())
	exp, err := stamp.ParseDate(rep.Checks[0].Result.Certification.ExpiresOn)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	env := []string{"verify", "--keys-file", in.keysFile, "--registry", in.snapshot, "--json", in.codes[1].Text()}
	st := runAt(t, exp.AddDays(2).Time().Add(12*time.Hour), env, &out, &errb)
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err, errb.String())
	}
	if r := rep.Checks[0].Result; st != 1 || r.Verdict != stamp.CertificationInvalid || r.Reason != stamp.ReasonCertExpired {
		t.Fatalf("after expiry: exit %d, %+v", st, r)
	}
}

// runAt runs ocopstamp with the clock set to now.
func runAt(t *testing.T, now time.Time, args []string, out, errb *bytes.Buffer) int {
	t.Helper()
	var code int
	for _, c := range commands() {
		if c.name == args[0] {
			env := &Env{IO: &IO{In: strings.NewReader(""), Out: out, Err: errb}, Command: args[0], Now: func() time.Time { return now }}
			err := c.run(context.Background(), env, args[1:])
			env.close()
			code = report(errb, args[0], err)
		}
	}
	return code
}

func TestVerifyRefusesSnapshot(t *testing.T) {
	in := newInspector(t)
	data, err := os.ReadFile(in.snapshot)
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]any
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatal(err)
	}
	body := []byte(env["body"].(string))
	// One character of the base64 body, replaced by another base64 letter.
	if i := len(body) / 2; body[i] == 'A' {
		body[i] = 'B'
	} else {
		body[i] = 'A'
	}
	env["body"] = string(body)
	tampered, _ := json.Marshal(env)
	// A key set without the office's key.
	pub, _, _ := ed25519.GenerateKey(nil)
	other, _ := stamp.NewKeySet(stamp.PublicKey{ID: stamp.ComputeKeyID(pub), Key: pub, State: stamp.KeyActive})
	otherJSON, _ := other.MarshalJSON()
	cases := []struct {
		name, file string
		keys       string
		says       string
	}{
		{"body altered", in.writeFile("tampered.json", tampered), in.keysFile, "signature does not verify"},
		{"wrong keys", in.snapshot, in.writeFile("other-keys.json", otherJSON), "not among the trusted public keys"},
		{"not a snapshot", in.keysFile, in.keysFile, "not a registry snapshot file"},
		{"missing", filepath.Join(in.dir, "none.json"), in.keysFile, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in.keysFile = c.keys
			code, out, errs := in.verify("--registry", c.file, in.codes[1].Text())
			if code != 2 || out != "" || !strings.Contains(errs, c.says) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Fatalf("exit %d, stdout %q, stderr %q: want exit 2 and one line saying %q", code, out, errs, c.says)
			}
		})
	}
}

// TestVerifyImages runs verify on a printed sheet at 300 dpi, a label
// photo, a photo without a code, a non-image file and a missing file.
func TestVerifyImages(t *testing.T) {
	imagetest.NeedPoppler(t)
	in := newInspector(t)
	sheet := in.writeFile("sheet.png", in.printSheet())
	code, rep := in.verifyJSON("--registry", in.snapshot, sheet)
	if code != 1 || len(rep.Checks) != 12 {
		t.Fatalf("sheet: exit %d, %d checks, want 12 (one revoked)", code, len(rep.Checks))
	}
	for i, c := range rep.Checks {
		want := stamp.Genuine
		if i == 0 {
			want = stamp.Revoked
		}
		if c.File != sheet || c.Index != i+1 || c.Position == nil || c.Result == nil || c.Result.Verdict != want ||
			c.Result.Code.StampID != in.codes[i].StampID.String() {
			t.Fatalf("sheet code %d: %+v", i+1, c)
		}
	}

	label := imagetest.Label(t, in.codes[3].URL("https://txng.example.vn"), 5, 30)
	photo := in.writeFile("photo.jpg", imagetest.JPEG(t, imagetest.BoxBlur(imagetest.Rotate(label, 7), 1), 60))
	noise := image.NewGray(image.Rect(0, 0, 400, 300))
	for i := range noise.Pix {
		noise.Pix[i] = byte(i * 7919 % 251)
	}
	empty := in.writeFile("wall.png", imagetest.PNG(t, noise))
	notImage := in.writeFile("notes.txt", []byte("not an image\n"))
	missing := filepath.Join(in.dir, "lost.jpg")

	code, out, _ := in.verify("--lang", "en", photo)
	if code != 0 || !strings.Contains(out, "✔ "+photo+" #1 (") || !strings.Contains(out, "GENUINE OCOP STAMP") {
		t.Fatalf("photo: exit %d\n%s", code, out)
	}
	code, out, _ = in.verify(empty)
	if code != 1 || !strings.Contains(out, "✘ "+empty+" — không tìm thấy mã QR") {
		t.Fatalf("photo without a code: exit %d\n%s", code, out)
	}
	code, out, _ = in.verify(notImage)
	if code != 2 || !strings.Contains(out, "không đọc được: not a PNG or JPEG image") {
		t.Fatalf("non-image: exit %d\n%s", code, out)
	}
	code, out, _ = in.verify(missing)
	if code != 2 || !strings.Contains(out, "không đọc được: no such file") {
		t.Fatalf("missing file: exit %d\n%s", code, out)
	}
	// Every input is reported, in order; the worst status wins.
	code, rep = in.verifyJSON(photo, notImage, in.codes[4].Text(), "HELLO", empty)
	probs := []string{"", problemUnreadable, "", problemNotACode, problemNoCode}
	if code != 2 || len(rep.Checks) != len(probs) {
		t.Fatalf("mixed inputs: exit %d, %d checks", code, len(rep.Checks))
	}
	for i, p := range probs {
		if rep.Checks[i].Problem != p {
			t.Errorf("input %d: problem %q, want %q", i, rep.Checks[i].Problem, p)
		}
	}
}

// printSheet prints the batch with the CLI and rasterises its first page at
// 300 dpi.
func (in *inspector) printSheet() []byte {
	in.t.Helper()
	pdf := filepath.Join(in.dir, "batch.pdf")
	in.ok("print", "--batch", in.batch, "--out", pdf)
	return imagetest.Rasterise(in.t, pdf, 300)
}

// TestVerifySeveralCodesInOnePhoto finds three labels, two of them copies
// of one stamp: the copies are flagged and the exit status is 1.
func TestVerifySeveralCodesInOnePhoto(t *testing.T) {
	in := newInspector(t)
	base := "https://txng.example.vn"
	a := imagetest.Label(t, in.codes[5].URL(base), 4, 16)
	b := imagetest.Rotate(imagetest.Label(t, in.codes[6].URL(base), 4, 16), 20)
	a2 := imagetest.Rotate(imagetest.Label(t, in.codes[5].URL(base), 5, 16), -15)
	shelf := imagetest.Paste(1400, 600, []image.Image{a, b, a2}, []image.Point{{40, 80}, {480, 60}, {960, 70}})
	photo := in.writeFile("shelf.jpg", imagetest.JPEG(t, shelf, 75))
	code, rep := in.verifyJSON("--registry", in.snapshot, photo)
	if code != 1 || len(rep.Checks) != 3 {
		t.Fatalf("exit %d, %+v", code, rep.Checks)
	}
	for i, wantCopies := range []int{2, 0, 2} {
		c := rep.Checks[i]
		if c.Result == nil || c.Result.Verdict != stamp.Genuine || c.Copies != wantCopies {
			t.Errorf("code %d: copies %d, want %d: %+v", i+1, c.Copies, wantCopies, c)
		}
	}
	_, out, _ := in.verify(photo)
	if strings.Count(out, "MÃ BỊ SAO CHÉP: xuất hiện 2 lần trong ảnh") != 2 {
		t.Fatalf("text report does not flag the copies:\n%s", out)
	}
}

func TestVerifyUsage(t *testing.T) {
	in := newInspector(t)
	code, _, errs := in.verify()
	if code != 2 || !strings.Contains(errs, "give one or more codes") {
		t.Fatalf("no input: exit %d %q", code, errs)
	}
	in.keysFile = filepath.Join(in.dir, "nokeys.json")
	code, _, errs = in.verify(in.codes[1].Text())
	if code != 2 || !strings.Contains(errs, "no such file") {
		t.Fatalf("missing key set: exit %d %q", code, errs)
	}
	in.fails(2, "--out is required", "snapshot")
	// Inputs from standard input, one a line.
	var out, errb bytes.Buffer
	lines := in.codes[1].Text() + "\n\n  " + strings.ToLower(in.codes[2].Text()) + "  \n"
	st := run(context.Background(), []string{"verify", "--keys-file", filepath.Join(in.dir, "keys", "keys.json"), "--json", "-"},
		&IO{In: strings.NewReader(lines), Out: &out, Err: &errb})
	var rep verifyReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || st != 0 || len(rep.Checks) != 2 {
		t.Fatalf("stdin: exit %d, %v, %s", st, err, errb.String())
	}
}

// BenchmarkVerifyText measures verify's offline check of code texts (the
// whole command minus argument parsing: classification, decoding,
// signature, message, text report) against its floor,
// BenchmarkEd25519VerifyAllCores. Compare codes/s (wall clock, all cores)
// and, on a shared machine, cpu-µs/code: the target is verify >= 0.8 × the
// baseline's rate.
func BenchmarkVerifyText(b *testing.B) {
	signer, keys := imagetest.Signer(b)
	texts := make([]string, 4096)
	for i := range texts {
		texts[i] = signer.Sign(1006, uuid.New()).Text()
	}
	v := &verifier{keys: keys, now: time.Now(), lang: wording.LangVI}
	cpu := imagetest.CPUTime()
	b.ResetTimer()
	for i := 0; i < b.N; i += len(texts) {
		n := min(len(texts), b.N-i)
		checks := v.run(context.Background(), texts[:n])
		v.printReport(discard{}, checks, n)
	}
	b.StopTimer()
	reportRates(b, imagetest.CPUTime()-cpu)
}

// BenchmarkEd25519VerifyAllCores is BenchmarkVerifyText's baseline: the
// signature checks of the same codes alone, decoded beforehand, on every
// core.
func BenchmarkEd25519VerifyAllCores(b *testing.B) {
	signer, keys := imagetest.Signer(b)
	type signed struct{ msg, sig []byte }
	codes := make([]signed, 4096)
	for i := range codes {
		c := signer.Sign(1006, uuid.New())
		codes[i] = signed{c.SignedMessage(), c.Signature[:]}
	}
	pub := keys.Lookup(signer.KeyID()).Key
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	cpu := imagetest.CPUTime()
	b.ResetTimer()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < b.N; i += workers {
				c := codes[i%len(codes)]
				if !ed25519.Verify(pub, c.msg, c.sig) {
					panic("bad signature")
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	reportRates(b, imagetest.CPUTime()-cpu)
}

func reportRates(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "codes/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/code")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestVerifySheetLines checks the human report of a sheet: one line per
// label with ✔ or ✘, the printed serial, the product and the verdict in
// words, in Vietnamese by default, and the summary line (issue 10 §6).
func TestVerifySheetLines(t *testing.T) {
	in := newInspector(t)
	sheet := []string{in.codes[1].Text(), in.codes[2].Text(), in.codes[0].Text(), "HELLO"}
	code, out, _ := in.verify(append([]string{"--registry", in.snapshot}, sheet...)...)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	_, rep := in.verifyJSON(append([]string{"--registry", in.snapshot}, sheet...)...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	first, last := in.batchSerials(in.batch)
	// The snapshot holds no stamp's own serial: the line gives the span of
	// the batch's serials and its lot, for comparing with the label's.
	label := "sê-ri trong " + stamp.FormatSerial(first) + "…" + stamp.FormatSerial(last) + " (lô L1)"
	if len(lines) != 1+len(sheet)+1 || !strings.HasPrefix(lines[0], "sổ đăng ký ngày ") {
		t.Fatalf("want a snapshot line, %d label lines and a summary:\n%s", len(sheet), out)
	}
	for i, want := range []string{"✔ ", "✔ ", "✘ ", "✘ "} {
		line := lines[1+i]
		if !strings.HasPrefix(line, want) {
			t.Errorf("line %d: %q, want it to start with %q", i+1, line, want)
		}
		if r := rep.Checks[i].Result; r != nil {
			if r.Stamp == nil || r.Product == nil || !strings.Contains(line, " "+label+" · "+r.Product.Name+" (1006) · ") ||
				!strings.Contains(line, wording.Title(r.Verdict, wording.LangVI)) {
				t.Errorf("line %d: %q, want serial, product and %q", i+1, line, wording.Title(r.Verdict, wording.LangVI))
			}
		}
	}
	if !strings.Contains(lines[3], "TEM ĐÃ BỊ THU HỒI") || !strings.Contains(lines[4], "không phải mã tem") {
		t.Errorf("revoked and junk lines:\n%s", out)
	}
	if got, want := lines[len(lines)-1], "4 tem: 2 chính hãng, 2 không chính hãng"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	// In English, and without a snapshot only the stamp id and product
	// number are known.
	code, out, _ = in.verify("--lang", "en", in.codes[1].Text(), in.codes[2].Text())
	if code != 0 || !strings.Contains(out, "✔ stamp "+in.codes[1].StampID.String()+" · product 1006 · GENUINE OCOP STAMP: ") ||
		!strings.HasSuffix(out, "\n2 labels: 2 genuine, 0 not genuine\n") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// TestVerifyShowsKnownSerial: offline, verify names a label by its printed
// serial whenever the snapshot tells it (a batch of one label: text and
// JSON), and otherwise by its batch's span of serials, never by the bare
// stamp id when the snapshot holds the batch (issue 10 §6).
func TestVerifyShowsKnownSerial(t *testing.T) {
	in := newInspector(t)
	one := strings.TrimSpace(in.ok("mint", "--product", "1006", "--count", "1", "--lot", "L-ONE"))
	code := in.batchCodes(one)[0]
	in.ok("snapshot", "--out", in.snapshot)
	first, _ := in.batchSerials(one)
	serial := stamp.FormatSerial(first)
	rc, out, _ := in.verify("--registry", in.snapshot, "--lang", "en", code.Text(), in.codes[3].Text())
	if rc != 0 || !strings.HasPrefix(out, "registry snapshot") {
		t.Fatalf("exit %d:\n%s", rc, out)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[1], "✔ "+serial+" · ") {
		t.Errorf("single-label batch: %q, want the serial %s", lines[1], serial)
	}
	if !strings.HasPrefix(lines[2], "✔ serial in ") || !strings.Contains(lines[2], " (lot L1) · ") || strings.Contains(lines[2], in.codes[3].StampID.String()) {
		t.Errorf("batch of 12: %q, want its span of serials and lot", lines[2])
	}
	_, rep := in.verifyJSON("--registry", in.snapshot, code.Text())
	if r := rep.Checks[0].Result; r == nil || r.Stamp == nil || r.Stamp.Serial != serial {
		t.Errorf("--json of a single-label batch: %+v, want serial %s", rep.Checks[0].Result, serial)
	}
}
