package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/storage"
)

var mintKey = regexp.MustCompile(`name="key" value="([^"]+)"`)

// TestMintTwiceMintsOnce sends the same mint form twice, at the same time
// and once more after: one batch.
func TestMintTwiceMintsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	csrf := c.signIn("office")
	form := c.get("/office/batches/new")
	m := mintKey.FindStringSubmatch(form.body)
	if m == nil {
		t.Fatalf("the mint form has no key:\n%s", form.body)
	}
	product := strconv.FormatUint(uint64(firstProduct(t, e.store)), 10)
	v := url.Values{"csrf": {csrf}, "key": {m[1]}, "product": {product}, "count": {"100"}, "lot": {"LÔ-HAI-LẦN"}}
	var wg sync.WaitGroup
	codes := make([]int, 3)
	for i := range 2 {
		wg.Go(func() { codes[i] = c.post("/office/batches/new", v).StatusCode })
	}
	wg.Wait()
	codes[2] = c.post("/office/batches/new", v).StatusCode
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Errorf("send %d: %d, want 303", i, code)
		}
	}
	bs, err := e.store.BatchesOf(context.Background(), firstProduct(t, e.store))
	must(t, err)
	n := 0
	for _, b := range bs {
		if b.Lot == "LÔ-HAI-LẦN" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d batches minted from one form, want 1", n)
	}
}

// TestFormErrorsNextToFields checks that a use case's refusal is shown next
// to the field it concerns and nothing is stored.
func TestFormErrorsNextToFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	csrf := c.signIn("office")
	r := c.post("/office/facilities/new", url.Values{"csrf": {csrf}, "code": {"HT-CS-9999"}, "name": {"HTX thử"}, "district": {"Huyện Không Có"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, `id="e-district"`) {
		t.Errorf("unknown district: %d, error not next to the district:\n%s", r.StatusCode, r.body)
	}
	r = c.post("/office/facilities/new", url.Values{"csrf": {csrf}, "code": {"HT-CS-9999"}})
	if !strings.Contains(r.body, `id="e-name"`) {
		t.Error("missing required fields are not each marked")
	}
	if _, err := e.store.Facility(context.Background(), "HT-CS-9999"); err == nil {
		t.Error("a refused facility was stored")
	}
	r = c.post("/office/products/new", url.Values{"csrf": {csrf}, "number": {"9901"}, "facility": {e.batch.FacilityCode},
		"name": {"Kẹo thử"}, "group": {"Thực phẩm"}, "gtin": {"8934588012227"}})
	if r.StatusCode != http.StatusBadRequest || !regexp.MustCompile(`id="e-gtin"[^>]*>[^<]*phải kết thúc bằng 8<span class="alt" lang="en">[^<]*ends in 8</span>`).MatchString(r.body) {
		t.Errorf("GTIN with a wrong check digit: %d, the right digit not next to the GTIN:\n%s", r.StatusCode, r.body)
	}
	r = c.post("/office/revoke", url.Values{"csrf": {csrf}, "first": {"abc"}, "last": {"0000-00001-3"}, "reason": {""}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, `id="e-first"`) || !strings.Contains(r.body, `id="e-reason"`) {
		t.Errorf("bad revoke form: %d\n%s", r.StatusCode, r.body)
	}
}

func TestInboxState(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	rep := &storage.ConsumerReport{StampID: e.batch.ID, What: "Tem lạ (mẫu)", Lang: "vi"}
	must(t, e.store.AddConsumerReport(ctx, rep))
	c := e.client()
	csrf := c.signIn("inspector")
	path := "/office/inbox/consumer_report/" + strconv.FormatInt(rep.ID, 10)
	if r := c.post(path, url.Values{"csrf": {csrf}, "state": {"lost"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad state: %d, want 400", r.StatusCode)
	}
	if r := c.post(path, url.Values{"csrf": {csrf}, "state": {"closed"}, "note": {"Đã trả lời người mua"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", r.StatusCode)
	}
	sts, err := e.store.InboxStatesOf(ctx, storage.InboxConsumerReport)
	must(t, err)
	if s := sts[rep.ID]; s.State != "closed" || s.ChangedBy != "chị inspector" {
		t.Errorf("state = %+v", s)
	}
	if r := c.get("/office/inbox"); strings.Contains(r.body, "Tem lạ (mẫu)") {
		t.Error("a closed report is still listed by default")
	}
	if r := c.get("/office/inbox?state=closed"); !strings.Contains(r.body, "Đã trả lời người mua") {
		t.Error("the closed report's note is not shown")
	}
}

// TestInterruptedMintEnds checks that a background mint whose server
// stopped is shown as interrupted after a while, and its key freed.
func TestInterruptedMintEnds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, ok, err := e.store.ClaimMintJob(ctx, &storage.MintJob{Key: "k-interrupted-0001", Actor: "chị office", Count: 50000})
	must(t, err)
	if !ok {
		t.Fatal("not claimed")
	}
	c := e.client()
	c.signIn("office")
	if r := c.get("/office/minting/k-interrupted-0001"); r.StatusCode != 200 || r.Header.Get("Refresh") == "" {
		t.Fatalf("running mint: %d, refresh %q", r.StatusCode, r.Header.Get("Refresh"))
	}
	e.clock.Advance(2 * time.Hour)
	c.signIn("office") // the session expired meanwhile
	r := c.get("/office/minting/k-interrupted-0001")
	if r.Header.Get("Refresh") != "" || !strings.Contains(r.body, "gián đoạn") {
		t.Errorf("a stale mint still shows as running:\n%s", r.body)
	}
	if _, ok, err := e.store.ClaimMintJob(ctx, &storage.MintJob{Key: "k-interrupted-0001", Actor: "chị office", Count: 5}); err != nil || !ok {
		t.Errorf("the interrupted mint's key was not freed: %v %v", ok, err)
	}
}
