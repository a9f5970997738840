#!/usr/bin/env bash
# Prints what a first visit to the inspector app (/kiem-tra/) transfers and
# how long it takes under Chromium's "Slow 3G" emulation (2 s round trips,
# 400 kbit/s): until the app is usable, and until the service worker has
# cached everything for offline use. Needs /usr/bin/chromium.
#
#   bash scripts/inspector-first-visit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OCOPSTAMP_SLOW3G=1 go test -count=1 -v -run '^TestFirstVisit$' ./server/inspector/ | grep -E 'first visit|own files|Slow 3G|PASS|FAIL'
