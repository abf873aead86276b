#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the HTTP request decoder.
#   bash Fuzz/HTTP/run.sh                 # 1,000,000 inputs
#   bash Fuzz/HTTP/run.sh -runs=100000    # any libFuzzer flags
source "$(dirname "$0")/../build.sh" http
src="$root/Sources/HTTP"
fuzz_build HTTPFuzz fuzz-http-decoder "$src"/Decoding/*.swift "$src"/Messages/*.swift "$src"/Handling/HTTPHandler.swift \
  "$src"/Handling/HTTPResponseError.swift "$src"/Server/ConnectionRegistry.swift "$src"/Server/DeliveryPlan.swift "$here/FuzzDecoder.swift"
fuzz_run fuzz-http-decoder -max_len=4096 -- "$@"
