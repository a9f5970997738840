# Shell helpers shared by scripts/cluster.sh and scripts/diskfull.sh; source
# it after setting NAME (the script's name, for messages), tmp (the work
# folder) and TIMEOUT (seconds), and after defining cleanup.

# guard: runs cleanup on exit and on INT/TERM, and sends TERM to the script
# after TIMEOUT seconds (the watchdog's pid is in watchdog).
guard() {
  trap cleanup EXIT
  trap 'echo "$NAME: interrupted"; exit 1' INT TERM
  ( sleep "$TIMEOUT"; echo "$NAME: timed out after ${TIMEOUT}s" >&2; kill -TERM $$ ) 2>/dev/null &
  watchdog=$!
}

# finish: removes tmp unless KEEP is set.
finish() {
  if [ -n "${KEEP:-}" ]; then echo "$NAME: files kept in $tmp"; else rm -rf "$tmp"; fi
}

fail=0
# check DESCRIPTION COMMAND...: prints ok or FAIL; a failure sets fail=1.
check() {
  local what=$1; shift
  if "$@"; then echo "  ok    $what"; else echo "  FAIL  $what"; fail=1; fi
}

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# rotate_lua FILE: writes a wrk script that asks GET /api/v1/stamps/<code>
# (JSON) for every code of $WRK_CODES in turn and ends with the line
# "RESULT requests non-2xx socket-errors req/s p99-ms".
rotate_lua() {
  cat >"$1" <<'LUA'
local codes = {}
for line in io.lines(os.getenv("WRK_CODES")) do
  if #line > 0 then codes[#codes + 1] = line end
end
local headers = { ["Accept"] = "application/json" }
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local i = 0
function init(args) i = (tid or 1) * 4099 end
function request()
  i = i + 1
  return wrk.format("GET", "/api/v1/stamps/" .. codes[(i % #codes) + 1], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.0f %.2f\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
LUA
}
