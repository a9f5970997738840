package verify

import (
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
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
		vi, en := Message(r, LangVI), Message(r, "en-US")
		if vi == "" || en == "" || vi == en || seen[vi] || seen[en] {
			t.Errorf("%s/%s: vi %q en %q (empty, equal or repeated)", r.Verdict, r.Reason, vi, en)
		}
		seen[vi], seen[en] = true, true
		if Title(r.Verdict, LangVI) == Title(r.Verdict, LangEN) || Advice(r.Verdict, LangVI) == "" || Advice(r.Verdict, LangEN) == "" {
			t.Errorf("%s: title or advice missing", r.Verdict)
		}
	}
	if got := Message(cases[2], LangVI); !strings.Contains(got, "57 lần từ 23 mạng") || !strings.Contains(got, "05/03/2026") {
		t.Errorf("suspicious vi: %q", got)
	}
	if got := Message(cases[4], LangEN); !strings.Contains(got, "31 Jan 2026") {
		t.Errorf("expired en: %q", got)
	}
	if got := Message(cases[8], LangVI); got != "Tem này đã bị thu hồi. Lý do: in lỗi." {
		t.Errorf("revoked vi: %q", got)
	}
	if Title("bogus", LangVI) != Title(stamp.NotGenuine, LangVI) || ToneOf("bogus") != ToneDanger {
		t.Error("an unknown verdict must look like not_genuine")
	}
	for v, want := range map[stamp.Verdict]Tone{stamp.Genuine: ToneOK, stamp.Suspicious: ToneWarn, stamp.CertificationInvalid: ToneWarn, stamp.Revoked: ToneDanger, stamp.Unknown: ToneDanger, stamp.NotGenuine: ToneDanger} {
		if ToneOf(v) != want {
			t.Errorf("tone of %s: %s, want %s", v, ToneOf(v), want)
		}
	}
	r := &Result{Verdict: stamp.Genuine}
	r.Localize(LangEN)
	if r.Message != Message(r, LangEN) {
		t.Error("Localize")
	}
}

func TestLangAndDates(t *testing.T) {
	for in, want := range map[string]string{"en": LangEN, "EN-gb": LangEN, "en_US": LangEN, "vi": LangVI, "": LangVI, "fr": LangVI, "english": LangVI} {
		if got := NormalizeLang(in); got != want {
			t.Errorf("NormalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
	if got := FormatDate("2026-03-05", LangVI); got != "05/03/2026" {
		t.Errorf("vi date %q", got)
	}
	if got := FormatDate("2026-03-05", LangEN); got != "5 Mar 2026" {
		t.Errorf("en date %q", got)
	}
	if FormatDate("", LangVI) != "" || FormatDate("soon", LangEN) != "soon" {
		t.Error("FormatDate must pass through what it cannot parse")
	}
	late := time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC) // already 1 Jan in Vietnam
	if got := FormatDay(late, LangVI); got != "01/01/2027" {
		t.Errorf("FormatDay in Vietnam time: %q", got)
	}
}
