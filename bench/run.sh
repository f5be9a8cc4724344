#!/usr/bin/env bash
# The national-scale benchmark (docs/performance.md). Not part of CI's
# pass/fail: timings belong to a quiet machine, not to a test.
#
#   bash bench/run.sh            # 1x, 2x and 4x the national file, every area at once, then the Fingertips export
#   bash bench/run.sh fingertips # only the Fingertips export
#   BENCH_DIR=/tmp/b bash bench/run.sh
#
# Prints the cfp / bare-pass time ratio, peak memory, the growth table and
# the small-plan time; then the same ratio and peak memory on a
# Fingertips-shaped export (27 R-quoted columns, line breaks in quoted
# names, Persons/Male/Female: 1,080,000 rows, about 300 MB).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q "$2"; }; }
need hyperfine hyperfine
[ -x /usr/bin/time ] || { apt-get update -q && apt-get install -y -q time; }

cargo build --release --quiet --bin cfp --example generate --example bare_pass
dir=${BENCH_DIR:-target/bench}
mkdir -p "$dir"
mean() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$@"; }

if [ "${1:-}" != fingertips ]; then
for scale in 1 2 4; do
  if [ ! -f "$dir/x$scale/data.csv" ]; then
    target/release/examples/generate "$dir/x$scale" $((150 * scale)) 2000 14
  fi
done

cfp="target/release/cfp status --as-of 2025-01-01 --format csv --plan"

echo "== cfp against a bare csv pass ($(nproc) cores)"
hyperfine -N -w 2 -r 10 --export-json "$dir/ratio.json" \
  "target/release/examples/bare_pass $dir/x1/data.csv" \
  "$cfp $dir/x1"
bare=$(mean "$dir/ratio.json" 0)
job=$(mean "$dir/ratio.json" 1)
python3 -c "print(f'ratio cfp / bare pass: {$job / $bare:.2f}x  ({$job*1000:.0f} ms / {$bare*1000:.0f} ms)')"

echo "== peak memory"
for scale in 1 4; do
  kb=$( { /usr/bin/time -f "%M" $cfp "$dir/x$scale" >/dev/null; } 2>&1 | tail -1)
  echo "x$scale: $((kb / 1024)) MiB"
done

echo "== growth with rows"
hyperfine -N -w 1 -r 5 --export-json "$dir/growth.json" "$cfp $dir/x1" "$cfp $dir/x2" "$cfp $dir/x4" >/dev/null
for i in 0 1 2; do
  scale=$((1 << i))
  rows=$((150 * scale * 2000 * 14))
  t=$(mean "$dir/growth.json" $i)
  python3 -c "print(f'x$scale  {$rows:>10,} rows  {$t*1000:7.0f} ms  {$t*1e9/$rows:5.1f} ns/row')"
done

echo "== a small plan"
hyperfine -N -w 3 -r 30 "target/release/cfp status --plan data --as-of 2026-02-26"

# Every area at once (issue 25): cfp league on the national file against
# the bare pass, and the same job's core (latest figure against target,
# a Wilson-tested benchmark against England) in DuckDB's SQL.
echo "== every area at once: cfp league against a bare csv pass and DuckDB"
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb
league="target/release/cfp league --as-of 2025-01-01 --format csv --plan $dir/x1"
# The league and the bare pass in turn, run by run (bench/interleaved.py):
# a busy minute on a shared machine then slows both alike; the ratio is of
# their medians. DuckDB, 2.5 s a run, is timed after.
python3 bench/interleaved.py --json "$dir/league.json" 10 \
  "target/release/examples/bare_pass $dir/x1/data.csv" \
  "$league"
hyperfine -N -w 1 -r 3 --export-json "$dir/duckdb.json" \
  "python3 bench/duckdb_league.py $dir/x1"
median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$@"; }
bare=$(median "$dir/league.json" 0)
job=$(median "$dir/league.json" 1)
duck=$(mean "$dir/duckdb.json" 0)
python3 -c "print(f'ratio cfp league / bare pass: {$job / $bare:.2f}x; cfp league / DuckDB: {$job / $duck:.2f}x  ({$job:.2f} s / {$bare:.2f} s / {$duck:.2f} s)')"
kb=$( { /usr/bin/time -f "%M" $league >/dev/null; } 2>&1 | tail -1)
echo "cfp league peak memory: $((kb / 1024)) MiB"
fi

# A Fingertips export as analysts download it, read through
# `preset = "fingertips"` keeping the Persons rows. Generated once.
ft="$dir/fingertips"
if [ ! -f "$ft/fingertips.csv" ]; then
  target/release/examples/generate --fingertips "$ft"
fi
cfp_ft="target/release/cfp status --as-of 2025-01-01 --format csv --plan $ft"
echo "== Fingertips export: cfp against a bare csv pass ($(du -m "$ft/fingertips.csv" | cut -f1) MB, $(nproc) cores)"
if ! $cfp_ft >/dev/null 2>"$dir/fingertips.err"; then
  echo "skipped: cfp cannot read $ft/cfp.toml:"
  head -3 "$dir/fingertips.err"
  exit 0
fi
hyperfine -N -w 1 -r 5 --export-json "$dir/fingertips.json" \
  "target/release/examples/bare_pass $ft/fingertips.csv" \
  "$cfp_ft"
bare=$(mean "$dir/fingertips.json" 0)
job=$(mean "$dir/fingertips.json" 1)
python3 -c "print(f'ratio cfp / bare pass: {$job / $bare:.2f}x  ({$job*1000:.0f} ms / {$bare*1000:.0f} ms)')"
kb=$( { /usr/bin/time -f "%M" $cfp_ft >/dev/null; } 2>&1 | tail -1)
echo "peak memory: $((kb / 1024)) MiB"
