package verify

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/internal/nodetest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

type jsResult struct {
	Verdict      stamp.Verdict `json:"verdict"`
	Reason       string        `json:"reason"`
	Error        string        `json:"error"`
	Product      string        `json:"product"`
	Facility     string        `json:"facility"`
	Rank         int           `json:"rank"`
	RevokeReason string        `json:"revoke_reason"`
	Serial       string        `json:"serial"`
	SerialFirst  string        `json:"serial_first"`
	SerialLast   string        `json:"serial_last"`
}

// judgeJS runs the inspector app's JavaScript verifier
// (web/inspector/snapshot.js) on the cases.
func judgeJS(t *testing.T, keys *stamp.KeySet, snapshot []byte, texts []string, now []time.Time) (string, []jsResult) {
	t.Helper()
	kj, err := keys.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	type jsCase struct {
		Text string `json:"text"`
		Now  string `json:"now"`
	}
	in := struct {
		Keys     json.RawMessage `json:"keys"`
		Snapshot string          `json:"snapshot"`
		Cases    []jsCase        `json:"cases"`
	}{Keys: kj, Snapshot: string(snapshot)}
	for i := range texts {
		in.Cases = append(in.Cases, jsCase{texts[i], now[i].UTC().Format(time.RFC3339Nano)})
	}
	body, _ := json.Marshal(in)
	cmd := exec.Command(nodetest.Node(t, "compare the inspector app's verifier"), filepath.Join("..", "web", "inspector", "cli", "judge.mjs"))
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node web/inspector/cli/judge.mjs: %v: %s", err, stderr.String())
	}
	var res struct {
		Refused string     `json:"refused"`
		Results []jsResult `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node web/inspector/cli/judge.mjs printed %q: %v", out, err)
	}
	return res.Refused, res.Results
}

// TestJSVerdictsMatchGo checks that the inspector web app's verifier gives
// the CLI's offline verdict (Snapshot.Check) for a stamp in every state, and
// refuses the snapshots OpenSnapshot refuses.
func TestJSVerdictsMatchGo(t *testing.T) {
	w := newSnapWorld(t)
	data := w.build(t)
	trusted, err := stamp.NewKeySet(*w.keys.Lookup(w.a.KeyID()))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := OpenSnapshot(data, trusted)
	if err != nil {
		t.Fatal(err)
	}
	forged := w.good.Code()
	forged.Signature[0] ^= 1
	later := w.now.Add(10 * 24 * time.Hour)
	texts := []string{
		w.good.Code().URL("https://txng.example.vn"), w.revoked.Code().Text(), w.inRevoked.Code().Text(),
		w.suspended.Code().Text(), w.expiring.Code().Text(), w.expiring.Code().Text(),
		w.a.Sign(1001, v7(w.now.Add(-time.Hour), 1)).Text(), w.a.Sign(1001, uuid.UUID{}).Text(),
		w.a.Sign(1001, v7(w.now.Add(time.Hour), 1)).Text(), w.a.Sign(1002, w.good.ID).Text(),
		w.a.Sign(1002, w.revoked.ID).Text(), forged.Text(), w.beforeC.Code().Text(), w.afterC.Code().Text(),
		w.c.Sign(1001, v7(w.now.Add(-time.Hour), 2)).Text(), "HELLO", "https://x/S/" + w.good.Code().Text() + "!",
	}
	now := make([]time.Time, len(texts))
	for i := range now {
		now[i] = w.now
	}
	now[5] = later
	refused, got := judgeJS(t, trusted, data, texts, now)
	if refused != "" || len(got) != len(texts) {
		t.Fatalf("JS refused %q, %d results for %d cases", refused, len(got), len(texts))
	}
	verdicts := map[stamp.Verdict]bool{}
	spans := 0
	for i, text := range texts {
		r, err := snap.Check(text, now[i])
		if err != nil {
			var ce *stamp.CodeError
			if !errors.As(err, &ce) || got[i].Error == "" {
				t.Errorf("case %d: Go error %v, JS %+v", i, err, got[i])
			}
			continue
		}
		verdicts[r.Verdict] = true
		g := got[i]
		if g.Verdict != r.Verdict || g.Reason != r.Reason {
			t.Errorf("case %d: JS %s/%s, Go %s/%s", i, g.Verdict, g.Reason, r.Verdict, r.Reason)
		}
		if r.Product != nil && g.Product != r.Product.Name || r.Facility != nil && g.Facility != r.Facility.Name ||
			r.Certification != nil && g.Rank != r.Certification.Rank || r.Stamp != nil && g.RevokeReason != r.Stamp.RevokeReason {
			t.Errorf("case %d: JS details %+v, Go %+v %+v %+v", i, g, r.Product, r.Facility, r.Stamp)
		}
		// The label's printed serial: the serial of a one-label batch, else
		// the span of its batch's serials, as the CLI prints them.
		var serial, first, last string
		if r.Stamp != nil {
			serial, first, last = r.Stamp.Serial, r.Stamp.SerialFirst, r.Stamp.SerialLast
			if first != "" {
				spans++
			}
		}
		if g.Serial != serial || g.SerialFirst != first || g.SerialLast != last {
			t.Errorf("case %d: JS serial %q, span %q…%q; Go %q, %q…%q", i, g.Serial, g.SerialFirst, g.SerialLast, serial, first, last)
		}
	}
	if spans == 0 {
		t.Error("no case compared a batch's span of serials")
	}
	for _, v := range []stamp.Verdict{stamp.Genuine, stamp.NotGenuine, stamp.Revoked, stamp.CertificationInvalid, stamp.CheckOnline, stamp.Unknown} {
		if !verdicts[v] {
			t.Errorf("no case gave %s", v)
		}
	}

	// Snapshots Go refuses, JS refuses too.
	var env map[string]any
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatal(err)
	}
	body, _ := base64.StdEncoding.DecodeString(env["body"].(string))
	tamper := func(f func(map[string]any)) []byte {
		e := map[string]any{}
		for k, v := range env {
			e[k] = v
		}
		f(e)
		out, _ := json.Marshal(e)
		return out
	}
	altered := bytes.Replace(body, []byte("Mật ong"), []byte("Mật 0ng"), 1)
	for name, bad := range map[string][]byte{
		"altered body":  tamper(func(e map[string]any) { e["body"] = base64.StdEncoding.EncodeToString(altered) }),
		"unknown key":   tamper(func(e map[string]any) { e["key_id"] = "00000000" }),
		"unknown field": tamper(func(e map[string]any) { e["colour"] = "red" }),
		"not json":      []byte("{"),
	} {
		if _, err := OpenSnapshot(bad, trusted); err == nil {
			t.Fatalf("%s: Go accepted it", name)
		}
		if refused, _ := judgeJS(t, trusted, bad, nil, nil); refused == "" {
			t.Errorf("%s: JS accepted a snapshot Go refuses", name)
		}
	}
}
