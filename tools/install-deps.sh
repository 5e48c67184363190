#!/usr/bin/env bash
# Installs everything ringdb needs to build, run and test on Debian bookworm.
# Idempotent: skips apt-get when every package is already present, so CI and
# repeated runs stay fast.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  liburing-dev libmimalloc-dev libxxhash-dev libtomlplusplus-dev libsystemd-dev liblzf-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  redis-server redis-tools python3-redis
  gnuplot-nox valgrind
)

# Node.js runs the RESP3 client test (node-redis); keep a preinstalled one.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The packaged redis-server starts itself as a service on install; tests start their
# own copies on free ports, so the system one is not needed.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  systemctl stop redis-server || true
fi
