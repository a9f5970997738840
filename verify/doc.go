// Package verify turns a scanned stamp code into a verdict: decode, check the
// signature against the office's public keys, then (online) the registry's
// view of the stamp, its certification and scan history.
//
// Forged codes stop at the signature check: they never reach the cache or the
// database. The verdicts and their reasons are stamp's vocabulary
// (stamp.Verdict); this package decides which one a code gets.
package verify
