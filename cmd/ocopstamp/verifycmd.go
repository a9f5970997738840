package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
	"github.com/ocop-hatinh/ocopstamp/verify/qrimage"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// Exit statuses of verify (docs/inspector.md). When inputs differ, the
// highest wins: an unreadable input makes the report incomplete.
const (
	verifyAllGenuine = 0 // every code found is genuine
	verifyNotGenuine = 1 // a code is not genuine, needs attention, or an image holds no code
	verifyUnreadable = 2 // usage error, or an input could not be read at all
)

// Problems of an input that yields no verdict.
const (
	problemNotACode   = "not_a_code"    // a text (or a QR's content) that is not a stamp code
	problemNoCode     = "no_code_found" // an image in which no QR code decodes
	problemUnreadable = "unreadable"    // a missing file, or one that is not a PNG or JPEG image
)

// check is the report of one code, or of one input that gave none.
type check struct {
	Input    string         `json:"input"`              // the text, or file#index for a code found in an image
	File     string         `json:"file,omitempty"`     // the image file
	Index    int            `json:"index,omitempty"`    // the code's place in the image, 1-based, reading order
	Position *position      `json:"position,omitempty"` // where in the image
	Problem  string         `json:"problem,omitempty"`
	Error    string         `json:"error,omitempty"`
	Copies   int            `json:"copies,omitempty"` // times the same code appears in this image, when more than once
	Result   *verify.Result `json:"result,omitempty"`
}

// position is where a code lies in an image: its centre and side, pixels.
type position struct {
	X    int `json:"x"`
	Y    int `json:"y"`
	Size int `json:"size"`
}

// status is the exit status this check calls for.
func (c *check) status() int {
	switch {
	case c.Problem == problemUnreadable:
		return verifyUnreadable
	case c.Problem != "" || c.Result == nil || c.Result.Verdict != stamp.Genuine || c.Copies > 1:
		return verifyNotGenuine
	}
	return verifyAllGenuine
}

// verifyReport is the --json output.
type verifyReport struct {
	Snapshot   *verify.SnapshotSummary `json:"snapshot,omitempty"`
	Checks     []check                 `json:"checks"`
	ExitStatus int                     `json:"exit_status"`
}

// verifier checks inputs offline against keys and, when given, a snapshot.
type verifier struct {
	keys *stamp.KeySet
	snap *verify.Snapshot
	asOf *time.Time // the snapshot's time
	now  time.Time
	lang string
	// limits bound the work on each image.
	limits qrimage.Limits
	// messages caches OfflineMessage without a snapshot, where it depends
	// only on verdict, reason and product number.
	messages sync.Map // messageKey -> string
}

type messageKey struct {
	verdict stamp.Verdict
	reason  string
	product uint32
}

