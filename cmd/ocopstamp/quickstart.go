package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/stamp/registrycsv"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// quickstartProduct is the sample product quickstart mints for: fish sauce,
// 5 stars, valid certification.
const quickstartProduct = 1006

func cmdQuickstart(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--addr 127.0.0.1:8080] [--count 40] [--out FILE.pdf] [--self-check]")
	addr := fs.String("addr", getenv("OCOPSTAMP_ADDR", "127.0.0.1:8080"), "listen address of the lookup server")
	count := fs.Int("count", 40, "stamps in the sample batch")
	out := fs.String("out", "quickstart-sheets.pdf", "PDF file to write")
	selfCheck := fs.Bool("self-check", false, "open the three URLs, check their verdicts, and exit instead of serving")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *count < 2 || *count > 10000 {
		return usagef("--count %d: want 2..10000", *count)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another with --addr)", *addr, err)
	}
	// The QR must point at this server unless a base URL was configured.
	if e.BaseURL == defaultBaseURL && os.Getenv("OCOPSTAMP_BASE_URL") == "" {
		e.BaseURL = "http://" + ln.Addr().String()
	}
	say := func(format string, args ...any) { fmt.Fprintf(e.Out, format+"\n", args...) }

	// 1. A signing key.
	kd := e.Keys()
	if _, err := kd.Keys(); err != nil {
		k, err := kd.Generate(false)
		if err != nil {
			ln.Close()
			return err
		}
		say("created signing key %s in %s", k.ID, kd.Path)
	} else {
		say("using the signing keys in %s", kd.Path)
	}
	// 2. The sample registry.
	st, err := e.Store(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if _, err := st.Facility(ctx, "HT-CS-001"); stamp.ErrorCode(err) == stamp.ENotFound {
		for _, kind := range []string{registrycsv.KindCommunes, registrycsv.KindFacilities, registrycsv.KindProducts, registrycsv.KindCertifications, registrycsv.KindPointsOfSale} {
			n, err := importSample(ctx, e, kind)
			if err != nil {
				ln.Close()
				return err
			}
			say("imported %d sample %s (DỮ LIỆU MẪU — sample data)", n, kind)
		}
	} else if err != nil {
		ln.Close()
		return err
	} else {
		say("sample registry already in %s", e.DB)
	}
	// 3. Mint, print, revoke one stamp.
	b, err := mint(ctx, e, stamp.MintRequest{ProductNumber: quickstartProduct, Count: *count, Lot: "MẪU-" + e.now().Format("20060102"),
		ProducedOn: stamp.DateOf(e.now()), Note: "quickstart sample batch (dữ liệu mẫu)", MintedBy: e.Actor()})
	if err != nil {
		ln.Close()
		return err
	}
	say("minted batch %s: %d stamps of product %d", b.ID, b.Count, b.ProductNumber)
	abs, _ := filepath.Abs(*out)
	if err := printToFile(ctx, e, printOptions{batch: b.ID, out: *out, template: defaultTemplate}); err != nil {
		ln.Close()
		return err
	}
	var first, last stamp.Stamp
	err = st.BatchStamps(ctx, b.ID, 0, 0, func(s stamp.Stamp) error {
		if first.Serial == 0 {
			first = s
		}
		last = s
		return nil
	})
	if err != nil {
		ln.Close()
		return err
	}
	if err := st.RevokeStamp(ctx, e.Actor(), last.ID, "Tem mẫu bị thu hồi để minh hoạ (sample: revoked for the demo)"); err != nil {
		ln.Close()
		return err
	}
	genuine := first.Code().URL(e.BaseURL)
	revoked := last.Code().URL(e.BaseURL)
	tampered := tamper(first.Code()).URL(e.BaseURL)

	say("\nPDF label sheets: %s", abs)
	say("Open these in a browser (or scan the QR codes in the PDF with a phone on the same network):")
	say("  genuine stamp:   %s", genuine)
	say("  tampered stamp:  %s", tampered)
	say("  revoked stamp:   %s", revoked)
	say("JSON: add the header 'Accept: application/json', or use %s/api/v1/stamps/<code>", e.BaseURL)

	srv, _, closeSrv, err := buildServer(ctx, e, serveOptions{sampleData: true, rateLimit: -1})
	if err != nil {
		ln.Close()
		return err
	}
	defer closeSrv()
	if !*selfCheck {
		say("\nServing on http://%s (Ctrl-C to stop)", ln.Addr())
		return srv.Serve(ctx, ln)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	checkErr := selfCheckURLs(ctx, "http://"+ln.Addr().String(), map[string]stamp.Verdict{
		genuine: stamp.Genuine, tampered: stamp.NotGenuine, revoked: stamp.Revoked})
	cancel()
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if checkErr != nil {
		return checkErr
	}
	say("self-check passed: the three URLs show genuine, not_genuine and revoked")
	return nil
}

// tamper flips one bit of the signature: a well-formed code that must be
// rejected as not genuine.
func tamper(c stamp.Code) stamp.Code {
	c.Signature[10] ^= 0x04
	return c
}

// selfCheckURLs fetches each URL's JSON from the local server and compares
// its verdict.
func selfCheckURLs(ctx context.Context, local string, want map[string]stamp.Verdict) error {
	client := &http.Client{Timeout: 10 * time.Second}
	for u, v := range want {
		text, err := stamp.ExtractText(u)
		if err != nil {
			return err
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, local+"/s/"+text, nil)
		req.Header.Set("Accept", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("self-check: %w", err)
		}
		var r verify.Result
		err = decodeJSON(resp, &r)
		if err != nil {
			return fmt.Errorf("self-check %s: %w", u, err)
		}
		if r.Verdict != v {
			return fmt.Errorf("self-check %s: verdict %s, want %s", u, r.Verdict, v)
		}
	}
	return nil
}
