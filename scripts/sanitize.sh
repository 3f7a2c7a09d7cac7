#!/usr/bin/env bash
# The test suite under sanitizers, with clang 14 (ccache keeps rebuilds short):
#   build-asan: every target with AddressSanitizer + UndefinedBehaviorSanitizer, and the
#               libFuzzer targets; then every test (unit and integration against this binary).
#   build-tsan: ThreadSanitizer; the tests that exercise the core thread, the dispatcher,
#               concurrent webhooks, rule reloads, the WAL checkpoint thread, the API's
#               readers, and several instances on PostgreSQL (leases, forwarding, LISTEN).
# Any finding fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

configure() {  # DIR SANITIZERS EXTRA...
  local dir="$1" sanitizers="$2"
  shift 2
  [ -f "$dir/CMakeCache.txt" ] ||
    CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
      -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" -DSTEWARD_SANITIZE="$sanitizers" "$@"
}

# Reports go to stderr with symbolized stacks; the first finding stops the process.
export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=0:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:external_symbolizer_path=/usr/bin/llvm-symbolizer-14"

configure build-asan address,undefined -DSTEWARD_FUZZ=ON
cmake --build build-asan --parallel "$(nproc)"
echo "sanitize: every test under AddressSanitizer and UndefinedBehaviorSanitizer"
# The integration files' second run on PostgreSQL (postgresql.integration.*) repeats the same
# C++ paths as their SQLite run; the PostgreSQL backend's own tests stay.
ctest --test-dir build-asan --output-on-failure --timeout 900 -j "$(nproc)" \
  -E '^postgresql\.integration\.'

configure build-tsan thread
cmake --build build-tsan --parallel "$(nproc)" --target steward steward_tests
echo "sanitize: the concurrent parts under ThreadSanitizer"
ctest --test-dir build-tsan --output-on-failure --timeout 900 -j "$(nproc)" \
  -R 'integration\.test_(webhook|dispatch|moderation|shop|confirmed_actions|api|metrics|postgresql_instances|postgresql_serve)|PipelineTest|DispatcherTest|BehaviourTest|AdminApiTest|SlidingWindow|Metrics|Log\.|Database\.'
