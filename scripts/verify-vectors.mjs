#!/usr/bin/env node
// An independent verifier of the stamp code format v1, written from
// docs/code-format.md alone (not from the Go code), with Node.js's built-in
// crypto and no packages. It walks the test vectors and exits non-zero on any
// mismatch.
//
//   node scripts/verify-vectors.mjs [testdata/code-v1-vectors.json]

import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";

const PREFIX = Buffer.from("OCOP-STAMP/1", "ascii");
const TEXT_SIZE = 143;
const CODE_SIZE = 89;
const HEADER_SIZE = 25;
const MAX_INPUT_BYTES = 2048;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// SubjectPublicKeyInfo DER prefix of an Ed25519 public key (RFC 8410).
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

// Unicode White_Space, as listed in "Decoding", step 1.
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

class DecodeError extends Error {
  constructor(kind, detail) {
    super(`${kind}: ${detail}`);
    this.kind = kind;
  }
}

function trimWhiteSpace(s) {
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && WHITE_SPACE.has(cps[i].codePointAt(0))) i++;
  while (j > i && WHITE_SPACE.has(cps[j - 1].codePointAt(0))) j--;
  return cps.slice(i, j).join("");
}

function lastMarker(s) {
  return Math.max(s.lastIndexOf("/S/"), s.lastIndexOf("/s/"));
}

// extractText applies decoding steps 1 to 6 and returns the upper-case text.
function extractText(input) {
  let s = trimWhiteSpace(input);
  if (Buffer.byteLength(s, "utf8") > MAX_INPUT_BYTES) {
    throw new DecodeError("length", "input longer than 2048 bytes");
  }
  const i = lastMarker(s);
  if (i >= 0) {
    const before = s.slice(0, i).toLowerCase();
    if (!before.startsWith("http://") && !before.startsWith("https://")) {
      throw new DecodeError("alphabet", "URL not http(s)");
    }
    s = s.slice(i + 3);
  }
  const chars = [...s];
  if (chars.length !== TEXT_SIZE) {
    throw new DecodeError("length", `${chars.length} characters`);
  }
  for (const c of chars) {
    if (!/^[A-Za-z2-7]$/.test(c)) throw new DecodeError("alphabet", `character ${JSON.stringify(c)}`);
  }
  const text = s.toUpperCase();
  if (!"AIQY".includes(text[TEXT_SIZE - 1])) {
    throw new DecodeError("alphabet", "non-canonical last character");
  }
  return text;
}

function base32Decode(text) {
  const out = Buffer.alloc(CODE_SIZE);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const c of text) {
    acc = ((acc << 5) | ALPHABET.indexOf(c)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  if (j !== CODE_SIZE || bits !== 3 || (acc & 7) !== 0) throw new Error("base32 decoder bug");
  return out;
}

// decode applies all decoding steps and returns the code's parts.
function decode(input) {
  const text = extractText(input);
  const raw = base32Decode(text);
  if (raw[0] !== 0x01) throw new DecodeError("version", `version 0x${raw[0].toString(16)}`);
  return {
    text,
    raw,
    header: raw.subarray(0, HEADER_SIZE),
    keyId: raw.subarray(1, 5).toString("hex"),
    product: raw.readUInt32BE(5),
    stampId: uuidString(raw.subarray(9, 25)),
    signature: raw.subarray(HEADER_SIZE, CODE_SIZE),
  };
}

function uuidString(b) {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function keyId(pub) {
  return createHash("sha256").update(pub).digest().subarray(0, 4).toString("hex");
}

function base32Encode(bytes) {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

// check returns the outcome of decoding and verifying v.text against the
// vector's key set (its one public key), plus the decoded code.
function check(v) {
  const pub = Buffer.from(v.public_key_hex, "hex");
  if (pub.length !== 32) throw new Error("public_key_hex is not 32 bytes");
  const keySet = new Map([[keyId(pub), pub]]);
  let code;
  try {
    code = decode(v.text);
  } catch (e) {
    if (e instanceof DecodeError) return { outcome: "malformed", kind: e.kind };
    throw e;
  }
  const key = keySet.get(code.keyId);
  if (!key) return { outcome: "unknown_key", code };
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key]), format: "der", type: "spki" });
  const message = Buffer.concat([PREFIX, code.header]);
  const ok = verify(null, message, publicKey, code.signature);
  return { outcome: ok ? "valid" : "bad_signature", code };
}

function main() {
  const file = process.argv[2] ?? "testdata/code-v1-vectors.json";
  const vectors = JSON.parse(readFileSync(file, "utf8"));
  let failures = 0;
  const counts = {};
  const fail = (v, msg) => {
    failures++;
    console.error(`FAIL ${v.name}: ${msg}`);
  };
  for (const v of vectors) {
    counts[v.expect] = (counts[v.expect] ?? 0) + 1;
    let r;
    try {
      r = check(v);
    } catch (e) {
      fail(v, `exception: ${e.stack}`);
      continue;
    }
    if (r.outcome !== v.expect) {
      fail(v, `got ${r.outcome}${r.kind ? ` (${r.kind})` : ""}, want ${v.expect}`);
      continue;
    }
    if (v.expect === "malformed") {
      if (r.kind !== v.error_kind) fail(v, `error kind ${r.kind}, want ${v.error_kind}`);
      continue;
    }
    const c = r.code;
    const want = {
      key_id_hex: c.keyId,
      product_number: c.product,
      stamp_id: c.stampId,
      canonical_text: c.text,
      code_hex: c.raw.toString("hex"),
      signed_message_hex: Buffer.concat([PREFIX, c.header]).toString("hex"),
    };
    for (const [field, got] of Object.entries(want)) {
      if (v[field] !== got) fail(v, `${field} is ${JSON.stringify(got)}, vector says ${JSON.stringify(v[field])}`);
    }
    if (base32Encode(c.raw) !== c.text) fail(v, "re-encoding the bytes does not give the canonical text");
    const sameId = keyId(Buffer.from(v.public_key_hex, "hex")) === c.keyId;
    if (sameId === (v.expect === "unknown_key")) fail(v, "key id inconsistent with the expected outcome");
  }
  for (const need of ["valid", "bad_signature", "unknown_key", "malformed"]) {
    if (!counts[need]) {
      failures++;
      console.error(`FAIL: no vector expects ${need}`);
    }
  }
  const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
  if (failures > 0) {
    console.error(`${failures} failure(s) in ${vectors.length} vectors (${summary})`);
    process.exit(1);
  }
  console.log(`ok: ${vectors.length} vectors (${summary})`);
}

main();
