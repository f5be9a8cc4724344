//! `cfp league`: one plan's indicators rated for every area the files
//! hold at the plan area's level, each with its national rank and
//! quartile, its benchmark against England as tested today, its recent
//! trend, and the red-red flag (significantly worse than England and a
//! significant recent trend getting worse), as fingertipsR's
//! `fingertips_redred` lists them.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender, SyncSender};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::columns::{Cell, Table};
use crate::eval::analysis::interval;
use crate::eval::{
    extend_visible, rate_visible, visible_series, Comparison, Rag, Standing, StatusRow,
};
use crate::measure::{Area, Measurements, Observation, PeerFigure, Stamps, When};
use crate::plan::{Indicator, Plan, Polarity, Unit};
use crate::stats::funnel::{self, AreaCounts, RateArea, RateType};
use crate::stats::trend::TrendLabel;
use crate::stats::Interval;

/// The comparator a league benchmarks against and red-red reads: the one
/// named England, else none (a regional plan says so).
const NATIONAL: &str = "England";

/// One area rated on one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct LeagueRow {
    /// Shared with every other indicator's row of the area.
    pub area: Arc<str>,
    /// The plan's own area, highlighted in every view.
    pub own: bool,
    #[serde(flatten)]
    pub rating: StatusRow,
    /// Competition rank among the areas with a figure for the league's
    /// period, 1 best by polarity; none for counts, for polarity `none`'s
    /// grades, and for an area whose latest figure is older.
    pub rank: Option<usize>,
    pub of: Option<usize>,
    pub quartile: Option<usize>,
    /// Significantly worse than England, and a significant recent trend
    /// getting worse.
    pub red_red: bool,
    /// The rated figure's 95% interval, published or computed.
    pub interval: Option<Interval>,
    /// Its counts, where the file gives them: what a funnel plots.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Where it falls against the indicator's funnel, in
    /// PHEindicatormethods' words (`High (0.001)`), where there is one.
    pub funnel: Option<&'static str>,
}

impl LeagueRow {
    /// The benchmark against England, when the plan compares with it.
    pub fn national(&self) -> Option<&Comparison> {
        self.rating
            .benchmark
            .iter()
            .find(|c| c.comparator.eq_ignore_ascii_case(NATIONAL))
    }
}

/// Every area on every indicator, indicator by indicator in plan order,
/// best rank first.
#[derive(Debug, Clone, Serialize)]
pub struct League {
    /// The plan, for a workbook's cover.
    #[serde(skip)]
    pub plan: super::status::PlanSummary,
    pub title: String,
    pub as_of: NaiveDate,
    /// The plan's own area.
    pub area: String,
    /// The level the areas are at, as the files name it (`County & UA`),
    /// when they name one.
    pub level: Option<String>,
    /// The comparator group the league is of (`--group`), rather than
    /// every area at the plan area's level.
    pub group: Option<String>,
    /// How many areas the league holds.
    pub areas: usize,
    /// Whether the plan compares with England, which red-red needs.
    pub national: bool,
    pub rows: Vec<LeagueRow>,
    /// Per indicator with one: the funnel its areas are plotted in.
    pub funnels: Vec<Funnel>,
}

/// A funnel plot's limits for one indicator: figure against denominator,
/// centred on the plotted areas' pooled figure, at 95% and 99.8%, as
/// PHEindicatormethods' `calculate_funnel_limits` computes them.
#[derive(Debug, Clone, Serialize)]
pub struct Funnel {
    pub id: String,
    /// `proportion` (a percentage, its limits from Wilson's interval) or
    /// `rate` (per `per`, Poisson).
    pub statistic: &'static str,
    /// The pooled figure, the centre line.
    pub centre: f64,
    /// Each limit as points of (denominator, figure), smallest first.
    pub lower_95: Vec<(f64, f64)>,
    pub upper_95: Vec<(f64, f64)>,
    pub lower_998: Vec<(f64, f64)>,
    pub upper_998: Vec<(f64, f64)>,
}

/// What a league rates: each of `areas` (the plan's own first, then
/// others, each by the series it was read as or as a peer) on the plan's
/// indicators as of a day, the rows `filter` keeps.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub as_of: NaiveDate,
    pub areas: &'a [(Arc<str>, LeagueArea)],
    pub filter: &'a LeagueFilter,
}

/// Which rows to keep.
#[derive(Debug, Clone, Default)]
pub struct LeagueFilter {
    pub indicators: Vec<String>,
    pub rags: Vec<Rag>,
    pub red_red: bool,
}

impl LeagueFilter {
    /// Whether the indicator `id` is in the league at all.
    fn rates(&self, id: &str) -> bool {
        self.indicators.is_empty() || self.indicators.iter().any(|i| i == id)
    }

    fn keeps(&self, row: &LeagueRow) -> bool {
        self.rates(&row.rating.id)
            && (self.rags.is_empty() || self.rags.contains(&row.rating.rag))
            && (!self.red_red || row.red_red)
    }
}

impl League {
    /// Rates every indicator for each of `areas` (the plan's own first,
    /// then others, each by the series it was read as or as a peer),
    /// ranked, filtered.
    pub fn of(
        plan: &Plan,
        m: Measurements,
        as_of: NaiveDate,
        areas: &[(Arc<str>, LeagueArea)],
        level: Option<String>,
        filter: &LeagueFilter,
    ) -> League {
        let (mut rows, mut funnels) = (Vec::new(), Vec::new());
        let asked = Asked {
            as_of,
            areas,
            filter,
        };
        let rated = rate_each(
            plan,
            m,
            asked,
            Spent::Free,
            |ranked: Ranked, funnel, _| (ranked.into_rows(), funnel),
            |(section, funnel)| {
                rows.append(section);
                funnels.extend(funnel.take());
                Ok(())
            },
        );
        // Collecting never fails.
        debug_assert!(rated.is_ok());
        League {
            plan: super::status::PlanSummary::of(plan),
            title: plan.title.clone(),
            as_of,
            area: plan.area.clone(),
            level,
            group: None,
            areas: areas.len(),
            national: plan
                .comparators
                .iter()
                .any(|c| c.eq_ignore_ascii_case(NATIONAL)),
            rows,
            funnels,
        }
    }

