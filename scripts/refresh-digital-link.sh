#!/usr/bin/env bash
# Refreshes the vendored GS1 Digital Link library the resolver tests check
# URIs with: npm package digital-link.js at the pinned version below. Only
# its self-contained browser build (its dependencies bundled in) is kept,
# with the package's licence. Change VERSION to upgrade, run this script,
# run the resolver tests (go test -run TestResolverDigitalLinkJS ./server),
# and commit the result.
#
#   bash scripts/refresh-digital-link.sh
set -euo pipefail
VERSION=1.4.3
# The browser build bundles these two dependencies; their licences ship
# beside it (the versions digital-link.js $VERSION asks for).
APG=3.2.0
CHECKDIGIT=1.0.4
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/server/testdata/vendor/digital-link.js"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "digital-link.js@$VERSION" "apg-lib@$APG" "@ollah666/checkdigitcalculator@$CHECKDIGIT" >/dev/null &&
  tar xzf "digital-link.js-$VERSION.tgz" &&
  mkdir apg cd && tar xzf "apg-lib-$APG.tgz" -C apg && tar xzf "ollah666-checkdigitcalculator-$CHECKDIGIT.tgz" -C cd)
pkg="$tmp/package"
got=$(node -p "require('$pkg/package.json').version")
[ "$got" = "$VERSION" ] || { echo "refresh-digital-link: npm gave version $got, want $VERSION" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
cp "$pkg/LICENSE" "$dest/LICENSE"
cp "$tmp/apg/package/LICENSE" "$dest/LICENSE.apg-lib"
cp "$tmp/cd/package/LICENSE" "$dest/LICENSE.checkdigitcalculator"
cp "$pkg/dist/digital-link.js.browser.js" "$dest/digital-link.js.browser.js"
echo "$VERSION" > "$dest/VERSION"
cat > "$dest/NOTICE" <<NOTICE
digital-link.js $VERSION (npm, github.com/evrythng/digital-link.js), Apache License 2.0: LICENSE.
The browser build bundles its dependencies apg-lib (BSD-3-Clause: LICENSE.apg-lib, $APG)
and @ollah666/checkdigitcalculator (MIT: LICENSE.checkdigitcalculator, $CHECKDIGIT).
Used only by tests (server/testdata/dlcheck.js); not served.
Refreshed by scripts/refresh-digital-link.sh; only the browser build is kept.
NOTICE
echo "refresh-digital-link: digital-link.js $VERSION in ${dest#$root/} ($(du -sk "$dest" | cut -f1) KiB)"
