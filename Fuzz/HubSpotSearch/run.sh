#!/usr/bin/env bash
# Builds and runs the libFuzzer target for HubSpot search bodies, through the HubSpot fake's API.
#   bash Fuzz/HubSpotSearch/run.sh                 # 1,000,000 inputs
#   bash Fuzz/HubSpotSearch/run.sh -runs=100000    # any libFuzzer flags
# Its modules are built by SwiftPM, instrumented, as the scenario target's are (see Fuzz/README.md).
source "$(dirname "$0")/../build.sh" hubspot-search
fuzz_link_package HubSpotSearchFuzz fuzz-hubspot-search "$here/FuzzHubSpotSearch.swift"
fuzz_run fuzz-hubspot-search -max_len=4096 -dict="$here/search.dict" -- "$@"
