#!/usr/bin/env bash
# Fault drill of the scan pipeline and the cache, on loopback only, bounded
# in time (about a minute). It starts a private PostgreSQL (initdb/pg_ctl from
# /usr/lib/postgresql/*/bin; as root it runs as the postgres user) and a
# private redis-server on free ports, serves cached JSON lookups
# (scripts/loadsrv on PostgreSQL + Redis, with a scan spool) under
# `wrk -c$CONNS`, and meanwhile:
#   t= 5 s  stops PostgreSQL (pg_ctl -m fast) for $PG_DOWN seconds (10), then starts it
#   t=20 s  kills Redis for 5 s, then starts it again (empty)
# At the end it sends SIGTERM to the server (it drains its queue) and prints
# the requests wrk completed, the non-2xx answers, the scans added to the
# database, what is left in the spool and the recorder's log lines.
# Scans lost = requests answered - scans added (it may be slightly negative:
# requests cut off by wrk's end were still recorded).
#
#   scripts/drill.sh            # DURATION=30s CONNS=64 CODES=2000 PG_DOWN=10
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONNS=${CONNS:-64}
CODES=${CODES:-2000}
PG_DOWN=${PG_DOWN:-10}
command -v wrk >/dev/null || { echo "drill.sh: wrk is not installed"; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "drill.sh: PostgreSQL server binaries not found"; exit 1; }

tmp=$(mktemp -d /tmp/ocop-drill-XXXXXX)
chmod 755 "$tmp"
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  as_pg "$bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

pgport=$(freeport); rport=$(freeport)
mkdir "$tmp/pg"; [ "$(id -u)" = 0 ] && chown postgres "$tmp/pg"
as_pg "$bin/initdb" -D "$tmp/pg" -U postgres -A trust --no-sync -E UTF8 --locale C >/dev/null
pgstart() { as_pg "$bin/pg_ctl" -D "$tmp/pg" -o "-p $pgport -k $tmp/pg -c listen_addresses=127.0.0.1" -l "$tmp/pg/log" -w start >/dev/null; }
pgstart
pgurl="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
redis_start() { redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --logfile "" >/dev/null & redis_pid=$!; sleep 0.3; }
redis_start
psqlq() { psql "$pgurl" -tAc "$1"; }

go build -o "$tmp/loadsrv" ./scripts/loadsrv
mkdir "$tmp/srv"
"$tmp/loadsrv" serve -dir "$tmp/srv" -pg "$pgurl" -redis "redis://127.0.0.1:$rport/0" -n "$CODES" -spool "$tmp/srv/scans.spool" 2>"$tmp/srv.log" & srv_pid=$!
for _ in $(seq 1 600); do [ -s "$tmp/srv/cached.addr" ] && break; sleep 0.1; done
addr=$(cat "$tmp/srv/cached.addr")
sleep 1 # the warm-up scans reach the database
before=$(psqlq "SELECT count(*) FROM scans")

cat >"$tmp/rotate.lua" <<'LUA'
local codes = {}
for line in io.lines(os.getenv("WRK_CODES")) do
  if #line > 0 then codes[#codes + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/stamps/" .. codes[(i % #codes) + 1])
end
LUA
WRK_CODES="$tmp/srv/genuine.txt" wrk -t2 -c"$CONNS" -d"$DURATION" -s "$tmp/rotate.lua" "http://$addr" >"$tmp/wrk.txt" & wrk_pid=$!
ready() { curl -s -o /dev/null -w '%{http_code}' "http://$addr/readyz" || true; }
sleep 5
echo "t=5s   stop PostgreSQL for ${PG_DOWN}s"
as_pg "$bin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null
sleep 1; echo "       /readyz while PostgreSQL is down: $(ready)"
sleep $((PG_DOWN - 1))
pgstart; echo "t=$((5 + PG_DOWN))s  PostgreSQL back"
sleep $((20 - 5 - PG_DOWN))
echo "t=20s  kill Redis for 5s"
kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
sleep 1; echo "       /readyz while Redis is down: $(ready)"
sleep 4; redis_start; echo "t=25s  Redis back (empty)"
wait "$wrk_pid"
sleep 2 # the last scans and the spool's replay
kill -TERM "$srv_pid"; wait "$srv_pid" || true
after=$(psqlq "SELECT count(*) FROM scans")
distinct=$(psqlq "SELECT count(DISTINCT scan_id) FROM scans WHERE scan_id IS NOT NULL")
requests=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.txt"); non2xx=${non2xx:-0}
sed -n '/Latency/,/Transfer/p' "$tmp/wrk.txt"
echo "requests answered     $requests (non-2xx: $non2xx)"
echo "scans added           $((after - before)) (rows with a scan id: $distinct distinct)"
echo "scans lost            $((requests - non2xx - (after - before)))"
echo "server log lines      $(wc -l <"$tmp/srv.log") (ERROR: $(grep -c ERROR "$tmp/srv.log" || true))"
grep -v "^$" "$tmp/srv.log" | cut -c1-220 | head -20
