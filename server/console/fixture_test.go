package console_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/examples"
	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
	usecase "github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/server"
	"github.com/ocop-hatinh/ocopstamp/server/admin"
	"github.com/ocop-hatinh/ocopstamp/server/console"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/stamp/registrycsv"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

const seedActor = "cli:seed"

// clock is a settable clock: zero means the real time.
type clock struct {
	mu  sync.Mutex
	add time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.add)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.add += d
	c.mu.Unlock()
}

// env is the whole service as `ocopstamp serve` builds it (lookup pages,
// admin API, console under /office/) on a real listener, with the sample
// registry imported, one batch of 40 stamps minted and a token per role.
type env struct {
	t      *testing.T
	store  storage.Store
	ts     *httptest.Server
	clock  *clock
	signer *stamp.Signer
	keys   *stamp.KeySet
	batch  *stamp.Batch
	tokens map[string]string // role -> token text
	logs   *syncbuf.Buffer
}

func newEnv(t *testing.T, extra ...func(*console.Deps)) *env {
	return buildEnv(t, true, extra...)
}

// newBareEnv is newEnv with an empty registry and no batch: the office
// fills it through the console.
func newBareEnv(t *testing.T) *env { return buildEnv(t, false) }

func buildEnv(t *testing.T, seed bool, extra ...func(*console.Deps)) *env {
	t.Helper()
	ctx := context.Background()
	st := storagetest.OpenSQLite(t)
	e := &env{t: t, store: st, clock: &clock{}, tokens: map[string]string{}, logs: &syncbuf.Buffer{}}
	sg, ks := storagetest.Signer(t, 7)
	e.signer, e.keys = sg, ks
	var err error
	if seed {
		importSamples(t, st)
		m := &stamp.Minter{Store: st, Signer: sg}
		e.batch, err = m.Mint(ctx, stamp.MintRequest{ProductNumber: firstProduct(t, st), Count: 40, Lot: "LÔ-MẪU-1", MintedBy: seedActor})
		must(t, err)
		seedScans(t, st, e.batch)
	}
	for _, role := range stamp.Roles {
		text, _, err := (&usecase.Office{Store: st}).IssueToken(ctx, stamp.Actor{Name: seedActor, Role: stamp.RoleOffice}, usecase.TokenRequest{Name: "chị " + role, Role: role})
		must(t, err)
		e.tokens[role] = text
	}
	// The server is built before its URL is known; the base URL printed in
	// codes points at the listener.
	ln := httptest.NewUnstartedServer(nil)
	base := "http://" + ln.Listener.Addr().String()
	svc := &verify.Service{Keys: ks, Views: st, Store: st}
	srv, err := server.New(server.Config{RateLimit: -1, SampleData: true}, server.Deps{Lookup: svc, Keys: ks})
	must(t, err)
	must(t, admin.Register(srv.Router(), admin.Deps{Store: st, Signer: sg, Keys: ks, BaseURL: base, AllowTestURL: true}))
	d := console.Deps{Store: st, Signer: sg, Keys: ks, BaseURL: base, AllowTestURL: true, Now: e.clock.Now, SampleData: true,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil))}
	for _, fn := range extra {
		fn(&d)
	}
	con, err := console.New(d)
	must(t, err)
	srv.Mount(console.Prefix, con)
	ln.Config.Handler = srv.Handler()
	ln.Start()
	t.Cleanup(ln.Close)
	e.ts = ln
	return e
}

// importSamples stores the sample registry CSVs (examples/).
func importSamples(t testing.TB, st storage.Store) {
	t.Helper()
	ctx := context.Background()
	open := func(name string) io.Reader {
		b, err := examples.FS.ReadFile(name)
		must(t, err)
		return bytes.NewReader(b)
	}
	cm, err := registrycsv.ReadCommunes("communes.csv", open("communes.csv"))
	must(t, err)
	must(t, st.ImportCommunes(ctx, seedActor, cm))
	fs, err := registrycsv.ReadFacilities("facilities.csv", open("facilities.csv"))
	must(t, err)
	must(t, st.ImportFacilities(ctx, seedActor, fs))
	ps, err := registrycsv.ReadProducts("products.csv", open("products.csv"))
	must(t, err)
	must(t, st.ImportProducts(ctx, seedActor, ps))
	cs, err := registrycsv.ReadCertifications("certifications.csv", open("certifications.csv"))
	must(t, err)
	must(t, st.ImportCertifications(ctx, seedActor, cs))
	pos, err := registrycsv.ReadPointsOfSale("points-of-sale.csv", open("points-of-sale.csv"))
	must(t, err)
	for _, p := range pos {
		_, err := st.CreatePointOfSale(ctx, seedActor, p)
		must(t, err)
	}
}

