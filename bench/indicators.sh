#!/usr/bin/env bash
# `report` and `diff` against the number of indicators (docs/performance.md,
# "Growth with indicators"). Not part of CI's pass/fail.
#
#   bash bench/indicators.sh              # 25k, 50k and 100k indicators
#   SIZES="1000 2000" bash bench/indicators.sh
#   BENCH_DIR=/tmp/b bash bench/indicators.sh
#
# Each plan comes from the generator (bench/generate.rs): two areas (the
# plan's and England), N percent indicators with targets, one priority per
# 100 of them, three financial years (2010/11 to 2012/13). `report` rates
# the plan as of 2014-01-01 and writes the HTML pack; `diff` compares
# 2012-06-01 (two years known) with 2014-01-01 (the third arrived, so every
# indicator has a change to list), gated by --fail-on red, stale and
# no-data. Prints the CPU time (user plus system) and peak memory of one
# run each, and the growth from one size to the next: linear is 2.0x per
# doubling, quadratic 4.0x.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x /usr/bin/time ] || { apt-get update -q && apt-get install -y -q time; }
cargo build --release --quiet --bin cfp --example generate
dir=${BENCH_DIR:-target/bench}/indicators
mkdir -p "$dir"
sizes=${SIZES:-25000 50000 100000}

# Runs a command once; prints "CPU-SECONDS KIB": user plus system time,
# which other work on a shared machine disturbs less than the wall clock.
measure() {
  /usr/bin/time -o "$dir/time.txt" -f "%U %S %M" "$@" >/dev/null 2>"$dir/stderr.txt" || {
    local rc=$?
    # diff exits 1 when a --fail-on condition newly holds: that is the gate
    # being measured, not a failure.
    [ "$rc" -eq 1 ] && grep -q -- --fail-on <<<"$*" && { awk 'END { printf "%.2f %d\n", $1 + $2, $3 }' "$dir/time.txt"; return; }
    echo "failed ($rc): $*" >&2
    cat "$dir/stderr.txt" >&2
    exit 1
  }
  awk 'END { printf "%.2f %d\n", $1 + $2, $3 }' "$dir/time.txt"
}

printf '%-10s %12s %8s %8s %12s %8s %8s\n' indicators "report cpu s" "MiB" growth "diff cpu s" "MiB" growth
prev_report="" prev_diff=""
for n in $sizes; do
  plan="$dir/n$n"
  [ -f "$plan/data.csv" ] || target/release/examples/generate "$plan" 2 "$n" 3 2>/dev/null
  read -r rs rk < <(measure target/release/cfp report --plan "$plan" --as-of 2014-01-01 --format html -o "$dir/report-$n.html")
  # --fail-on checks every condition against the earlier ratings too.
  read -r ds dk < <(measure target/release/cfp diff --plan "$plan" --since 2012-06-01 --as-of 2014-01-01 --format csv --fail-on red --fail-on stale --fail-on no-data)
  rg=${prev_report:+$(python3 -c "print(f'{$rs / max($prev_report, 0.01):.1f}x')")}
  dg=${prev_diff:+$(python3 -c "print(f'{$ds / max($prev_diff, 0.01):.1f}x')")}
  printf '%-10s %12s %8s %8s %12s %8s %8s\n' "$n" "$rs" $((rk / 1024)) "${rg:--}" "$ds" $((dk / 1024)) "${dg:--}"
  prev_report=$rs prev_diff=$ds
done