    /// One table per indicator, in plan order: a workbook's sheets.
    pub(crate) fn by_indicator(&self) -> Vec<(&str, &str, Table<'_>)> {
        self.sections()
            .map(|rows| {
                let first = &rows[0].rating;
                let table = Table {
                    name: "league",
                    header: COLUMNS,
                    rows: rows.iter().map(|r| Vec::from(cells(r))).collect(),
                };
                (first.id.as_ref(), first.title.as_ref(), table)
            })
            .collect()
    }

    /// The rows indicator by indicator, each run in plan order.
    pub(crate) fn sections(&self) -> impl Iterator<Item = &[LeagueRow]> {
        self.rows.chunk_by(|a, b| a.rating.id == b.rating.id)
    }

    /// Of one indicator's rows, where some are ranked, those that are not,
    /// said with their names (up to five) and why: the areas with no data,
    /// and those whose latest figure is of another period than the ranked
    /// ones' (Bournemouth and Poole's, before they merged). A reader
    /// counting the areas in the heading against the ranks' "of" then knows
    /// which are left out. Where none is ranked (a plan area alone in its
    /// files, counts), each row says so itself.
    pub(crate) fn unranked<'r>(section: impl IntoIterator<Item = &'r LeagueRow>) -> Option<String> {
        let rows: Vec<&LeagueRow> = section.into_iter().collect();
        let ranked = rows.iter().find(|r| r.rank.is_some())?;
        let (none, other): (Vec<&LeagueRow>, Vec<&LeagueRow>) = rows
            .iter()
            .filter(|r| r.rank.is_none())
            .partition(|r| r.rating.status == crate::eval::Status::NoData);
        let said = |rows: &[&LeagueRow], why: &str| {
            let names = match rows.len() {
                1..=5 => {
                    let names: Vec<&str> = rows.iter().map(|r| &*r.area).collect();
                    format!(" ({})", names.join(", "))
                }
                _ => String::new(),
            };
            match rows.len() {
                0 => None,
                1 => Some(format!("1 area has {why}{names}: not ranked.")),
                n => Some(format!("{n} areas have {why}{names}: not ranked.")),
            }
        };
        let other_period = ranked
            .rating
            .period
            .and_then(|p| said(&other, &format!("no figure for {p}")));
        let told: Vec<String> = [said(&none, "no data"), other_period]
            .into_iter()
            .flatten()
            .collect();
        (!told.is_empty()).then(|| told.join(" "))
    }

    /// Per indicator: the plan area's figure and rank, and how many areas
    /// stand better, similar and worse than England, and red-red.
    pub(crate) fn summary(&self) -> Table<'_> {
        Table {
            name: "summary",
            header: SUMMARY,
            rows: self.sections().map(summary_row).collect(),
        }
    }
}

