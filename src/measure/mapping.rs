//! From a file's header to a mapping: which of its columns hold cfp's
//! columns, under a source's `columns`, `where` and preset. CSV files and
//! spreadsheet tables are mapped alike.

use crate::diag::{Code, Diagnostic, Location};
use crate::plan::{MeasurementSource, Preset};

/// Where a row's period comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum PeriodFrom {
    Cell(usize),
    /// The source's `period`, for every row.
    Fixed,
    /// A wide table's header: the block's label (`Mapping::period_label`).
    Melted,
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

/// The columns of a recovery update, each where the file has it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RecoveryColumns {
    pub action: Option<usize>,
    pub cause: Option<usize>,
    pub owner: Option<usize>,
    pub revised_due: Option<usize>,
}

/// One source's reading of one file's header.
#[derive(Debug, Clone)]
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
    /// What a recovery needs: what is being done, why the item is off
    /// track, who owns the recovery, and when it is now expected.
    pub recovery: RecoveryColumns,
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
    /// A wide table (`melt`): one mapping per period's block of columns,
    /// each row read once through each. Empty for a long table.
    pub blocks: Vec<Mapping<'s>>,
    /// A block's period, as its header writes it.
    pub period_label: Option<Box<str>>,
    /// The column naming each row's kind of area, where a publisher's
    /// file has one (Fingertips' `Area Type`, EES's `geographic_level`).
    pub level: Option<usize>,
    /// Else the area code column, whose GSS prefix says the kind.
    pub level_from_code: Option<usize>,
    /// A file whose counts are on other rows (`measure`): the column
    /// naming each row's measure. The counts and limits columns are then
    /// fields past the header's, where a figure row is given its partners'
    /// cells (see `join`).
    pub measure: Option<usize>,
}

/// A header as matched: trimmed, without a byte-order mark, any case, and
/// for Fingertips with R's dots read as spaces.
/// A header as matched: without a byte-order mark, any case, note
/// markers (`[note 6]`) left out and every run of spaces and line breaks
/// one space, as a person types what Excel shows (ONS writes `2021
/// \nCurrent smokers \n%` and `Area code \n[note 6]`); and for
/// Fingertips with R's dots read as spaces.
pub(crate) fn normal(name: &str, dots_are_spaces: bool) -> String {
    let t = super::cell::spoken(name.trim_start_matches('\u{feff}')).to_lowercase();
    if dots_are_spaces {
        t.replace('.', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        t
    }
}

pub(crate) use super::cell::shown;

const EES_VALUE_HELP: &str = "an EES file is wide: name the column this source reads with \
                              `columns = { value = \"...\" }`";

/// A header being mapped for a source, with the problems found so far.
struct Header<'a> {
    source: &'a MeasurementSource,
    preset: Option<Preset>,
    names: &'a [String],
    normal: Vec<String>,
    dots: bool,
    /// The source names no preset.
    plain: bool,
    at: &'a Location,
    problems: Vec<Diagnostic>,
    /// A wide table's first period block: where its melted columns are
    /// looked for when the header is checked.
    first_block: Option<super::melt::Block>,
}

impl<'a> Header<'a> {
    fn new(source: &'a MeasurementSource, names: &'a [String], at: &'a Location) -> Self {
        let preset = source.preset;
        let dots = preset == Some(Preset::Fingertips);
        Self {
            source,
            preset,
            names,
            normal: names.iter().map(|n| normal(n, dots)).collect(),
            dots,
            plain: preset.is_none(),
            at,
            problems: Vec::new(),
            first_block: None,
        }
    }

