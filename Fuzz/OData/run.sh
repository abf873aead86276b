#!/usr/bin/env bash
# Builds and runs the libFuzzer target for Dataverse's $filter lexer and parser.
#   bash Fuzz/OData/run.sh                 # 1,000,000 inputs
#   bash Fuzz/OData/run.sh -runs=100000    # any libFuzzer flags
source "$(dirname "$0")/../build.sh" odata
src="$root/Fakes/FakeCRM/Dynamics/Query"
values="$root/Fakes/FakeKit/Values"
fuzz_build ODataFuzz fuzz-odata "$src"/ODataFilter.swift "$src"/ODataFilterParser.swift "$src"/ODataLexer.swift \
  "$values"/JSONValue.swift "$values"/JSONParser.swift "$root/Fakes/FakeKit/Store/DateFormats.swift" "$here/FuzzODataFilter.swift"
fuzz_run fuzz-odata -max_len=4096 -dict="$here/odata.dict" -- "$@"
