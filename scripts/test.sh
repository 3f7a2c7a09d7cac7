#!/usr/bin/env bash
# One command from a fresh machine to a full test run: install, build, run every test (unit and
# integration against the real binary) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 600 "$@"
