package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
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
	e.Create = true
	fs := e.flags("[--addr 127.0.0.1:8080 | --lan] [--count 40] [--out FILE.pdf] [--self-check]")
	addr := fs.String("addr", getenv("OCOPSTAMP_ADDR", "127.0.0.1:8080"), "listen address of the lookup server")
	lan := fs.Bool("lan", false, "listen on this machine's LAN address, so that a phone on the same network can open the printed codes")
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
	say := func(format string, args ...any) { fmt.Fprintf(e.Out, format+"\n", args...) }
	if *lan {
		ip, err := lanAddress()
		if err != nil {
			return err
		}
		_, port, _ := net.SplitHostPort(*addr)
		*addr = net.JoinHostPort(ip.String(), port)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another with --addr)", *addr, err)
	}
	// The QR must point at this server unless a base URL was given.
	if !e.baseURLGiven {
		e.BaseURL = "http://" + ln.Addr().String()
		e.baseURLGiven = true // not the stored public URL: this is a trial server
	}
	if *lan {
		say("mode: LAN (%s): a phone on the same network can open the printed codes; nobody outside it can", e.BaseURL)
	} else {
		say("mode: this computer only (%s): phones cannot open the printed codes; use --lan to try with a phone on the same network", e.BaseURL)
	}

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
	if err := printToFile(ctx, e, printOptions{batch: b.ID, out: *out, template: defaultTemplate, allowTestURL: true}); err != nil {
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

	srv, _, closeSrv, err := buildServer(ctx, e, serveOptions{sampleData: true, rateLimit: -1, allowTestURL: true})
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

// lanAddress returns this machine's address on its local network: the
// first private IPv4 address of an interface that is up and not loopback,
// else its first other global unicast IPv4 address. No interface with one
// is an error saying so.
func lanAddress() (net.IP, error) {
	var other net.IP
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("list network interfaces: %w", err)
	}
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok || n.IP.To4() == nil || !n.IP.IsGlobalUnicast() {
				continue
			}
			if n.IP.IsPrivate() {
				return n.IP.To4(), nil
			}
			if other == nil {
				other = n.IP.To4()
			}
		}
	}
	if other != nil {
		return other, nil
	}
	return nil, stamp.Errorf(stamp.EUnavailable, "--lan: this machine has no IPv4 address on a network interface that is up; connect it to the office network (Wi-Fi or cable)")
}
