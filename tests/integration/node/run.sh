#!/bin/sh
# ctest entry for integration.node_resp3: installs node-redis from package-lock.json
# into ./node_modules (git-ignored) and runs the RESP3 client check. Exits 77 (skip)
# when node/npm are missing or the registry cannot be reached.
cd "$(dirname "$0")" || exit 1
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node/npm not installed"
  exit 77
fi
if [ ! -f node_modules/redis/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! timeout 90 npm ci --no-audit --no-fund --loglevel=error; then
    echo "SKIP: npm ci failed (registry unreachable?)"
    exit 77
  fi
fi
exec /usr/bin/python3 run_node.py
