// The stamp code format v1 (docs/code-format.md) in JavaScript, for the
// inspector app and for Node's test runner: decoding, the key set, the
// signature check with WebCrypto Ed25519, and the printed serial.
//
// Every function that takes untrusted input either returns a value or
// throws a CodeError whose kind is one of the format's error kinds
// ("length", "alphabet", "version") or a KeySetError; nothing else is thrown
// for any input.

export const PREFIX = "OCOP-STAMP/1";
export const TEXT_SIZE = 143;
export const CODE_SIZE = 89;
export const HEADER_SIZE = 25;
export const MAX_INPUT_BYTES = 2048;
export const KEYS_FORMAT = "ocop-stamp-keys/1";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Unicode White_Space (decoding step 1).
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** A malformed input: kind is "length", "alphabet" or "version". */
export class CodeError extends Error {
  constructor(kind, detail) {
    super(`not a stamp code: ${detail}`);
    this.kind = kind;
  }
}

/** A key set that must be refused as a whole. */
export class KeySetError extends Error {}

const enc = new TextEncoder();

export function hex(bytes) {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(s) {
  if (typeof s !== "string" || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

// trimWhiteSpace removes White_Space from both ends. Every such character
// is in the BMP, so UTF-16 units can be tested one by one (a lone surrogate
// is never white space).
function trimWhiteSpace(s) {
  let i = 0;
  let j = s.length;
  while (i < j && WHITE_SPACE.has(s.charCodeAt(i))) i++;
  while (j > i && WHITE_SPACE.has(s.charCodeAt(j - 1))) j--;
  return s.slice(i, j);
}

/** uuidString writes 16 bytes as a lower-case canonical UUID. */
export function uuidString(b) {
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * decode applies the decoding steps of docs/code-format.md to any input
 * string and returns the code's parts, or throws a CodeError.
 */
export function decode(input) {
  if (typeof input !== "string") throw new CodeError("length", "no text");
  const s0 = trimWhiteSpace(input);
  // Over 2048 UTF-16 units is over 2048 UTF-8 bytes too: no need to encode.
  if (s0.length > MAX_INPUT_BYTES || enc.encode(s0).length > MAX_INPUT_BYTES) {
    throw new CodeError("length", "longer than 2048 bytes");
  }
  let s = s0;
  const i = Math.max(s.lastIndexOf("/S/"), s.lastIndexOf("/s/"));
  if (i >= 0) {
    const before = s.slice(0, i).toLowerCase();
    if (!before.startsWith("http://") && !before.startsWith("https://")) {
      throw new CodeError("alphabet", "a link that is not http(s)");
    }
    s = s.slice(i + 3);
  }
  const chars = [...s];
  if (chars.length !== TEXT_SIZE) {
    throw new CodeError("length", `wrong length (${chars.length} characters, want ${TEXT_SIZE})`);
  }
  for (let k = 0; k < chars.length; k++) {
    if (!/^[A-Za-z2-7]$/.test(chars[k])) {
      throw new CodeError("alphabet", `character ${JSON.stringify(chars[k])} at position ${k + 1} is not allowed`);
    }
  }
  const text = s.toUpperCase();
  if (!"AIQY".includes(text[TEXT_SIZE - 1])) {
    throw new CodeError("alphabet", "the last character is not A, I, Q or Y");
  }
  const raw = new Uint8Array(CODE_SIZE);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const c of text) {
    acc = ((acc << 5) | ALPHABET.indexOf(c)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      raw[j++] = (acc >> bits) & 0xff;
    }
  }
  if (raw[0] !== 0x01) throw new CodeError("version", `version ${raw[0]} is not supported`);
  const dv = new DataView(raw.buffer);
  return {
    text,
    raw,
    header: raw.subarray(0, HEADER_SIZE),
    keyId: hex(raw.subarray(1, 5)),
    product: dv.getUint32(5),
    stampId: uuidString(raw.subarray(9, 25)),
    signature: raw.subarray(HEADER_SIZE, CODE_SIZE),
  };
}

/** encodeText is the base32 text of code bytes (for tests). */
export function encodeText(bytes) {
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

function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("this browser has no WebCrypto (crypto.subtle): open the app over https");
  return s;
}

/** keyIdOf is the key id of a 32-byte public key. */
export async function keyIdOf(pub) {
  const sum = new Uint8Array(await subtle().digest("SHA-256", pub));
  return hex(sum.subarray(0, 4));
}

/**
 * verifyEd25519 checks a PureEd25519 signature with WebCrypto. A key or
 * signature WebCrypto refuses (a point that does not decode, S >= L) is
 * simply not valid.
 */
export async function verifyEd25519(pub, message, signature) {
  if (signature.length !== 64) return false;
  try {
    const key = await subtle().importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
    return await subtle().verify({ name: "Ed25519" }, key, signature, message);
  } catch (e) {
    if (e && (e.name === "DataError" || e.name === "OperationError")) return false;
    throw e;
  }
}

const KEY_MEMBERS = new Set(["key_id", "algorithm", "public_key", "state", "created_at", "retired_at", "compromised_at"]);

/** parseTime reads an RFC 3339 time as microseconds since 1970 (or null). */
export function parseMicros(s) {
  if (s === null || s === undefined) return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(s);
  if (!m) throw new KeySetError(`time ${JSON.stringify(s)} is not RFC 3339`);
  const ms = Date.parse(m[1] + (m[3].toUpperCase() === "Z" ? "Z" : m[3]));
  if (Number.isNaN(ms)) throw new KeySetError(`time ${JSON.stringify(s)} is not RFC 3339`);
  const frac = Math.floor(Number(((m[2] || "") + "000000").slice(0, 6)));
  return ms * 1000 + frac;
}

/**
 * parseKeySet reads an ocop-stamp-keys/1 object (already JSON-parsed) and
 * returns a Map from key id to {keyId, pub, state, createdAt, retiredAt,
 * compromisedAt} (times in microseconds), or throws a KeySetError saying
 * why the whole set is refused.
 */
export async function parseKeySet(obj) {
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw new KeySetError("key set is not a JSON object");
  for (const k of Object.keys(obj)) if (k !== "format" && k !== "keys") throw new KeySetError(`key set: unknown member ${k}`);
  if (obj.format !== KEYS_FORMAT) throw new KeySetError(`key set format ${JSON.stringify(obj.format)}, want ${KEYS_FORMAT}`);
  if (!Array.isArray(obj.keys)) throw new KeySetError("key set: keys is not a list");
  const set = new Map();
  let active = 0;
  for (const k of obj.keys) {
    if (!k || typeof k !== "object") throw new KeySetError("key set: a key is not an object");
    for (const m of Object.keys(k)) if (!KEY_MEMBERS.has(m)) throw new KeySetError(`key set: unknown member ${m}`);
    if (k.algorithm !== "Ed25519") throw new KeySetError(`key ${k.key_id}: algorithm ${k.algorithm}`);
    const pub = fromHex(k.public_key);
    if (!pub || pub.length !== 32) throw new KeySetError(`key ${k.key_id}: public key is not 32 bytes of hex`);
    if (typeof k.key_id !== "string" || !/^[0-9a-fA-F]{8}$/.test(k.key_id)) throw new KeySetError(`key id ${JSON.stringify(k.key_id)}`);
    const id = k.key_id.toLowerCase();
    if ((await keyIdOf(pub)) !== id) throw new KeySetError(`key ${id}: not the key id of its public key`);
    if (!["active", "retired", "compromised"].includes(k.state)) throw new KeySetError(`key ${id}: state ${k.state}`);
    if (k.state === "compromised" && !k.compromised_at) throw new KeySetError(`key ${id}: compromised without compromised_at`);
    if (set.has(id)) throw new KeySetError(`key ${id} listed twice`);
    if (k.state === "active") active++;
    set.set(id, {
      keyId: id, pub, state: k.state,
      createdAt: parseMicros(k.created_at),
      retiredAt: parseMicros(k.retired_at ?? null),
      compromisedAt: parseMicros(k.compromised_at ?? null),
    });
  }
  if (active > 1) throw new KeySetError("key set: more than one active key");
  return set;
}

/**
 * verifyCode decodes input and checks its signature against keys (a Map
 * from parseKeySet). It returns {outcome, code, key}: outcome is "valid",
 * "bad_signature" or "unknown_key". A malformed input throws a CodeError.
 */
export async function verifyCode(input, keys) {
  const code = decode(input);
  const key = keys.get(code.keyId);
  if (!key) return { outcome: "unknown_key", code, key: null };
  const ok = await verifyEd25519(key.pub, concat(enc.encode(PREFIX), code.header), code.signature);
  return { outcome: ok ? "valid" : "bad_signature", code, key };
}

// Damm's quasigroup of order 10 (docs/code-format.md, "The printed serial").
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function damm(digits) {
  let x = 0;
  for (const d of digits) x = DAMM[x][d.charCodeAt(0) - 48];
  return x;
}

/** parseSerial reads a typed printed serial and returns its number, or null. */
export function parseSerial(input) {
  if (typeof input !== "string" || input.length > 64) return null;
  const digits = input.replace(/[ \t.-]/g, "");
  if (!/^[0-9]{10}$/.test(digits) || damm(digits) !== 0) return null;
  return Number(digits.slice(0, 9));
}

/** formatSerial prints serial n as 4-5-1 digits with its check digit. */
export function formatSerial(n) {
  const d = String(n).padStart(9, "0");
  return `${d.slice(0, 4)}-${d.slice(4, 9)}-${damm(d)}`;
}
