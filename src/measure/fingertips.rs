//! OHID Fingertips exports, as the site or R's `fingertipsR` writes them:
//! the preset's column names, the rows that are the area's own figure, and
//! how such a file is recognised when read without the preset (SPEC 2a).
//! The reading itself is the shared path's (`mapping.rs`, `rows.rs`).

/// The preset's header for a cfp column, as Fingertips names it (R writes
/// the same names with dots for spaces, which matching allows for).
pub(super) fn column(cfp_column: &str) -> Option<&'static str> {
    Some(match cfp_column {
        "id" => "Indicator ID",
        "area" => "Area Name",
        "area_code" => "Area Code",
        "period" => "Time period",
        "value" => "Value",
        "numerator" => "Count",
        "denominator" => "Denominator",
        "lower_ci" => "Lower CI 95.0 limit",
        "upper_ci" => "Upper CI 95.0 limit",
        "note" => "Value note",
        _ => return None,
    })
}

/// The column naming each row's kind of area (`County & UA`, `Region`):
/// the level a league of every area compares at.
pub(super) const AREA_TYPE: &str = "Area Type";

/// The column that tells whole-area rows (empty) from deprivation deciles
/// and other categories: only the whole-area rows are the area's figure,
/// so the preset keeps those unless the source's own `where` says.
pub(super) const CATEGORY_TYPE: &str = "Category Type";

/// Whether a header read without a preset is a Fingertips export, by
/// headers only Fingertips writes together (`has` is given a header
/// lower-cased, R's dots read as spaces).
pub(crate) fn recognised(has: impl Fn(&str) -> bool) -> bool {
    has("indicator id") && has("area name")
}

/// What a newcomer reading an export without the preset is told.
pub(super) const HINT: &str = "this is a Fingertips export: read it with \
                               `preset = \"fingertips\"` in a [[measurements.source]] \
                               (see docs/sources.md)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preset_names_every_column_cfp_reads_from_an_export() {
        assert_eq!(column("id"), Some("Indicator ID"));
        assert_eq!(column("upper_ci"), Some("Upper CI 95.0 limit"));
        assert_eq!(column("status"), None, "an export has no status");
        assert!(recognised(|h| ["indicator id", "area name"].contains(&h)));
        assert!(!recognised(|h| h == "indicator id"));
    }
}
