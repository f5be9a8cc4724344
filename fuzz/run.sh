#!/usr/bin/env bash
# A bounded fuzz run: builds the targets, then runs each for SECONDS.
#
#   bash fuzz/run.sh SECONDS [TARGET...]     (targets: period value csv plan pipeline sheet,
#                                             and sheet-xls sheet-ods sheet-xlsx: the sheet
#                                             target on seeds of one workbook kind)
#
# Prints the runs per target and exits non-zero if any target crashed,
# naming the crash file (fuzz/artifacts/TARGET/crash-...). Not part of
# .ci/run: cargo-fuzz needs nightly compiler flags (-Zsanitizer, -Cpasses),
# and RUSTC_BOOTSTRAP=1 lets a stable toolchain accept them; see
# docs/fuzzing.md.
set -uo pipefail

usage() {
  echo "usage: bash fuzz/run.sh SECONDS [TARGET...]" >&2
  exit 2
}
[[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || usage
seconds=$1
shift
all=(period value csv plan pipeline sheet)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")

fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz")
cd "$fuzz"

# Stable rustc with nightly features unlocked: the only toolchain here.
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never
flags=(-O --debug-assertions)

if ! cargo fuzz --help >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi
echo "building the fuzz targets..."
cargo fuzz build "${flags[@]}" || exit 2

work=$fuzz/work
mkdir -p "$work/logs"
status=0
summary=()
# The kind of workbook a file is, as the sheet target decides it.
workbook_kind() {
  if [[ $(head -c 2 "$1" | od -An -tx1 | tr -d ' ') == 504b ]]; then
    if grep -qa opendocumen "$1"; then echo ods; else echo xlsx; fi
  else
    echo xls
  fi
}

for t in "${targets[@]}"; do
  # `sheet-xls` and the like: the sheet target, on seeds of that kind only.
  bin=$t
  kind=
  if [[ $t == sheet-* ]]; then
    bin=sheet
    kind=${t#sheet-}
  fi
  if [[ ! -d $fuzz/corpus/$bin ]]; then
    echo "no target $t (the targets are ${all[*]}, and sheet-xls, sheet-ods, sheet-xlsx)" >&2
    exit 2
  fi
  corpus=$work/corpus/$t
  mkdir -p "$corpus"
  # The committed seeds, and for csv the whole real files (the committed
  # seeds hold only their first lines), from tests/corpus and
  # ../shared/corpus when it is there.
  cp -n "$fuzz/corpus/$bin/"* "$corpus/"
  extra=()
  if [[ $bin == sheet ]]; then
    dirs=("$repo/tests/corpus" "$repo/../shared/corpus")
    # A run on one kind starts from what the mixed runs found too.
    [[ -n $kind ]] && dirs+=("$work/corpus/sheet")
    for dir in "${dirs[@]}"; do
      [[ -d $dir ]] || continue
      while IFS= read -r -d '' f; do
        cp -n "$f" "$corpus/real-$(basename "$f")"
      done < <(find "$dir" -type f \( -name '*.xlsx' -o -name '*.ods' -o -name '*.xls' -o -path "$work/*" \) -print0)
    done
    if [[ -n $kind ]]; then
      for f in "$corpus"/*; do
        [[ $(workbook_kind "$f") == "$kind" ]] || rm -f "$f"
      done
    fi
  fi
  if [[ $t == csv ]]; then
    for dir in "$repo/tests/corpus" "$repo/../shared/corpus"; do
      [[ -d $dir ]] || continue
      while IFS= read -r -d '' f; do
        cp -n "$f" "$corpus/real-$(basename "$f")"
      done < <(find "$dir" -name '*.csv' -print0)
    done
  fi
  case $t in
    # Plans and whole measurement files are longer than libFuzzer's 4 KB
    # default; the pipeline does the most work per byte, so keep it shorter.
    csv) extra=(-max_len=524288) ;;
    plan) extra=(-max_len=65536) ;;
    pipeline) extra=(-max_len=16384) ;;
    # A real workbook is tens of kilobytes (the Ofsted one 107 KB).
    sheet*) extra=(-max_len=131072) ;;
  esac
  log=$work/logs/$t.log
  echo "fuzzing $t for ${seconds}s (log: $log)..."
  cargo fuzz run "${flags[@]}" "$bin" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 \
    -print_final_stats=1 "${extra[@]}" >"$log" 2>&1
  rc=$?
  # `Done 1234 runs in 120 second(s)`, or the executed units of the final
  # stats when the run stopped early.
  runs=$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$log" | tail -n 1)
  [[ -n $runs ]] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*ft: \([0-9]*\).*corp: \([0-9]*\).*/cov \1, ft \2, corpus \3/p')
  line="$t: ${runs:-?} runs in ${seconds}s (${cov:-no stats})"
  if [[ $rc -ne 0 ]]; then
    status=1
    crash=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
    line="$line: CRASHED (exit $rc), input ${crash:-see $log}"
    grep -m 1 -E "panicked at|ERROR: libFuzzer|AddressSanitizer" "$log" | sed 's/^/    /'
  fi
  echo "$line"
  summary+=("$line")
  # This run's per-process folders (fuzz_targets use /tmp/cfp-fuzz-TARGET-PID).
  for d in /tmp/cfp-fuzz-"$bin"-*; do
    [[ -d $d ]] || continue
    pid=${d##*-}
    kill -0 "$pid" 2>/dev/null || rm -rf "$d"
  done
done

echo
echo "summary ($(date -u +%Y-%m-%dT%H:%MZ), ${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
exit $status
