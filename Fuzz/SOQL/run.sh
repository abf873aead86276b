#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the SOQL lexer and parser.
#   bash Fuzz/SOQL/run.sh                 # 1,000,000 inputs
#   bash Fuzz/SOQL/run.sh -runs=100000    # any libFuzzer flags
source "$(dirname "$0")/../build.sh" soql
src="$root/Fakes/FakeCRM/Salesforce/SOQL"
fuzz_build SOQLFuzz fuzz-soql "$src"/SOQLLexer.swift "$src"/SOQLParser.swift "$src"/SOQLQuery.swift "$src"/SOQLToken.swift \
  "$src"/SOQLError.swift "$here/FuzzSOQL.swift"
fuzz_run fuzz-soql -max_len=2048 -- "$@"
