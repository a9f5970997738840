#!/usr/bin/env bash
# Load test of the lookup service, on loopback only, bounded in time.
#
#   scripts/load.sh                 # one round, 10 s per scenario
#   ROUNDS=3 scripts/load.sh        # medians of three rounds
#
# It builds scripts/loadsrv, starts on 127.0.0.1 (random ports):
#   cached    the real server, SQLite store, Redis cache, every code looked up once
#   uncached  the real server, SQLite store, no cache: every lookup reads SQLite
#   writes    as cached, while the office writes $WRITES registry changes a
#             second (revoke one looked-up stamp, rename another product)
#   baseline  bare Gin handlers: one Ed25519 verify (+ one Redis GET) + the same
#             bytes as the real answer (genuine JSON, HTML page, forged JSON)
# and runs `wrk -t$THREADS -c$CONNS -d$DURATION` against each scenario, with a
# Lua script rotating through the minted codes so that every request asks for
# another stamp. It prints req/s, p50 and p99 per scenario and the ratios that
# docs/performance targets refer to (performance.md).
#
# Environment: REDIS (default $OCOPSTAMP_TEST_REDIS or redis://127.0.0.1:6379/0),
# DURATION (10s), CONNS (64), THREADS (2), CODES (10000), ROUNDS (1),
# WRITES (10; 0 leaves the writes scenario out), CACHED_FLAGS (extra loadsrv serve
# flags for the cached server, for diagnosis: CACHED_FLAGS=-norecord measures it
# without recording scans, -nostats without the Redis scan statistics).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
CODES=${CODES:-10000}
ROUNDS=${ROUNDS:-1}
WRITES=${WRITES:-10}
REDIS=${REDIS:-${OCOPSTAMP_TEST_REDIS:-redis://127.0.0.1:6379/0}}

command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)"; exit 1; }
case "$REDIS" in
  redis://127.*|redis://localhost*|redis://\[::1\]*) ;;
  *) echo "load.sh: REDIS must be on loopback, got $REDIS"; exit 1 ;;
esac

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for f in "$tmp"/*.log; do
    grep -h "scans dropped\|cache hits" "$f" 2>/dev/null | sed "s|^|$(basename "$f" .log): |" || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "building scripts/loadsrv"
go build -o "$tmp/loadsrv" ./scripts/loadsrv
mkdir -p "$tmp/cached" "$tmp/uncached" "$tmp/writes"

waitaddr() { # file
  for _ in $(seq 1 600); do
    [ -s "$1" ] && { cat "$1"; return; }
    sleep 0.1
  done
  echo "load.sh: no address in $1 after 60 s" >&2
  exit 1
}

echo "seeding and warming (minting $CODES stamps twice)"
"$tmp/loadsrv" serve -dir "$tmp/cached" -redis "$REDIS" -n "$CODES" ${CACHED_FLAGS:-} 2>"$tmp/cached.log" & pids+=($!)
cached=$(waitaddr "$tmp/cached/cached.addr")
"$tmp/loadsrv" serve -dir "$tmp/uncached" -n "$CODES" 2>"$tmp/uncached.log" & pids+=($!)
uncached=$(waitaddr "$tmp/uncached/uncached.addr")
if [ "$WRITES" != 0 ]; then
  "$tmp/loadsrv" serve -dir "$tmp/writes" -redis "$REDIS" -n "$CODES" -writes "$WRITES" 2>"$tmp/writes.log" & pids+=($!)
  writes=$(waitaddr "$tmp/writes/cached.addr")
fi
"$tmp/loadsrv" baseline -dir "$tmp/cached" -redis "$REDIS" 2>"$tmp/baseline.log" & pids+=($!)
baseline=$(waitaddr "$tmp/cached/baseline.addr")
echo "cached=$cached uncached=$uncached baseline=$baseline"
echo "JSON answer $(wc -c <"$tmp/cached/body.json") bytes, HTML page $(wc -c <"$tmp/cached/body.html") bytes"

cat >"$tmp/rotate.lua" <<'LUA'
-- GET <WRK_PREFIX><code><WRK_SUFFIX> for every code in WRK_CODES in turn.
local codes = {}
for line in io.lines(os.getenv("WRK_CODES")) do
  if #line > 0 then codes[#codes + 1] = line end
end
local prefix, suffix = os.getenv("WRK_PREFIX") or "/", os.getenv("WRK_SUFFIX") or ""
local headers = { ["Accept"] = os.getenv("WRK_ACCEPT") or "*/*" }
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local i = 0
function init(args)
  i = (tid or 1) * 4099
