// Package inspector serves the inspector web app at /kiem-tra/ from the
// files embedded in the binary (package web/inspector): an installable app
// that reads stamp codes with the phone's camera and verifies them in the
// browser, online or offline (docs/inspector.md, "The inspector app").
//
// Every file is served gzip-compressed when the client accepts it, with a
// strong ETag and "Cache-Control: no-cache" (a revisit costs a 304); the
// service worker keeps them for offline use. The answers carry their own
// Content-Security-Policy (scripts, WebAssembly and workers from the app's
// origin only) and a Permissions-Policy that lets the app, and only the
// app, use the camera.
package inspector

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	app "github.com/ocop-hatinh/ocopstamp/web/inspector"
)

// Path is where the app lives.
const Path = "/kiem-tra/"

// CSP is the app's Content-Security-Policy: nothing from other origins;
// 'wasm-unsafe-eval' lets the QR decoder compile its WebAssembly.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; " +
	"media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// asset is one file ready to serve.
type asset struct {
	body, gz    []byte
	contentType string
	etag        string
}

// App serves the embedded files.
type App struct {
	files   map[string]*asset // by path under Path, "" for index.html
	version string
}

// New reads the embedded files, compresses them and builds the service
// worker's asset list. It fails only when the embedded files are broken.
func New() (*App, error) { return newApp(app.Files) }

func newApp(fsys fs.FS) (*App, error) {
	a := &App{files: map[string]*asset{}}
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inspector app files: %w", err)
	}
	sort.Strings(names)
	all := sha256.New()
	for _, n := range names {
		body, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("inspector app file %s: %w", n, err)
		}
		fmt.Fprintf(all, "%s %d\n", n, len(body))
		all.Write(body)
		a.files[n] = &asset{body: body}
	}
	a.version = hex.EncodeToString(all.Sum(nil))[:16]
	sw, ok := a.files["sw.js"]
	if !ok || !bytes.Contains(sw.body, []byte("__ASSETS__")) {
		return nil, fmt.Errorf("inspector app: sw.js without its asset list placeholder")
	}
	var list []string
	for _, n := range names {
		if n == "sw.js" {
			continue
		}
		if n == "index.html" {
			n = ""
		}
		list = append(list, Path+n)
	}
	js, _ := json.Marshal(list)
	body := bytes.Replace(sw.body, []byte("__ASSETS__"), js, 1)
	sw.body = bytes.Replace(body, []byte("__VERSION__"), []byte(a.version), 1)
	for n, f := range a.files {
		sum := sha256.Sum256(f.body)
		f.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
		f.contentType = contentType(n)
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(f.body)
		zw.Close()
		if buf.Len() < len(f.body) {
			f.gz = buf.Bytes()
		}
	}
	a.files[""] = a.files["index.html"]
	return a, nil
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".webmanifest":
		return "application/manifest+json"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case "":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Version is a hash of every file: it changes with any of them.
func (a *App) Version() string { return a.version }

// Register mounts the app on r: GET and HEAD of /kiem-tra and everything
// under /kiem-tra/.
func (a *App) Register(r gin.IRouter) {
	r.GET("/kiem-tra", a.redirect)
	r.HEAD("/kiem-tra", a.redirect)
	r.GET(Path+"*file", a.serve)
	r.HEAD(Path+"*file", a.serve)
}

func (a *App) redirect(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, Path) }

// serve answers one file, 404 for any other path.
func (a *App) serve(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	f, ok := a.files[name]
	if !ok || strings.HasPrefix(name, "test/") {
		c.Header("Cache-Control", "no-store")
		c.String(http.StatusNotFound, "not found: %s%s\n", Path, name)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(self)")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", f.etag)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Content-Type", f.contentType)
	if name == "sw.js" {
		h.Set("Service-Worker-Allowed", Path)
	}
	if match := c.GetHeader("If-None-Match"); match != "" && strings.Contains(match, f.etag) {
		c.Status(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gz != nil && acceptsGzip(c.GetHeader("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	c.Status(http.StatusOK)
	if c.Request.Method != http.MethodHead {
		c.Writer.Write(body)
	}
}

func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// FirstVisitBytes is what a first visit transfers for the app's own files
// when every file is fetched gzip-compressed (headers not counted): the
// shell and the QR decoder.
func (a *App) FirstVisitBytes() (total int, files int) {
	for n, f := range a.files {
		if n == "" {
			continue
		}
		if f.gz != nil {
			total += len(f.gz)
		} else {
			total += len(f.body)
		}
		files++
	}
	return total, files
}
