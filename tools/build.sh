#!/usr/bin/env bash
# Configures and builds ringdb into a build directory.
#   tools/build.sh [build-dir] [extra cmake args...]
# RINGDB_TARGETS (space-separated) limits the build to those targets.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
cmake -S "$top" -B "$dir" -G Ninja "$@" >/dev/null
ninja -C "$dir" -j "$(nproc)" ${RINGDB_TARGETS:-}
