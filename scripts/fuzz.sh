#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz) from their seed corpora, a few at a time, and prints
# per target: executions, executions per second, coverage (cov/ft), corpus size, crashes.
#   bash scripts/fuzz.sh [--seconds N | --fixed] [--jobs J] [--build DIR] [target...]
# Defaults: 60 s per target, 2 targets at once, build dir build-fuzz (the 'fuzz' preset), every
# target. --fixed (CI) runs a set number of inputs per target (about 40 s each here) from a fixed
# random seed instead: the same tree gives the same run, so CI cannot fail by luck; the time-based
# runs with fresh seeds are the ones that find new bugs. The working corpus grows in DIR/fuzz-corpus/<target> (seeds from tests/fuzz/corpus/
# stay untouched); crashes land in DIR/fuzz-artifacts/<target>/, logs in DIR/fuzz-logs/.
# A crash or broken invariant makes the exit status 1; reproduce it with
#   DIR/fuzz/fuzz_<target> DIR/fuzz-artifacts/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=60
FIXED=0
JOBS=2
BUILD=build-fuzz
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --fixed) FIXED=1; shift ;;
    --jobs) JOBS=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(smtp pop3 imap http dns mime scenario replies tls auth)

# Longest input per target: protocol sessions 4 KiB, DNS packets 1 KiB, scenario files 16 KiB.
max_len() { case "$1" in dns) echo 1024 ;; scenario) echo 16384 ;; *) echo 4096 ;; esac; }
# Inputs per target for --fixed: about 40 s each at the rates measured on 2 cores.
fixed_runs() {
  case "$1" in imap|mime|tls) echo 30000 ;; http) echo 200000 ;; dns) echo 350000 ;; replies) echo 700000 ;; *) echo 120000 ;; esac
}
# Read-only seed folders besides tests/fuzz/corpus/<target>.
extra_seeds() { case "$1" in scenario) echo "scenarios tests/corpus/good tests/corpus/bad" ;; esac; }

run_one() {
  local t=$1 bin="$BUILD/fuzz/fuzz_$1"
  local corpus="$BUILD/fuzz-corpus/$t" artifacts="$BUILD/fuzz-artifacts/$t/" log="$BUILD/fuzz-logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")" "tests/fuzz/corpus/$t"
  [ -x "$bin" ] || { echo "missing $bin: build the 'fuzz' preset first" >&2; return 1; }
  local budget=(-max_total_time="$SECONDS_EACH")
  [ "$FIXED" = 1 ] && budget=(-runs="$(fixed_runs "$t")" -seed=1)
  # -timeout: one input may take at most 25 s; -rss_limit_mb: 2 GiB per process.
  # shellcheck disable=SC2046
  nice -n 10 "$bin" "${budget[@]}" -max_len="$(max_len "$t")" -timeout=25 -rss_limit_mb=2048 \
    -dict="tests/fuzz/dict/$t.dict" -artifact_prefix="$artifacts" -print_final_stats=1 \
    "$corpus" "tests/fuzz/corpus/$t" $(extra_seeds "$t") >"$log" 2>&1
}

summary() {
  local t=$1 log="$BUILD/fuzz-logs/$1.log" status=$2
  local execs rate last cov ft corp crashes
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
  crashes=$(find "$BUILD/fuzz-artifacts/$t" -type f | wc -l)
  printf '%-9s %-6s execs %-10s exec/s %-7s cov %-6s ft %-7s corpus %-12s artifacts %s\n' \
    "$t" "$status" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes"
}

what="for ${SECONDS_EACH}s each"
[ "$FIXED" = 1 ] && what="for a fixed number of inputs from seed 1"
echo "Fuzzing ${TARGETS[*]} $what, $JOBS at a time (logs in $BUILD/fuzz-logs/)"
declare -A PIDS=()
FAILED=0
finish() {  # waits for one target of PIDS and prints its line
  local t=$1 status=ok
  wait "${PIDS[$t]}" || status=FAILED
  unset "PIDS[$t]"
  [ "$status" = ok ] || { FAILED=1; grep -A3 'invariant broken\|ERROR: ' "$BUILD/fuzz-logs/$t.log" | head -20 >&2 || true; }
  summary "$t" "$status"
}
for t in "${TARGETS[@]}"; do
  while [ ${#PIDS[@]} -ge "$JOBS" ]; do
    for r in "${!PIDS[@]}"; do
      if ! kill -0 "${PIDS[$r]}" 2>/dev/null; then finish "$r"; fi
    done
    [ ${#PIDS[@]} -lt "$JOBS" ] || sleep 1
  done
  run_one "$t" &
  PIDS[$t]=$!
done
for r in "${!PIDS[@]}"; do finish "$r"; done
exit $FAILED
