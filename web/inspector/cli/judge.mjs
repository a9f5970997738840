#!/usr/bin/env node
// Judges codes with the inspector app's JavaScript, for the Go test that
// compares it with the CLI's offline verify (verify/js_test.go); not under test/, where node --test would run it. Reads one
// JSON object on standard input:
//
//   {"keys": <ocop-stamp-keys/1>, "snapshot": "<file text>",
//    "cases": [{"text": "...", "now": "RFC 3339"}]}
//
// and prints {"refused": "..."} or {"results": [{"verdict","reason"} or {"error": kind}]}.
import { readFileSync } from "node:fs";
import { CodeError, parseKeySet } from "../code.js";
import { checkCode, openSnapshot, SnapshotError } from "../snapshot.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const trusted = await parseKeySet(input.keys);
let snap;
try {
  snap = await openSnapshot(input.snapshot, trusted);
} catch (e) {
  if (!(e instanceof SnapshotError)) throw e;
  console.log(JSON.stringify({ refused: e.message }));
  process.exit(0);
}
const results = [];
for (const c of input.cases) {
  try {
    const r = await checkCode(snap, c.text, new Date(c.now));
    results.push({ verdict: r.verdict, reason: r.reason, product: r.product?.name ?? "", facility: r.facility?.name ?? "",
      rank: r.certification?.rank ?? -1, revoke_reason: r.stamp?.revoke_reason ?? "",
      serial: r.stamp?.serial ?? "", serial_first: r.stamp?.serial_first ?? "", serial_last: r.stamp?.serial_last ?? "" });
  } catch (e) {
    if (!(e instanceof CodeError)) throw e;
    results.push({ error: e.kind });
  }
}
console.log(JSON.stringify({ results }));