    /// A publisher's layout recognised in a header read without a preset:
    /// a newcomer is pointed at the preset rather than at mapping every
    /// column by hand.
    fn publisher(&self) -> Option<&'static str> {
        let has = |name: &str| self.normal.iter().any(|h| h.replace('.', " ") == name);
        if !self.plain {
            None
        } else if has("time_identifier") && has("geographic_level") {
            Some(
                "this is a DfE Explore Education Statistics file: read it with \
                 `preset = \"ees\"` in a [[measurements.source]] (see docs/sources.md)",
            )
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
                    Code::BadHeader,
                    Some(self.at.clone()),
                    format!(
                        "the header names `{name}` twice (fields \
                         {} and {}): cfp cannot tell which to read",
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
            .map(|n| format!("`{}`", shown(n)))
            .collect::<Vec<_>>()
            .join(", ");
        // A header is listed only where it may be quoted (see the reader's
        // rule for files outside the plan's folder).
        let help = help.unwrap_or_else(|| match (self.publisher(), &self.at.excerpt) {
            (Some(hint), _) => hint.to_string(),
            (None, Some(_)) => {
                let near = self
                    .nearest(&what)
                    .map(|h| format!("did you mean `{}`? ", shown(h)))
                    .unwrap_or_default();
                format!("{near}the header has {found}; map other names with [measurements.columns]")
            }
            (None, None) => {
                "map the file's own headers to cfp's columns with [measurements.columns]"
                    .to_string()
            }
        });
        self.problems.push(
            Diagnostic::error(
                Code::MissingColumn,
                Some(self.at.clone()),
                format!("missing required column {what}"),
            )
            .with_help(help),
        );
    }
}

impl Header<'_> {
    /// The file's header nearest to one of the names `what` quotes (each
    /// between backticks), compared as headers match, when it is within a
    /// slip of the keys: a header typed almost as the file spells it.
    fn nearest(&self, what: &str) -> Option<&str> {
        let wanted: Vec<String> = what
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|w| normal(w, self.dots))
            .collect();
        let mut best: Option<(usize, &str)> = None;
        for (name, norm) in self.names.iter().zip(&self.normal) {
            for w in &wanted {
                let distance = strsim::levenshtein(w, norm);
                let slip = (w.chars().count() / 5).max(2);
                if distance > 0 && distance <= slip && best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, name.as_str()));
                }
            }
        }
        best.map(|(_, name)| name)
    }

    /// The header a cfp column is read from: the source's mapping, else
    /// the preset's, else cfp's own name (none for EES, whose files are
    /// wide: its value and counts are always mapped).
    fn header_of(&self, column: &str) -> Option<String> {
        if let Some(mapped) = self.source.columns.get(column) {
            return Some(mapped.clone());
        }
        match self.preset {
            Some(Preset::Fingertips) => super::fingertips::column(column).map(str::to_string),
            Some(Preset::Ees) => None,
            None => Some(column.to_string()),
        }
    }

    /// The header a cfp column is read from, as messages name it.
    fn header_name(&self, column: &str) -> String {
        self.header_of(column).unwrap_or_else(|| column.to_string())
    }

    /// The field a cfp column is in, if the header has it.
    fn column(&mut self, column: &str) -> Option<usize> {
        if let Some(block) = &self.first_block {
            if let Some((_, field)) = block.columns.iter().find(|(c, _)| c == column) {
                return *field;
            }
        }
        self.header_of(column).and_then(|n| self.find(&n))
    }

    /// The id column, unless the source's `indicator` says every row's id.
    fn id(&mut self) -> Option<usize> {
        if self.source.indicator.is_some() {
            return None;
        }
        let id = self.column("id");
        if id.is_none() {
            let help = (self.preset == Some(Preset::Ees)).then(|| {
                "an EES file has no id column: say which plan id its rows are with `indicator`"
                    .to_string()
            });
            self.missing(format!("`{}`", self.header_name("id")), help);
        }
        id
    }

    /// Where a row's period is: the source's one `period`, EES's pair of
    /// columns, or a period column.
    fn period(&mut self) -> PeriodFrom {
        if self.source.period.is_some() {
            return PeriodFrom::Fixed;
        }
        if !self.source.melt.is_empty() {
            return PeriodFrom::Melted;
        }
        if self.preset == Some(Preset::Ees) && !self.source.columns.contains_key("period") {
            let period = self.find("time_period");
            let identifier = self.find("time_identifier");
            if period.is_none() {
                self.missing("`time_period`".into(), None);
            }
            if identifier.is_none() {
                self.missing("`time_identifier`".into(), None);
            }
            return PeriodFrom::Ees {
                period: period.unwrap_or(0),
                identifier: identifier.unwrap_or(0),
            };
        }
        if let Some(i) = self.column("period") {
            return PeriodFrom::Cell(i);
        }
        self.missing(format!("`{}`", self.header_name("period")), None);
        if let Some(help) = self.problems.last_mut().and_then(|d| d.help.as_mut()) {
            help.push_str(", or give every row one period with a source's `period`");
        }
        PeriodFrom::Fixed
    }

    /// Where a row's area is: EES's level and its name and code columns,
    /// an area column, or none (every row is the plan's own area).
    fn area(&mut self) -> AreaFrom {
        let columns = &self.source.columns;
        if self.preset == Some(Preset::Ees) && !columns.contains_key("area") {
            let level = self.find("geographic_level");
            if level.is_none() {
                self.missing("`geographic_level`".into(), None);
            }
            let mut pair = |name: &str, code: &str| (self.find(name), self.find(code));
            return AreaFrom::Ees {
                level: level.unwrap_or(0),
                national: pair("country_name", "country_code"),
                regional: pair("region_name", "region_code"),
                local: pair("la_name", "new_la_code"),
            };
        }
        let mapped = columns.contains_key("area")
            || columns.contains_key("area_code")
            || self.preset.is_some();
        match (self.column("area"), self.column("area_code")) {
            (None, None) => AreaFrom::Own,
            columns => AreaFrom::Cell { columns, mapped },
        }
    }

    /// The value and status columns: a file has one or both.
    fn value_and_status(&mut self) -> (Option<usize>, Option<usize>) {
        let value = self.column("value");
        let status = self.column("status");
        if value.is_none() && status.is_none() {
            let help = (self.preset == Some(Preset::Ees)).then(|| EES_VALUE_HELP.to_string());
            let names = format!(
                "`{}` or `{}`",
                self.header_name("value"),
                self.header_name("status")
            );
            self.missing(names, help);
        }
        (value, status)
    }

    /// The column of each of the source's `where` conditions.
    fn filter(&mut self) -> Vec<usize> {
        let mut filter = Vec::new();
        for f in &self.source.filter {
            match self.find(&f.column) {
                Some(i) => filter.push(i),
                None => {
                    self.missing(format!("`{}`, which `where` names", f.column), None);
                    if let (Some(d), Some(at)) = (self.problems.last_mut(), &f.at) {
                        d.help = Some(format!(
                            "{} (the condition is at {at})",
                            d.help.clone().unwrap_or_default()
                        ));
                    }
                }
            }
        }
        filter
    }

    /// Fingertips mixes whole-area rows with deprivation deciles and
    /// other categories: only the whole-area rows are the area's figure,
    /// unless the source's own `where` picks a category.
    fn preset_filter(&mut self) -> Vec<(usize, &'static str)> {
        let category = super::fingertips::CATEGORY_TYPE;
        let chosen = self
            .source
            .filter
            .iter()
            .any(|f| normal(&f.column, true) == normal(category, true));
        if self.preset != Some(Preset::Fingertips) || chosen {
            return Vec::new();
        }
        self.find(category).map(|i| (i, "")).into_iter().collect()
    }

    fn fill_down(&mut self) -> Vec<usize> {
        let mut fill_down = Vec::new();
        for c in &self.source.fill_down {
            match self.column(c) {
                Some(i) => fill_down.push(i),
                None => {
                    let name = self.header_of(c).unwrap_or_else(|| c.clone());
                    self.missing(format!("`{name}`, which `fill_down` names"), None);
                }
            }
        }
        fill_down
    }

    /// A header the source names that the file lacks would otherwise be a
    /// column quietly not read: an area matched by name only, a
    /// publication date lost. Said in cfp's column order, so that the
    /// errors read the same on every run (the plan holds them in a hash
    /// map); those said already as required are not said again.
    fn mapped_headers(&mut self, value_or_status: bool) {
        let mut named: Vec<(&String, &String)> = self.source.columns.iter().collect();
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
                "value" | "status" => !value_or_status,
                _ => false,
            };
            if !reported && self.find(name).is_none() {
                self.missing(format!("`{name}` (the source's `columns.{c}`)"), None);
            }
        }
    }
}

