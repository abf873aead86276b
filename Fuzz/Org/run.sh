#!/usr/bin/env bash
# Builds and runs the libFuzzer target for org files.
#   bash Fuzz/Org/run.sh                 # 1,000,000 inputs
#   bash Fuzz/Org/run.sh -runs=100000    # any libFuzzer flags
source "$(dirname "$0")/../build.sh" org
kit="$root/Fakes/FakeKit"
fuzz_build OrgFuzz fuzz-org "$root"/Fakes/FakeCRM/Org/*.swift "$root"/Fakes/FakeCRM/Salesforce/Describe/*.swift \
  $(find "$kit/Values" "$kit/Schema" "$kit/Store" "$kit/Journal" -name '*.swift' | sort) "$here/FuzzOrg.swift"
fuzz_run fuzz-org -max_len=8192 -dict="$here/org.dict" -- "$@"
