#!/usr/bin/env bash
# The one list of Debian (bookworm) packages sluice needs to build, test and run.
# Installs only what is missing, so it is cheap to call before every build or test.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config
  # libraries (cmake/dependencies.cmake finds these)
  libcaf-dev librocksdb-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libtomlplusplus-dev libargon2-dev libcli11-dev librdkafka-dev
  libgtest-dev
  # the real clients the end-to-end tests drive, and what they rely on
  curl kcat python3-requests python3-socks procps ca-certificates git openssl
)

missing=()
for p in "${packages[@]}"; do
  # A removed package may still be known to dpkg ("deinstall ok config-files"): only this counts.
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "packages.sh: missing packages: ${missing[*]}" >&2
  echo "packages.sh: not root and no sudo; install them as root (e.g. run this script as root)" >&2
  exit 1
fi

echo "packages.sh: installing: ${missing[*]}"
# env rather than an export: sudo drops the caller's environment.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
