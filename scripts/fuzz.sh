#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz) for a bounded time, two at a time, from its seed
# corpus (tests/fuzz/corpus/<target>, and the platform fixtures for the webhook parsers).
# A crash, leak, timeout or sanitizer finding fails the run and leaves the input that caused it
# under build-asan/fuzz-findings/. Prints executions and coverage per target.
#   bash scripts/fuzz.sh [seconds per target, default 60]
# Expects the targets built by scripts/sanitize.sh (build-asan, STEWARD_FUZZ=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${STEWARD_FUZZ_SECONDS:-60}}"
build=build-asan
findings="$build/fuzz-findings"
work="$build/fuzz-work"
rm -rf "$work" "$findings"
mkdir -p "$findings" "$work"

targets=()
for t in "$build"/fuzz_*; do
  [ -x "$t" ] && targets+=("$(basename "$t")")
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $build (run scripts/sanitize.sh)"; exit 1; }

run_one() {
  local target="$1" seconds="$2" build="$3" work="$4" findings="$5"
  local corpus="$work/$target"
  mkdir -p "$corpus"
  local seeds=("tests/fuzz/corpus/$target")
  # The Telegram target reads updates (the platform fixtures) and Bot API answers (its corpus).
  [ "$target" = fuzz_telegram ] && seeds+=(tests/fixtures/telegram)
  local log="$work/$target.log"
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$build/$target" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
       -artifact_prefix="$findings/$target-" >"$log" 2>&1; then
    local runs cov ft
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    printf '%-18s ok      %10s executions  %6s edges  %6s features\n' "$target" "$runs" "$cov" "$ft"
  else
    printf '%-18s FAILED  (see %s and %s)\n' "$target" "$log" "$findings"
    grep -E 'ERROR|SUMMARY|runtime error|what\(\)|Test unit written' "$log" | head -6
    # The input itself, so that the CI log alone reproduces the finding.
    local unit
    for unit in "$findings/$target"-*; do
      [ -f "$unit" ] || continue
      echo "input ($(wc -c <"$unit") bytes, first 512 shown by od -c):"
      head -c 512 "$unit" | od -An -c | tr -s ' ' | head -20
    done
    return 1
  fi
}
export -f run_one

echo "fuzz: ${#targets[@]} targets, ${seconds} s each, two at a time"
printf '%s\n' "${targets[@]}" |
  xargs -P 2 -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$build" "$work" "$findings"
