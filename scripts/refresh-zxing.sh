#!/usr/bin/env bash
# Refreshes the vendored QR decoder of the inspector app (web/inspector):
# ZXing-C++ compiled to WebAssembly, npm package zxing-wasm, at the pinned
# version below. Only the "reader" build is kept (the ES module, its shared
# chunk and the .wasm), with the package's licence. Change VERSION to upgrade,
# run this script, run the tests (node --test web/inspector/test and the
# browser tests in server/inspector), and commit the result.
#
#   bash scripts/refresh-zxing.sh
set -euo pipefail
VERSION=3.1.6
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/web/inspector/vendor/zxing-wasm"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "zxing-wasm@$VERSION" >/dev/null && tar xzf "zxing-wasm-$VERSION.tgz")
pkg="$tmp/package"
got=$(node -p "require('$pkg/package.json').version")
[ "$got" = "$VERSION" ] || { echo "refresh-zxing: npm gave version $got, want $VERSION" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest/es/reader" "$dest/reader"
cp "$pkg/LICENSE" "$dest/LICENSE"
cp "$pkg/dist/es/share.js" "$dest/es/share.js"
cp "$pkg/dist/es/reader/index.js" "$dest/es/reader/index.js"
cp "$pkg/dist/reader/zxing_reader.wasm" "$dest/reader/zxing_reader.wasm"
echo "$VERSION" > "$dest/VERSION"
commit=$(sed -n 's/.*var U = "[^"]*", W = "\([0-9a-f]*\)".*/\1/p' "$dest/es/share.js")
cat > "$dest/NOTICE" <<NOTICE
zxing-wasm $VERSION (npm), MIT licence: LICENSE.
The WebAssembly module zxing_reader.wasm is compiled from ZXing-C++
(github.com/zxing-cpp/zxing-cpp, commit $commit), Apache License 2.0.
Refreshed by scripts/refresh-zxing.sh; only the reader build is kept.
NOTICE
echo "refresh-zxing: zxing-wasm $VERSION in ${dest#$root/} ($(du -sk "$dest" | cut -f1) KiB)"