/// Rates the league indicator by indicator. Each one's rows (ranked,
/// filtered) and funnel are made into what is written of them by
/// `render`, on the thread that rated them, and handed to `section` in
/// plan order as soon as it and those before it are rated, so that a
/// league written as it goes holds a few indicators' rows at a time, not
/// 300,000. The indicators are dealt in runs ([`run_of`]) to whichever
/// thread is free, at most two runs a thread ahead of the writer, and
/// handed over whole: the output is the same however many threads, and a
/// thread slowed by other work on its core holds none of the others up.
/// An error from `section` (a closed pipe) stops it.
pub fn rate_each<T: Send>(
    plan: &Plan,
    m: Measurements,
    asked: Asked<'_>,
    spent_figures: Spent,
    render: impl Fn(Ranked, Option<Funnel>, Option<T>) -> T + Sync,
    mut section: impl FnMut(&mut T) -> std::io::Result<()>,
) -> std::io::Result<Held> {
    let n = plan.indicators.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(n.max(1));
    let run = run_of(n, threads);
    let runs = n.div_ceil(run);
    let mut waiting = in_runs(m.series, m.peers.figures, run);
    let job = &Job {
        asked,
        stamps: &m.peers.stamps,
    };
    let render = &render;
    // Runs dealt and not yet written: each thread's one being rated and
    // one rated, waiting for those before it.
    let ahead = 2 * threads;
    let (deal, dealt) = std::sync::mpsc::channel::<(usize, RunOfIndicators)>();
    let dealt = &std::sync::Mutex::new(dealt);
    let (done, rated) = std::sync::mpsc::channel::<(usize, usize, Vec<T>)>();
    let mut spent: Vec<IndicatorFigures> = Vec::with_capacity(n);
    let written = std::thread::scope(|scope| {
        let (mut spares, mut threads_spent) =
            (Vec::with_capacity(threads), Vec::with_capacity(threads));
        for thread in 0..threads {
            let (spare, spared) = std::sync::mpsc::sync_channel::<Vec<T>>(2);
            spares.push(spare);
            let done = done.clone();
            threads_spent.push(scope.spawn(move || {
                let _fallen = Fallen(&done);
                let mut rated_as = plan.clone();
                // Its comparators' names this thread's own, as the areas'
                // (`own_names`): every row's benchmark holds one.
                rated_as.comparators = rated_as
                    .comparators
                    .iter()
                    .map(|c| Arc::from(&**c))
                    .collect();
                let own_areas = own_names(job.asked.areas);
                let job = &job.over(&own_areas);
                let mut spent = Vec::new();
                // The next run dealt, until the writer has dealt the last
                // or stopped.
                let next = || {
                    let dealt = dealt
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    dealt.recv().ok()
                };
                while let Some((r, indicators)) = next() {
                    // What the writer has handed back, to be used again.
                    let mut spare = spared.try_recv().unwrap_or_default();
                    let mut made = Vec::with_capacity(indicators.len());
                    for (i, figures) in indicators {
                        let (ranked, funnel) = rate_asked(&mut rated_as, &figures, i, job);
                        match spent_figures {
                            Spent::Hold => spent.push(figures),
                            Spent::Free => drop(figures),
                        }
                        made.push(render(ranked, funnel, spare.pop()));
                    }
                    // The writer has stopped: so does the thread.
                    if done.send((r, thread, made)).is_err() {
                        break;
                    }
                }
                spent
            }));
        }
        drop(done);
        let written = write_in_order(
            runs,
            (&mut waiting, &deal, ahead),
            &rated,
            &spares,
            &mut section,
        );
        // The threads see no more runs, and a thread sending sees the
        // writer gone, and stop.
        drop(deal);
        drop(rated);
        for thread in threads_spent {
            match thread.join() {
                Ok(figures) => spent.extend(figures),
                // A rating thread panicked: its panic is the program's.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        written
    });
    written.map(|()| Held { _figures: spent })
}

/// The writer's side of [`rate_each`]: deals the runs `waiting` to the
/// rating threads, at most `ahead` of the next to write, and hands what
/// they rated to `section` in plan order, each run's memory then going
/// back to the thread that made it.
fn write_in_order<T>(
    runs: usize,
    (waiting, deal, ahead): (
        &mut impl Iterator<Item = RunOfIndicators>,
        &Sender<(usize, RunOfIndicators)>,
        usize,
    ),
    rated: &Receiver<(usize, usize, Vec<T>)>,
    spares: &[SyncSender<Vec<T>>],
    section: &mut impl FnMut(&mut T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut dealt = 0;
    for more in waiting.by_ref().take(ahead) {
        // The threads hold the receiver until they end.
        let _ = deal.send((dealt, more));
        dealt += 1;
    }
    // Runs rated before those ahead of them, by their distance from the
    // next to write.
    let mut early: VecDeque<Option<(usize, Vec<T>)>> = VecDeque::with_capacity(ahead);
    for r in 0..runs {
        while early.front().is_none_or(Option::is_none) {
            let Ok((k, thread, made)) = rated.recv() else {
                return Ok(());
            };
            if k == FALLEN {
                // A rating thread panicked: the run it held never comes,
                // and its join passes the panic on.
                return Ok(());
            }
            let at = k - r;
            if early.len() <= at {
                early.resize_with(at + 1, || None);
            }
            early[at] = Some((thread, made));
        }
        let Some(Some((thread, mut rendered))) = early.pop_front() else {
            return Ok(());
        };
        rendered.iter_mut().try_for_each(&mut *section)?;
        // What is left of it goes back to the thread that made it, to be
        // used again or freed there: glibc frees another thread's memory
        // under that thread's lock, which its rating then waits for.
        let _ = spares[thread].try_send(rendered);
        if let Some(more) = waiting.next() {
            let _ = deal.send((dealt, more));
            dealt += 1;
        }
    }
    Ok(())
}

/// The run number a rating thread sends as it unwinds from a panic.
const FALLEN: usize = usize::MAX;

/// Tells the writer that its rating thread panicked, as the thread
/// unwinds: the writer would otherwise wait for the run the thread held,
/// while the other threads wait for runs the writer deals only as it
/// writes.
struct Fallen<'a, T>(&'a Sender<(usize, usize, Vec<T>)>);

impl<T> Drop for Fallen<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.0.send((FALLEN, 0, Vec::new()));
        }
    }
}

/// One run's indicators, each by its place in the plan with its figures.
type RunOfIndicators = Vec<(usize, IndicatorFigures)>;

/// Each indicator's figures in runs of `run`, in plan order. An indicator
/// no peer has a figure for has none.
fn in_runs(
    series: Vec<Vec<Observation>>,
    peers: Vec<Vec<PeerFigure>>,
    run: usize,
) -> impl Iterator<Item = RunOfIndicators> {
    let peers = peers.into_iter().chain(std::iter::repeat_with(Vec::new));
    let mut figures = series.into_iter().zip(peers).enumerate().peekable();
    std::iter::from_fn(move || {
        figures.peek()?;
        Some(figures.by_ref().take(run).collect())
    })
}

/// Indicator `i` rated for the league's areas, its rows those `filter`
/// keeps; nothing for an indicator `--indicator` leaves out.
fn rate_asked(
    rated_as: &mut Plan,
    figures: &IndicatorFigures,
    i: usize,
    job: &Job,
) -> (Ranked, Option<Funnel>) {
    let filter = job.asked.filter;
    let asked = rated_as
        .indicators
        .get(i)
        .is_some_and(|ind| filter.rates(&ind.id));
    if !asked {
        return (Ranked::default(), None);
    }
    let (mut ranked, funnel) = rate_areas(rated_as, figures, i, job);
    let Ranked { rows, order } = &mut ranked;
    order.retain(|&k| filter.keeps(&rows[k as usize]));
    (ranked, funnel)
}

