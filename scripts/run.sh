#!/usr/bin/env bash
# Installs what is missing, builds the release binary and starts `sluice serve` in the foreground.
# Usage: scripts/run.sh [sluice serve args...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/packages.sh"
"$root/scripts/build.sh" release

# The built-in default data_dir is "./data": running from the repo root puts it in <repo>/data
# (git-ignored) whatever the caller's cwd. --config, SLUICE_DATA_DIR etc. still win; relative
# paths in the arguments are therefore relative to the repo root.
cd "$root"
exec "$root/build/release/apps/sluice" serve "$@"
