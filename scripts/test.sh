#!/usr/bin/env bash
# Installs what is missing, builds with ASan+UBSan (and the release flavour scripts/run.sh starts)
# and runs every CTest test (unit, e2e, layering, tidy). Extra arguments go to ctest (e.g.
# -R layering). Exit status is ctest's.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/packages.sh"
"$root/scripts/build.sh" asan
# The release flavour too, exactly as scripts/run.sh builds it: a warning only -O3 reports (and
# -Werror turns into an error) once broke the run command while every test passed.
"$root/scripts/build.sh" release

# Leaks fail the test, and abort (rather than exit) so a crash is unmistakable in the log;
# UBSan stops at the first finding instead of printing and carrying on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# --timeout bounds a hung test (CI has 90 minutes in all); --no-tests=error keeps an empty or
# mis-configured test set from passing silently.
rc=0
ctest --test-dir "$root/build/asan" --output-on-failure --no-tests=error \
  -j2 --timeout 600 "$@" || rc=$?

echo
if [[ $rc -eq 0 ]]; then
  echo "test.sh: PASSED (build/asan, ASan+UBSan)"
else
  echo "test.sh: FAILED (ctest exit $rc); full log: build/asan/Testing/Temporary/LastTest.log" >&2
fi
exit "$rc"