/// How many indicators a thread rates before handing them to the writer:
/// one handing-over costs two threads' waking (tens of microseconds),
/// which 2,000 indicators one at a time would pay 2,000 times; up to 16
/// at once, and no fewer than eight runs a thread, so that a plan of a
/// few indicators is still rated on every core.
fn run_of(indicators: usize, threads: usize) -> usize {
    (indicators / (threads * 8)).clamp(1, 16)
}

/// The figures a league written as it goes held until its last indicator
/// was rated ([`Spent::Hold`]): the caller frees them, or leaves them to
/// the process's end, which frees 300 MB of a national league's at once
/// rather than a block at a time on one core.
#[derive(Debug)]
pub struct Held {
    /// Only held: dropping them frees them.
    _figures: Vec<IndicatorFigures>,
}

/// What a rating thread does with an indicator's figures once it is
/// rated. The figures were read on threads that have ended, whose memory
/// (glibc's arenas) the rating threads take over: freeing them at once
/// frees memory of the arena the *other* rating thread took, under that
/// arena's lock (and a large free may give pages back to the system
/// while holding it), and that thread's every allocation waits. A league
/// written as it goes holds them all until the last is rated, which costs
/// no memory (they are all held at the start) and a fifth of the time; a
/// league collected whole frees each at once, for its rows to reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    Hold,
    Free,
}

/// One indicator's league: its rows as rated, area by area, and their
/// order in the league (best rank first) of those the filter keeps. A
/// row is a kilobyte: it stays where it was rated and is read in order,
/// rather than moved into order (and again through the filter).
#[derive(Debug, Default)]
pub struct Ranked {
    rows: Vec<LeagueRow>,
    order: Vec<u32>,
}

impl Ranked {
    /// The rows kept, in the league's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &LeagueRow> {
        self.order.iter().map(|&k| &self.rows[k as usize])
    }

    /// The rows kept, moved into the league's order.
    pub fn into_rows(self) -> Vec<LeagueRow> {
        let mut rows: Vec<Option<LeagueRow>> = self.rows.into_iter().map(Some).collect();
        self.order
            .iter()
            .filter_map(|&k| rows.get_mut(k as usize).and_then(Option::take))
            .collect()
    }
}

/// What each indicator of a league is rated with.
struct Job<'a> {
    asked: Asked<'a>,
    /// The peers' periods, days known and confidence limits.
    stamps: &'a Stamps,
}

impl<'a> Job<'a> {
    /// The same job, over `areas`.
    fn over<'b>(&self, areas: &'b [(Arc<str>, LeagueArea)]) -> Job<'b>
    where
        'a: 'b,
    {
        Job {
            asked: Asked {
                areas,
                ..self.asked
            },
            stamps: self.stamps,
        }
    }
}

/// `areas`, their names a rating thread's own, not shared: each league
/// row holds its area's name, and two threads counting references to the
/// same 150 names would pass their counts' memory between cores row after
/// row (a thread copies them once).
fn own_names(areas: &[(Arc<str>, LeagueArea)]) -> Vec<(Arc<str>, LeagueArea)> {
    areas
        .iter()
        .map(|(name, area)| (Arc::from(&**name), *area))
        .collect()
}

/// One indicator's figures: the tracked series (the plan's area, its
/// comparators and groups' areas, sorted by area) and the peers'.
type IndicatorFigures = (Vec<Observation>, Vec<PeerFigure>);

/// An area of a league: a series the plan tracks, or a peer (by index
/// into the measurements' peers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeagueArea {
    Tracked(Area),
    Peer(u32),
}

/// Indicator `i` rated for each of `areas` whose files hold it, ranked,
/// with its funnel. Each area's figures are one run of its sorted series,
/// found once.
fn rate_areas(
    rated_as: &mut Plan,
    (series, peers): &IndicatorFigures,
    i: usize,
    &Job {
        asked: Asked { as_of, areas, .. },
        stamps,
    }: &Job,
) -> (Ranked, Option<Funnel>) {
    let Some(mut ind) = rated_as.indicators.get(i).cloned() else {
        return (Ranked::default(), None);
    };
    // Its priority's, commitment's and lead's names this thread's own:
    // every row holds them, and they are shared with the indicators
    // another thread rates at the same time (see `rate_each`).
    ind.priority = Arc::from(&*ind.priority);
    ind.commitment = ind.commitment.as_deref().map(Arc::from);
    ind.lead = ind.lead.as_deref().map(Arc::from);
    let runs = Runs::of(series, peers);
    // The comparators' figures known on `as_of`, the same for every area.
    let shared = visible_series(
        series
            .iter()
            .filter(|o| matches!(o.area, Area::Comparator(_))),
        as_of,
    );
    // An area the indicator's files hold nothing for is not in its
    // league (a council's own figures are its own area's only).
    let own_area = LeagueArea::Tracked(Area::Own);
    let mut rows: Vec<LeagueRow> = Vec::with_capacity(areas.len());
    let none = Run::Tracked(&[]);
    let mut figures: Vec<Observation> = Vec::new();
    // The memory of the last area's visible figures, for the next's.
    let mut spare: Vec<&Observation> = Vec::new();
    for (name, area) in areas {
        let Some(run) = runs.get(*area).or((*area == own_area).then_some(none)) else {
            continue;
        };
        // Its figures as the plan area's, sorted by period and
        // publication, as a single run's are.
        figures.clear();
        match run {
            Run::Tracked(run) => figures.extend(run.iter().map(|o| Observation {
                area: Area::Own,
                ..o.clone()
            })),
            Run::Peer(run) => figures.extend(run.iter().map(|f| observation(f, stamps))),
        }
        rated_as.area.clear();
        rated_as.area.push_str(name);
        // Its own figures known on `as_of`, then the comparators' (an
        // area's are never merged with a comparator's).
        let mut visible = reuse(std::mem::take(&mut spare));
        visible.reserve(figures.len() + shared.len());
        extend_visible(&mut visible, &figures, as_of);
        visible.extend_from_slice(&shared);
        let rating = rate_visible(rated_as, &ind, &visible, as_of).row(&ind);
        spare = reuse(visible);
        let latest = figures.iter().rev().find(|o| {
            o.area == Area::Own && Some(o.period) == rating.period && o.value.number().is_some()
        });
        rows.push(LeagueRow {
            area: name.clone(),
            own: *area == own_area,
            red_red: red_red(&rating),
            interval: latest.and_then(|o| interval(&ind, o, 0.95)),
            numerator: latest.and_then(|o| o.numerator.get()),
            denominator: latest.and_then(|o| o.denominator.get()),
            rating,
            rank: None,
            of: None,
            quartile: None,
            funnel: None,
        });
    }
    let order = rank(&mut rows, ind.polarity, ind.unit);
    let funnel = funnel(&ind, &mut rows, &order);
    (Ranked { rows, order }, funnel)
}

