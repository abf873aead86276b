#!/usr/bin/env bash
# Builds and runs the libFuzzer target for scenario files.
#   bash Fuzz/Scenario/run.sh                 # 1,000,000 inputs
#   bash Fuzz/Scenario/run.sh -runs=100000    # any libFuzzer flags
# The loader reaches most of the package (orgs, programs, both schemas, the
# checklist), too much to list file by file: SwiftPM builds those modules
# instrumented (`--sanitize=fuzzer`, which it can do for libraries) in a
# scratch path of its own, and only the entry file is linked here.
source "$(dirname "$0")/../build.sh" scenario
spm=(swift build --package-path "$root" --scratch-path "$root/.build-fuzz/spm" --sanitize=fuzzer --sanitize=address)
"${spm[@]}" --target SyncVerifier
bin=$("${spm[@]}" --show-bin-path)
objects=()
for module in HTTP FakeKit FakeCRM FakePRM CProcessSupport SyncVerifier; do objects+=("$bin/$module.build"/*.o); done
# SyncVerifier imports the C module CProcessSupport: its module map is SwiftPM's.
swiftc -sanitize=fuzzer,address -parse-as-library -I "$bin/Modules" -Xcc -fmodule-map-file="$bin/CProcessSupport.build/module.modulemap" \
  -module-name ScenarioFuzz "$here/FuzzScenario.swift" "${objects[@]}" -o "$out/fuzz-scenario"
fuzz_run fuzz-scenario -max_len=8192 -dict="$here/scenario.dict" -- "$@"