func cmdVerify(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--keys-file keys.json] [--registry snapshot.json] [--json] [--lang vi|en] INPUT...\n\n" +
		"Each INPUT is a stamp code, a stamp URL, a PNG or JPEG image (every QR code in it is checked),\n" +
		"or - to read inputs from standard input, one a line. Needs no database and no network.\n" +
		"Exit status: 0 every code genuine, 1 a code not genuine (or needing attention, or an image\n" +
		"without a code), 2 a usage error or an input that could not be read.")
	keysFile := fs.String("keys-file", "", "public key set file (default: keys.json in the key folder)")
	registry := fs.String("registry", "", "signed registry snapshot file from 'ocopstamp snapshot' (optional)")
	asJSON := fs.Bool("json", false, "print JSON for machines")
	lang := fs.String("lang", getenv("OCOPSTAMP_LANG", wording.LangVI), "language of the explanations: vi or en (OCOPSTAMP_LANG)")
	imageTimeout := fs.Duration("image-timeout", 5*time.Second, "give up on an image that takes longer than this to read")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give one or more codes, URLs or image files to verify (or - to read them from standard input)")
	}
	path := *keysFile
	if path == "" {
		path = filepath.Join(e.KeysDir, stamp.KeySetFile)
	}
	keys, err := stamp.LoadKeySet(path)
	if err != nil {
		return usageError{err.Error()}
	}
	if *imageTimeout <= 0 {
		return usagef("--image-timeout must be positive, e.g. 5s")
	}
	v := &verifier{keys: keys, now: e.now(), lang: wording.NormalizeLang(*lang), limits: qrimage.Limits{Timeout: *imageTimeout}}
	if *registry != "" {
		v.snap, err = verify.LoadSnapshot(*registry, keys)
		if err != nil {
			return usageError{strings.ReplaceAll(err.Error(), "\n", " ")}
		}
		v.keys = v.snap.Keys()
		at := v.snap.Summary().GeneratedAt
		v.asOf = &at
	}
	inputs, err := expandInputs(pos, e.In)
	if err != nil {
		return err
	}
	checks := v.run(ctx, inputs)
	if err := ctx.Err(); err != nil {
		return err
	}
	status := verifyAllGenuine
	for i := range checks {
		status = max(status, checks[i].status())
	}
	out := bufio.NewWriterSize(e.Out, 64<<10)
	if *asJSON {
		rep := verifyReport{Checks: checks, ExitStatus: status}
		if v.snap != nil {
			sum := v.snap.Summary()
			rep.Snapshot = &sum
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	} else {
		v.printReport(out, checks, len(inputs))
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if status != verifyAllGenuine {
		return exitError{status}
	}
	return nil
}

// expandInputs replaces "-" by the non-blank lines of in.
func expandInputs(pos []string, in io.Reader) ([]string, error) {
	var out []string
	for _, p := range pos {
		if p != "-" {
			out = append(out, p)
			continue
		}
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" {
				out = append(out, line)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
	}
	return out, nil
}

// run checks every input on all cores and returns the checks in input
// order (an image's codes in reading order).
func (v *verifier) run(ctx context.Context, inputs []string) []check {
	results := make([][]check, len(inputs))
	const batch = 64 // inputs handed to a worker at once: text codes take ~0.1 ms each
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(inputs)+batch-1)/batch) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range next {
				for i := start; i < min(start+batch, len(inputs)) && ctx.Err() == nil; i++ {
					results[i] = v.input(ctx, inputs[i])
				}
			}
		}()
	}
