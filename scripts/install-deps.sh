#!/usr/bin/env bash
# Installs the Debian packages ocopstamp's tests use, when missing:
# poppler-utils (pdftoppm, pdftotext: print scan-back tests), zbar-tools
# (zbarimg), chromium (consumer page browser test), nodejs (independent check
# of the code test vectors), redis-server and redis-cli (tests start a private
# Redis Cluster), postgresql clients and server binaries (a test stops and
# restarts a PostgreSQL of its own), wrk and haproxy (scripts/load.sh,
# scripts/drill.sh and scripts/cluster.sh: load runs and the replica drill).
set -euo pipefail
need=()
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v redis-server >/dev/null || need+=(redis-server)
command -v psql >/dev/null || need+=(postgresql-client)
command -v redis-cli >/dev/null || need+=(redis-tools)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v wrk >/dev/null || need+=(wrk)
command -v haproxy >/dev/null || need+=(haproxy)
command -v python3 >/dev/null || need+=(python3)   # scripts/cluster.sh, diskfull.sh
command -v curl >/dev/null || need+=(curl)         # scripts/cluster.sh, diskfull.sh
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
go version
echo "tools present: pdftoppm zbarimg chromium node redis-server redis-cli psql initdb wrk haproxy python3 curl"
