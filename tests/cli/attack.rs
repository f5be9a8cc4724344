//! Reproducers from the attack on cfp (issue 9), through the real binary:
//! each failed before its fix.

use super::Fixture;

const COUNTS: &str = r#"
[plan]
title = "Attack"
area = "Testshire"

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"

[[indicator]]
id = "n"
priority = "p"
title = "A count"
unit = "count"
polarity = "lower"

[[indicator]]
id = "r"
priority = "p"
title = "A rate"
unit = "rate"
per = 100000
polarity = "lower"
"#;

/// Every reading command exits 0 (never 101, a panic) on `data`.
fn reads_without_panic(data: &str) {
    let f = Fixture::new(COUNTS).file("data.csv", data);
    for args in [
        &["check"][..],
        &["status"],
        &["status", "--format", "json"],
        &["report"],
        &["report", "--format", "html"],
        &["show", "n"],
        &["show", "r"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--as-of", "2025-01-01"]);
        let out = f.run(&all);
        assert_eq!(out.code, 0, "{all:?} on\n{data}\n{}", out.stderr);
        assert!(!out.stdout.contains("inf to"), "{all:?}: {}", out.stdout);
        assert!(!out.stdout.contains("NaN"), "{all:?}: {}", out.stdout);
    }
}

#[test]
fn a_subnormal_numerator_gives_no_interval_rather_than_a_panic() {
    reads_without_panic(
        "id,period,value,numerator,denominator\nn,2024,1,5e-324,\nr,2024,1,5e-324,1000\n",
    );
}

#[test]
fn huge_counts_give_no_interval_rather_than_inf() {
    reads_without_panic(
        "id,period,value,numerator,denominator\nn,2024,1,1e300,\nr,2024,1,1e308,1000\n",
    );
}
