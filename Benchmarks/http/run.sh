#!/usr/bin/env bash
# HTTP server benchmark: a fixed 1 KB JSON body served by our server (HTTP and
# HTTPS), by Python's ThreadingHTTPServer and by nginx, each measured with
#   wrk -t2 -c32 -d${DURATION:-10}s --latency
# in the same run, on loopback, ${ROUNDS:-3} rounds in rotating order. Prints
# the median requests/s and p99 latency of each, and the ratios.
# Needs: wrk, nginx (apt-get install wrk nginx-light), python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${DURATION:-10}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk nginx-light)" >&2; exit 2; }
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "building release server…" >&2
swift build -c release --scratch-path "$root/.build-bench" --product sv-bench-server >&2
bin="$(swift build -c release --scratch-path "$root/.build-bench" --show-bin-path)/sv-bench-server"

"$bin" --write-body "$work/body.json" > "$work/ports.json" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/ports.json" ] && break; sleep 0.1; done
http_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/ports.json")
https_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["https"])' "$work/ports.json")

nginx_port=$(free_port)
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
cp "$work/body.json" "$work/nginx/www/body.json"
# Run as root, nginx's workers drop to an unprivileged user: they must be able
# to read the file (mktemp -d makes a 0700 directory). Without this they answer 403.
chmod a+rx "$work" "$work/nginx" "$work/nginx/www"
chmod a+r "$work/nginx/www/body.json"
sed -e "s|@WORK@|$work/nginx|g" -e "s|@PORT@|$nginx_port|g" "$here/nginx.conf.template" > "$work/nginx/nginx.conf"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>"$work/nginx/stderr" &
pids+=($!)

python_port=$(free_port)
python3 "$here/python_server.py" "$python_port" "$work/body.json" 2>/dev/null &
pids+=($!)
sleep 1
# Every server must answer with the very same bytes, or the comparison means nothing.
for url in "http://127.0.0.1:$http_port/" "http://127.0.0.1:$python_port/" "http://127.0.0.1:$nginx_port/body.json"; do
  curl -sS --retry 5 --retry-connrefused --retry-delay 1 "$url" | cmp -s - "$work/body.json" || { echo "$url does not serve the benchmark body" >&2; exit 1; }
done
curl -sS --cacert "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ca"])' "$work/ports.json")" "https://127.0.0.1:$https_port/" \
  | cmp -s - "$work/body.json" || { echo "HTTPS does not serve the benchmark body" >&2; exit 1; }

measure() { # name url → "rps p99ms"
  local out
  out=$(wrk -t2 -c32 -d"${duration}s" --latency "$2")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  python3 - "$1" "$rps" "$p99" <<'PY'
import sys
name, rps, p99 = sys.argv[1], float(sys.argv[2]), sys.argv[3]
if p99.endswith("us"): ms = float(p99[:-2]) / 1000
elif p99.endswith("ms"): ms = float(p99[:-2])
elif p99.endswith("s"): ms = float(p99[:-1]) * 1000
else: ms = float("nan")
print(f"{name} {rps:.0f} {ms:.2f}")
PY
}

# The machine is shared: background load that comes and goes would favour
# whichever server happened to run in a quiet moment. So each server is
# measured in every round, the order rotating, and the median is reported.
rounds=${ROUNDS:-3}
targets=("ours-http http://127.0.0.1:$http_port/" "ours-https https://127.0.0.1:$https_port/"
  "python http://127.0.0.1:$python_port/" "nginx http://127.0.0.1:$nginx_port/body.json")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$work/results.txt"
for round in $(seq 0 $((rounds - 1))); do
  for i in 0 1 2 3; do
    read -r name url <<< "${targets[$(( (i + round) % 4 ))]}"
    echo "round $((round + 1))/$rounds: $name" >&2
    measure "$name" "$url" >> "$results"
  done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "wrk -t2 -c32 -d${duration}s --latency, 1 KB JSON body, median of $rounds rounds; load average before: $load_before, after: $load_after"
python3 - "$results" <<'PY'
import sys, statistics
samples = {}
for line in open(sys.argv[1]):
    name, rps, p99 = line.split()
    samples.setdefault(name, []).append((float(rps), float(p99)))
rows = {name: (statistics.median(r for r, _ in s), statistics.median(p for _, p in s)) for name, s in samples.items()}
print(f"{'server':<12} {'req/s':>10} {'p99 ms':>8}   all rounds (req/s)")
for name in ["ours-http", "ours-https", "python", "nginx"]:
    rps, p99 = rows[name]
    print(f"{name:<12} {rps:>10.0f} {p99:>8.2f}   {', '.join(f'{r:.0f}' for r, _ in samples[name])}")
h, s, p, n = rows["ours-http"][0], rows["ours-https"][0], rows["python"][0], rows["nginx"][0]
print()
print(f"ours HTTP / python   = {h/p:6.2f}x  (target >= 10)")
print(f"ours HTTP / nginx    = {h/n:6.2f}x  (target >= 0.8)")
print(f"ours HTTPS / ours HTTP = {s/h:6.2f}x  (target >= 0.5)")
PY