end
function request()
  i = i + 1
  return wrk.format("GET", prefix .. codes[(i % #codes) + 1] .. suffix, headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
LUA

# scenario name addr codes-file prefix suffix accept
run() {
  local name=$1 addr=$2 codes=$3 prefix=$4 suffix=$5 accept=$6
  local out
  out=$(WRK_CODES=$codes WRK_PREFIX=$prefix WRK_SUFFIX=$suffix WRK_ACCEPT=$accept \
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 5s -s "$tmp/rotate.lua" "http://$addr" | grep '^RESULT')
  read -r _ rps p50 p99 errs non2xx <<<"$out"
  printf '%-22s %9s req/s  p50 %7s ms  p99 %7s ms  errors %s  non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$errs" "$non2xx"
  echo "$name $rps $p50 $p99" >>"$tmp/results"
}

G=$tmp/cached/genuine.txt F=$tmp/cached/forged.txt U=$tmp/uncached/genuine.txt W=$tmp/writes/genuine.txt
J=application/json H='text/html,application/xhtml+xml,*/*;q=0.8'
for round in $(seq 1 "$ROUNDS"); do
  echo "--- round $round/$ROUNDS: wrk -t$THREADS -c$CONNS -d$DURATION, 127.0.0.1"
  run base-bytes          "$baseline" "$G" /bytes?x=  ""       "$J"
  run base-verify         "$baseline" "$F" /verify/   "?forged=1" "$J"
  run base-verify-redis   "$baseline" "$G" /verify-redis/ ""   "$J"
  run base-verify-redis-h "$baseline" "$G" /verify-redis/ "?html=1" "$H"
  run cached-json         "$cached"   "$G" /api/v1/stamps/ ""  "$J"
  [ "$WRITES" = 0 ] || run cached-json-writes "$writes" "$W" /api/v1/stamps/ "" "$J"
  run cached-html         "$cached"   "$G" /S/        ""       "$H"
  run forged-json         "$cached"   "$F" /api/v1/stamps/ ""  "$J"
  run uncached-json       "$uncached" "$U" /api/v1/stamps/ ""  "$J"
done

echo "--- medians over $ROUNDS round(s)"
awk '
  { n[$1]++; rps[$1, n[$1]] = $2; p50[$1, n[$1]] = $3; p99[$1, n[$1]] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
  function med(a, s, c,   i, j, t, v) {
    for (i = 1; i <= c; i++) v[i] = a[s, i]
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (c % 2) ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= k; i++) {
      s = order[i]; R[s] = med(rps, s, n[s])
      printf "%-22s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms\n", s, R[s], med(p50, s, n[s]), med(p99, s, n[s])
    }
    print "--- ratios (targets: performance.md)"
    printf "cached JSON / (verify + Redis GET + same bytes)  %.2f  (target >= 0.8)\n", R["cached-json"] / R["base-verify-redis"]
    printf "cached HTML / (verify + Redis GET + same bytes)  %.2f\n", R["cached-html"] / R["base-verify-redis-h"]
    printf "forged JSON / (verify + same bytes)              %.2f  (target >= 0.9)\n", R["forged-json"] / R["base-verify"]
    printf "uncached JSON / (verify + Redis GET)             %.2f\n", R["uncached-json"] / R["base-verify-redis"]
    if ("cached-json-writes" in R) printf "cached JSON, office writing / not writing         %.2f  (target >= 0.95)\n", R["cached-json-writes"] / R["cached-json"]
    printf "verify / bytes (cost of one Ed25519 verify)      %.2f\n", R["base-verify"] / R["base-bytes"]
  }' "$tmp/results"
