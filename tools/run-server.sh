#!/usr/bin/env bash
# Installs what ringdb needs, builds it and runs ringdb-server in the foreground with
# its embedded default configuration (port 6379 on 127.0.0.1 and ::1). Extra
# arguments go to the server, e.g. tools/run-server.sh --port 6380.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/tools/install-deps.sh"
bash "$top/tools/build.sh" "$top/build" -DRINGDB_BENCH=OFF
exec "$top/build/ringdb-server" "$@"
