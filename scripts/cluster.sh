#!/usr/bin/env bash
# Replica drill: three `ocopstamp serve` replicas behind HAProxy, on loopback
# only, bounded in time (TIMEOUT, default 420 s; everything it started is
# stopped on exit). It starts
#   - a private PostgreSQL (initdb/pg_ctl from /usr/lib/postgresql/*/bin on a
#     free port; as root it runs as the postgres user),
#   - a private Redis Cluster (six redis-server, three masters and three
#     replicas, made by `redis-cli --cluster create`),
#   - three `ocopstamp serve` replicas (shared database, cache, keys and scan
#     salt; a scan spool each; --drain-delay 2s),
#   - HAProxy (Debian `haproxy`) in front, checking GET /readyz every 500 ms,
#     retrying a failed connection or an empty answer on another replica,
# mints CODES stamps, caches their views (one lookup each), and runs three
# phases of `wrk -c$CONNS -d${DURATION}s` through HAProxy:
#   1. SIGKILL: at t=5 s one replica is killed (a crash), restarted at t=10 s;
#   2. SIGTERM: at t=5 s one replica is stopped the way systemd stops it
#      (it answers /readyz 503, drains, exits), restarted once it has exited;
#   3. PostgreSQL stopped (pg_ctl -m fast) at t=5 s for PG_DOWN seconds (8):
#      every replica stays in HAProxy (/readyz "degraded", 200), cached
#      lookups answer, scans go to the spools and are replayed;
#   4. revocation: at t=3 s a stamp is revoked through replica 1's admin API
#      and every replica is asked directly, every 10 ms, until it answers
#      "revoked".
# It prints, per phase, the requests, non-2xx answers, socket errors, scans
# written against lookups answered, HAProxy's retries and redispatches, and
# the time until each replica showed the revocation. Exit status 1 when a
# client saw a failed request (non-2xx or socket error), a stopped replica or
# the database outage lost scans, HAProxy took a replica out during the
# outage, or a replica took more than a second to show the revocation.
#
#   scripts/cluster.sh    # DURATION=20 CONNS=32 CODES=300 PG_DOWN=8 TIMEOUT=420
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
CONNS=${CONNS:-32}
CODES=${CODES:-300}
PG_DOWN=${PG_DOWN:-8}
TIMEOUT=${TIMEOUT:-420}
for t in wrk haproxy redis-server redis-cli psql python3 curl; do
  command -v "$t" >/dev/null || { echo "cluster.sh: $t is not installed (scripts/install-deps.sh)"; exit 1; }
done
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "cluster.sh: PostgreSQL server binaries not found"; exit 1; }

