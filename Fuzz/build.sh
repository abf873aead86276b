# Sourced by each target's run.sh: where things are and how a target is built.
# SwiftPM cannot link a -sanitize=fuzzer executable (libFuzzer brings its own
# main), so each target is one swiftc module over its parser's own source
# files plus an entry file.
#   source "$(dirname "$0")/../build.sh" NAME   # sets here, root, out
#   fuzz_build MODULE BINARY SOURCE...        # builds "$out/BINARY"
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="${FUZZ_OUT:-$root/.build-fuzz/$1}"
mkdir -p "$out/corpus"

# Sources of several SwiftPM modules compiled as one: the imports between them
# name modules that do not exist here, so copies without those lines are built.
fuzz_build() {
  local module=$1 binary=$2
  shift 2
  local staged="$out/sources"
  rm -rf "$staged"
  mkdir -p "$staged"
  local file index=0
  for file in "$@"; do
    index=$((index + 1))
    sed -E '/^import (HTTP|FakeKit|FakeCRM|FakePRM|SyncVerifier)$/d' "$file" > "$staged/$index-$(basename "$file")"
  done
  swiftc ${FUZZ_SANITIZE:--sanitize=fuzzer,address} -parse-as-library -O -package-name sync_verifier -module-name "$module" \
    "$staged"/*.swift -o "$out/$binary"
}

# A target whose parser reaches across the package: the package's library
# modules are built by SwiftPM, instrumented (`--sanitize=fuzzer`, which works
# for library targets), into one shared scratch folder, and only the entry
# file is compiled and linked by swiftc against their objects.
#   fuzz_link_package MODULE BINARY ENTRY
fuzz_link_package() {
  local module=$1 binary=$2 entry=$3
  local spm=(swift build --package-path "$root" --scratch-path "$root/.build-fuzz/spm" --sanitize=fuzzer --sanitize=address)
  "${spm[@]}" --target SyncVerifier
  local bin objects=() name
  bin=$("${spm[@]}" --show-bin-path)
  # SyncVerifier and every module it depends on, read from the package, so a new module is linked too.
  while read -r name; do objects+=("$bin/$name.build"/*.o); done < <(
    swift package --package-path "$root" --scratch-path "$root/.build-fuzz/spm" describe --type json | python3 -c '
import json, sys
targets = {t["name"]: t for t in json.load(sys.stdin)["targets"]}
order = []
def walk(name):
    if name not in order:
        for dependency in targets[name].get("target_dependencies", []): walk(dependency)
        order.append(name)
walk("SyncVerifier")
print("\n".join(order))')
  swiftc -sanitize=fuzzer,address -parse-as-library -I "$bin/Modules" -Xcc -fmodule-map-file="$bin/CProcessSupport.build/module.modulemap" \
    -module-name "$module" "$entry" "${objects[@]}" -o "$out/$binary"
}

# Runs a built target over its growing corpus and the committed seeds;
# 1,000,000 inputs unless libFuzzer flags are given.
fuzz_run() {
  local binary=$1
  shift
  local flags=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local args=("$@")
  [ ${#args[@]} -gt 0 ] || args=(-runs=1000000)
  cd "$out"
  "./$binary" "${args[@]}" "${flags[@]}" -print_final_stats=1 corpus "$here/corpus"
}
