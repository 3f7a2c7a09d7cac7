#!/usr/bin/env bash
# Installs every Debian 12 package Steward needs to build, run and test. Idempotent: when all
# packages are present it only checks and returns in about a second.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libssl-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
  libhowardhinnant-date-dev tzdata libfmt-dev libspdlog-dev libtomlplusplus-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libhyperscan-dev libre2-dev libicu-dev libopencc-dev libopencc-data
  python3 sqlite3 openssl ca-certificates curl
  fortunes fortunes-zh  # ordinary text: the moderation rules' false-alarm check
  unicode-data          # scripts/gen_cjk_radicals.py's source, checked by a test
  clang-14 llvm-14 libfuzzer-14-dev
  libpq-dev postgresql  # the PostgreSQL backend, and its tests' throw-away clusters
)
# The console's browser tests: Chromium, and a CJK font so Chinese pages render in screenshots.
# STEWARD_NO_BROWSER=1 leaves them out (an image that only builds the binary).
[ "${STEWARD_NO_BROWSER:-0}" = 1 ] || packages+=(chromium fonts-wqy-microhei)
# The console is built with Node.js and npm: Debian's own unless the machine already has them.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
