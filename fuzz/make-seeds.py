#!/usr/bin/env python3
"""Writes the committed seed corpus, fuzz/corpus/<target>/, from the repo's
tests/fixtures, tests/corpus, examples/ and data/ (run from anywhere:
`python3 fuzz/make-seeds.py`). Each seed is named by the SHA-1 of its bytes,
as libFuzzer names what it adds. Files over 20 KB are cut to their first 40
lines here; fuzz/run.sh copies the whole real files (and ../shared/corpus)
into its working corpus at run time instead."""

import csv
import hashlib
import io
import pathlib
import re
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
REPO = FUZZ.parent
SOURCES = [REPO / "tests/fixtures", REPO / "tests/corpus", REPO / "examples", REPO / "data"]
BIG = 20_000

# Every form of SPEC 2b's table, and the labels it refuses.
PERIODS = """2024-03-31
31/03/2024
1 April 2025
01-Apr-2025
2024-03
Mar 2024
March 2024
2024 MAR
2024-Q1
2024 Q1
Q1 2024
2024Q1
Q1 2024/25
2024/25 Q1
Q1 2024-25
2024/25
2024-25
2024/2025
2024 to 2025
1999/00
FY2024/25
FY24/25
AY2024/25
2024
2020 - 22
2021-23
2014 - 2016
year ending March 2025
12 months to March 2025
12 months ending March 2025
Autumn term 2024/25
spring 2024-25
Summer term 2200/01
2011-12
FY25
Q3
2024-02-30
2200/01
1900
6 months
30 days
2 weeks
1 year
5%
2pp
3""".splitlines()

VALUES = """70.4
70.4%
4,903
 1,234,567.5
-3
12.1 [p]
12.1 p
12.1 [r]
12.1 r
c
*
[c]
x
..
:
n/a
NA
#N/A
z
low
~
-
1e308
5e-324
Good
requires improvement to be good

suppressed""".splitlines()


def files(suffixes):
    for root in SOURCES:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name.endswith(suffixes):
                yield path


def cut(data: bytes) -> bytes:
    if len(data) <= BIG:
        return data
    return b"\n".join(data.split(b"\n")[:40]) + b"\n"


def write(target: str, seeds):
    out = FUZZ / "corpus" / target
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    seen = set()
    for seed in seeds:
        if isinstance(seed, str):
            seed = seed.encode()
        name = hashlib.sha1(seed).hexdigest()
        if name not in seen:
            seen.add(name)
            (out / name).write_bytes(seed)
    return len(seen)


def cells():
    """The period, value and count cells of every CSV, by column."""
    periods, values = set(), set()
    for path in files((".csv",)):
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error:
            continue
        if not rows:
            continue
        header = [h.strip().lower().replace(".", " ") for h in rows[0]]
        for row in rows[1:200]:
            for name, cell in zip(header, row):
                if name in ("period", "time period", "time_period"):
                    periods.add(cell)
                elif name in ("value", "numerator", "denominator", "count", "lower_ci",
                              "upper_ci", "lower ci 95 0 limit", "rate_per_10000"):
                    values.add(cell)
    return periods, values


def toml_periods():
    found = set()
    for path in files((".toml",)):
        for m in re.finditer(r'(?:by|due|period|lag|due_soon|tolerance) = "([^"]*)"', path.read_text()):
            found.add(m.group(1))
    return found


def main():
    periods, values = cells()
    counts = {}
    counts["period"] = write("period", PERIODS + sorted(periods | toml_periods()))
    # Every shape of cell, not every figure: one per pattern of digit runs.
    shapes = {}
    for v in sorted(values):
        shapes.setdefault(re.sub(r"[0-9]+", "9", v), v)
    counts["value"] = write("value", VALUES + sorted(shapes.values()))
    csvs = [cut(p.read_bytes()) for p in files((".csv",))]
    counts["csv"] = write("csv", csvs)
    counts["plan"] = write("plan", [p.read_bytes() for p in files((".toml",))])
    own = [c for c in csvs if c.lstrip(b"\xef\xbb\xbf").lower().startswith(b"id,")]
    own.append((FUZZ / "seeds" / "fuzz-plan.csv").read_bytes())
    counts["csv"] = write("csv", csvs + own)
    counts["pipeline"] = write("pipeline", own)
    for target, n in counts.items():
        print(f"{target}: {n} seeds")


if __name__ == "__main__":
    main()
