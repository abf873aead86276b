#!/usr/bin/env bash
# Builds and runs every fuzz target in turn, then the JSON differential over
# the corpus the JSON target grew.
#   bash Fuzz/run-all.sh 600            # each target for 600 seconds
#   bash Fuzz/run-all.sh --runs 20000   # each target for 20,000 inputs or 60 seconds,
#                                       # whichever comes first (the CI smoke; FUZZ_SMOKE_SECONDS)
# Exits non-zero when any target finds a crash, a leak or a broken oracle, or
# does not build; the others still run, so one report names every failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  --runs) [ -n "${2:-}" ] || { echo "usage: run-all.sh SECONDS | --runs N" >&2; exit 2; }; budget=(-runs="$2" -max_total_time="${FUZZ_SMOKE_SECONDS:-60}") ;;
  '' | *[!0-9]*) echo "usage: run-all.sh SECONDS | --runs N" >&2; exit 2 ;;
  *) budget=(-max_total_time="$1") ;;
esac
failed=()
for script in "$here"/*/run.sh; do
  target=$(basename "$(dirname "$script")")
  echo "== $target: ${budget[*]}"
  started=$SECONDS
  if bash "$script" "${budget[@]}" > "/tmp/fuzz-$target-$$.log" 2>&1; then
    grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb))' "/tmp/fuzz-$target-$$.log"
    echo "   $target: clean in $((SECONDS - started)) s"
  else
    grep -vE 'ld.gold: warning|^#[0-9]+' "/tmp/fuzz-$target-$$.log" | tail -40
    echo "   $target: FAILED (log /tmp/fuzz-$target-$$.log)"
    failed+=("$target")
  fi
done
if [ -x "$here/JSON/differential.sh" ] || [ -f "$here/JSON/differential.sh" ]; then
  echo "== JSON differential against Python's json"
  bash "$here/JSON/differential.sh" 2>&1 | grep -v 'ld.gold: warning' || failed+=(JSON-differential)
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}"
  exit 1
fi
echo "fuzz: every target clean"
