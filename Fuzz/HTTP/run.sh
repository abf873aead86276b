#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the HTTP request decoder.
#   bash Fuzz/HTTP/run.sh                 # 1,000,000 inputs
#   bash Fuzz/HTTP/run.sh -runs=100000    # any libFuzzer flags
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="${FUZZ_OUT:-$root/.build-fuzz/http}"
mkdir -p "$out/corpus"
cp -n "$here"/corpus/* "$out/corpus/" 2>/dev/null || true
src="$root/Sources/HTTP"
swiftc -sanitize=fuzzer,address -parse-as-library -O -package-name sync_verifier -module-name HTTPFuzz \
  "$src"/Decoding/*.swift "$src"/Messages/*.swift "$src"/Handling/HTTPHandler.swift "$src"/Handling/HTTPResponseError.swift \
  "$here/FuzzDecoder.swift" -o "$out/fuzz-http-decoder"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-runs=1000000)
cd "$out"
./fuzz-http-decoder "${args[@]}" -max_len=4096 -print_final_stats=1 corpus "$here/corpus"