feed:
	for start := 0; start < len(inputs); start += batch {
		select {
		case next <- start:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	var out []check
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

// input checks one input: a stamp code or URL; otherwise an existing file,
// an image; otherwise a file name that does not exist, or a text that is
// not a stamp code. (Codes are recognised first: a stat per code would cost
// 6% of the offline check.)
func (v *verifier) input(ctx context.Context, in string) []check {
	if looksLikeCode(in) {
		return []check{v.code(in, in)}
	}
	if st, err := os.Stat(in); err == nil {
		if st.IsDir() {
			return []check{{Input: in, File: in, Problem: problemUnreadable, Error: "is a directory, not an image file"}}
		}
		return v.image(ctx, in)
	}
	if looksLikeFile(in) {
		return []check{{Input: in, File: in, Problem: problemUnreadable, Error: "no such file"}}
	}
	return []check{v.code(in, in)}
}

// looksLikeCode reports whether s ends in 143 characters of the base32
// alphabet (either case): a code text or URL, never a file name anyone
// would have. Whether it is a valid code is for the check to say.
func looksLikeCode(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < stamp.TextSize {
		return false
	}
	for i := len(s) - stamp.TextSize; i < len(s); i++ {
		c := s[i] | 0x20 // lower case letters; digits unchanged
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// looksLikeFile reports whether a text that is not a stamp code was meant
// as a file name: it has an image or document extension, or a path
// separator and no URL scheme.
func looksLikeFile(s string) bool {
	if strings.Contains(s, "://") {
		return false
	}
	switch strings.ToLower(filepath.Ext(s)) {
	case ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".heic", ".heif", ".webp", ".gif", ".pdf", ".tif", ".tiff", ".bmp":
		return true
	}
	return strings.ContainsAny(s, `/\`)
}

// image checks every QR code in an image file. An image that needs more
// work than v.limits allow is reported unreadable.
func (v *verifier) image(ctx context.Context, path string) []check {
	codes, err := qrimage.DecodeFileContext(ctx, path, v.limits)
	if err != nil {
		msg := err.Error()
		var pe *os.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		return []check{{Input: path, File: path, Problem: problemUnreadable, Error: msg}}
	}
	if len(codes) == 0 {
		return []check{{Input: path, File: path, Problem: problemNoCode,
			Error: "no QR code found in the image: take a closer, sharper photo, or scan at 300 dpi"}}
	}
	seen := map[string]int{}
	for _, c := range codes {
		seen[canonical(c.Text)]++
	}
	out := make([]check, len(codes))
	for i, c := range codes {
		out[i] = v.code(fmt.Sprintf("%s#%d", path, i+1), c.Text)
		out[i].File, out[i].Index, out[i].Position = path, i+1, &position{c.X, c.Y, c.Size}
		if n := seen[canonical(c.Text)]; n > 1 {
			out[i].Copies = n
		}
	}
	return out
}

// canonical returns the code text of s, or s itself when it is none.
func canonical(s string) string {
	if t, err := stamp.ExtractText(s); err == nil {
		return t
	}
	return s
}

// code checks one code text.
func (v *verifier) code(label, text string) check {
	c := check{Input: label}
	var r *verify.Result
	var err error
	if v.snap != nil {
		r, err = v.snap.Check(text, v.now)
	} else {
		r, err = verify.Offline(text, v.keys)
	}
	if err != nil {
		c.Problem, c.Error = problemNotACode, stamp.ErrorMessage(err)
		return c
	}
	r.CheckedAt = v.now
	r.Message = v.message(r)
	c.Result = r
	return c
}

// message returns r's explanation in the verifier's language.
func (v *verifier) message(r *verify.Result) string {
	if v.snap != nil {
		return verify.OfflineMessage(r, v.asOf, v.lang)
	}
	k := messageKey{r.Verdict, r.Reason, r.Code.ProductNumber}
	if m, ok := v.messages.Load(k); ok {
		return m.(string)
	}
	m := verify.OfflineMessage(r, nil, v.lang)
	v.messages.Store(k, m)
	return m
}

// printReport writes the checks for people: one line per label (✔ or ✘,
// the printed serial or what is known of the stamp, the product, the
// verdict in words) in the verifier's language, and a summary line when
// more than one label was checked.
func (v *verifier) printReport(w io.Writer, checks []check, inputs int) {
	en := v.lang == wording.LangEN
	if v.snap != nil {
		s := v.snap.Summary()
		at := s.GeneratedAt.In(stamp.Vietnam).Format("02/01/2006 15:04 (UTC+7)")
		if en {
			fmt.Fprintf(w, "registry snapshot of %s, signed by key %s: %d products, %d batches (%d revoked), %d revoked stamps\n",
				at, s.SignedBy, s.Products, s.Batches, s.RevokedBatches, s.RevokedStamps)
		} else {
			fmt.Fprintf(w, "sổ đăng ký ngày %s, ký bằng khóa %s: %d sản phẩm, %d lô (%d lô thu hồi), %d tem thu hồi\n",
				at, s.SignedBy, s.Products, s.Batches, s.RevokedBatches, s.RevokedStamps)
		}
		if age := v.now.Sub(s.GeneratedAt); age > 30*24*time.Hour {
			days := int(age.Hours() / 24)
			if en {
				fmt.Fprintf(w, "  the snapshot is %d days old: revocations since then are not known; get a fresh one from the office\n", days)
			} else {
				fmt.Fprintf(w, "  sổ đăng ký đã cũ %d ngày: không biết các tem bị thu hồi sau đó; hãy lấy bản mới từ cơ quan quản lý\n", days)
			}
		}
	}
	genuine, attention, unreadable := 0, 0, 0
	for i := range checks {
		c := &checks[i]
		v.printCheck(w, c)
		switch c.status() {
		case verifyAllGenuine:
			genuine++
		case verifyNotGenuine:
			attention++
		default:
			unreadable++
		}
	}
	if len(checks) > 1 {
		writeLine(w, summaryLine(len(checks), genuine, attention, unreadable, en))
	}
}

// summaryLine is the count of a sheet: "40 tem: 39 chính hãng, 1 không
// chính hãng" ("40 labels: 39 genuine, 1 not genuine").
func summaryLine(total, genuine, attention, unreadable int, en bool) string {
	if en {
		s := fmt.Sprintf("%d labels: %d genuine, %d not genuine", total, genuine, attention)
		if unreadable > 0 {
			s += fmt.Sprintf(", %d unreadable", unreadable)
		}
		return s
	}
	s := fmt.Sprintf("%d tem: %d chính hãng, %d không chính hãng", total, genuine, attention)
	if unreadable > 0 {
		s += fmt.Sprintf(", %d không đọc được", unreadable)
	}
	return s
}

// problemWords are the verdicts in words of inputs that gave no code.
var problemWords = map[string][2]string{
	problemNotACode:   {"không phải mã tem", "not a stamp code"},
	problemNoCode:     {"không tìm thấy mã QR", "no QR code found"},
	problemUnreadable: {"không đọc được", "unreadable"},
}

// printCheck writes one label's line.
func (v *verifier) printCheck(w io.Writer, c *check) {
	en := v.lang == wording.LangEN
	pick := func(vi, e string) string {
		if en {
			return e
		}
		return vi
	}
	mark := "✔"
	if c.status() != verifyAllGenuine {
		mark = "✘"
	}
	where := ""
	if c.File != "" && c.Position != nil {
		where = fmt.Sprintf("%s #%d (%d, %d): ", c.File, c.Index, c.Position.X, c.Position.Y)
	}
	if c.Problem != "" {
		words := problemWords[c.Problem]
		writeLine(w, mark, " ", where, shorten(c.Input), " — ", pick(words[0], words[1]), ": ", c.Error)
		return
	}
	r := c.Result
	id := v.serialOf(r, pick)
	product := pick("sản phẩm ", "product ") + strconv.FormatUint(uint64(r.Code.ProductNumber), 10)
	if p := r.Product; p != nil {
		product = p.Name + " (" + strconv.FormatUint(uint64(p.Number), 10) + ")"
	}
	copies := ""
	if c.Copies > 1 {
		copies = fmt.Sprintf(pick(" (MÃ BỊ SAO CHÉP: xuất hiện %d lần trong ảnh; tem thật là duy nhất)",
			" (COPIED: this code appears %d times in the image; a genuine label is unique)"), c.Copies)
	}
	writeLine(w, mark, " ", where, id, " · ", product, " · ", wording.Title(r.Verdict, v.lang), copies, ": ", r.Message)
}

// serialOf names the label of r for people: its printed serial when known;
// else, offline, the span of serials of its batch (the snapshot holds no
// stamp's own serial: the inspector compares the label's printed serial
// with the span) and the lot; else the stamp id.
func (v *verifier) serialOf(r *verify.Result, pick func(vi, en string) string) string {
	if r.Stamp == nil {
		return pick("tem ", "stamp ") + r.Code.StampID
	}
	if r.Stamp.Serial != "" {
		return r.Stamp.Serial
	}
	if r.Stamp.SerialFirst != "" {
		s := pick("sê-ri trong ", "serial in ") + r.Stamp.SerialFirst + "…" + r.Stamp.SerialLast
		if r.Stamp.Lot != "" {
			s += pick(" (lô ", " (lot ") + r.Stamp.Lot + ")"
		}
		return s
	}
	return pick("tem ", "stamp ") + r.Code.StampID
}

// writeLine writes the parts and a newline.
func writeLine(w io.Writer, parts ...string) {
	for _, p := range parts {
		io.WriteString(w, p)
	}
	io.WriteString(w, "\n")
}

// shorten keeps long code texts to one readable line.
func shorten(in string) string {
	r := []rune(in)
	if len(r) > 60 {
		return string(r[:24]) + "…" + string(r[len(r)-16:])
	}
	return in
}
