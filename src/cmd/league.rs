//! `cfp league`: the plan rated for every area the files hold at its
//! area's level. The files are read once: the plan's own area, its
//! comparators and groups' areas as every command reads them, and every
//! other area as a peer, its figures kept as a rating reads them.

use crate::context::{Context, Format};
use crate::eval::Rag;
use crate::measure::{same_level, Area, PeerAreas};
use crate::plan::Plan;
use crate::render::csv::CsvRows;
use crate::report::league::{
    cells, rate_each, Asked, League, LeagueArea, LeagueFilter, Ranked, Spent, COLUMNS,
};
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

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let filter = LeagueFilter {
        indicators: args.indicator.clone(),
        rags: args.rag.clone(),
        red_red: args.red_red,
    };
    if let Some(group) = &args.group {
        let loaded = super::load(ctx)?;
        super::print_warnings(ctx, &loaded.warnings);
        known_indicators(&loaded.plan, &args.indicator)?;
        return group_league(ctx, loaded, group, &filter);
    }
    // One read: every area the plan does not track is read as a peer.
    let loaded = super::load_with(ctx, PeerAreas::Every)?;
    super::print_warnings(ctx, &loaded.warnings);
    known_indicators(&loaded.plan, &args.indicator)?;
    let (plan, m) = (&loaded.plan, &loaded.measurements);
    // With no level named, every area the files hold is in the league.
    let own_level = m.own_level();
    let mut areas: Vec<(std::sync::Arc<str>, LeagueArea)> =
        vec![(plan.area.as_str().into(), LeagueArea::Tracked(Area::Own))];
    // A group's areas are tracked already, each its own series.
    for (k, name) in plan.members.iter().enumerate() {
        let area = Area::Member(k as u16);
        let level = m.level_of(plan, area);
        if own_level.is_none_or(|own| level.is_some_and(|l| same_level(own, l))) {
            areas.push((name.as_str().into(), LeagueArea::Tracked(area)));
        }
    }
    for (k, name) in m.peers.names.iter().enumerate() {
        if own_level.is_none_or(|own| m.peers.at_level(k, own).is_some()) {
            areas.push((name.as_str().into(), LeagueArea::Peer(k as u32)));
        }
    }
    let own_level = own_level.map(String::from);
    let plan = loaded.plan;
    if ctx.format.unwrap_or(Format::Table) == Format::Csv {
        // Written as each indicator is rated: a national league is 300,000
        // rows, held a few indicators at a time.
        super::emit(ctx, |out| {
            CsvRows::new(COLUMNS, out).finish()?;
            // Each indicator's rows are made CSV on the thread that rated
            // them; the writer only writes.
            let render = |ranked: Ranked, _, spare: Option<std::io::Result<Vec<u8>>>| {
                // A league row is some 250 bytes of CSV; a buffer of this
                // thread's that the writer has handed back is used again.
                let mut bytes = spare.and_then(Result::ok).unwrap_or_default();
                bytes.clear();
                bytes.reserve(ranked.iter().len() * 256);
                let mut csv = CsvRows::bytes(&mut bytes);
                ranked.iter().try_for_each(|r| csv.row(&cells(r)))?;
                csv.finish()?;
                Ok(bytes)
            };
            let asked = Asked {
                as_of: ctx.as_of,
                areas: &areas,
                filter: &filter,
            };
            let held = rate_each(
                &plan,
                loaded.measurements,
                asked,
                Spent::Hold,
                render,
                |bytes: &mut std::io::Result<Vec<u8>>| match bytes {
                    Ok(bytes) => out.write_all(bytes),
                    // Taken whole, as it came.
                    Err(_) => std::mem::replace(bytes, Ok(Vec::new())).map(drop),
                },
            )?;
            // The process ends next (see below).
            std::mem::forget(held);
            Ok(())
        })?;
        return Ok(super::Outcome::Done);
    }
    let league = League::of(
        &plan,
        loaded.measurements,
        ctx.as_of,
        &areas,
        own_level,
        &filter,
    );
    let report = Report::League(league);
    super::emit_report(ctx, &report, Format::Table)?;
    // The process ends next: freeing 300,000 rated rows one by one would
    // take half a second on one core (docs/performance.md).
    std::mem::forget(report);
    Ok(super::Outcome::Done)
}

/// Refuses an `--indicator` the plan does not have.
fn known_indicators(plan: &Plan, ids: &[String]) -> anyhow::Result<()> {
    for id in ids {
        if !plan.indicators.iter().any(|i| *i.id == **id) {
            let hint = crate::diag::did_you_mean(id, plan.indicators.iter().map(|i| i.id.as_ref()))
                .map(|d| format!("; {d}"))
                .unwrap_or_default();
            anyhow::bail!("the plan has no indicator `{id}`{hint}");
        }
    }
    Ok(())
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
    let mut areas: Vec<(std::sync::Arc<str>, LeagueArea)> =
        vec![(plan.area.as_str().into(), LeagueArea::Tracked(Area::Own))];
    for area in members {
        if let Some(k) = plan.members.iter().position(|m| m == area) {
            areas.push((
                area.as_str().into(),
                LeagueArea::Tracked(Area::Member(k as u16)),
            ));
        }
    }
    let mut league = League::of(plan, loaded.measurements, ctx.as_of, &areas, None, filter);
    league.group = Some(name.clone());
    super::emit_report(ctx, &Report::League(league), Format::Table)?;
    Ok(super::Outcome::Done)
}