/// An empty vector of references in the memory of `used`, whose references
/// are gone: a league rates 300,000 areas, each with its figures' own
/// borrow, and allocates for the first only (an empty vector collected in
/// place keeps its memory).
// A `filter` would keep the old lifetime, which is the point of it.
#[allow(clippy::unnecessary_filter_map)]
fn reuse<'b>(mut used: Vec<&Observation>) -> Vec<&'b Observation> {
    used.clear();
    used.into_iter().filter_map(|_| None).collect()
}

/// Each area's run of figures for one indicator: a tracked area's in its
/// series (sorted by area), a peer's in the peers' (sorted by peer, period
/// and the day known since read, `Peers::finish`), found by the peer's
/// number rather than hashed (a league looks up 300,000).
struct Runs<'a> {
    tracked: Vec<(Area, &'a [Observation])>,
    peers: Vec<&'a [PeerFigure]>,
}

impl<'a> Runs<'a> {
    fn of(series: &'a [Observation], peers: &'a [PeerFigure]) -> Self {
        let tracked = series
            .chunk_by(|a, b| a.area == b.area)
            .map(|run| (run[0].area, run))
            .collect();
        let mut by_peer: Vec<&[PeerFigure]> = Vec::new();
        for run in peers.chunk_by(|a, b| a.peer() == b.peer()) {
            let k = run[0].peer() as usize;
            if by_peer.len() <= k {
                by_peer.resize(k + 1, &[]);
            }
            by_peer[k] = run;
        }
        Self {
            tracked,
            peers: by_peer,
        }
    }

    fn get(&self, area: LeagueArea) -> Option<Run<'a>> {
        match area {
            LeagueArea::Tracked(a) => self
                .tracked
                .iter()
                .find(|(t, _)| *t == a)
                .map(|&(_, run)| Run::Tracked(run)),
            LeagueArea::Peer(k) => self
                .peers
                .get(k as usize)
                .filter(|run| !run.is_empty())
                .map(|&run| Run::Peer(run)),
        }
    }
}

/// One area's figures for an indicator: a tracked area's or a peer's.
#[derive(Clone, Copy)]
enum Run<'a> {
    Tracked(&'a [Observation]),
    Peer(&'a [PeerFigure]),
}

/// A peer's figure as a rating reads one: the plan area's, with no text,
/// note or place (a league row names its area, not a file's line).
#[inline]
fn observation(f: &PeerFigure, stamps: &Stamps) -> Observation {
    let (lower_ci, upper_ci) = stamps.limits(f);
    let (numerator, denominator) = stamps.counts(f);
    let When { period, known } = stamps.when(f);
    Observation {
        area: Area::Own,
        period,
        value: f.value(),
        numerator,
        denominator,
        lower_ci,
        upper_ci,
        published: None,
        known,
        text: None,
        origin: crate::measure::Origin { file: 0, line: 0 },
    }
}

/// One league row's cells, in [`COLUMNS`]' order, its text borrowed: an
/// array, so a CSV of 300,000 rows makes no vector a row.
pub(crate) fn cells(r: &LeagueRow) -> [Cell<'_>; COLUMNS.len()] {
    let row = &r.rating;
    let number = |n: Option<usize>| n.map_or(Cell::blank(), Cell::Count);
    let national = r.national();
    [
        Cell::text(&*r.area),
        Cell::text(if r.own { "yes" } else { "" }),
        Cell::text(&*row.id),
        Cell::text(&*row.title),
        Cell::Rating(row.rag),
        Cell::text(row.status.words()),
        row.period.map_or(Cell::blank(), Cell::Period),
        match row.value {
            Some(x) => Cell::Figure(row.amount(x), row.unit),
            None => Cell::blank(),
        },
        number(r.rank),
        number(r.of),
        number(r.quartile),
        national.map_or(Cell::blank(), Cell::Comparison),
        Cell::opt(row.recent_trend.as_ref().map(|t| t.label.words())),
        Cell::text(if r.red_red { "red-red" } else { "" }),
        Cell::text(r.funnel.unwrap_or("")),
        Cell::text(&row.reason),
    ]
}

/// The columns of `cfp league --format csv`, in order.
pub(crate) const COLUMNS: &[&str; 16] = &[
    "area",
    "plan_area",
    "id",
    "title",
    "rag",
    "status",
    "period",
    "value",
    "rank",
    "of",
    "quartile",
    "england",
    "recent_trend",
    "red_red",
    "funnel",
    "reason",
];

/// The columns of the workbook's summary sheet.
pub(crate) const SUMMARY: &[&str] = &[
    "id",
    "title",
    "period",
    "plan_area",
    "plan_area_value",
    "plan_area_rank",
    "of",
    "quartile",
    "better_than_england",
    "similar_to_england",
    "worse_than_england",
    "not_compared",
    "red_red",
];

/// One indicator's line of the summary: the plan area's place, and how
/// the league's areas stand against England.
fn summary_row(rows: &[LeagueRow]) -> Vec<Cell<'_>> {
    let count = |standing: Standing| {
        rows.iter()
            .filter(|r| {
                r.national()
                    .is_some_and(|c| c.tested && c.result == standing)
            })
            .count()
    };
    let compared = count(Standing::Better) + count(Standing::Similar) + count(Standing::Worse);
    let own = rows.iter().find(|r| r.own);
    let first = &rows[0].rating;
    let number = |n: Option<usize>| n.map_or(Cell::blank(), Cell::Count);
    vec![
        Cell::text(&*first.id),
        Cell::text(&*first.title),
        rows.iter()
            .filter_map(|r| r.rating.period)
            .max()
            .map_or(Cell::blank(), Cell::Period),
        Cell::opt(own.map(|r| &*r.area)),
        match own.and_then(|r| r.rating.value.map(|x| (r, x))) {
            Some((r, x)) => Cell::Figure(r.rating.amount(x), r.rating.unit),
            None => Cell::blank(),
        },
        number(own.and_then(|r| r.rank)),
        number(own.and_then(|r| r.of)),
        number(own.and_then(|r| r.quartile)),
        Cell::Count(count(Standing::Better)),
        Cell::Count(count(Standing::Similar)),
        Cell::Count(count(Standing::Worse)),
        Cell::Count(rows.len() - compared),
        Cell::Count(rows.iter().filter(|r| r.red_red).count()),
    ]
}

