#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the bulk APIs' CSV reader and writer.
#   bash Fuzz/CSV/run.sh                 # 1,000,000 inputs
#   bash Fuzz/CSV/run.sh -runs=100000    # any libFuzzer flags
source "$(dirname "$0")/../build.sh" csv
src="$root/Fakes/FakeKit/CSV"
fuzz_build CSVFuzz fuzz-csv "$src"/CSVDialect.swift "$src"/CSVError.swift "$src"/CSVReader.swift "$src"/CSVWriter.swift "$here/FuzzCSV.swift"
fuzz_run fuzz-csv -max_len=4096 -- "$@"
