package verify

import (
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

func TestMessagesEveryVerdict(t *testing.T) {
	first := time.Date(2026, 3, 4, 20, 0, 0, 0, time.UTC) // 5 March in Vietnam
	cases := []*Result{
		{Verdict: stamp.Genuine, Certification: &CertInfo{Rank: 4, Class: "ocop"}},
		{Verdict: stamp.Genuine, Certification: &CertInfo{Rank: 0, Class: "participating"}},
		{Verdict: stamp.Suspicious, Reason: stamp.ReasonManyScanners, Scans: &ScanInfo{Count: 57, DistinctClients: 23, FirstAt: &first}},
		{Verdict: stamp.Suspicious, Reason: stamp.ReasonManyScanners},
		{Verdict: stamp.CertificationInvalid, Reason: stamp.ReasonCertExpired, Certification: &CertInfo{DecisionNumber: "12/QĐ", ExpiresOn: "2026-01-31"}},
		{Verdict: stamp.CertificationInvalid, Reason: stamp.ReasonCertSuspended, Certification: &CertInfo{DecisionNumber: "12/QĐ"}},
		{Verdict: stamp.CertificationInvalid, Reason: stamp.ReasonCertWithdrawn, Certification: &CertInfo{DecisionNumber: "12/QĐ"}},
		{Verdict: stamp.CertificationInvalid, Reason: stamp.ReasonNoCertification},
		{Verdict: stamp.Revoked, Reason: stamp.ReasonStampRevoked, Stamp: &StampInfo{RevokeReason: "in lỗi."}},
		{Verdict: stamp.Revoked, Reason: stamp.ReasonBatchRevoked},
		{Verdict: stamp.Unknown, Reason: stamp.ReasonNotInRegistry, Code: CodeInfo{Text: "X"}},
		{Verdict: stamp.Unknown, Reason: stamp.ReasonNotInRegistry},
		{Verdict: stamp.NotGenuine, Reason: stamp.ReasonBadSignature},
		{Verdict: stamp.NotGenuine, Reason: stamp.ReasonUnknownKey},
		{Verdict: stamp.NotGenuine, Reason: stamp.ReasonKeyCompromised},
		{Verdict: stamp.NotGenuine, Reason: stamp.ReasonRegistryMismatch},
		{Verdict: stamp.CheckOnline, Reason: stamp.ReasonKeyCompromised},
	}
	seen := map[string]bool{}
	for _, r := range cases {
		vi, en := Message(r, wording.LangVI), Message(r, "en-US")
		if vi == "" || en == "" || vi == en || seen[vi] || seen[en] {
			t.Errorf("%s/%s: vi %q en %q (empty, equal or repeated)", r.Verdict, r.Reason, vi, en)
		}
		seen[vi], seen[en] = true, true
		if wording.Title(r.Verdict, wording.LangVI) == wording.Title(r.Verdict, wording.LangEN) || wording.Advice(r.Verdict, wording.LangVI) == "" || wording.Advice(r.Verdict, wording.LangEN) == "" {
			t.Errorf("%s: title or advice missing", r.Verdict)
		}
	}
	if got := Message(cases[2], wording.LangVI); !strings.Contains(got, "57 lần từ 23 mạng") || !strings.Contains(got, "05/03/2026") {
		t.Errorf("suspicious vi: %q", got)
	}
	if got := Message(cases[4], wording.LangEN); !strings.Contains(got, "31 Jan 2026") {
		t.Errorf("expired en: %q", got)
	}
	if got := Message(cases[8], wording.LangVI); got != "Tem này đã bị thu hồi. Lý do: in lỗi." {
		t.Errorf("revoked vi: %q", got)
	}
	if wording.Title("bogus", wording.LangVI) != wording.Title(stamp.NotGenuine, wording.LangVI) || wording.ToneOf("bogus") != wording.ToneDanger {
		t.Error("an unknown verdict must look like not_genuine")
	}
	for v, want := range map[stamp.Verdict]wording.Tone{stamp.Genuine: wording.ToneOK, stamp.Suspicious: wording.ToneWarn, stamp.CertificationInvalid: wording.ToneWarn, stamp.Revoked: wording.ToneDanger, stamp.Unknown: wording.ToneDanger, stamp.NotGenuine: wording.ToneDanger} {
		if wording.ToneOf(v) != want {
			t.Errorf("tone of %s: %s, want %s", v, wording.ToneOf(v), want)
		}
	}
	r := &Result{Verdict: stamp.Genuine}
	r.Localize(wording.LangEN)
	if r.Message != Message(r, wording.LangEN) {
		t.Error("Localize")
	}
}