/// The funnel of an indicator's ranked areas, and where each falls in it:
/// for a percentage or a rate whose figures come with their counts, from
/// three areas up. None for anything else, or where the counts cannot
/// make one (a numerator above its denominator).
fn funnel(ind: &Indicator, rows: &mut [LeagueRow], order: &[u32]) -> Option<Funnel> {
    let counted: Vec<usize> = order
        .iter()
        .map(|&k| k as usize)
        .filter(|&k| rows[k].rank.is_some() && rows[k].numerator.is_some())
        .filter(|&k| rows[k].denominator.is_some_and(|d| d > 0.0))
        .collect();
    if counted.len() < 3 {
        return None;
    }
    let counts = |k: usize| AreaCounts {
        numerator: rows[k].numerator.unwrap_or(0.0),
        denominator: rows[k].denominator.unwrap_or(1.0),
    };
    let line = |points: &mut Vec<(f64, f64)>| {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        std::mem::take(points)
    };
    let made = match ind.unit {
        Unit::Percent => {
            let areas: Vec<AreaCounts> = counted.iter().map(|&k| counts(k)).collect();
            let f = funnel::proportion_funnel(&areas, 100.0).ok()?;
            let average = f.baseline / 100.0;
            let labels: Vec<_> = counted
                .iter()
                .map(|&k| funnel::proportion_significance(counts(k), average).ok())
                .collect();
            for (&k, label) in counted.iter().zip(labels) {
                rows[k].funnel = label.map(|s| s.label());
            }
            let at = |pick: fn(&funnel::FunnelLimits) -> f64| -> Vec<(f64, f64)> {
                f.rows
                    .iter()
                    .map(|r| (r.population, pick(&r.limits)))
                    .collect()
            };
            Funnel {
                id: ind.id.to_string(),
                statistic: "proportion",
                centre: f.baseline,
                lower_95: at(|l| l.inner.lower),
                upper_95: at(|l| l.inner.upper),
                lower_998: at(|l| l.outer.lower),
                upper_998: at(|l| l.outer.upper),
            }
        }
        Unit::Rate => {
            let per = ind.per.unwrap_or(100_000.0);
            let area = |k: usize| RateArea {
                events: rows[k].numerator.unwrap_or(0.0),
                rate: rows[k].rating.value,
                denominator: rows[k].denominator,
            };
            let areas: Vec<RateArea> = counted.iter().map(|&k| area(k)).collect();
            let f = funnel::rate_funnel(&areas, RateType::Crude, per, 1.0).ok()?;
            let average = funnel::pooled_rate(&areas, RateType::Crude, per).ok()?;
            let labels: Vec<_> = counted
                .iter()
                .map(|&k| funnel::rate_significance(area(k), average, RateType::Crude, per).ok())
                .collect();
            for (&k, label) in counted.iter().zip(labels) {
                rows[k].funnel = label.map(|s| s.label());
            }
            let mut points = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
            for r in &f.rows {
                for (k, p) in [r.lower_95, r.upper_95, r.lower_998, r.upper_998]
                    .iter()
                    .enumerate()
                {
                    if p.denominator.is_finite() && p.value.is_finite() {
                        points[k].push((p.denominator, p.value));
                    }
                }
            }
            let [a, b, c, d] = &mut points;
            Funnel {
                id: ind.id.to_string(),
                statistic: "rate",
                centre: f.baseline,
                lower_95: line(a),
                upper_95: line(b),
                lower_998: line(c),
                upper_998: line(d),
            }
        }
        _ => return None,
    };
    Some(made)
}

/// Significantly worse than England (a tested benchmark) and a recent
/// trend significantly getting worse, read from the figures.
fn red_red(row: &StatusRow) -> bool {
    let worse_than_england = row.benchmark.iter().any(|c| {
        c.comparator.eq_ignore_ascii_case(NATIONAL) && c.tested && c.result == Standing::Worse
    });
    let getting_worse = row.recent_trend.as_ref().is_some_and(|t| {
        matches!(
            t.label,
            TrendLabel::IncreasingWorse | TrendLabel::DecreasingWorse
        )
    });
    worse_than_england && getting_worse
}

