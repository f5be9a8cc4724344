//! `cfp league`: the plan rated for every area the files hold at its
//! area's level. The files are read once as the plan says, which names
//! the areas they hold; then again with every one of them tracked, so
//! that each area's series is read as the plan's own would be.

use crate::context::{Context, Format};
use crate::eval::Rag;
use crate::measure::{self, same_level, Area};
use crate::plan::Plan;
use crate::report::league::{League, LeagueFilter};
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these indicators (ids; repeat or comma-separate)
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub indicator: Vec<String>,

    /// Only these ratings: blue, green, amber, red, grey
    #[arg(long, value_delimiter = ',', value_name = "RAG", value_parser = super::status::parse_rag)]
    pub rag: Vec<Rag>,

    /// Only areas significantly worse than England and getting
    /// significantly worse (red-red)
    #[arg(long)]
    pub red_red: bool,

    /// Only the plan area and the areas of this comparator group (its
    /// statistical neighbours), rather than every area at its level
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,

    // `--area`: the league marks that area as the plan's own.
    #[command(flatten)]
    pub rated: super::RatedArea,
}

/// The most areas a league tracks: `Area::Member` counts them in 16 bits.
const MOST: usize = u16::MAX as usize;

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    for id in &args.indicator {
        if !loaded.plan.indicators.iter().any(|i| &i.id == id) {
            let hint =
                crate::diag::did_you_mean(id, loaded.plan.indicators.iter().map(|i| i.id.as_str()))
                    .map(|d| format!("; {d}"))
                    .unwrap_or_default();
            anyhow::bail!("the plan has no indicator `{id}`{hint}");
        }
    }
    let filter = LeagueFilter {
        indicators: args.indicator.clone(),
        rags: args.rag.clone(),
        red_red: args.red_red,
    };
    if let Some(group) = &args.group {
        return group_league(ctx, loaded, group, &filter);
    }
    let own_level = loaded.measurements.levels.first().cloned().flatten();
    let everyone = every_area(&loaded.plan, &loaded.measurements);
    let reading = measure::read(&everyone);
    let first = 1 + everyone.comparators.len() + everyone.footprints().count();
    let mut areas = vec![(everyone.area.clone(), Area::Own)];
    for (k, name) in everyone.members.iter().enumerate() {
        let level = reading
            .measurements
            .levels
            .get(first + k)
            .cloned()
            .flatten();
        let at_level = match (&own_level, &level) {
            (Some(own), Some(theirs)) => same_level(own, theirs),
            (Some(_), None) => false,
            (None, _) => true,
        };
        if at_level {
            areas.push((name.clone(), Area::Member(k as u16)));
        }
    }
    let league = League::of(
        &loaded.plan,
        reading.measurements,
        ctx.as_of,
        &areas,
        own_level.map(String::from),
        &filter,
    );
    super::emit_report(ctx, &Report::League(league), Format::Table)?;
    Ok(super::Outcome::Done)
}

/// A league of the plan's area and one of its comparator groups: the
/// group's areas are read already, as that comparator's, so the files are
/// read once.
fn group_league(
    ctx: &Context,
    loaded: super::Loaded,
    group: &str,
    filter: &LeagueFilter,
) -> anyhow::Result<super::Outcome> {
    let plan = &loaded.plan;
    let Some((name, members)) = plan
        .groups
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(group))
    else {
        let names: Vec<String> = plan.groups.iter().map(|(n, _)| format!("`{n}`")).collect();
        anyhow::bail!(
            "the plan has no comparator group `{group}`{}",
            if names.is_empty() {
                " (it has none: see [plan] groups)".to_string()
            } else {
                format!("; its groups are {}", names.join(", "))
            }
        );
    };
    let mut areas = vec![(plan.area.clone(), Area::Own)];
    for area in members {
        if let Some(k) = plan.members.iter().position(|m| m == area) {
            areas.push((area.clone(), Area::Member(k as u16)));
        }
    }
    let mut league = League::of(plan, loaded.measurements, ctx.as_of, &areas, None, filter);
    league.group = Some(name.clone());
    super::emit_report(ctx, &Report::League(league), Format::Table)?;
    Ok(super::Outcome::Done)
}

/// The plan with every area its files hold tracked, beside its own area
/// and comparators: as areas of its groups are, each its own series.
fn every_area(plan: &Plan, m: &measure::Measurements) -> Plan {
    let mut everyone = plan.clone();
    for name in &m.other_areas {
        if everyone.members.len() >= MOST {
            break;
        }
        if !everyone.members.contains(name) {
            everyone.members.push(name.clone());
        }
    }
    everyone
}
