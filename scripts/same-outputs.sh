#!/usr/bin/env bash
# Whether two builds of cfp say the same: runs both over every plan in the
# repository (tests/fixtures, data, examples, and the benchmark's national
# file when bench/run.sh has made it) and compares stdout, stderr and the
# exit code of each command, byte for byte. A change meant only to be
# faster (docs/performance.md) must leave every one the same.
#
#   cargo build --release && cp target/release/cfp /tmp/cfp-before
#   ... change ...
#   cargo build --release && bash scripts/same-outputs.sh /tmp/cfp-before
#
# Usage: same-outputs.sh BEFORE [AFTER]   (AFTER: target/release/cfp)
set -uo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: same-outputs.sh BEFORE [AFTER]}
after=${2:-target/release/cfp}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

plans=$(find tests/fixtures data examples -name cfp.toml -printf '%h\n' 2>/dev/null | sort -u)
[ -f target/bench/x1/cfp.toml ] && plans="$plans target/bench/x1"

runs=0
differ=0
same() {
  local b a
  "$before" "$@" >"$out/b.out" 2>"$out/b.err"
  b=$?
  "$after" "$@" >"$out/a.out" 2>"$out/a.err"
  a=$?
  runs=$((runs + 1))
  if [ "$a" != "$b" ] || ! cmp -s "$out/b.out" "$out/a.out" || ! cmp -s "$out/b.err" "$out/a.err"; then
    differ=$((differ + 1))
    echo "differs: cfp $*"
  fi
}

for plan in $plans; do
  for day in 2023-06-30 2025-01-01 2026-02-26; do
    for format in json csv table; do
      same status --plan "$plan" --as-of "$day" --format "$format"
      same league --plan "$plan" --as-of "$day" --format "$format"
    done
    same report --plan "$plan" --as-of "$day" --format markdown
    same report --plan "$plan" --as-of "$day" --format html
    same overdue --plan "$plan" --as-of "$day"
    same diff --plan "$plan" --as-of "$day" --since 2022-01-01 --format json
  done
  same check --plan "$plan" --format json
done
echo "$runs runs, $differ differ"
[ "$differ" = 0 ]
