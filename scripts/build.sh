#!/usr/bin/env bash
# Configures and builds one flavour of sluice with Ninja:
#   release -> build/release (the binary scripts/run.sh starts)
#   asan    -> build/asan    (ASan+UBSan, what scripts/test.sh runs)
# SLUICE_JOBS sets the parallelism (default 2: the machines have 2 cores, and more would swap).
# ccache is used when installed: the top-level CMakeLists.txt sets it as the compiler launcher.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-}"
case "$mode" in
  release) build_type=Release        sanitize=OFF ;;
  asan)    build_type=RelWithDebInfo sanitize=ON ;;
  *) echo "usage: scripts/build.sh <release|asan>" >&2; exit 2 ;;
esac
jobs="${SLUICE_JOBS:-2}"
if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then
  echo "build.sh: SLUICE_JOBS must be a positive integer, got '$jobs'" >&2
  exit 2
fi

dir="$root/build/$mode"
# Configure every time: it is quick when nothing changed, and it picks up new options.
cmake -S "$root" -B "$dir" -G Ninja \
  -DCMAKE_BUILD_TYPE="$build_type" -DSLUICE_SANITIZE="$sanitize"
cmake --build "$dir" -j "$jobs"
