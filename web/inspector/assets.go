// Package inspector holds the files of the inspector web app (/kiem-tra/):
// HTML, JavaScript, style sheet, service worker, manifest, icons and the
// vendored QR decoder (zxing-wasm, see scripts/refresh-zxing.sh). The Go
// package server/inspector serves them; the JavaScript is tested with
// "node --test web/inspector/test/".
package inspector

import "embed"

// Files are the app's files, paths relative to the app's root.
//
//go:embed index.html app.js app.css code.js snapshot.js sw.js manifest.webmanifest icons vendor
var Files embed.FS
