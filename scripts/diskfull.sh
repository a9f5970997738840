#!/usr/bin/env bash
# Disk-full drill of `ocopstamp serve` on SQLite, on loopback only, bounded
# in time (TIMEOUT, default 240 s). Needs root: it mounts a small tmpfs
# (DISK_MB, 64) and puts the database and the scan spool on it (the keys
# stay outside), mints CODES stamps, serves them and runs
# `wrk -c$CONNS -d${DURATION}s` against the server; meanwhile
#   t=3 s  a file fills the disk (dd until "No space left on device");
#   t=4 s  /readyz is asked (it must be 503: no scan can reach the database);
#          `ocopstamp mint` is run on the full disk (it must fail saying the
#          disk is full, not "cannot rollback - no transaction is active");
# when wrk ends the server gets SIGTERM (it must exit cleanly and keep every
# queued scan: the spool keeps 16 MiB allocated ahead); then the filler is
# removed, the server started again to replay its spool and stopped.
# It prints the requests, non-2xx answers, scans written against lookups
# answered, /readyz while full, the mint's message and the SIGTERM's
# duration. Exit status 1 when a check fails.
#
#   sudo scripts/diskfull.sh     # DURATION=10 CONNS=32 CODES=300 DISK_MB=64
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
CODES=${CODES:-300}
DISK_MB=${DISK_MB:-64}
TIMEOUT=${TIMEOUT:-240}
[ "$(id -u)" = 0 ] || { echo "diskfull.sh: needs root to mount a small tmpfs to fill"; exit 1; }
for t in wrk python3 curl mount; do
  command -v "$t" >/dev/null || { echo "diskfull.sh: $t is not installed (scripts/install-deps.sh)"; exit 1; }
done

