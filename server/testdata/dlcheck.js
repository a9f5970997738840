// dlcheck.js checks GS1 Digital Link URIs with the vendored digital-link.js
// (scripts/refresh-digital-link.sh), for the resolver tests (resolver_dl_test.go).
//
//   node server/testdata/dlcheck.js request.json
//
// request.json: {"validate": [uri, …], "build": [{"domain", "gtin", "lot"?,
// "serial"?, "linkType"?}, …]}. It prints JSON: {"invalid": [{"uri",
// "reason"}], "built": [uri, …]}: every URI of "validate" that
// digital-link.js finds invalid, and the URI it builds for each "build"
// entry (which must itself be valid, else it is listed as invalid too).
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

// The browser build declares a global digitalLinkJs; it needs Buffer.
const lib = path.join(__dirname, 'vendor', 'digital-link.js', 'digital-link.js.browser.js');
const sandbox = { Buffer };
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(lib, 'utf8') + '\n;this.digitalLinkJs = digitalLinkJs;', sandbox);
const { DigitalLink } = sandbox.digitalLinkJs;

const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = { invalid: [], built: [] };
const check = (uri) => {
  try {
    if (!DigitalLink(uri).isValid()) out.invalid.push({ uri, reason: 'not a valid GS1 Digital Link' });
  } catch (e) {
    out.invalid.push({ uri, reason: String(e && e.message) });
  }
};
for (const uri of req.validate || []) check(uri);
for (const b of req.build || []) {
  const keyQualifiers = {};
  if (b.lot) keyQualifiers['10'] = b.lot;
  if (b.serial) keyQualifiers['21'] = b.serial;
  const dl = DigitalLink({ domain: b.domain, identifier: { '01': b.gtin }, keyQualifiers });
  if (b.linkType) dl.setLinkType(b.linkType);
  const uri = dl.toWebUriString();
  check(uri);
  out.built.push(uri);
}
process.stdout.write(JSON.stringify(out));
