#!/usr/bin/env bash
# Installs what ringdb needs, builds it and runs the whole test suite through ctest:
# unit tests, integration suites over real sockets, and the differential suite
# against Debian's redis-server 7.0.
#   tools/test.sh                    plain Release build in build/
#   tools/test.sh --sanitize address ASan+UBSan build in build-asan/
#   tools/test.sh --sanitize thread  TSan build in build-tsan/ (unit + concurrency)
#   tools/test.sh --fuzz SECONDS     libFuzzer runs of the client-facing parsers (clang)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mode=plain
arg=""
case "${1:-}" in
  --sanitize) mode=sanitize; arg=${2:?address or thread} ;;
  --fuzz) mode=fuzz; arg=${2:-60} ;;
  "") ;;
  *) echo "usage: $0 [--sanitize address|thread] [--fuzz SECONDS]" >&2; exit 2 ;;
esac

bash "$top/tools/install-deps.sh"
jobs=$(nproc)

case $mode in
  plain)
    bash "$top/tools/build.sh" "$top/build" -DCMAKE_BUILD_TYPE=Release
    ctest --test-dir "$top/build" --output-on-failure -j "$jobs" --timeout 300
    ;;
  sanitize)
    dir="$top/build-${arg/address/asan}"
    dir="${dir/thread/tsan}"
    bash "$top/tools/build.sh" "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DRINGDB_SANITIZE="$arg" -DRINGDB_BENCH=OFF
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    if [ "$arg" = thread ]; then
      # TSan slows everything ~10x: run the unit tests and the concurrency suite.
      ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600 \
        -L 'unit|concurrency'
    else
      ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600 \
        -L 'unit|integration'
    fi
    ;;
  fuzz)
    dir="$top/build-fuzz"
    CC=clang CXX=clang++ RINGDB_TARGETS="resp_parser_fuzz dump_payload_fuzz listpack_fuzz" \
      bash "$top/tools/build.sh" "$dir" -DRINGDB_FUZZ=ON -DRINGDB_BENCH=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo
    # SECONDS for the RESP parser, a quarter of it each for RESTORE's payload reader
    # and the listpack validator under it.
    quarter=$(( (arg + 3) / 4 ))
    for target in resp_parser:"$arg" dump_payload:$quarter listpack:$quarter; do
      name=${target%%:*}
      corpus=$(mktemp -d)
      cp -r "$top/tests/fuzz/corpus/${name%%_*}/." "$corpus/" 2>/dev/null || true
      "$dir/tests/fuzz/${name}_fuzz" -max_total_time="${target##*:}" -rss_limit_mb=2048 "$corpus"
      rm -rf "$corpus"
    done
    ;;
esac
