#!/usr/bin/env bash
# Refreshes the vendored axe-core (the accessibility checker the browser
# tests run on every web console screen) from npm at a pinned version:
#   scripts/refresh-axe.sh            # the pinned version below
#   AXE_VERSION=4.x.y scripts/refresh-axe.sh
# It writes internal/browsertest/axe/{axe.min.js,LICENSE,VERSION}. Review the
# diff and commit; the tests never fetch anything.
set -euo pipefail
version="${AXE_VERSION:-4.14.1}"
dest="$(cd "$(dirname "$0")/.." && pwd)/internal/browsertest/axe"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null)
tar -xzf "$tmp"/axe-core-"$version".tgz -C "$tmp"
mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$dest/axe.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
sha=$(sha256sum "$dest/axe.min.js" | cut -d' ' -f1)
printf 'axe-core %s from npm (MPL-2.0)\nsha256 axe.min.js %s\n' "$version" "$sha" > "$dest/VERSION"
echo "axe-core $version -> $dest"