tmp=$(mktemp -d /tmp/ocop-cluster-XXXXXX)
chmod 755 "$tmp"
declare -A rpid rport
redis_pids=()
haproxy_pid=""
watchdog=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# A Redis Cluster node also listens on its port + 10000: both must be free,
# so the port must be at most 55535.
clusterport() {
  python3 -c '
import random, socket
while True:
    p = random.randint(20000, 55535)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
    except OSError:
        continue
    print(p); break'
}
cleanup() {
  set +e
  [ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
  for p in "${rpid[@]}"; do kill -TERM "$p" 2>/dev/null; done
  [ -n "$haproxy_pid" ] && kill "$haproxy_pid" 2>/dev/null
  for p in "${rpid[@]}" $haproxy_pid; do wait "$p" 2>/dev/null; done
  for p in "${redis_pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${redis_pids[@]}"; do wait "$p" 2>/dev/null; done
  [ -d "$tmp/pg" ] && as_pg "$bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1
  finish
}
NAME=cluster.sh
. scripts/drilllib.sh
guard

echo "--- building ocopstamp"
go build -o "$tmp/ocopstamp" ./cmd/ocopstamp

echo "--- PostgreSQL"
pgport=$(freeport)
mkdir "$tmp/pg"; [ "$(id -u)" = 0 ] && chown postgres "$tmp/pg"
as_pg "$bin/initdb" -D "$tmp/pg" -U postgres -A trust --no-sync -E UTF8 --locale C >/dev/null
pgstart() {
  as_pg "$bin/pg_ctl" -D "$tmp/pg" -o "-p $pgport -k $tmp/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" \
    -l "$tmp/pg/log" -w start >/dev/null
}
pgstart
pgurl="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
psqlq() { psql "$pgurl" -tAc "$1"; }

echo "--- Redis Cluster (3 masters + 3 replicas)"
nodes=()
for i in 1 2 3 4 5 6; do
  p=$(clusterport); d="$tmp/redis$i"; mkdir "$d"
  redis-server --port "$p" --bind 127.0.0.1 --dir "$d" --save "" --appendonly no --logfile "$d/log" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 1000 >/dev/null &
  redis_pids+=($!); nodes+=("127.0.0.1:$p")
done
for n in "${nodes[@]}"; do
  for _ in $(seq 1 300); do redis-cli -p "${n#*:}" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$tmp/redis-create.log" 2>&1 ||
  { cat "$tmp/redis-create.log"; exit 1; }
for n in "${nodes[@]}"; do
  for _ in $(seq 1 100); do redis-cli -p "${n#*:}" cluster info | grep -q cluster_state:ok && break; sleep 0.1; done
done
redis_url=$(IFS=,; echo "${nodes[*]}")

echo "--- registry, keys, $CODES stamps"
export OCOPSTAMP_DB=$pgurl OCOPSTAMP_KEYS=$tmp/keys OCOPSTAMP_LOG_LEVEL=warn
export OCOPSTAMP_SCAN_SALT=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
O="$tmp/ocopstamp"
$O init --base-url HTTPS://TXNG.EXAMPLE.VN 2>/dev/null
$O keygen >/dev/null 2>&1
for k in communes facilities products certifications points-of-sale; do $O import "$k" "examples/$k.csv" >/dev/null 2>&1; done
batch=$($O mint --product 1006 --count "$CODES" --lot CLUSTER --produced 2026-11-20 2>/dev/null)
token=$($O token create --role office --name cluster-drill 2>/dev/null)

# warm ADDR FILE: looks every code of FILE up once (the views are then in the
# cache) and fails unless each is genuine.
warm() {
  python3 - "$1" "$2" <<'PY'
import json, sys, urllib.request
addr, path = sys.argv[1:]
for c in open(path).read().split():
    req = urllib.request.Request(f"http://{addr}/api/v1/stamps/{c}", headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        v = json.load(r)["verdict"]
    if v != "genuine":
        sys.exit(f"warm lookup of {c}: {v}")
PY
}

start_replica() { # n
  local n=$1
  OCOPSTAMP_LOG_LEVEL=info "$O" serve --addr "127.0.0.1:${rport[$n]}" --redis "$redis_url" --office=false \
    --rate-limit -1 --serial-rate-limit -1 --trusted-proxies 127.0.0.1 --drain-delay 2s \
    --scan-spool "$tmp/r$n.spool" >>"$tmp/r$n.log" 2>&1 &
  rpid[$n]=$!
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${rport[$n]}/readyz")" = 200 ] && return
    sleep 0.1
  done
  echo "cluster.sh: replica $n not ready after 10 s"; tail -5 "$tmp/r$n.log"; exit 1
}
for n in 1 2 3; do rport[$n]=$(freeport); start_replica "$n"; done

echo "--- HAProxy"
hport=$(freeport); sport=$(freeport)
cat >"$tmp/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  option forwardfor
  timeout connect 500ms
  timeout client 30s
  timeout server 10s
  # above serve's /readyz bound (2 s)
  timeout check 2500ms
  # a request that found a dead or closing replica is sent again, to another
  # one (lookups are GETs: safe to repeat)
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response junk-response response-timeout
frontend lookups
  bind 127.0.0.1:$hport
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz
  http-check expect status 200
  # down after 2 failed checks 500 ms apart, or at once when live traffic
  # finds the port closed
  default-server inter 500ms fastinter 250ms downinter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
  server r1 127.0.0.1:${rport[1]} check
  server r2 127.0.0.1:${rport[2]} check
  server r3 127.0.0.1:${rport[3]} check
listen stats
  bind 127.0.0.1:$sport
  stats enable
  stats uri /stats
CFG
haproxy -c -f "$tmp/haproxy.cfg" >/dev/null
haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.log" 2>&1 & haproxy_pid=$!

# hastat SERVER COLUMN: one column of HAProxy's CSV statistics for a server.
hastat() {
  curl -s "http://127.0.0.1:$sport/stats;csv" | awk -F, -v sv="$1" -v col="$2" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 == "replicas" && $2 == sv { print $(c[col]) }'
}
wait_up() { # server
  for _ in $(seq 1 100); do [ "$(hastat "$1" status)" = UP ] && return; sleep 0.1; done
  echo "cluster.sh: HAProxy does not see $1 UP after 10 s"; exit 1
}
for s in r1 r2 r3; do wait_up "$s"; done

echo "--- codes and warm cache (one lookup of each through HAProxy)"
$O export codes --batch "$batch" 2>/dev/null | awk -F, 'NR > 1 { print $2 }' >"$tmp/all.txt"
head -1 "$tmp/all.txt" >"$tmp/revoke.txt"   # revoked in phase 4
tail -n +2 "$tmp/all.txt" >"$tmp/codes.txt"
warm "127.0.0.1:$hport" "$tmp/all.txt"
sleep 1 # the warm-up scans and their statistics are written

rotate_lua "$tmp/rotate.lua"
load() { # name: runs wrk in the background; load_wait collects it
  WRK_CODES="$tmp/codes.txt" wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 5s -s "$tmp/rotate.lua" \
    "http://127.0.0.1:$hport" >"$tmp/wrk-$1.txt" 2>&1 &
  wrk_pid=$!
}
scans() { psqlq "SELECT count(*) FROM scans"; }
retries() { local t=0; for s in r1 r2 r3; do t=$((t + $(hastat "$s" wretr) + 0)); done; echo "$t"; }
redispatches() { local t=0; for s in r1 r2 r3; do t=$((t + $(hastat "$s" wredis) + 0)); done; echo "$t"; }
# report NAME SCANS_BEFORE RETRIES_BEFORE REDISPATCHES_BEFORE: prints the
# phase's figures and sets lost, non2xx, sockerr.
report() {
  local name=$1 s0=$2 r0=$3 d0=$4 line
  sleep 1.5 # the last scans reach the database
  line=$(grep '^RESULT' "$tmp/wrk-$name.txt") || { cat "$tmp/wrk-$name.txt"; exit 1; }
  read -r _ requests non2xx sockerr rps p99 <<<"$line"
  local added=$(( $(scans) - s0 ))
  lost=$((requests - non2xx - added))
  printf '%-9s requests %7d  non-2xx %d  socket errors %d  (%s req/s, p99 %s ms)\n' "$name" "$requests" "$non2xx" "$sockerr" "$rps" "$p99"
  printf '          scans written %d (lost: %d; negative = requests wrk cut off at its end)\n' "$added" "$lost"
  printf '          HAProxy retries %d, redispatches %d\n' $(( $(retries) - r0 )) $(( $(redispatches) - d0 ))
}

echo "--- phase 1: SIGKILL one replica under load"
s0=$(scans); r0=$(retries); d0=$(redispatches)
load sigkill
sleep 5
kill -KILL "${rpid[2]}"; wait "${rpid[2]}" 2>/dev/null || true
echo "t=5s   replica 2 killed (SIGKILL)"
sleep 5
start_replica 2; echo "t=10s  replica 2 restarted"
wait "$wrk_pid"
report sigkill "$s0" "$r0" "$d0"
check "no failed request while a replica was killed" test "$non2xx" = 0 -a "$sockerr" = 0
wait_up r2

echo "--- phase 2: SIGTERM one replica under load"
s0=$(scans); r0=$(retries); d0=$(redispatches)
load sigterm
sleep 5
t0=$(date +%s%N)
kill -TERM "${rpid[3]}"; echo "t=5s   replica 3 sent SIGTERM"
status=0; wait "${rpid[3]}" || status=$?
echo "       replica 3 exited with status $status after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
check "replica 3 exited cleanly on SIGTERM" test "$status" = 0
start_replica 3; echo "       replica 3 restarted"
wait "$wrk_pid"
report sigterm "$s0" "$r0" "$d0"
check "no failed request while a replica was stopped" test "$non2xx" = 0 -a "$sockerr" = 0
check "no scan lost when a replica was stopped" test "$lost" -le 0
wait_up r3

echo "--- phase 3: PostgreSQL stopped ${PG_DOWN}s under load (every view is cached)"
s0=$(scans); r0=$(retries); d0=$(redispatches)
downs0=0; for s in r1 r2 r3; do downs0=$((downs0 + $(hastat "$s" chkdown) + 0)); done
load pgdown
sleep 5
as_pg "$bin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null; echo "t=5s   PostgreSQL stopped"
sleep 1
for n in 1 2 3; do
  echo "       replica $n /readyz: $(curl -s -w ' %{http_code}' "http://127.0.0.1:${rport[$n]}/readyz")"
done
sleep $((PG_DOWN - 1))
pgstart; echo "t=$((5 + PG_DOWN))s  PostgreSQL back"
wait "$wrk_pid"
sleep 2 # the spools' replay
report pgdown "$s0" "$r0" "$d0"
downs=0; for s in r1 r2 r3; do downs=$((downs + $(hastat "$s" chkdown) + 0)); done
echo "          HAProxy marked a replica down $((downs - downs0)) times"
check "no failed request while PostgreSQL was down" test "$non2xx" = 0 -a "$sockerr" = 0
check "no scan lost while PostgreSQL was down" test "$lost" -le 0
check "HAProxy kept every replica in" test "$((downs - downs0))" = 0
for s in r1 r2 r3; do wait_up "$s"; done

echo "--- phase 4: revocation through replica 1, seen by every replica"
load revoke
sleep 3
python3 - "$token" "$(cat "$tmp/revoke.txt")" "127.0.0.1:${rport[1]}" "127.0.0.1:${rport[2]}" "127.0.0.1:${rport[3]}" >"$tmp/revoke.out" <<'PY' || true
import json, sys, threading, time, urllib.request
token, code, *replicas = sys.argv[1:]
def verdict(r):
    req = urllib.request.Request(f"http://{r}/api/v1/stamps/{code}", headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.load(resp)["verdict"]
for r in replicas:
    if verdict(r) != "genuine":
        sys.exit(f"{r}: not genuine before the revocation")
req = urllib.request.Request(f"http://{replicas[0]}/api/v1/admin/stamps/{code}/revoke", method="POST",
    data=json.dumps({"reason": "cluster drill"}).encode(),
    headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()
t0 = time.monotonic()
seen = {}
def poll(i, r):
    while time.monotonic() - t0 < 5:
        if verdict(r) == "revoked":
            seen[i] = (time.monotonic() - t0) * 1000
            return
        time.sleep(0.01)
ts = [threading.Thread(target=poll, args=(i, r)) for i, r in enumerate(replicas, 1)]
for t in ts: t.start()
for t in ts: t.join()
for i in range(1, len(replicas) + 1):
    print(f"replica {i} {seen.get(i, -1):.0f}")
PY
wait "$wrk_pid"
report revoke "$(scans)" "$(retries)" "$(redispatches)" >/dev/null
cat "$tmp/revoke.out" | grep -v '^replica' || true
for n in 1 2 3; do
  ms=$(awk -v n="$n" '$1 == "replica" && $2 == n { print $3 }' "$tmp/revoke.out")
  ms=${ms:--1}
  echo "          replica $n shows the revocation after ${ms} ms (from the admin API's answer)"
  check "replica $n within one second" test "$ms" -ge 0 -a "$ms" -le 1000
done
check "no failed request during the revocation" test "$non2xx" = 0 -a "$sockerr" = 0
printf '          under load: %d requests, non-2xx %d, socket errors %d\n' "$requests" "$non2xx" "$sockerr"

echo "--- replica logs (warnings and errors)"
grep -h 'level=\(WARN\|ERROR\)' "$tmp"/r?.log | cut -c1-200 | sort | uniq -c | sort -rn | head -10 || true
if [ "$fail" = 0 ]; then echo "cluster.sh: every check passed"; else echo "cluster.sh: some checks FAILED"; fi
exit "$fail"
