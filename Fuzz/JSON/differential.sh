#!/usr/bin/env bash
# Compares the strict JSON parser with Python's json over a corpus: the
# committed seeds and whatever run.sh grew in .build-fuzz/json/corpus.
#   bash Fuzz/JSON/differential.sh            # those two folders
#   bash Fuzz/JSON/differential.sh DIR...     # other folders
source "$(dirname "$0")/../build.sh" json
values="$root/Fakes/FakeKit/Values"
FUZZ_SANITIZE=" " fuzz_build JSONVerdicts json-verdicts "$values"/JSONParser.swift "$values"/JSONValue.swift "$here"/CanonicalJSON.swift "$here"/JSONVerdicts.swift
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=("$here/corpus" "$out/corpus")
existing=()
for folder in "${folders[@]}"; do [ -d "$folder" ] && existing+=("$folder"); done
python3 "$here/differential.py" "$out/json-verdicts" "${existing[@]}"
