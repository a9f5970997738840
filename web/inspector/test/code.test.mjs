// The inspector app's decoder and verifier against the code format's test
// vectors, the same file the Go tests walk:
//
//   node --test web/inspector/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { CodeError, concat, decode, encodeText, formatSerial, hex, keyIdOf, parseKeySet, parseSerial, PREFIX, verifyCode } from "../code.js";

const vectorsFile = fileURLToPath(new URL("../../../testdata/code-v1-vectors.json", import.meta.url));
const vectors = JSON.parse(readFileSync(vectorsFile, "utf8"));

async function keySetOf(pubHex) {
  const pub = Uint8Array.from(Buffer.from(pubHex, "hex"));
  return parseKeySet({
    format: "ocop-stamp-keys/1",
    keys: [{ key_id: await keyIdOf(pub), algorithm: "Ed25519", public_key: pubHex, state: "active", created_at: "2025-01-01T00:00:00Z" }],
  });
}

test("the vectors cover every outcome", () => {
  const kinds = new Set(vectors.map((v) => v.expect));
  for (const k of ["valid", "bad_signature", "unknown_key", "malformed"]) assert.ok(kinds.has(k), k);
});

for (const v of vectors) {
  test(`vector ${v.name}`, async () => {
    const keys = await keySetOf(v.public_key_hex);
    if (v.expect === "malformed") {
      await assert.rejects(verifyCode(v.text, keys), (e) => e instanceof CodeError && e.kind === v.error_kind);
      return;
    }
    const r = await verifyCode(v.text, keys);
    assert.equal(r.outcome, v.expect);
    const c = r.code;
    assert.equal(c.keyId, v.key_id_hex);
    assert.equal(c.product, v.product_number);
    assert.equal(c.stampId, v.stamp_id);
    assert.equal(c.text, v.canonical_text);
    assert.equal(hex(c.raw), v.code_hex);
    assert.equal(hex(concat(new TextEncoder().encode(PREFIX), c.header)), v.signed_message_hex);
    assert.equal(encodeText(c.raw), c.text);
  });
}

test("no input makes the decoder fail other than with a CodeError", () => {
  const inputs = ["", " ", "\u0085", "x".repeat(5000), " ".repeat(100000), "https://a/S/", "/S/" + "A".repeat(143),
    "\ud800".repeat(143), "😀".repeat(143), null, undefined, 42];
  for (const s of inputs) assert.throws(() => decode(s), CodeError);
});

test("a key set is refused as a whole", async () => {
  const good = vectors[0].public_key_hex;
  const id = await keyIdOf(Uint8Array.from(Buffer.from(good, "hex")));
  const key = { key_id: id, algorithm: "Ed25519", public_key: good, state: "active", created_at: "2025-01-01T00:00:00Z" };
  const bad = [
    { format: "x", keys: [] },
    { format: "ocop-stamp-keys/1", keys: [{ ...key, colour: 1 }] },
    { format: "ocop-stamp-keys/1", keys: [{ ...key, key_id: "00000000" }] },
    { format: "ocop-stamp-keys/1", keys: [key, key] },
    { format: "ocop-stamp-keys/1", keys: [{ ...key, state: "compromised" }] },
    { format: "ocop-stamp-keys/1", keys: [{ ...key, algorithm: "RSA" }] },
  ];
  for (const b of bad) await assert.rejects(parseKeySet(b));
  assert.equal((await parseKeySet({ format: "ocop-stamp-keys/1", keys: [key] })).size, 1);
});

test("printed serials", () => {
  assert.equal(parseSerial("0000-00001-3"), 1);
  assert.equal(parseSerial("0000-01234-0"), 1234);
  assert.equal(parseSerial("1200-34567-9"), 120034567);
  assert.equal(parseSerial("0000 01234 0"), 1234);
  assert.equal(parseSerial("0000-01234-1"), null);
  assert.equal(parseSerial("0000-01243-0"), null);
  assert.equal(formatSerial(1234), "0000-01234-0");
});
