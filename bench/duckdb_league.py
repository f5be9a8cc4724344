"""The every-area job in DuckDB, for bench/run.sh to time beside `cfp league`
(issue 25): for each area and indicator of the national file, the latest
figure against the plan's target (met or not by polarity) and a benchmark
against England, tested with Wilson's 95% intervals (better, worse or
similar by polarity). What a careful analyst would write in SQL; cfp does
more (trend, SPC, forecast, ranks, funnels) for the same rows.

    python3 bench/duckdb_league.py DIR   # DIR holds cfp.toml and data.csv
"""

import sys
import time
import tomllib

import duckdb

folder = sys.argv[1]
with open(f"{folder}/cfp.toml", "rb") as f:
    plan = tomllib.load(f)
indicators = [
    (i["id"], i.get("polarity", "higher"), (i.get("target") or {}).get("value"))
    for i in plan.get("indicator", [])
]

start = time.perf_counter()
con = duckdb.connect()
con.execute("CREATE TABLE plan (id VARCHAR, polarity VARCHAR, target DOUBLE)")
con.executemany("INSERT INTO plan VALUES (?, ?, ?)", indicators)
con.execute(f"CREATE TABLE m AS SELECT * FROM read_csv('{folder}/data.csv', header = true)")
rows = con.execute(
    """
    WITH wilson AS (
      SELECT *, 1.959964 AS z, numerator / denominator AS p FROM m
    ), ci AS (
      SELECT id, area, period, value,
        100 * (p + z*z/(2*denominator) - z*sqrt(p*(1-p)/denominator + z*z/(4*denominator*denominator)))
          / (1 + z*z/denominator) AS lower,
        100 * (p + z*z/(2*denominator) + z*sqrt(p*(1-p)/denominator + z*z/(4*denominator*denominator)))
          / (1 + z*z/denominator) AS upper
      FROM wilson
    ), latest AS (
      SELECT * FROM ci WHERE area <> 'England'
      QUALIFY row_number() OVER (PARTITION BY id, area ORDER BY period DESC) = 1
    )
    SELECT l.id, l.area, l.period, l.value,
      CASE WHEN p.target IS NULL THEN 'monitor'
           WHEN (p.polarity = 'lower' AND l.value <= p.target)
             OR (p.polarity <> 'lower' AND l.value >= p.target) THEN 'met'
           ELSE 'not met' END AS rating,
      CASE WHEN e.value IS NULL THEN 'not compared'
           WHEN l.lower > e.upper THEN CASE WHEN p.polarity = 'lower' THEN 'worse' ELSE 'better' END
           WHEN l.upper < e.lower THEN CASE WHEN p.polarity = 'lower' THEN 'better' ELSE 'worse' END
           ELSE 'similar' END AS benchmark
    FROM latest l
    JOIN plan p USING (id)
    LEFT JOIN ci e ON e.id = l.id AND e.period = l.period AND e.area = 'England'
    """
).fetchall()
elapsed = time.perf_counter() - start
print(f"duckdb {duckdb.__version__}: {len(rows)} ratings in {elapsed:.2f} s")
