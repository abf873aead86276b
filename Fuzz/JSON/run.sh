#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the strict JSON parser.
#   bash Fuzz/JSON/run.sh                 # 1,000,000 inputs
#   bash Fuzz/JSON/run.sh -runs=100000    # any libFuzzer flags
# Then `bash Fuzz/JSON/differential.sh` compares the grown corpus with Python's json.
source "$(dirname "$0")/../build.sh" json
values="$root/Fakes/FakeKit/Values"
fuzz_build JSONFuzz fuzz-json "$values"/JSONParser.swift "$values"/JSONValue.swift "$here"/CanonicalJSON.swift "$here"/FuzzJSON.swift
fuzz_run fuzz-json -max_len=4096 -dict="$here/json.dict" -- "$@"
