#!/usr/bin/env bash
# Determinism of the whole library (issue 20):
#   1. the library N times with one seed: how many item verdicts differ
#      between runs (the goal is none);
#   2. the library N times with N different seeds against mirror, the
#      complete connector: whether every item passes every time.
#
#   bash Benchmarks/determinism.sh                    # 20 and 20, connector mirror, seed 1
#   bash Benchmarks/determinism.sh --same 3 --seeds 3 # fewer repetitions
#   bash Benchmarks/determinism.sh --connector fieldmap --seeds 0
# Options: --same N, --seeds N, --seed S (part 1's seed), --connector NAME|MANIFEST
# (part 1's connector; part 2 is always mirror), --binary PATH (default: the
# debug build's sync-verifier), --out DIR (runs kept there; default a temporary folder).
# A full library run takes minutes on a shared 2-core machine: on one shared
# with others, run this under `flock /tmp/sv-heavy.lock nice`.
# Prints one line per run and a summary; exits 1 when a goal is missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
same=20 seeds=20 seed=1 connector=mirror binary="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --same) same=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --connector) connector=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "determinism.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$binary" ] || binary="$(swift build --package-path "$root" --show-bin-path)/sync-verifier"
[ -x "$binary" ] || { echo "determinism.sh: no sync-verifier at $binary (swift build first, or --binary)" >&2; exit 2; }
[ -n "$out" ] || out=$(mktemp -d /tmp/sv-determinism.XXXXXX)
mkdir -p "$out"

# One library run; its report.json ends up in $out/NAME/. `run` exits non-zero
# when the gate fails (fieldmap, say), which is a verdict, not an error.
run_library() {
  local name=$1 run_seed=$2 run_connector=$3
  local started=$SECONDS status=0
  (cd "$root" && "$binary" run Scenarios --connector "$run_connector" --seed "$run_seed" --out "$out/$name" --force > "$out/$name.log" 2>&1) || status=$?
  if [ ! -f "$out/$name/report.json" ]; then
    echo "$name: no report.json (exit $status); see $out/$name.log" >&2
    exit 1
  fi
  echo "$name: seed $run_seed, $run_connector, exit $status, $((SECONDS - started)) s"
}

for i in $(seq 1 "$same"); do run_library "same-$i" "$seed" "$connector"; done
for i in $(seq 1 "$seeds"); do run_library "seed-$i" "$((1000 + i))" mirror; done

python3 - "$out" "$same" "$seeds" <<'PY'
import json, sys
out, same, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def verdicts(name):
    report = json.load(open(f"{out}/{name}/report.json"))
    return {item["id"]: item["status"] for item in report["items"]}
missed = False
if same:
    runs = [verdicts(f"same-{i}") for i in range(1, same + 1)]
    items = sorted(set().union(*runs))
    differing = [item for item in items if len({run.get(item, "absent") for run in runs}) > 1]
    print(f"same seed: {same} runs; {len(differing)} of {len(items)} items had differing verdicts between runs")
    for item in differing:
        print(f"  {item}: " + " ".join(run.get(item, "absent") for run in runs))
    missed |= bool(differing)
if seeds:
    failures = []
    for i in range(1, seeds + 1):
        run = verdicts(f"seed-{i}")
        failures += [f"seed {1000 + i}: {item} {status}" for item, status in sorted(run.items()) if status != "pass"]
    print(f"mirror over {seeds} seeds: {'every item passed every time' if not failures else f'{len(failures)} item verdicts not pass'}")
    for failure in failures:
        print(f"  {failure}")
    missed |= bool(failures)
print(f"runs kept in {out}")
sys.exit(1 if missed else 0)
PY
