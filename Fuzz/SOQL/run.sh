#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the SOQL lexer and parser.
#   bash Fuzz/SOQL/run.sh                 # 1,000,000 inputs
#   bash Fuzz/SOQL/run.sh -runs=100000    # any libFuzzer flags
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="${FUZZ_OUT:-$root/.build-fuzz/soql}"
mkdir -p "$out/corpus"
src="$root/Fakes/FakeCRM/Salesforce/SOQL"
swiftc -sanitize=fuzzer,address -parse-as-library -O -package-name sync_verifier -module-name SOQLFuzz \
  "$src"/SOQLLexer.swift "$src"/SOQLParser.swift "$src"/SOQLQuery.swift "$src"/SOQLToken.swift "$src"/SOQLError.swift \
  "$here/FuzzSOQL.swift" -o "$out/fuzz-soql"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-runs=1000000)
cd "$out"
./fuzz-soql "${args[@]}" -max_len=2048 -print_final_stats=1 corpus "$here/corpus"
