//! From a file's header to a mapping: which of its columns hold cfp's
//! columns, under a source's `columns`, `where` and preset. CSV files and
//! spreadsheet tables are mapped alike.

use crate::diag::{Diagnostic, Location};
use crate::plan::{MeasurementSource, Preset};

/// Where a row's period comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum PeriodFrom {
    Cell(usize),
    /// The source's `period`, for every row.
    Fixed,
    /// DfE's `time_period` and `time_identifier`.
    Ees {
        period: usize,
        identifier: usize,
    },
}

/// A name column and a code column, either of which may be absent.
pub(super) type AreaColumns = (Option<usize>, Option<usize>);

/// Where a row's area comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum AreaFrom {
    /// No area column: every row is the plan's own area.
    Own,
    /// `mapped` when a source's mapping names the column: then an empty
    /// cell is a row about no area, not the plan's own.
    Cell { columns: AreaColumns, mapped: bool },
    /// DfE's `geographic_level`, choosing among country, region and local
    /// authority columns.
    Ees {
        level: usize,
        national: AreaColumns,
        regional: AreaColumns,
        local: AreaColumns,
    },
}

/// One source's reading of one file's header.
#[derive(Debug)]
pub(super) struct Mapping<'s> {
    pub source: &'s MeasurementSource,
    /// How many fields the header has.
    pub width: usize,
    pub id: Option<usize>,
    pub period: PeriodFrom,
    pub area: AreaFrom,
    pub value: Option<usize>,
    pub numerator: Option<usize>,
    pub denominator: Option<usize>,
    pub lower_ci: Option<usize>,
    pub upper_ci: Option<usize>,
    pub published: Option<usize>,
    pub status: Option<usize>,
    pub note: Option<usize>,
    /// The column of each of the source's `where` conditions, in order.
    pub filter: Vec<usize>,
    /// Conditions the preset adds: (column, value).
    pub preset_filter: Vec<(usize, &'static str)>,
    pub fill_down: Vec<usize>,
    /// A row this many fields long or longer, but shorter than the header,
    /// is read with its missing cells empty (Fingertips writes such rows):
    /// none of them is a column cfp reads.
    pub pad_from: Option<usize>,
    /// DfE's symbols (`k`, `u`) are special values.
    pub ees_symbols: bool,
}

/// A header as matched: trimmed, without a byte-order mark, any case, and
/// for Fingertips with R's dots read as spaces.
fn normal(name: &str, dots_are_spaces: bool) -> String {
    let t = name.trim_start_matches('\u{feff}').trim().to_lowercase();
    if dots_are_spaces {
        t.replace('.', " ")
    } else {
        t
    }
}

struct Header<'a> {
    names: &'a [String],
    normal: Vec<String>,
    dots: bool,
    /// The source names no preset.
    plain: bool,
    at: &'a Location,
    problems: Vec<Diagnostic>,
}

impl Header<'_> {
    /// A publisher's layout recognised in a header read without a preset:
    /// a newcomer is pointed at the preset rather than at mapping every
    /// column by hand.
    fn publisher(&self) -> Option<&'static str> {
        let has = |name: &str| self.normal.iter().any(|h| h.replace('.', " ") == name);
        if !self.plain {
            None
        } else if has("time_identifier") && has("geographic_level") {
            Some("this is a DfE Explore Education Statistics file: read it with `preset = \"ees\"` in a [[measurements.source]] (see docs/sources.md)")
        } else if super::fingertips::recognised(has) {
            Some(super::fingertips::HINT)
        } else {
            None
        }
    }

    /// The column a name is in; a name two columns share is a problem.
    fn find(&mut self, name: &str) -> Option<usize> {
        let want = normal(name, self.dots);
        if want.is_empty() {
            return None;
        }
        let mut found = self.normal.iter().enumerate().filter(|(_, h)| **h == want);
        let first = found.next().map(|(i, _)| i)?;
        if let Some((second, _)) = found.next() {
            self.problems.push(
                Diagnostic::error(
                    Some(self.at.clone()),
                    format!(
                        "the header names `{name}` twice (fields {} and {}): cfp cannot tell which to read",
                        first + 1,
                        second + 1
                    ),
                )
                .with_help("rename one of them, or map another with [measurements.columns]"),
            );
        }
        Some(first)
    }

    fn missing(&mut self, what: String, help: Option<String>) {
        let found = self
            .names
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        // A header is listed only where it may be quoted (see the reader's
        // rule for files outside the plan's folder).
        let help = help.unwrap_or_else(|| match (self.publisher(), &self.at.excerpt) {
            (Some(hint), _) => hint.to_string(),
            (None, Some(_)) => {
                format!("the header has {found}; map other names with [measurements.columns]")
            }
            (None, None) => {
                "map the file's own headers to cfp's columns with [measurements.columns]"
                    .to_string()
            }
        });
        self.problems.push(
            Diagnostic::error(
                Some(self.at.clone()),
                format!("missing required column {what}"),
            )
            .with_help(help),
        );
    }
}