// firstProduct is the sample product the fixture mints for: the first
// with a valid certification.
func firstProduct(t testing.TB, st storage.Store) uint32 {
	t.Helper()
	ps, err := st.Products(context.Background())
	must(t, err)
	for _, p := range ps {
		c, err := st.CurrentCertification(context.Background(), p.Number)
		if err == nil && c.Status == stamp.CertValid {
			return p.Number
		}
	}
	t.Fatal("no certified sample product")
	return 0
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client is a cookie-keeping HTTP client that does not follow redirects.
type client struct {
	t   *testing.T
	e   *env
	hc  *http.Client
	jar http.CookieJar
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, jar: jar, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// resp is an answer with its body read.
type resp struct {
	*http.Response
	body string
}

func (c *client) get(path string) resp {
	c.t.Helper()
	r, err := c.hc.Get(c.e.ts.URL + path)
	must(c.t, err)
	return read(c.t, r)
}

func (c *client) post(path string, form url.Values) resp {
	c.t.Helper()
	r, err := c.hc.PostForm(c.e.ts.URL+path, form)
	must(c.t, err)
	return read(c.t, r)
}

func read(t testing.TB, r *http.Response) resp {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	must(t, err)
	return resp{r, string(b)}
}

var hidden = regexp.MustCompile(`name="(form|csrf)" value="([^"]+)"`)

// field returns the value of the page's hidden form or csrf field.
func field(t testing.TB, body, name string) string {
	t.Helper()
	for _, m := range hidden.FindAllStringSubmatch(body, -1) {
		if m[1] == name {
			return m[2]
		}
	}
	t.Fatalf("page has no %s field:\n%s", name, body)
	return ""
}

// signIn signs c in with the role's token and returns the CSRF token.
func (c *client) signIn(role string) string {
	c.t.Helper()
	p := c.get("/office/signin")
	r := c.post("/office/signin", url.Values{"form": {field(c.t, p.body, "form")}, "token": {c.e.tokens[role]}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/office/" {
		c.t.Fatalf("sign in as %s: %d %s\n%s", role, r.StatusCode, r.Header.Get("Location"), r.body)
	}
	home := c.get("/office/")
	if home.StatusCode != 200 {
		c.t.Fatalf("overview after sign-in: %d\n%s", home.StatusCode, home.body)
	}
	return field(c.t, home.body, "csrf")
}

func contains(t testing.TB, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// firstStampID is the id of the fixture batch's first stamp.
func (e *env) firstStampID() string {
	e.t.Helper()
	var id string
	must(e.t, e.store.BatchStamps(context.Background(), e.batch.ID, 0, e.batch.FirstSerial, func(x stamp.Stamp) error {
		id = x.ID.String()
		return nil
	}))
	return id
}

type contextT = context.Context

// awaitPromise makes chromedp.Evaluate wait for the promise the script
// returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// firstCertID is the id of the certification of the fixture batch's
// product.
func (e *env) firstCertID() int64 {
	e.t.Helper()
	c, err := e.store.CurrentCertification(context.Background(), e.batch.ProductNumber)
	must(e.t, err)
	return c.ID
}

// seedScans records this month's scans: of the batch's stamps, and of
// unknown stamps naming every sample product (some suspected fakes), so
// that the overview's chart has bars in several communes.
func seedScans(t testing.TB, st storage.Store, b *stamp.Batch) {
	t.Helper()
	ctx := context.Background()
	ps, err := st.Products(ctx)
	must(t, err)
	now := time.Now()
	var evs []stamp.ScanEvent
	must(t, st.BatchStamps(ctx, b.ID, 0, 0, func(x stamp.Stamp) error {
		evs = append(evs, stamp.ScanEvent{StampID: x.ID, At: now, Channel: stamp.ChannelWeb, ClientHash: "c" + x.ID.String()[:6],
			Verdict: string(stamp.Genuine), ProductNumber: x.ProductNumber})
		return nil
	}))
	for i, p := range ps {
		for j := 0; j <= i%4*3; j++ {
			v := stamp.Genuine
			if j%3 == 1 {
				v = stamp.NotGenuine
			}
			evs = append(evs, stamp.ScanEvent{StampID: uuid.New(), At: now, Channel: stamp.ChannelWeb, ClientHash: "u" + strconv.Itoa(i*10+j),
				Verdict: string(v), ProductNumber: p.Number})
		}
	}
	must(t, st.RecordScans(ctx, evs))
}
