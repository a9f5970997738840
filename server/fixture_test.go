package server

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

const baseURL = "HTTPS://TXNG.EXAMPLE.VN"

// fixture is a server on a real store holding one stamp for every verdict.
type fixture struct {
	store  storage.Store
	svc    *verify.Service
	rec    *verify.Recorder
	srv    *Server
	ts     *httptest.Server
	keys   *stamp.KeySet
	signer *stamp.Signer
	priv   ed25519.PrivateKey

	genuine, participating, copied, revoked, batchRevoked, expired, suspended stamp.Stamp
	genuineMore                                                               []stamp.Stamp
	unknown, forged, strangerKey                                              stamp.Code
	missingSerial                                                             string
}

// code returns the QR path of a code: /S/<text>.
func codePath(c stamp.Code) string { return "/S/" + c.Text() }

// text of the cases every verdict test walks.
type verdictCase struct {
	name    string
	path    string
	verdict stamp.Verdict
	// want are strings the HTML page must show, per language.
	wantVI, wantEN []string
}

func (f *fixture) verdictCases() []verdictCase {
	return []verdictCase{
		{"genuine", codePath(f.genuine.Code()), stamp.Genuine,
			[]string{"TEM CHÍNH HÃNG", "Cam Khe Mây", "Sản phẩm OCOP đạt 4 sao", "★★★★☆", "HTX Cam Hương Khê", "Mua hàng chính hãng tại", "Điểm bán OCOP Hương Khê", "2101/QĐ-UBND", stamp.FormatSerial(f.genuine.Serial), "LÔ-7", "Có hiệu lực đến", "Kiểm nghiệm gần nhất", "UBND huyện Hương Khê xác nhận"},
			[]string{"GENUINE OCOP STAMP", "Cam Khe Mây", "OCOP product rated 4 stars", "Buy genuine products at", "Hương Khê district", "Valid until"}},
		{"participating", codePath(f.participating.Code()), stamp.Genuine,
			[]string{"TEM CHÍNH HÃNG", "Sản phẩm tham gia Chương trình OCOP (chưa xếp hạng)"},
			[]string{"GENUINE OCOP STAMP", "Product taking part in the OCOP programme (not yet ranked)"}},
		{"suspicious", codePath(f.copied.Code()), stamp.Suspicious,
			[]string{"CẢNH BÁO: TEM CÓ THỂ BỊ SAO CHÉP", "Quét lần đầu", "Số mạng khác nhau", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"},
			[]string{"WARNING: THIS STAMP MAY BE COPIED", "First scanned", "Different networks"}},
		{"certification_invalid expired", codePath(f.expired.Code()), stamp.CertificationInvalid,
			[]string{"CHỨNG NHẬN OCOP KHÔNG CÒN HIỆU LỰC", "đã hết hạn", "Hết hạn"},
			[]string{"OCOP CERTIFICATE NOT VALID", "expired on", "Expired"}},
		{"certification_invalid suspended", codePath(f.suspended.Code()), stamp.CertificationInvalid,
			[]string{"CHỨNG NHẬN OCOP KHÔNG CÒN HIỆU LỰC", "tạm đình chỉ", "Kết quả kiểm nghiệm không đạt", `class="stars void"`, "không còn áp dụng (chứng nhận không còn hiệu lực)"},
			[]string{"OCOP CERTIFICATE NOT VALID", "suspended", "no longer applies"}},
		{"revoked", codePath(f.revoked.Code()), stamp.Revoked,
			[]string{"TEM ĐÃ BỊ THU HỒI", "Tem in lỗi, đã hủy", "Lý do thu hồi"},
			[]string{"STAMP REVOKED", "Tem in lỗi, đã hủy", "Reason for revocation"}},
		{"revoked batch", codePath(f.batchRevoked.Code()), stamp.Revoked,
			[]string{"TEM ĐÃ BỊ THU HỒI", "Lô tem chứa tem này đã bị thu hồi", "Lô hàng bị làm giả bao bì"},
			[]string{"STAMP REVOKED", "The batch this stamp belongs to has been revoked"}},
		{"unknown", codePath(f.unknown), stamp.Unknown,
			[]string{"TEM KHÔNG CÓ TRONG HỆ THỐNG", "Báo cáo tem nghi giả", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh", "0239 3855 000"},
			[]string{"STAMP NOT IN THE REGISTRY", "Report a suspect stamp"}},
		{"not_genuine", codePath(f.forged), stamp.NotGenuine,
			[]string{"TEM KHÔNG CHÍNH HÃNG", "Đừng mua sản phẩm này", "Báo cáo tem nghi giả", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"},
			[]string{"NOT A GENUINE STAMP", "Do not buy this product", "digital signature is wrong"}},
		{"not_genuine unknown key", codePath(f.strangerKey), stamp.NotGenuine,
			[]string{"TEM KHÔNG CHÍNH HÃNG", "khóa không rõ nguồn gốc"},
			[]string{"NOT A GENUINE STAMP", "unknown key"}},
	}
}

const testContactPhone = "0239 3855 000"

// newFixture seeds store and serves it. cfg may adjust the server config.
func newFixture(t testing.TB, st storage.Store, cfg func(*Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	rnd := rand.NewChaCha8([32]byte{42})
	f := &fixture{store: st}
	pub, priv, err := ed25519.GenerateKey(rnd)
	if err != nil {
		t.Fatal(err)
	}
	f.priv = priv
	if f.signer, err = stamp.NewSigner(priv); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if f.keys, err = stamp.NewKeySet(stamp.PublicKey{ID: f.signer.KeyID(), Key: pub, State: stamp.KeyActive, CreatedAt: now.AddDate(-1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreateFacility(ctx, "test", stamp.Facility{Code: "HT-CS-003", Name: "HTX Cam Hương Khê", Kind: "hợp tác xã",
		District: "Hương Khê", Commune: "xã Hương Trà", Address: "thôn Khe Mây", Phone: "0239 000 0003"}))
	_, err = st.CreatePointOfSale(ctx, "test", stamp.PointOfSale{Name: "Điểm bán OCOP Hương Khê", District: "Hương Khê",
		Commune: "thị trấn Hương Khê", Address: "khối 6", Phone: "0239 000 0101"})
	must(err)
	today := stamp.DateOf(now)
	type prod struct {
		n      uint32
		name   string
		rank   stamp.Rank
		status string
		reason string
		expiry stamp.Date
	}
	for _, p := range []prod{
		{1, "Cam Khe Mây", stamp.Rank4, stamp.CertValid, "", stamp.Date{}},
		{2, "Bưởi Phúc Trạch", stamp.Rank3, stamp.CertValid, "", today.AddDays(-1)},
		{3, "Mật ong rừng", stamp.Rank3, stamp.CertSuspended, "Kết quả kiểm nghiệm không đạt", stamp.Date{}},
		{4, "Chè xanh", stamp.RankParticipating, stamp.CertValid, "", stamp.Date{}},
	} {
		must(st.CreateProduct(ctx, "test", stamp.Product{Number: p.n, FacilityCode: "HT-CS-003", Name: p.name, Group: "Thực phẩm"}))
		c := stamp.Certification{ProductNumber: p.n, Rank: p.rank, DecisionNumber: fmt.Sprintf("210%d/QĐ-UBND", p.n),
			DecisionDate: today.AddDays(-60), ExpiresOn: p.expiry, ProcessConfirmed: "Quy trình VietGAP được UBND huyện Hương Khê xác nhận",
			LabTestDate: today.AddDays(-20), DeclarationDate: today.AddDays(-50)}
		if !p.expiry.IsZero() {
			c.DecisionDate = today.AddMonths(-40)
		}
		id, err := st.AddCertification(ctx, "test", c)
		must(err)
		if p.status != stamp.CertValid {
			must(st.SetCertificationStatus(ctx, "test", id, p.status, p.reason))
		}
	}
	_, good := mint(t, st, f.signer, 1, 40)
	f.genuine, f.copied, f.revoked = good[0], good[1], good[2]
	f.genuineMore = good[3:]
	_, part := mint(t, st, f.signer, 4, 1)
	f.participating = part[0]
	rb, rbs := mint(t, st, f.signer, 1, 2)
	f.batchRevoked = rbs[0]
	_, exp := mint(t, st, f.signer, 2, 1)
	f.expired = exp[0]
	_, sus := mint(t, st, f.signer, 3, 1)
	f.suspended = sus[0]
	must(st.RevokeStamp(ctx, "test", f.revoked.ID, "Tem in lỗi, đã hủy"))
	must(st.RevokeBatch(ctx, "test", rb.ID, "Lô hàng bị làm giả bao bì"))
	f.unknown = f.signer.Sign(1, uuid.Must(uuid.NewRandomFromReader(rnd)))
	f.forged = f.genuine.Code()
	f.forged.Signature[7] ^= 0x10
	_, spriv, _ := ed25519.GenerateKey(rnd)
	stranger, _ := stamp.NewSigner(spriv)
	f.strangerKey = stranger.Sign(1, f.genuine.ID)
	f.missingSerial = stamp.FormatSerial(999_999_990)
	// The copied stamp was scanned from 12 different networks over two days.
	var evs []stamp.ScanEvent
	for i := range 12 {
		evs = append(evs, stamp.ScanEvent{StampID: f.copied.ID, At: now.Add(-time.Duration(48-i) * time.Hour),
			Channel: stamp.ChannelWeb, ClientHash: fmt.Sprintf("client-%02d", i), Verdict: "genuine"})
	}
	must(st.RecordScans(ctx, evs))

	f.rec = verify.NewRecorder(st, []byte("test salt"), verify.RecorderOptions{FlushInterval: 10 * time.Millisecond})
	t.Cleanup(func() { f.rec.Close(context.Background()) })
	f.svc = &verify.Service{Keys: f.keys, Views: st, Store: st, Recorder: f.rec, SuspiciousThreshold: 10}
	c := Config{
		Contact:   Contact{Phone: testContactPhone, Email: "vpdp@example.vn"},
		RateLimit: -1,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if cfg != nil {
		cfg(&c)
	}
	f.srv, err = New(c, Deps{Lookup: f.svc, Keys: f.keys, Ready: map[string]Pinger{"database": st}, Collectors: f.rec.Collectors(),
		Reports: &office.Office{Store: st}})
	must(err)
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	return f
}

// mint stores a batch of n stamps of product signed by sg, bypassing the
// minter's certification check.
func mint(t testing.TB, s storage.Store, sg *stamp.Signer, product uint32, n int) (*stamp.Batch, []stamp.Stamp) {
	t.Helper()
	b := &stamp.Batch{ProductNumber: product, Count: n, Lot: "LÔ-7",
		ProducedOn: stamp.DateOf(time.Now()).AddDays(-3), BestBefore: stamp.DateOf(time.Now()).AddMonths(6), MintedBy: "test"}
	return b, storagetest.MintSigned(t, s, sg, b)
}

// get sends a GET (or another method) with headers "Name: value".
func (f *fixture) do(t testing.TB, method, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	return do(t, f.ts.URL, method, path, headers...)
}

func do(t testing.TB, base, method, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, nil)
	if err != nil {
		t.Fatalf("request %s: %v", path, err)
	}
	for _, h := range headers {
		if h == "" {
			continue
		}
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, string(body)
}

const (
	acceptBrowser = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
	acceptJSON    = "Accept: application/json"
)