impl<'s> Mapping<'s> {
    /// Maps a header, or says every column the source needs and the file
    /// lacks. `at` locates the header row.
    pub fn new(
        source: &'s MeasurementSource,
        names: &[String],
        at: &Location,
    ) -> Result<Self, Vec<Diagnostic>> {
        let preset = source.preset;
        let mut h = Header {
            names,
            normal: names
                .iter()
                .map(|n| normal(n, preset == Some(Preset::Fingertips)))
                .collect(),
            dots: preset == Some(Preset::Fingertips),
            plain: preset.is_none(),
            at,
            problems: Vec::new(),
        };
        if names.iter().all(String::is_empty) {
            return Err(vec![Diagnostic::error(
                Some(at.clone()),
                "the file is empty: it has no header row",
            )
            .with_help(
                "a measurements file starts with a header such as id,period,value",
            )]);
        }
        // The header a cfp column is read from: the source's mapping, else
        // the preset's, else cfp's own name (none for EES, whose files are
        // wide: its value and counts are always mapped).
        let header_of = |column: &str| -> Option<String> {
            if let Some(mapped) = source.columns.get(column) {
                return Some(mapped.clone());
            }
            match preset {
                Some(Preset::Fingertips) => super::fingertips::column(column).map(str::to_string),
                Some(Preset::Ees) => None,
                None => Some(column.to_string()),
            }
        };
        let column = |h: &mut Header<'_>, name: &str| header_of(name).and_then(|n| h.find(&n));

        let id = if source.indicator.is_some() {
            None
        } else {
            let id = column(&mut h, "id");
            if id.is_none() {
                let help = (preset == Some(Preset::Ees)).then(|| {
                    "an EES file has no id column: say which plan id its rows are with `indicator`"
                        .to_string()
                });
                h.missing(
                    format!("`{}`", header_of("id").unwrap_or_else(|| "id".into())),
                    help,
                );
            }
            id
        };

        let period = if source.period.is_some() {
            PeriodFrom::Fixed
        } else if preset == Some(Preset::Ees) && !source.columns.contains_key("period") {
            let period = h.find("time_period");
            let identifier = h.find("time_identifier");
            if period.is_none() {
                h.missing("`time_period`".into(), None);
            }
            if identifier.is_none() {
                h.missing("`time_identifier`".into(), None);
            }
            PeriodFrom::Ees {
                period: period.unwrap_or(0),
                identifier: identifier.unwrap_or(0),
            }
        } else {
            match column(&mut h, "period") {
                Some(i) => PeriodFrom::Cell(i),
                None => {
                    let name = header_of("period").unwrap_or_else(|| "period".into());
                    h.missing(format!("`{name}`"), None);
                    if let Some(d) = h.problems.last_mut() {
                        if let Some(help) = &mut d.help {
                            help.push_str(
                                ", or give every row one period with a source's `period`",
                            );
                        }
                    }
                    PeriodFrom::Fixed
                }
            }
        };

        let mapped_area = source.columns.contains_key("area")
            || source.columns.contains_key("area_code")
            || preset.is_some();
        let area = if preset == Some(Preset::Ees) && !source.columns.contains_key("area") {
            let level = h.find("geographic_level");
            if level.is_none() {
                h.missing("`geographic_level`".into(), None);
            }
            let mut pair = |name: &str, code: &str| (h.find(name), h.find(code));
            AreaFrom::Ees {
                level: level.unwrap_or(0),
                national: pair("country_name", "country_code"),
                regional: pair("region_name", "region_code"),
                local: pair("la_name", "new_la_code"),
            }
        } else {
            let columns = (column(&mut h, "area"), column(&mut h, "area_code"));
            if columns == (None, None) {
                AreaFrom::Own
            } else {
                AreaFrom::Cell {
                    columns,
                    mapped: mapped_area,
                }
            }
        };

        let value = column(&mut h, "value");
        let status = column(&mut h, "status");
        if value.is_none() && status.is_none() {
            let help = (preset == Some(Preset::Ees)).then(|| {
                "an EES file is wide: name the column this source reads with `columns = { value = \"...\" }`".to_string()
            });
            let name = |c: &str| header_of(c).unwrap_or_else(|| c.to_string());
            h.missing(format!("`{}` or `{}`", name("value"), name("status")), help);
        }
        let numerator = column(&mut h, "numerator");
        let denominator = column(&mut h, "denominator");
        let lower_ci = column(&mut h, "lower_ci");
        let upper_ci = column(&mut h, "upper_ci");
        let published = column(&mut h, "published");
        let note = column(&mut h, "note");

        let mut filter = Vec::new();
        for f in &source.filter {
            match h.find(&f.column) {
                Some(i) => filter.push(i),
                None => {
                    let at = f.at.clone();
                    h.missing(format!("`{}`, which `where` names", f.column), None);
                    if let (Some(d), Some(at)) = (h.problems.last_mut(), at) {
                        d.help = Some(format!(
                            "{} (the condition is at {at})",
                            d.help.clone().unwrap_or_default()
                        ));
                    }
                }
            }
        }
        // Fingertips mixes whole-area rows with deprivation deciles and
        // other categories: only the whole-area rows are the area's figure.
        let mut preset_filter = Vec::new();
        let category = super::fingertips::CATEGORY_TYPE;
        if preset == Some(Preset::Fingertips)
            && !source
                .filter
                .iter()
                .any(|f| normal(&f.column, true) == normal(category, true))
        {
            if let Some(i) = h.find(category) {
                preset_filter.push((i, ""));
            }
        }

        let mut fill_down = Vec::new();
        for c in &source.fill_down {
            match column(&mut h, c) {
                Some(i) => fill_down.push(i),
                None => h.missing(
                    format!(
                        "`{}`, which `fill_down` names",
                        header_of(c).unwrap_or_else(|| c.clone())
                    ),
                    None,
                ),
            }
        }

        // A header the source names that the file lacks would otherwise be
        // a column quietly not read: an area matched by name only, a
        // publication date lost.
        // In cfp's column order, so that the errors read the same on every
        // run (the plan holds them in a hash map).
        let mut named: Vec<(&String, &String)> = source.columns.iter().collect();
        named.sort_by_key(|(c, _)| {
            (
                super::COLUMNS
                    .iter()
                    .position(|k| k == c)
                    .unwrap_or(usize::MAX),
                c.as_str(),
            )
        });
        for (c, name) in named {
            let reported = match c.as_str() {
                "id" | "period" => true,
                "value" | "status" => value.is_none() && status.is_none(),
                _ => false,
            };
            if !reported && h.find(name).is_none() {
                h.missing(format!("`{name}` (the source's `columns.{c}`)"), None);
            }
        }
        if !h.problems.is_empty() {
            return Err(h.problems);
        }
        let mut m = Mapping {
            source,
            width: names.len(),
            id,
            period,
            area,
            value,
            numerator,
            denominator,
            lower_ci,
            upper_ci,
            published,
            status,
            note,
            filter,
            preset_filter,
            fill_down,
            pad_from: None,
            ees_symbols: preset == Some(Preset::Ees),
        };
        if preset == Some(Preset::Fingertips) {
            m.pad_from = Some(m.used().max().map_or(0, |i| i + 1));
        }
        Ok(m)
    }

