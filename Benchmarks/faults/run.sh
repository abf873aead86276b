#!/usr/bin/env bash
# Fault layer benchmarks (release build), each against its peer in the same run:
#  - overhead in process: GET-by-id through the API alone and through the fault
#    layer with no fault, alternating batches on one thread (CPU cost, no sockets);
#  - overhead: GET-by-id through the Salesforce fake's API alone and through
#    its fault layer with no fault active (request log included), wrk -t2 -c32,
#    ${ROUNDS:-3} rounds in rotating order, medians (target: < 5 % fewer req/s);
#  - latency: a 50 ms latency fault measured at the client, wrk -t1 -c4
#    (target: p50 within ±5 ms of 50 ms); the API alone gives the service time.
# Needs: wrk (apt-get install wrk), python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-10}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "missing wrk (apt-get install wrk)" >&2; exit 2; }

swift build -c release --scratch-path "$root/.build-bench" --product sv-bench-crm >&2
bin="$(swift build -c release --scratch-path "$root/.build-bench" --show-bin-path)"
"$bin/sv-bench-crm" layer
"$bin/sv-bench-crm" faults 50 > "$work/ports.json" & pids+=($!)
for _ in $(seq 200); do [ -s "$work/ports.json" ] && break; sleep 0.1; done
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/ports.json" "$1"; }
token=$(field token); id=$(field id); slow_token=$(field slowToken); slow_id=$(field slowId)
path="/services/data/v59.0/sobjects/Account/$id"

# Both must answer the very same bytes, or the comparison means nothing.
for port in $(field bare) $(field layered); do
  curl -sS -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" > "$work/body.$port"
done
cmp -s "$work/body.$(field bare)" "$work/body.$(field layered)" || { echo "the layered fake answers differently" >&2; exit 1; }

rps() {
  local out
  out=$(wrk -t2 -c32 -d"${duration}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$1$path")
  # Only 200s count: a refusal is a cheaper answer and would flatter whoever got it.
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from port $1" >&2; echo "$out" >&2; exit 1; fi
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}
# A first run is slower (page faults, allocator growth): warm both up before measuring.
for name in bare layered; do wrk -t2 -c32 -d3s -H "Authorization: Bearer $token" "http://127.0.0.1:$(field "$name")$path" > /dev/null; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$work/rps.txt"
for round in $(seq 0 $((rounds - 1))); do
  if [ $((round % 2)) -eq 0 ]; then order="bare layered"; else order="layered bare"; fi
  for name in $order; do
    echo "round $((round + 1))/$rounds: $name" >&2
    echo "$name $(rps "$(field "$name")")" >> "$work/rps.txt"
  done
done

p50() { # port token path → p50 in ms, from wrk's latency distribution at the client
  wrk -t1 -c4 -d"${duration}s" --latency -H "Authorization: Bearer $2" "http://127.0.0.1:$1$3" \
    | python3 -c '
import sys
for line in sys.stdin:
    parts = line.split()
    if len(parts) == 2 and parts[0] == "50%":
        v = parts[1]
        print(float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-2]) if v.endswith("ms") else float(v[:-1]) * 1000)
'
}
service=$(p50 "$(field bare)" "$token" "$path")
slow=$(p50 "$(field latency)" "$slow_token" "/services/data/v59.0/sobjects/Account/$slow_id")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/rps.txt" "$service" "$slow" <<'PY'
import statistics, sys
samples = {}
for line in open(sys.argv[1]):
    name, rps = line.split()
    samples.setdefault(name, []).append(float(rps))
bare, layered = statistics.median(samples["bare"]), statistics.median(samples["layered"])
# Each round measures both, back to back: the ratio within a round is less exposed to load that comes and goes.
paired = statistics.median(l / b for b, l in zip(samples["bare"], samples["layered"]))
print(f"GET-by-id, API alone:              {bare:8.0f} req/s  (rounds: {', '.join(f'{r:.0f}' for r in samples['bare'])})")
print(f"GET-by-id, fault layer, no fault:  {layered:8.0f} req/s  (rounds: {', '.join(f'{r:.0f}' for r in samples['layered'])})")
print(f"fault layer overhead: {100 * (1 - layered / bare):.1f} % fewer req/s by medians, {100 * (1 - paired):.1f} % by the median of paired rounds (target < 5 %)")
service, slow = float(sys.argv[2]), float(sys.argv[3])
print(f"50 ms latency fault at the client: p50 {slow:.2f} ms (service time alone p50 {service:.2f} ms); off by {slow - 50:+.2f} ms (target within ±5 ms)")
PY