impl<'s> Mapping<'s> {
    /// Maps a header, or says every column the source needs and the file
    /// lacks. `at` locates the header row.
    pub(super) fn new(
        source: &'s MeasurementSource,
        names: &[String],
        at: &Location,
    ) -> Result<Self, Vec<Diagnostic>> {
        if names.iter().all(String::is_empty) {
            return Err(vec![Diagnostic::error(
                Code::EmptyFile,
                Some(at.clone()),
                "the file is empty: it has no header row",
            )
            .with_help(
                "a measurements file starts with a header such as id,period,value",
            )]);
        }
        let mut h = Header::new(source, names, at);
        let blocks = if source.melt.is_empty() {
            Vec::new()
        } else {
            super::melt::blocks(&source.melt, names, at)?
        };
        h.first_block = blocks.first().cloned();
        // Each in this order, so that the problems are said in it.
        let id = h.id();
        let period = h.period();
        let area = h.area();
        let (value, status) = h.value_and_status();
        let numerator = h.column("numerator");
        let denominator = h.column("denominator");
        let lower_ci = h.column("lower_ci");
        let upper_ci = h.column("upper_ci");
        let published = h.column("published");
        let note = h.column("note");
        let recovery = RecoveryColumns {
            action: h.column("action"),
            cause: h.column("cause"),
            owner: h.column("owner"),
            revised_due: h.column("revised_due"),
        };
        let filter = h.filter();
        let preset_filter = h.preset_filter();
        let fill_down = h.fill_down();
        h.mapped_headers(value.is_some() || status.is_some());
        let measure_column = source.measure.as_ref().and_then(|measure| {
            let found = h.find(&measure.column);
            if found.is_none() {
                h.missing(format!("`{}`, which `measure` names", measure.column), None);
            }
            found
        });
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
            recovery,
            filter,
            preset_filter,
            fill_down,
            pad_from: None,
            ees_symbols: source.preset == Some(Preset::Ees),
            blocks: Vec::new(),
            period_label: None,
            measure: None,
            level: None,
            level_from_code: None,
        };
        m.find_level(names);
        if let Some(measure) = &source.measure {
            m.joined(measure, measure_column, names.len());
        }
        if source.preset == Some(Preset::Fingertips) {
            m.pad_from = Some(m.used().max().map_or(0, |i| i + 1));
        }
        m.blocks = blocks.into_iter().map(|b| m.block(b)).collect();
        Ok(m)
    }

    /// Where a row says its kind of area: EES's level column, Fingertips'
    /// `Area Type`, or else an area code's GSS prefix.
    fn find_level(&mut self, names: &[String]) {
        self.level = match (self.source.preset, self.area) {
            (_, AreaFrom::Ees { level, .. }) => Some(level),
            (Some(Preset::Fingertips), _) => names
                .iter()
                .position(|n| normal(n, true) == normal(super::fingertips::AREA_TYPE, true)),
            _ => None,
        };
        if let (
            None,
            AreaFrom::Cell {
                columns: (_, code), ..
            },
        ) = (self.level, self.area)
        {
            self.level_from_code = code;
        }
    }

    /// A `measure` source's mapping: its counts and limits read from the
    /// fields a figure row's partners fill, one past the header per role.
    fn joined(&mut self, measure: &crate::plan::MeasureRows, column: Option<usize>, width: usize) {
        self.measure = column;
        // A role `measure` does not name keeps a column the file has.
        for (k, role) in crate::plan::MEASURE_ROLES[1..].iter().enumerate() {
            if measure.value_of(role).is_none() {
                continue;
            }
            let slot = match *role {
                "numerator" => &mut self.numerator,
                "denominator" => &mut self.denominator,
                "lower_ci" => &mut self.lower_ci,
                _ => &mut self.upper_ci,
            };
            *slot = Some(width + k);
        }
    }

    /// The fields that say which figure a row is about: its id, area,
    /// period and the columns `where` reads. A `measure` source joins rows
    /// that agree on all of them.
    pub(super) fn keys(&self) -> Vec<usize> {
        let period = match self.period {
            PeriodFrom::Cell(i) => vec![i],
            PeriodFrom::Fixed | PeriodFrom::Melted => vec![],
            PeriodFrom::Ees { period, identifier } => vec![period, identifier],
        };
        let area = match self.area {
            AreaFrom::Own => vec![],
            AreaFrom::Cell { columns, .. } => {
                [columns.0, columns.1].into_iter().flatten().collect()
            }
            AreaFrom::Ees {
                level,
                national,
                regional,
                local,
            } => [national, regional, local]
                .into_iter()
                .flat_map(|(a, b)| [a, b])
                .flatten()
                .chain([level])
                .collect(),
        };
        self.id
            .into_iter()
            .chain(area)
            .chain(period)
            .chain(self.filter.iter().copied())
            .chain(self.preset_filter.iter().map(|(i, _)| *i))
            .collect()
    }

    /// The mapping of one period's block of a wide table.
    fn block(&self, block: super::melt::Block) -> Self {
        let mut m = self.clone();
        for (column, field) in block.columns {
            let slot = match column.as_str() {
                "value" => &mut m.value,
                "status" => &mut m.status,
                "numerator" => &mut m.numerator,
                "denominator" => &mut m.denominator,
                "lower_ci" => &mut m.lower_ci,
                "upper_ci" => &mut m.upper_ci,
                "note" => &mut m.note,
                _ => continue,
            };
            *slot = field;
        }
        m.period_label = Some(block.label);
        m
    }

    /// Every column the mapping reads.
    pub(super) fn used(&self) -> impl Iterator<Item = usize> + '_ {
        let period = match self.period {
            PeriodFrom::Cell(i) => vec![i],
            PeriodFrom::Fixed | PeriodFrom::Melted => vec![],
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
        let width = self.width;
        [
            self.id,
            self.value,
            self.numerator,
            self.denominator,
            self.lower_ci,
            self.upper_ci,
            self.measure,
            self.published,
            self.status,
            self.note,
            self.recovery.action,
            self.recovery.cause,
            self.recovery.owner,
            self.recovery.revised_due,
        ]
        .into_iter()
        .chain(area)
        .flatten()
        .chain(period)
        .chain(self.filter.iter().copied())
        .chain(self.preset_filter.iter().map(|(i, _)| *i))
        .chain(self.fill_down.iter().copied())
        .filter(move |&i| i < width)
        .chain(self.blocks.iter().flat_map(|b| {
            [b.value, b.status, b.numerator, b.denominator]
                .into_iter()
                .chain([b.lower_ci, b.upper_ci, b.note])
                .flatten()
        }))
    }

    /// The one column that says a row's area, when there is one and no
    /// condition comes before it: rows of untracked areas are then dropped
    /// on its raw bytes before anything else is read.
    pub(super) fn area_column(&self) -> Option<usize> {
        match self.area {
            AreaFrom::Cell {
                columns: (Some(name), None),
                ..
            } if self.filter.is_empty()
                && self.preset_filter.is_empty()
                && self.blocks.is_empty()
                && self.measure.is_none() =>
            {
                Some(name)
            }
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
    fn headers_match_as_people_type_them() {
        // ONS writes line breaks, doubled spaces and note markers into its
        // headers; Excel shows them as spaces, and that is what is typed.
        assert_eq!(
            normal("2021 \nCurrent smokers \n%", false),
            normal("2021 Current smokers %", false)
        );
        assert_eq!(
            normal("Local Authority Code \n[note 6]\n[note 19]", false),
            "local authority code"
        );
        assert_eq!(
            normal("2021  \nWeighted count", false),
            "2021 weighted count"
        );
        assert_eq!(normal("Value [Note 3]", false), "value");
        assert_eq!(normal("\u{feff} ID ", false), "id");
        // A bracket that is no note marker is kept.
        assert_eq!(normal("Rate [per 1,000]", false), "rate [per 1,000]");
        assert_eq!(shown("2021 \nCurrent smokers"), "2021 \\nCurrent smokers");
    }

    #[test]
    fn a_header_typed_almost_as_the_file_spells_it_is_named() {
        let problems = refused(
            &source(None, &[("period", "Time period"), ("value", "Value")]),
            "id,Time periods,Valeu,Note",
        );
        let helps: Vec<&str> = problems.iter().map(|(_, h)| h.as_str()).collect();
        assert!(
            helps
                .iter()
                .any(|h| h.starts_with("did you mean `Time periods`?")),
            "{helps:?}"
        );
        assert!(
            helps.iter().any(|h| h.starts_with("did you mean `Valeu`?")),
            "{helps:?}"
        );
        // Nothing near: only the file's headers.
        let far = refused(&source(None, &[("value", "Count")]), "id,period,Figure");
        assert!(
            far.iter().all(|(_, h)| !h.contains("did you mean")),
            "{far:?}"
        );
    }

    #[test]
    fn a_loose_match_of_two_headers_is_refused_naming_both() {
        let problems = refused(&source(None, &[]), "id,period,value,Value [note 1]");
        assert!(
            problems
                .iter()
                .any(|(m, _)| m.contains("names `value` twice (fields 3 and 4)")),
            "{problems:?}"
        );
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
        let header = concat!(
            "Indicator.ID,Area.Code,Area.Name,Category.Type,",
            "Time.period,Value,Lower.CI.95.0.limit,x,y"
        );
        let m = map(&s, header);
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
            values: vec!["LSOA deciles".into()],
            exclude: false,
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
        let line = concat!(
            "time_period,time_identifier,geographic_level,",
            "country_name,region_name,la_name,new_la_code,gld"
        );
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
            values: vec!["Persons".into()],
            exclude: false,
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
                    "the header has `id`, `period`, `value`; \
                     map other names with [measurements.columns]"
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