    /// Every column the mapping reads.
    pub fn used(&self) -> impl Iterator<Item = usize> + '_ {
        let period = match self.period {
            PeriodFrom::Cell(i) => vec![i],
            PeriodFrom::Fixed => vec![],
            PeriodFrom::Ees { period, identifier } => vec![period, identifier],
        };
        let area: Vec<Option<usize>> = match self.area {
            AreaFrom::Own => vec![],
            AreaFrom::Cell { columns, .. } => vec![columns.0, columns.1],
            AreaFrom::Ees {
                level,
                national,
                regional,
                local,
            } => vec![
                Some(level),
                national.0,
                national.1,
                regional.0,
                regional.1,
                local.0,
                local.1,
            ],
        };
        [
            self.id,
            self.value,
            self.numerator,
            self.denominator,
            self.lower_ci,
            self.upper_ci,
            self.published,
            self.status,
            self.note,
        ]
        .into_iter()
        .chain(area)
        .flatten()
        .chain(period)
        .chain(self.filter.iter().copied())
        .chain(self.preset_filter.iter().map(|(i, _)| *i))
        .chain(self.fill_down.iter().copied())
    }

    /// The one column that says a row's area, when there is one and no
    /// condition comes before it: rows of untracked areas are then dropped
    /// on its raw bytes before anything else is read.
    pub fn area_column(&self) -> Option<usize> {
        match self.area {
            AreaFrom::Cell {
                columns: (Some(name), None),
                ..
            } if self.filter.is_empty() && self.preset_filter.is_empty() => Some(name),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use super::*;
    use crate::plan::Filter;

    /// A source reading `columns` (cfp's name -> the file's header).
    fn source(preset: Option<Preset>, columns: &[(&str, &str)]) -> MeasurementSource {
        MeasurementSource {
            preset,
            columns: columns
                .iter()
                .map(|(c, h)| (c.to_string(), h.to_string()))
                .collect::<HashMap<_, _>>(),
            ..Default::default()
        }
    }

    /// A header row as the reader splits it, located with its excerpt.
    fn header(line: &str) -> (Vec<String>, Location) {
        let names = line.split(',').map(str::to_string).collect();
        (
            names,
            Location::in_text(Path::new("m.csv"), line, 0..line.len()),
        )
    }

    fn map<'s>(source: &'s MeasurementSource, line: &str) -> Mapping<'s> {
        let (names, at) = header(line);
        Mapping::new(source, &names, &at).unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// The problems with a header, as (message, help).
    fn refused(source: &MeasurementSource, line: &str) -> Vec<(String, String)> {
        let (names, at) = header(line);
        match Mapping::new(source, &names, &at) {
            Ok(m) => panic!("mapped: {m:?}"),
            Err(problems) => problems
                .into_iter()
                .map(|d| (d.message, d.help.unwrap_or_default()))
                .collect(),
        }
    }

    #[test]
    fn cfp_own_headers_are_found_in_any_case_with_a_byte_order_mark() {
        let s = source(None, &[]);
        let m = map(&s, "\u{feff}ID, Period ,VALUE,note");
        assert_eq!(
            (m.id, m.value, m.note, m.width),
            (Some(0), Some(2), Some(3), 4)
        );
        assert!(matches!(m.period, PeriodFrom::Cell(1)));
        assert!(
            matches!(m.area, AreaFrom::Own),
            "no area column: the plan's own"
        );
        assert_eq!((m.status, m.numerator, m.pad_from), (None, None, None));
    }

    #[test]
    fn missing_columns_are_named_in_a_fixed_order_with_the_header_found() {
        let problems = refused(&source(None, &[]), "Indicator,When,Figure");
        let messages: Vec<&str> = problems.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing required column `id`",
                "missing required column `period`",
                "missing required column `value` or `status`",
            ]
        );
        let found = "the header has `Indicator`, `When`, `Figure`";
        assert_eq!(
            problems[0].1,
            format!("{found}; map other names with [measurements.columns]")
        );
        assert_eq!(
            problems[1].1,
            format!(
                "{found}; map other names with [measurements.columns], {}",
                "or give every row one period with a source's `period`"
            )
        );
    }

    #[test]
    fn a_header_not_quoted_is_not_listed() {
        let s = source(None, &[]);
        let names = vec!["secret".to_string()];
        let at = Location::at(Path::new("m.csv"), 1, 1);
        let problems = Mapping::new(&s, &names, &at).expect_err("no columns");
        assert_eq!(
            problems[0].help.as_deref(),
            Some("map the file's own headers to cfp's columns with [measurements.columns]")
        );
    }

    #[test]
    fn a_column_alias_reads_the_files_own_header_and_not_cfps() {
        let s = source(None, &[("value", "Rate"), ("period", "Year")]);
        let m = map(&s, "id,Year,value,Rate");
        assert_eq!(m.value, Some(3), "the alias, not the column named value");
        assert!(matches!(m.period, PeriodFrom::Cell(1)));
        let problems = refused(&s, "id,period,value");
        let messages: Vec<&str> = problems.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing required column `Year`",
                "missing required column `Rate` or `status`",
            ]
        );
    }

    #[test]
    fn mapped_headers_the_file_lacks_are_named_in_cfps_column_order() {
        let s = source(
            None,
            &[
                ("note", "Comment"),
                ("published", "Date"),
                ("area", "Place"),
            ],
        );
        let messages: Vec<String> = refused(&s, "id,period,value")
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(
            messages,
            [
                "missing required column `Place` (the source's `columns.area`)",
                "missing required column `Date` (the source's `columns.published`)",
                "missing required column `Comment` (the source's `columns.note`)",
            ]
        );
    }

    #[test]
    fn a_mapped_area_column_makes_an_empty_cell_no_area() {
        let s = source(None, &[("area", "Local Authority")]);
        let m = map(&s, "id,period,Local Authority,value");
        assert!(
            matches!(
                m.area,
                AreaFrom::Cell {
                    columns: (Some(2), None),
                    mapped: true
                }
            ),
            "{:?}",
            m.area
        );
        assert_eq!(m.area_column(), Some(2), "rows can be dropped on it");
        let plain = source(None, &[]);
        let m = map(&plain, "id,period,area,area_code,value");
        assert!(
            matches!(
                m.area,
                AreaFrom::Cell {
                    columns: (Some(2), Some(3)),
                    mapped: false
                }
            ),
            "{:?}",
            m.area
        );
        assert_eq!(m.area_column(), None, "a code decides before the name");
    }

    #[test]
    fn a_header_named_twice_is_refused_with_both_fields() {
        let problems = refused(&source(None, &[]), "id,period,value,Value");
        assert_eq!(
            problems,
            [(
                "the header names `value` twice (fields 3 and 4): cfp cannot tell which to read"
                    .to_string(),
                "rename one of them, or map another with [measurements.columns]".to_string()
            )]
        );
    }

    #[test]
    fn an_empty_file_has_no_header() {
        assert_eq!(
            refused(&source(None, &[]), ""),
            [(
                "the file is empty: it has no header row".to_string(),
                "a measurements file starts with a header such as id,period,value".to_string()
            )]
        );
    }

    #[test]
    fn a_fingertips_export_is_recognised_without_the_preset() {
        for line in [
            "Indicator ID,Indicator Name,Area Name,Time period,Value",
            "Indicator.ID,Indicator.Name,Area.Name,Time.period,Value",
        ] {
            let problems = refused(&source(None, &[]), line);
            assert_eq!(problems[0].0, "missing required column `id`", "{line}");
            assert_eq!(problems[0].1, super::super::fingertips::HINT, "{line}");
        }
    }

    #[test]
    fn the_fingertips_preset_reads_rs_dots_keeps_whole_area_rows_and_pads() {
        let s = source(Some(Preset::Fingertips), &[]);
        let m = map(
            &s,
            "Indicator.ID,Area.Code,Area.Name,Category.Type,Time.period,Value,Lower.CI.95.0.limit,x,y",
        );
        assert_eq!((m.id, m.value, m.lower_ci), (Some(0), Some(5), Some(6)));
        assert!(
            matches!(
                m.area,
                AreaFrom::Cell {
                    columns: (Some(2), Some(1)),
                    mapped: true
                }
            ),
            "{:?}",
            m.area
        );
        assert_eq!(m.preset_filter, [(3, "")], "only rows of no category");
        assert_eq!(m.pad_from, Some(7), "past the last column read");
        let mut own = source(Some(Preset::Fingertips), &[]);
        own.filter.push(Filter {
            column: "Category Type".into(),
            value: "LSOA deciles".into(),
            at: None,
        });
        let m = map(
            &own,
            "Indicator ID,Area Name,Category Type,Time period,Value",
        );
        assert_eq!(m.filter, [2]);
        assert!(
            m.preset_filter.is_empty(),
            "the source's own `where` decides"
        );
    }

    #[test]
    fn an_ees_file_is_recognised_without_the_preset() {
        let problems = refused(
            &source(None, &[]),
            "time_period,time_identifier,geographic_level,la_name,gld",
        );
        assert_eq!(problems[0].0, "missing required column `id`");
        assert!(
            problems[0]
                .1
                .starts_with("this is a DfE Explore Education Statistics file"),
            "{}",
            problems[0].1
        );
    }

    #[test]
    fn the_ees_preset_reads_its_period_and_levels_and_needs_the_value_named() {
        let line = "time_period,time_identifier,geographic_level,country_name,region_name,la_name,new_la_code,gld";
        let mut s = source(Some(Preset::Ees), &[("value", "gld")]);
        s.indicator = Some("gld".into());
        let m = map(&s, line);
        assert!(matches!(
            m.period,
            PeriodFrom::Ees {
                period: 0,
                identifier: 1
            }
        ));
        assert!(
            matches!(
                m.area,
                AreaFrom::Ees {
                    level: 2,
                    national: (Some(3), None),
                    regional: (Some(4), None),
                    local: (Some(5), Some(6))
                }
            ),
            "{:?}",
            m.area
        );
        assert_eq!((m.id, m.value, m.ees_symbols), (None, Some(7), true));
        let unnamed = source(Some(Preset::Ees), &[]);
        let problems = refused(&unnamed, line);
        let messages: Vec<&str> = problems.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing required column `id`",
                "missing required column `value` or `status`",
            ]
        );
        assert_eq!(
            problems[0].1,
            "an EES file has no id column: say which plan id its rows are with `indicator`"
        );
        assert!(
            problems[1].1.starts_with("an EES file is wide"),
            "{}",
            problems[1].1
        );
    }

    #[test]
    fn a_where_or_fill_down_column_the_file_lacks_is_named_with_its_place() {
        let mut s = source(None, &[]);
        s.filter.push(Filter {
            column: "Sex".into(),
            value: "Persons".into(),
            at: Some(Location::at(Path::new("cfp.toml"), 12, 9)),
        });
        s.fill_down.push("area".into());
        let problems = refused(&s, "id,period,value");
        assert_eq!(
            problems,
            [
                (
                    "missing required column `Sex`, which `where` names".to_string(),
                    concat!(
                        "the header has `id`, `period`, `value`; map other names with ",
                        "[measurements.columns] (the condition is at cfp.toml:12:9)"
                    )
                    .to_string()
                ),
                (
                    "missing required column `area`, which `fill_down` names".to_string(),
                    "the header has `id`, `period`, `value`; map other names with [measurements.columns]"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_source_with_one_period_and_one_indicator_needs_neither_column() {
        let mut s = source(None, &[]);
        s.period = Some("2024/25".into());
        s.indicator = Some("gld".into());
        let m = map(&s, "status");
        assert!(matches!(m.period, PeriodFrom::Fixed));
        assert_eq!((m.id, m.status, m.value), (None, Some(0), None));
    }
}