/// Ranks the areas with a figure for the latest period any of them has,
/// best first; counts are not ranked (a bigger area has more of
/// everything), nor grades without a direction. The order of the rows
/// in the league: by rank, the unranked last, then by name.
fn rank(rows: &mut [LeagueRow], polarity: Polarity, unit: Unit) -> Vec<u32> {
    let rankable = unit != Unit::Count && !(unit == Unit::Grade && polarity == Polarity::None);
    let latest = rows.iter().filter_map(|r| r.rating.period).max();
    let ranked: Vec<(usize, f64)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| rankable && r.rating.period == latest)
        .filter_map(|(k, r)| r.rating.value.map(|v| (k, v)))
        .collect();
    // A rank needs another area to be ranked against, and a quartile
    // four areas to make quarters of.
    let ranked = if ranked.len() < 2 { Vec::new() } else { ranked };
    // Each area's rank as `rank_among` gives it (one more than the
    // figures strictly better), read off the sorted figures rather than
    // by comparing every pair.
    let mut sorted: Vec<f64> = ranked.iter().map(|&(_, v)| v).collect();
    // Equal under `total_cmp` is the same bits: no order to keep.
    sorted.sort_unstable_by(f64::total_cmp);
    let of = sorted.len();
    for &(k, value) in &ranked {
        let better = match polarity {
            Polarity::Lower => sorted.partition_point(|&v| v < value),
            Polarity::Higher | Polarity::None => of - sorted.partition_point(|&v| v <= value),
        };
        let place = better + 1;
        let quartile = (place * 4).div_ceil(of).clamp(1, 4);
        rows[k].rank = Some(place);
        rows[k].of = Some(of);
        rows[k].quartile = (of >= 4).then_some(quartile);
    }
    let key = |r: &LeagueRow| (r.rank.is_none(), r.rank);
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    // The row's place breaks any tie, as a stable sort would.
    order.sort_unstable_by(|&a, &b| {
        let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
        (key(ra), &ra.area, a).cmp(&(key(rb), &rb.area, b))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grey row of `area`, of `status`, not yet ranked.
    fn league_row(area: String, status: crate::eval::Status) -> LeagueRow {
        LeagueRow {
            area: area.into(),
            own: false,
            rating: crate::report::pack::exception_tests::row(Rag::Grey, status),
            rank: None,
            of: None,
            quartile: None,
            red_red: false,
            interval: None,
            numerator: None,
            denominator: None,
            funnel: None,
        }
    }

    #[test]
    fn areas_left_unranked_are_named_up_to_five_and_counted_with_why() {
        let row = |k: usize, status| league_row(format!("Area {k}"), status);
        let mut rows: Vec<LeagueRow> = (0..3)
            .map(|k| row(k, crate::eval::Status::Monitor))
            .collect();
        for (k, r) in rows.iter_mut().enumerate() {
            (r.rank, r.of) = (Some(k + 1), Some(3));
        }
        assert_eq!(League::unranked(&rows), None);
        rows.push(row(3, crate::eval::Status::NoData));
        assert_eq!(
            League::unranked(&rows).as_deref(),
            Some("1 area has no data (Area 3): not ranked.")
        );
        rows.extend((4..9).map(|k| row(k, crate::eval::Status::NoData)));
        assert_eq!(
            League::unranked(&rows).as_deref(),
            Some("6 areas have no data: not ranked.")
        );
        // An area whose latest figure is of an older period than the
        // ranked ones' is told apart.
        let ctx = crate::period::PeriodContext::default();
        let period = crate::period::parse("2023/24", ctx).ok();
        rows.iter_mut().for_each(|r| r.rating.period = period);
        rows.push(row(9, crate::eval::Status::Monitor));
        assert_eq!(
            League::unranked(&rows).as_deref(),
            Some(
                "6 areas have no data: not ranked. \
                 1 area has no figure for 2023/24 (Area 9): not ranked."
            )
        );
        // With none ranked, no "of" to account for: each row says it.
        rows.iter_mut().for_each(|r| r.rank = None);
        assert_eq!(League::unranked(&rows), None);
    }

    /// [`write_in_order`] of `runs`, two ahead, and what it handed on.
    fn written_in_order(
        runs: usize,
        (waiting, deal): (
            &mut impl Iterator<Item = RunOfIndicators>,
            &Sender<(usize, RunOfIndicators)>,
        ),
        rated: &Receiver<(usize, usize, Vec<usize>)>,
        spares: &[SyncSender<Vec<usize>>],
    ) -> (std::io::Result<()>, Vec<usize>) {
        let mut written = Vec::new();
        let result = write_in_order(runs, (waiting, deal, 2), rated, spares, &mut |x| {
            written.push(*x);
            Ok(())
        });
        (result, written)
    }

    #[test]
    fn runs_rated_out_of_order_are_written_in_plan_order() {
        let (deal, dealt) = std::sync::mpsc::channel();
        let (done, rated) = std::sync::mpsc::channel();
        let (spare0, spared0) = std::sync::mpsc::sync_channel(2);
        let (spare1, spared1) = std::sync::mpsc::sync_channel(2);
        // Run 2 is rated first, then 0 on thread 1, then 3 and 1.
        for (run, thread) in [(2, 0), (0, 1), (3, 0), (1, 1)] {
            let _ = done.send((run, thread, vec![run * 10, run * 10 + 1]));
        }
        let mut waiting = (0..5).map(|_| Vec::new());
        let (result, written) =
            written_in_order(4, (&mut waiting, &deal), &rated, &[spare0, spare1]);
        assert!(result.is_ok());
        assert_eq!(written, [0, 1, 10, 11, 20, 21, 30, 31]);
        // Two dealt at first, one more as each run was written, while any
        // were left.
        let dealt: Vec<usize> = dealt.try_iter().map(|(r, _)| r).collect();
        assert_eq!(dealt, [0, 1, 2, 3, 4]);
        // Each run's memory went back to the thread that made it.
        assert_eq!(spared1.try_iter().count(), 2);
        assert_eq!(spared0.try_iter().count(), 2);
    }

    #[test]
    fn a_rating_thread_that_panics_stops_the_writer_rather_than_leaving_it_waiting() {
        let (deal, _dealt) = std::sync::mpsc::channel();
        let (done, rated) = std::sync::mpsc::channel();
        let (spare, _spared) = std::sync::mpsc::sync_channel(2);
        let _ = done.send((0, 0, vec![1usize]));
        // Run 1's thread panics; run 2 is rated by another.
        let panicked = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _fallen = Fallen(&done);
                    panic!("a rating thread's panic");
                })
                .join()
                .is_err()
        });
        assert!(panicked);
        let _ = done.send((2, 0, vec![3usize]));
        // `done` is still held here, as the other threads hold theirs:
        // without the message it would wait for run 1 for ever.
        let (result, written) =
            written_in_order(3, (&mut std::iter::empty(), &deal), &rated, &[spare]);
        assert!(result.is_ok());
        assert_eq!(
            written,
            [1],
            "run 0 is written; none after the one that fell"
        );
        drop(done);
    }

    /// With a rating thread's panic the league panics too, whatever the
    /// other threads are doing, rather than waiting for the run that
    /// thread held.
    #[test]
    fn a_panic_while_rating_is_the_leagues_not_a_hang() {
        let mut toml = String::from(
            "[plan]\ntitle = \"T\"\narea = \"Here\"\n[[priority]]\nid = \"p\"\ntitle = \"P\"\n",
        );
        for k in 0..40 {
            toml.push_str(&format!(
                "[[indicator]]\nid = \"i{k:02}\"\npriority = \"p\"\ntitle = \"I\"\npolarity = \"higher\"\n"
            ));
        }
        let root = crate::plan::SourceFile {
            path: "cfp.toml".into(),
            text: toml,
        };
        let (plan, _) = crate::plan::load(root, &|_| Ok(Vec::new())).expect("a valid plan");
        let areas = [(Arc::<str>::from("Here"), LeagueArea::Tracked(Area::Own))];
        let filter = LeagueFilter::default();
        let asked = Asked {
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
            areas: &areas,
            filter: &filter,
        };
        let measurements = || Measurements {
            series: vec![Vec::new(); plan.indicators.len()],
            ..Measurements::default()
        };
        let rated = |fall: Option<&'static str>| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut written = 0;
                let render = |ranked: Ranked, _, _: Option<usize>| {
                    if ranked.iter().any(|r| Some(&*r.rating.id) == fall) {
                        panic!("a rating thread's panic");
                    }
                    ranked.iter().len()
                };
                let held = rate_each(&plan, measurements(), asked, Spent::Free, render, |n| {
                    written += *n;
                    Ok(())
                });
                (held.is_ok(), written)
            }))
        };
        // Every indicator rated: a row each, for the plan's own area.
        assert_eq!(rated(None).ok(), Some((true, 40)));
        for fall in ["i00", "i17", "i39"] {
            assert!(rated(Some(fall)).is_err(), "{fall}");
        }
    }

    #[test]
    fn a_closed_writer_stops_the_runs() {
        let (deal, _dealt) = std::sync::mpsc::channel();
        let (done, rated) = std::sync::mpsc::channel();
        let (spare, _spared) = std::sync::mpsc::sync_channel(2);
        let _ = done.send((0, 0, vec![1usize]));
        let _ = done.send((1, 0, vec![2usize]));
        let mut calls = 0;
        let result = write_in_order(
            2,
            (&mut std::iter::empty(), &deal, 2),
            &rated,
            &[spare],
            &mut |_: &mut usize| {
                calls += 1;
                Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            },
        );
        assert!(result.is_err());
        assert_eq!(calls, 1, "nothing is written after the first error");
    }

    proptest::proptest! {
        /// Ranks read off the sorted figures are `rank_among`'s, for
        /// every polarity, ties included.
        #[test]
        fn ranks_are_the_pairwise_ranks(
            figures in proptest::collection::vec(0u8..20, 2..40),
            polarity in proptest::sample::select(vec![Polarity::Higher, Polarity::Lower, Polarity::None]),
        ) {
            let values: Vec<f64> = figures.iter().map(|&f| f64::from(f) / 2.0).collect();
            let mut rows: Vec<LeagueRow> = values
                .iter()
                .enumerate()
                .map(|(k, &v)| {
                    let mut row = league_row(format!("Area {k:02}"), crate::eval::Status::Monitor);
                    row.rating.value = Some(v);
                    row
                })
                .collect();
            rank(&mut rows, polarity, Unit::Percent);
            for row in &rows {
                let value = row.rating.value.unwrap_or_default();
                let k: usize = row.area[5..].parse().unwrap_or_default();
                let others: Vec<f64> = values
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != k)
                    .map(|(_, &v)| v)
                    .collect();
                let (place, of, quartile) = crate::eval::compare::rank_among(polarity, value, &others);
                proptest::prop_assert_eq!(row.rank, Some(place));
                proptest::prop_assert_eq!(row.of, Some(of));
                proptest::prop_assert_eq!(row.quartile, (of >= 4).then_some(quartile));
            }
        }
    }
}
