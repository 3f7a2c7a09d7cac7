#!/usr/bin/env bash
# One command from a fresh machine to a full test run: install, build, then
#   1. every test (unit, and integration against the real binary) through CTest;
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the concurrent
#      parts under ThreadSanitizer (scripts/sanitize.sh);
#   3. every libFuzzer target for a bounded time (scripts/fuzz.sh, STEWARD_FUZZ_SECONDS, 60).
# Arguments go to the first CTest run and skip the rest (e.g. `-R integration.test_shop`);
# STEWARD_QUICK=1 runs step 1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bash scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 600 -j "$(nproc)" "$@"
echo "test: suite passed after $((SECONDS - started)) s"
if [ $# -gt 0 ] || [ "${STEWARD_QUICK:-0}" = 1 ]; then
  exit 0
fi
bash scripts/sanitize.sh
echo "test: sanitizers passed after $((SECONDS - started)) s"
bash scripts/fuzz.sh
echo "test: everything passed in $((SECONDS - started)) s"