tmp=$(mktemp -d /tmp/ocop-diskfull-XXXXXX)
srv_pid=""
watchdog=""
cleanup() {
  set +e
  [ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
  [ -n "$srv_pid" ] && { kill -TERM "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null; }
  mountpoint -q "$tmp/disk" && umount "$tmp/disk"
  finish
}
NAME=diskfull.sh
. scripts/drilllib.sh
guard

go build -o "$tmp/ocopstamp" ./cmd/ocopstamp
mkdir "$tmp/disk"
mount -t tmpfs -o "size=${DISK_MB}m" tmpfs "$tmp/disk"
export OCOPSTAMP_DB=$tmp/disk/ocop.db OCOPSTAMP_KEYS=$tmp/keys OCOPSTAMP_LOG_LEVEL=warn
O="$tmp/ocopstamp"
$O init --base-url HTTPS://TXNG.EXAMPLE.VN >/dev/null 2>&1
$O keygen >/dev/null 2>&1
for k in communes facilities products certifications points-of-sale; do $O import "$k" "examples/$k.csv" >/dev/null 2>&1; done
batch=$($O mint --product 1006 --count "$CODES" --lot DISKFULL --produced 2026-11-20 2>/dev/null)
$O export codes --batch "$batch" 2>/dev/null | awk -F, 'NR > 1 { print $2 }' >"$tmp/codes.txt"
# kept: the distinct scans kept, in the database or still in the spool
# (records of storage/spool: length, CRC, then events of 16-byte id, 28
# fixed bytes and three length-prefixed strings); a spool partly replayed
# holds scans the database has too, hence the union of scan ids.
kept() {
  python3 - "$OCOPSTAMP_DB" "$tmp/disk/scans.spool" <<'PY'
import sqlite3, struct, sys
ids = {r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT scan_id FROM scans WHERE scan_id IS NOT NULL")}
indb = len(ids)
b, off, spooled = open(sys.argv[2], "rb").read(), 0, 0
def uvarint(b, i):
    x = s = 0
    while True:
        c = b[i]; i += 1; x |= (c & 0x7f) << s; s += 7
        if c < 0x80: return x, i
while off + 8 <= len(b):
    size = struct.unpack_from("<I", b, off)[0]
    if size == 0 or off + 8 + size > len(b): break
    p, end = off + 8, off + 8 + size
    while p < end:
        ids.add(b[p:p + 16]); spooled += 1
        p += 44
        for _ in range(3):
            l, p = uvarint(b, p); p += l
    off = end
print(indb, spooled, len(ids))
PY
}
scans() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM scans WHERE scan_id IS NOT NULL").fetchone()[0])' "$OCOPSTAMP_DB"; }

port=$(freeport)
start() {
  OCOPSTAMP_LOG_LEVEL=info "$O" serve --addr "127.0.0.1:$port" --office=false --rate-limit -1 \
    --scan-spool "$tmp/disk/scans.spool" >>"$tmp/serve.log" 2>&1 &
  srv_pid=$!
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && return
    sleep 0.1
  done
  echo "diskfull.sh: server not ready after 10 s"; tail -5 "$tmp/serve.log"; exit 1
}
stop() { # sets status and ms: the exit status and the milliseconds SIGTERM took
  local t0
  t0=$(date +%s%N)
  status=0
  kill -TERM "$srv_pid"; wait "$srv_pid" || status=$?
  srv_pid=""
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
start
before=$(scans)

rotate_lua "$tmp/rotate.lua"
WRK_CODES="$tmp/codes.txt" wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 5s -s "$tmp/rotate.lua" \
  "http://127.0.0.1:$port" >"$tmp/wrk.txt" 2>&1 & wrk_pid=$!
sleep 3
dd if=/dev/zero of="$tmp/disk/filler" bs=64k >/dev/null 2>&1 || true
echo "t=3s   disk full: $(df -h "$tmp/disk" | awk 'NR == 2 { print $3 " used of " $2 ", " $4 " free" }')"
sleep 1
ready=$(curl -s -w ' %{http_code}' "http://127.0.0.1:$port/readyz")
echo "t=4s   /readyz: $ready"
check "/readyz is 503 while the disk is full" test "${ready##* }" = 503
mint_status=0
mint_err=$($O mint --product 1006 --count 50000 --lot FULL --produced 2026-11-20 2>&1 >/dev/null) || mint_status=$?
echo "       mint on the full disk: exit $mint_status: $mint_err"
check "mint fails on the full disk" test "$mint_status" != 0
check "mint says the disk is full" grep -q "full" <<<"$mint_err"
check "mint does not say 'cannot rollback'" bash -c '! grep -q "cannot rollback" <<<"$1"' _ "$mint_err"
wait "$wrk_pid"
read -r _ requests non2xx sockerr _ <<<"$(grep '^RESULT' "$tmp/wrk.txt")"
stop
echo "       SIGTERM with the disk full: exit $status after $ms ms"
check "the server exits cleanly on SIGTERM with the disk full" test "$status" = 0
check "and within its drain time (15 s)" test "$ms" -lt 15000
spool_bytes=$(stat -c %s "$tmp/disk/scans.spool")
echo "       spool after SIGTERM: $spool_bytes bytes"
rm -f "$tmp/disk/filler"
echo "       room again: the server starts, replays its spool, stops"
du -sk "$tmp"/disk/* | sed 's/^/         /'
df -k "$tmp/disk" | tail -1 | sed 's/^/         /' 
start
for _ in $(seq 1 100); do [ "$(stat -c %s "$tmp/disk/scans.spool")" = 0 ] && break; sleep 0.1; done
stop
read -r indb left total <<<"$(kept)"
added=$((indb - before)) keptn=$((total - before))
lost=$((requests - non2xx - keptn))
printf 'requests %d  non-2xx %d  socket errors %d\n' "$requests" "$non2xx" "$sockerr"
printf 'scans in the database %d, in the spool %d, kept (distinct) %d  lost %d (negative: requests wrk cut off at its end)\n' "$added" "$left" "$keptn" "$lost"
check "no failed lookup while the disk was full" test "$non2xx" = 0 -a "$sockerr" = 0
check "no scan lost" test "$lost" -le 0
echo "--- server log (warnings and errors)"
grep -h 'level=\(WARN\|ERROR\)\|draining' "$tmp/serve.log" | cut -c1-220 | head -12 || true
if [ "$fail" = 0 ]; then echo "diskfull.sh: every check passed"; else echo "diskfull.sh: some checks FAILED"; fi
exit "$fail"
