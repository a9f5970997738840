#!/usr/bin/env bash
# Refreshes the vendored EPCIS 2.0 validator of the EPCIS export's Node test
# (epcis/js/test): npm package epcis2.js at the pinned version below. Only
# its Node.js bundle is kept (dist/epcis2.node.js: the library with ajv and
# its other dependencies bundled, and GS1's EPCIS 2.0 JSON schema inside),
# with the package's licence and the bundle's licence notices. Change VERSION
# to upgrade, run this script, run the tests (go test ./epcis and
# node --test epcis/js/test/), and commit the result.
#
#   bash scripts/refresh-epcis.sh
set -euo pipefail
VERSION=2.7.3
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/epcis/js/vendor/epcis2.js"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "epcis2.js@$VERSION" >/dev/null && tar xzf "epcis2.js-$VERSION.tgz")
pkg="$tmp/package"
got=$(node -p "require('$pkg/package.json').version")
[ "$got" = "$VERSION" ] || { echo "refresh-epcis: npm gave version $got, want $VERSION" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
cp "$pkg/LICENSE" "$dest/LICENSE"
cp "$pkg/dist/epcis2.node.js" "$dest/epcis2.node.js"
cp "$pkg/dist/epcis2.node.js.LICENSE.txt" "$dest/epcis2.node.js.LICENSE.txt"
echo "$VERSION" > "$dest/VERSION"
cat > "$dest/NOTICE" <<NOTICE
epcis2.js $VERSION (npm; github.com/evrythng/epcis2.js), Apache License 2.0:
LICENSE. Only its Node.js bundle, dist/epcis2.node.js, is kept. The bundle
holds the GS1 EPCIS 2.0 JSON schema and, bundled by webpack, these packages
(the versions its package.json allows): ajv and ajv-formats (MIT),
uri-js (BSD-2-Clause), cross-fetch (MIT), crypto-js (MIT),
digital-link.js (Apache-2.0), epc-tds (MIT), is-plain-object (MIT),
querystring (MIT), superagent (MIT); the bundle's own licence comments are
in epcis2.node.js.LICENSE.txt.
Refreshed by scripts/refresh-epcis.sh.
NOTICE
echo "refresh-epcis: epcis2.js $VERSION in ${dest#$root/} ($(du -sk "$dest" | cut -f1) KiB)"
