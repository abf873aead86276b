#!/usr/bin/env bash
# Builds and runs the libFuzzer target for scenario files.
#   bash Fuzz/Scenario/run.sh                 # 1,000,000 inputs
#   bash Fuzz/Scenario/run.sh -runs=100000    # any libFuzzer flags
# The loader reaches most of the package (orgs, programs, both schemas, the
# checklist), too much to list file by file: SwiftPM builds those modules
# instrumented (`--sanitize=fuzzer`, which it can do for libraries) in a
# scratch path of its own, and only the entry file is linked here.
source "$(dirname "$0")/../build.sh" scenario
fuzz_link_package ScenarioFuzz fuzz-scenario "$here/FuzzScenario.swift"
fuzz_run fuzz-scenario -max_len=8192 -dict="$here/scenario.dict" -- "$@"
