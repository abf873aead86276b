#!/usr/bin/env bash
# Salesforce fake benchmarks (release build), each with its peer in the same run:
#  - GET-by-id requests/s through the whole fake (auth, routing, store, JSON)
#    against the raw HTTP server serving a fixed 1 KB body, wrk -t2 -c32 over HTTP;
#  - SOQL over 100k Accounts: indexed equality vs unindexed LIKE (p50);
#  - paging through 100k Accounts with nextRecordsUrl (target < 2 s);
#  - a Bulk API 2.0 query job over the same 100k Accounts (rows/s) beside REST paging;
#  - seeding 1M records (target < 10 s, < 2 GiB resident).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-10}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "missing wrk (apt-get install wrk)" >&2; exit 2; }

swift build -c release --scratch-path "$root/.build-bench" --product sv-bench-crm >&2
swift build -c release --scratch-path "$root/.build-bench" --product sv-bench-server >&2
bin="$(swift build -c release --scratch-path "$root/.build-bench" --show-bin-path)"

"$bin/sv-bench-server" > "$work/raw.json" & pids+=($!)
"$bin/sv-bench-crm" serve > "$work/crm.json" & pids+=($!)
for _ in $(seq 100); do [ -s "$work/raw.json" ] && [ -s "$work/crm.json" ] && break; sleep 0.1; done
raw_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/raw.json")
read -r crm_port token id < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["port"], d["token"], d["id"])' "$work/crm.json")

rps() { wrk -t2 -c32 -d"${duration}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
raw=$(rps "http://127.0.0.1:$raw_port/")
crm=$(rps -H "Authorization: Bearer $token" "http://127.0.0.1:$crm_port/services/data/v59.0/sobjects/Account/$id")
python3 -c "import sys; r, c = float(sys.argv[1]), float(sys.argv[2]); print(f'GET-by-id: {c:.0f} req/s vs raw server {r:.0f} req/s = {c/r:.2f}x')" "$raw" "$crm"
kill "${pids[@]}" 2>/dev/null || true
"$bin/sv-bench-crm" soql
"$bin/sv-bench-crm" paging
"$bin/sv-bench-crm" bulk
"$bin/sv-bench-crm" seed 1000000
