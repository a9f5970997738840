package admin_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

const (
	seedActor = "cli:seed"
	baseURL   = "https://txng.example.vn"
)

// stores runs fn once on SQLite and once on PostgreSQL (skipped, or failed
// under CI, when OCOPSTAMP_TEST_POSTGRES is unset).
func stores(t *testing.T, fn func(t *testing.T, open func(t *testing.T) storage.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, func(t *testing.T) storage.Store { return storagetest.OpenSQLite(t) })
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, func(t *testing.T) storage.Store { return storagetest.OpenPostgres(t) })
	})
}

// clock is a settable clock for Deps.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// fixture is the admin API on a real store with a small registry: one
// facility, product 1001 with a valid certification, one point of sale, a
// batch of 40 stamps, and a token of every role.
type fixture struct {
	t      *testing.T
	store  storage.Store
	engine *gin.Engine
	clock  *clock
	logs   *syncbuf.Buffer
	signer *stamp.Signer
	keys   *stamp.KeySet

	certID int64
	posID  int64
	batch  *stamp.Batch
	stamps []stamp.Stamp
	tokens map[string]string // role -> token text
}

func testSigner(t testing.TB) (*stamp.Signer, *stamp.KeySet) { return storagetest.Signer(t, 9) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seedRegistry stores the fixture's registry and returns the certification
// and point of sale ids.
func seedRegistry(t testing.TB, s storage.Store) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, seedActor, stamp.Facility{Code: "HT-CS-001", Name: "HTX Mật ong Hương Khê (mẫu)",
		Kind: "hợp tác xã", District: "Hương Khê", Commune: "xã Hương Trà"}))
	must(t, s.CreateProduct(ctx, seedActor, stamp.Product{Number: 1001, FacilityCode: "HT-CS-001", Name: "Mật ong rừng (mẫu)",
		Group: "Thực phẩm"}))
	certID, err := s.AddCertification(ctx, seedActor, stamp.Certification{ProductNumber: 1001, Rank: stamp.Rank4,
		DecisionNumber: "2101/QĐ-UBND", DecisionDate: stamp.DateOf(time.Now()).AddDays(-30)})
	must(t, err)
	posID, err := s.CreatePointOfSale(ctx, seedActor, stamp.PointOfSale{Name: "Điểm bán OCOP Hương Khê", District: "Hương Khê"})
	must(t, err)
	return certID, posID
}

// newFixture builds the fixture on the store open returns; extra tunes the
// admin API's Deps.
func newFixture(t *testing.T, s storage.Store, extra ...func(*admin.Deps)) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, store: s, clock: &clock{}, logs: &syncbuf.Buffer{}, tokens: map[string]string{}}
	f.signer, f.keys = testSigner(t)
	f.certID, f.posID = seedRegistry(t, s)
	m := &stamp.Minter{Store: s, Signer: f.signer}
	b, err := m.Mint(ctx, stamp.MintRequest{ProductNumber: 1001, Count: 40, Lot: "LÔ-1", MintedBy: seedActor})
	must(t, err)
	f.batch = b
	must(t, s.BatchStamps(ctx, b.ID, 0, 0, func(x stamp.Stamp) error { f.stamps = append(f.stamps, x); return nil }))
	for _, role := range stamp.Roles {
		text, _, err := issueToken(ctx, s, office.TokenRequest{Name: "test " + role, Role: role}, time.Now())
		must(t, err)
		f.tokens[role] = text
	}
	d := admin.Deps{Store: s, Signer: f.signer, Keys: f.keys, BaseURL: baseURL, Now: f.clock.Now,
		Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, fn := range extra {
		fn(&d)
	}
	f.engine = newEngine(t, d)
	return f
}

// newEngine is a Gin engine configured like the lookup server's, with the
// admin API mounted.
func newEngine(t testing.TB, d admin.Deps) *gin.Engine {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	must(t, e.SetTrustedProxies(nil))
	e.Use(gin.Recovery())
	if err := admin.Register(e, d); err != nil {
		t.Fatal(err)
	}
	return e
}

// call is one request to the fixture's engine.
type call struct {
	method, path string
	body         string
	token        string // the whole Authorization value is "Bearer " + token; "" sends none
	header       map[string]string
	remote       string // client address, default 192.0.2.1:1234
}

func (f *fixture) do(c call) *httptest.ResponseRecorder {
	f.t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req := httptest.NewRequest(c.method, c.path, body)
	if c.body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	if c.remote != "" {
		req.RemoteAddr = c.remote
	}
	w := httptest.NewRecorder()
	f.engine.ServeHTTP(w, req)
	return w
}

// as sends method path body with the token of role ("" for none).
func (f *fixture) as(role, method, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do(call{method: method, path: path, body: body, token: f.tokens[role]})
}

// ok sends a request as role that must answer want, and decodes the JSON
// answer into out (when not nil).
func (f *fixture) ok(role, method, path, body string, want int, out any) {
	f.t.Helper()
	w := f.as(role, method, path, body)
	if w.Code != want {
		f.t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, role, w.Code, want, w.Body.String())
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			f.t.Fatalf("%s %s: decode %T: %v\n%s", method, path, out, err, w.Body.String())
		}
	}
}

// apiError decodes an error answer.
func apiError(t testing.TB, w *httptest.ResponseRecorder) admin.APIError {
	t.Helper()
	var b admin.ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil {
		t.Fatalf("error body %q: %v", w.Body.String(), err)
	}
	if b.Error.Status != w.Code || b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("error body %q does not match status %d", w.Body.String(), w.Code)
	}
	return b.Error
}

// state is what a refused request must leave unchanged.
type state struct {
	Version     int64
	Audit       int
	Tokens      []string
	Inspections int
	Reports     int
	Batches     int
}

func (f *fixture) state() state {
	f.t.Helper()
	ctx := context.Background()
	var st state
	var err error
	st.Version, err = f.store.RegistryVersion(ctx)
	must(f.t, err)
	es, err := f.store.AuditLog(ctx, time.Time{}, 0)
	must(f.t, err)
	st.Audit = len(es)
	ts, err := f.store.ListTokens(ctx)
	must(f.t, err)
	for _, tk := range ts {
		st.Tokens = append(st.Tokens, tk.Name+"/"+tk.State(time.Now()))
	}
	ins, err := f.store.ListInspections(ctx, storage.InspectionFilter{Limit: 1 << 20})
	must(f.t, err)
	rs, err := f.store.ListConsumerReports(ctx, storage.ConsumerReportFilter{Limit: 1 << 20})
	must(f.t, err)
	bs, err := f.store.BatchesOf(ctx, 0)
	must(f.t, err)
	st.Inspections, st.Reports, st.Batches = len(ins), len(rs), len(bs)
	return st
}

func (s state) String() string {
	b, _ := json.Marshal(s)
	return string(b)
}

func openSQLite(t *testing.T) storage.Store { return storagetest.OpenSQLite(t) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// issueToken issues a token as seedActor (office role) at time now.
func issueToken(ctx context.Context, st storage.Store, req office.TokenRequest, now time.Time) (string, *storage.Token, error) {
	o := &office.Office{Store: st, Now: func() time.Time { return now }}
	return o.IssueToken(ctx, stamp.Actor{Name: seedActor, Role: stamp.RoleOffice}, req)
}
