// The signed registry snapshot (docs/inspector.md, "The snapshot format")
// in JavaScript: opening it against the trusted key set and judging codes
// offline exactly as the CLI's "ocopstamp verify --registry" does
// (verify/snapshot_open.go, verify/snapshot_check.go).

import { CodeError, concat, decode, formatSerial, fromHex, KeySetError, parseKeySet, parseMicros, PREFIX, verifyEd25519 } from "./code.js";

export const SNAPSHOT_FORMAT = "ocop-snapshot/1";
export const SNAPSHOT_PREFIX = "OCOP-SNAPSHOT/1";

/** A snapshot refused as a whole; the message says why, in English. */
export class SnapshotError extends Error {
  constructor(msg) {
    super(`registry snapshot: ${msg}`);
  }
}

const enc = new TextEncoder();

function fromBase64(s) {
  if (typeof s !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function onlyMembers(obj, what, allowed) {
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw new SnapshotError(`${what} is not an object`);
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) throw new SnapshotError(`${what}: unknown field "${k}"`);
}

const MEMBERS = {
  envelope: ["format", "key_id", "body", "signature"],
  body: ["format", "generated_at", "registry_version", "keys", "facilities", "products", "certifications", "batches", "revoked_stamps"],
  facility: ["code", "name", "kind", "district", "commune", "address", "phone"],
  product: ["number", "facility_code", "name", "group", "gtin"],
  certification: ["product_number", "rank", "decision_number", "decision_date", "expires_on", "status", "status_reason",
    "process_confirmed", "lab_test_date", "declaration_date"],
  batch: ["id", "product_number", "facility_code", "key_id", "count", "first_serial", "first_stamp_id", "last_stamp_id", "lot",
    "produced_on", "best_before", "minted_at", "revoked_at", "revoke_reason"],
  revoked: ["id", "batch_id", "revoked_at", "reason", "by_batch"],
};

const RANK = { active: 0, retired: 1, compromised: 2 };

function earlier(a, b) {
  if (a === null) return b;
  if (b === null || a < b) return a;
  return b;
}

// mergeKeys joins the trusted key set and the snapshot's as
// verify/snapshot_open.go's mergeKeys does.
function mergeKeys(trusted, own) {
  const merged = new Map();
  for (const set of [trusted, own]) {
    for (const k of set.values()) {
      const m = merged.get(k.keyId);
      if (!m) {
        merged.set(k.keyId, { ...k });
        continue;
      }
      if (m.pub.length !== k.pub.length || m.pub.some((b, i) => b !== k.pub[i])) {
        throw new SnapshotError(`key ${k.keyId} differs between the trusted keys and the snapshot's`);
      }
      const out = RANK[k.state] > RANK[m.state] ? { ...k } : { ...m };
      out.retiredAt = earlier(m.retiredAt, k.retiredAt);
      out.compromisedAt = earlier(m.compromisedAt, k.compromisedAt);
      merged.set(k.keyId, out);
    }
  }
  let newest = null;
  for (const k of merged.values()) if (k.state === "active" && (newest === null || k.createdAt > newest.createdAt)) newest = k;
  for (const k of merged.values()) {
    if (k.state === "active" && k !== newest) {
      k.state = "retired";
      k.retiredAt = newest.createdAt;
    }
  }
  return merged;
}

/**
 * openSnapshot checks a snapshot file (its text) against the trusted key
 * set (a Map from parseKeySet) and returns an object for checkCode, or
 * throws a SnapshotError saying why it is refused.
 */
export async function openSnapshot(text, trusted) {
  let env;
  try {
    env = JSON.parse(text);
  } catch (e) {
    throw new SnapshotError(`not a registry snapshot file (${e.message})`);
  }
  onlyMembers(env, "envelope", MEMBERS.envelope);
  if (env.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`format ${JSON.stringify(env.format)}, want "${SNAPSHOT_FORMAT}"`);
  if (typeof env.key_id !== "string" || !/^[0-9a-fA-F]{8}$/.test(env.key_id)) {
    throw new SnapshotError(`key id ${JSON.stringify(env.key_id)} is not 8 hex digits`);
  }
  const id = env.key_id.toLowerCase();
  const key = trusted.get(id);
  if (!key) throw new SnapshotError(`signed by key ${id}, which is not among the trusted public keys`);
  const sig = fromBase64(env.signature);
  const body = fromBase64(env.body);
  if (!sig || !body) throw new SnapshotError("body or signature is not base64");
  if (sig.length !== 64) throw new SnapshotError(`signature is ${sig.length} bytes, want 64`);
  if (!(await verifyEd25519(key.pub, concat(enc.encode(SNAPSHOT_PREFIX), body), sig))) {
    throw new SnapshotError(`signature does not verify with key ${id}: the file was altered or was not made by the office`);
  }
  let b;
  try {
    b = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (e) {
    throw new SnapshotError(`signed body does not parse (${e.message})`);
  }
  onlyMembers(b, "body", MEMBERS.body);
  if (b.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`body format ${JSON.stringify(b.format)}`);
  let keys;
  let generatedAt;
  try {
    keys = mergeKeys(trusted, await parseKeySet(b.keys));
    generatedAt = parseMicros(b.generated_at);
  } catch (e) {
    if (e instanceof KeySetError) throw new SnapshotError(e.message);
    throw e;
  }
  const k = keys.get(id);
  if (k.state === "compromised") throw new SnapshotError(`signed by key ${id}, which is compromised: get a new snapshot`);
  if (k.retiredAt !== null && generatedAt > k.retiredAt) throw new SnapshotError(`signed by key ${id} after it was retired`);
  const s = {
    generatedAt: b.generated_at,
    generatedMicros: generatedAt,
    registryVersion: b.registry_version,
    signedBy: id,
    bytes: text.length,
    keys,
    facilities: new Map(),
    products: new Map(),
    certs: new Map(),
    batches: new Map(),
    batchesBySerial: [],
    revoked: new Map(),
  };
  for (const f of b.facilities ?? []) {
    onlyMembers(f, "facility", MEMBERS.facility);
    if (s.facilities.has(f.code)) throw new SnapshotError(`facility ${f.code} listed twice`);
    s.facilities.set(f.code, f);
  }
  for (const p of b.products ?? []) {
    onlyMembers(p, "product", MEMBERS.product);
    if (s.products.has(p.number)) throw new SnapshotError(`product ${p.number} listed twice`);
    if (!s.facilities.has(p.facility_code)) throw new SnapshotError(`product ${p.number}: facility ${p.facility_code} is not in the snapshot`);
    s.products.set(p.number, p);
  }
  for (const c of b.certifications ?? []) {
    onlyMembers(c, "certification", MEMBERS.certification);
    if (!s.products.has(c.product_number) || s.certs.has(c.product_number)) {
      throw new SnapshotError(`certification ${c.decision_number}: product ${c.product_number} is not in the snapshot or has two`);
    }
    s.certs.set(c.product_number, c);
  }
  const byId = new Map();
  for (const bt of b.batches ?? []) {
    onlyMembers(bt, "batch", MEMBERS.batch);
    if (byId.has(bt.id)) throw new SnapshotError(`batch ${bt.id} listed twice`);
    if (!s.products.has(bt.product_number) || !s.facilities.has(bt.facility_code)) {
      throw new SnapshotError(`batch ${bt.id}: product or facility is not in the snapshot`);
    }
    if (bt.first_stamp_id > bt.last_stamp_id) throw new SnapshotError(`batch ${bt.id}: first stamp id after the last`);
    const batch = { ...bt, mintedMicros: parseMicros(bt.minted_at) };
    byId.set(bt.id, batch);
    if (!s.batches.has(bt.product_number)) s.batches.set(bt.product_number, []);
    s.batches.get(bt.product_number).push(batch);
    s.batchesBySerial.push(batch);
  }
  for (const list of s.batches.values()) list.sort((x, y) => (x.first_stamp_id < y.first_stamp_id ? -1 : x.first_stamp_id > y.first_stamp_id ? 1 : 0));
  for (const r of b.revoked_stamps ?? []) {
    onlyMembers(r, "revoked stamp", MEMBERS.revoked);
    if (!byId.has(r.batch_id)) throw new SnapshotError(`revoked stamp ${r.id}: batch ${r.batch_id} is not in the snapshot`);
    if (s.revoked.has(r.id)) throw new SnapshotError(`revoked stamp ${r.id} listed twice`);
    s.revoked.set(r.id, r);
  }
  return s;
}

// holder finds the batch that holds the code's stamp: {batch, held}.
function holder(s, code) {
  const list = s.batches.get(code.product) ?? [];
  const rv = s.revoked.get(code.stampId);
  if (rv) {
    const b = list.find((b) => b.id === rv.batch_id && b.key_id === code.keyId);
    return { batch: b ?? null, held: true };
  }
  let held = null;
  for (const b of list) {
    if (b.first_stamp_id > code.stampId) break;
    if (b.key_id !== code.keyId || code.stampId > b.last_stamp_id) continue;
    if (held === null || (held.revoked_at !== null && b.revoked_at === null)) held = b;
  }
  return { batch: held, held: held !== null };
}

// mintedAfter: the stamp id is a UUIDv7 whose time is after the snapshot's.
function mintedAfter(stampId, micros) {
  const h = stampId.replace(/-/g, "");
  if (h[12] !== "7") return false;
  return parseInt(h.slice(0, 12), 16) * 1000 > micros;
}

/** vietnamDay is the calendar day (YYYY-MM-DD) of a time in UTC+7. */
export function vietnamDay(date) {
  return new Date(date.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

function certState(c, day) {
  if (c.status !== "valid") return c.status;
  if (!c.expires_on || day > c.expires_on) return "expired"; // a missing expiry counts as past, as in Go
  return "valid";
}

const CERT_REASON = { suspended: "certification_suspended", withdrawn: "certification_withdrawn", expired: "certification_expired" };

function describe(s, code, b, now) {
  const out = { stamp: null, product: null, facility: null, certification: null };
  out.stamp = { id: code.stampId, batch_id: b.id, lot: b.lot, produced_on: b.produced_on, best_before: b.best_before,
    minted_at: b.minted_at, revoked_at: b.revoked_at, revoke_reason: b.revoke_reason };
  const rv = s.revoked.get(code.stampId);
  if (rv) Object.assign(out.stamp, { revoked_at: rv.revoked_at, revoke_reason: rv.reason });
  const p = s.products.get(code.product);
  if (p) out.product = { number: p.number, name: p.name, group: p.group, gtin: p.gtin };
  const f = s.facilities.get(b.facility_code);
  if (f) out.facility = { code: f.code, name: f.name, district: f.district, commune: f.commune, address: f.address, phone: f.phone };
  const c = s.certs.get(code.product);
  if (c) {
    out.certification = { rank: c.rank, decision_number: c.decision_number, expires_on: c.expires_on,
      status: certState(c, vietnamDay(now)), status_reason: c.status_reason };
  }
  // The printed serial is not in the code, and the snapshot holds batches as
  // spans of stamp ids with a first serial and a count (ids are random: a
  // serial cannot be computed from one). As in the CLI's verify, a batch of
  // one label gives the serial; otherwise the label's serial must lie in the
  // batch's span, which the inspector compares with the printed one.
  if (b.count === 1) out.stamp.serial = formatSerial(b.first_serial);
  else if (b.count > 1) Object.assign(out.stamp, { serial_first: formatSerial(b.first_serial), serial_last: formatSerial(b.first_serial + b.count - 1) });
  return out;
}

/**
 * checkCode judges a code text offline as the registry stood when the
 * snapshot was made (s from openSnapshot; s may be null: signature only).
 * A certificate's expiry is judged on now's calendar day in Vietnam. It
 * returns {verdict, reason, code, key_state, stamp, product, facility,
 * certification}; a malformed text throws a CodeError.
 */
export async function checkCode(s, text, now, trustedKeys) {
  const keys = s ? s.keys : trustedKeys;
  const code = decode(text);
  const key = keys.get(code.keyId);
  const base = { code: { text: code.text, key_id: code.keyId, product_number: code.product, stamp_id: code.stampId,
    signature_valid: false, key_state: key ? key.state : "" } };
  if (!key) return { ...base, verdict: "not_genuine", reason: "unknown_key" };
  if (!(await verifyEd25519(key.pub, concat(enc.encode(PREFIX), code.header), code.signature))) {
    return { ...base, verdict: "not_genuine", reason: "bad_signature" };
  }
  base.code.signature_valid = true;
  if (!s) return { ...base, verdict: key.state === "compromised" ? "check_online" : "genuine", reason: key.state === "compromised" ? "key_compromised" : "" };
  const r = (verdict, reason, extra) => ({ ...base, verdict, reason, ...extra });
  const compromised = key.state === "compromised";
  const { batch, held } = holder(s, code);
  if (!held) {
    if (compromised) return r("not_genuine", "key_compromised");
    if (mintedAfter(code.stampId, s.generatedMicros)) return r("check_online", "newer_than_snapshot");
    return r("unknown", "not_in_snapshot");
  }
  const rv = s.revoked.get(code.stampId);
  if (rv && batch === null) return r("not_genuine", compromised ? "key_compromised" : "registry_mismatch");
  if (compromised && !(batch.mintedMicros < key.compromisedAt)) return r("not_genuine", "key_compromised");
  const info = describe(s, code, batch, now);
  if (rv && !rv.by_batch) return r("revoked", "stamp_revoked", info);
  if (rv || batch.revoked_at !== null) return r("revoked", "batch_revoked", info);
  const c = s.certs.get(code.product);
  if (!c) return r("certification_invalid", "no_certification", info);
  const st = certState(c, vietnamDay(now));
  if (st !== "valid") return r("certification_invalid", CERT_REASON[st] ?? "certification_expired", info);
  if (compromised) return r("check_online", "key_compromised", info);
  return r("genuine", "", info);
}

/**
 * findSerial looks a printed serial up in the snapshot's batches (a weaker
 * check: the serial is not signed). It returns the batch's product,
 * producer and revocation, or null when no batch of the snapshot has it.
 */
export function findSerial(s, serial) {
  for (const b of s.batchesBySerial) {
    if (serial >= b.first_serial && serial < b.first_serial + b.count) {
      const p = s.products.get(b.product_number);
      const c = s.certs.get(b.product_number);
      return {
        batch: b,
        product: p ? { number: p.number, name: p.name, group: p.group } : null,
        facility: s.facilities.get(b.facility_code) ?? null,
        certification: c ? { rank: c.rank, decision_number: c.decision_number, expires_on: c.expires_on, status: certState(c, vietnamDay(new Date())) } : null,
      };
    }
  }
  return null;
}

export { CodeError, fromHex };
