#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the intercepting proxy's request-head parser.
#   bash Fuzz/Proxy/run.sh                 # 1,000,000 inputs
#   bash Fuzz/Proxy/run.sh -runs=100000    # any libFuzzer flags
source "$(dirname "$0")/../build.sh" proxy
src="$root/Sources/HTTP/Proxy"
fuzz_build ProxyFuzz fuzz-proxy "$src"/ProxyRequestHead.swift "$src"/ProxyDestination.swift "$here/FuzzProxyHead.swift"
fuzz_run fuzz-proxy -max_len=20000 -dict="$here/proxy.dict" -- "$@"
