//! `cfp league -o league.html`: one page, an indicator a section. Each
//! has a ranked chart of every area's figure and interval with England's
//! line and the plan's area marked; for a percentage or a rate with its
//! counts, a funnel plot with the areas outside its limits listed; and
//! every area in a table, which is also the charts' words.

use std::fmt::Write as _;

use crate::eval::Comparison;
use crate::format::human_date;
use crate::render::escape;
use crate::report::league::{Funnel, League, LeagueRow};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

const CSS: &str = "body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:60rem;\
margin:0 auto;padding:1rem;line-height:1.4}h1{font-size:1.6rem}h2{font-size:1.25rem;\
margin-top:2.5rem;border-top:2px solid #0b0c0c;padding-top:.75rem}table{border-collapse:collapse;\
width:100%;font-size:.9rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #b1b4b6}\
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.own{font-weight:bold;background:#fff2cc}\
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#505a5f}svg{max-width:100%;height:auto}\
.redred{color:#942514;font-weight:bold}.scroll{overflow-x:auto}";

/// A computed figure as a reader writes it: 96.6, 1,617,057.
fn shown(x: f64) -> String {
    crate::format::grouped(crate::format::computed(x))
}

/// A linear scale from `[lo, hi]` to `[a, b]`.
fn scale(lo: f64, hi: f64, a: f64, b: f64) -> impl Fn(f64) -> f64 {
    let span = if hi > lo { hi - lo } else { 1.0 };
    move |v: f64| a + (v - lo) / span * (b - a)
}

/// Rounds a tick step to 1, 2 or 5 times a power of ten.
fn step(range: f64) -> f64 {
    let raw = (range / 5.0).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    power
        * [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .find(|n| fraction <= *n)
            .unwrap_or(10.0)
}

/// Gridlines and labels of a value axis from `lo` to `hi`.
fn y_axis(out: &mut String, lo: f64, hi: f64, y: &impl Fn(f64) -> f64) {
    let s = step(hi - lo);
    let mut v = (lo / s).ceil() * s;
    while v <= hi + s * 1e-9 {
        let at = y(v);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{at:.1}\" y2=\"{at:.1}\" stroke=\"#dee0e2\"/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#505a5f\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            at + 4.0,
            shown(v)
        );
        v += s;
    }
}

/// The lowest and highest of `values`, padded a little.
fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    (lo <= hi).then(|| {
        let pad = ((hi - lo) * 0.05).max(hi.abs() * 0.01).max(1e-9);
        (
            (lo - pad).max(if lo >= 0.0 { 0.0 } else { f64::NEG_INFINITY }),
            hi + pad,
        )
    })
}

/// Every ranked area's figure and interval, best first, with England's
/// line and the plan's area marked.
fn ranked(rows: &[&LeagueRow], england: Option<f64>) -> String {
    let placed: Vec<(&LeagueRow, f64)> = rows
        .iter()
        .filter(|r| r.rank.is_some())
        .filter_map(|r| r.rating.value.map(|v| (*r, v)))
        .collect();
    // A rank needs two areas; with fewer there is nothing to draw.
    if placed.len() < 2 {
        return String::new();
    }
    let values = placed.iter().flat_map(|(r, v)| {
        let (lo, hi) = r.interval.map_or((*v, *v), |i| (i.lower, i.upper));
        [lo, hi]
    });
    let Some((lo, hi)) = extent(values.chain(england)) else {
        return String::new();
    };
    let n = placed.len().max(1) as f64;
    let x = scale(0.0, n, LEFT + 4.0, WIDTH - RIGHT - 4.0);
    let y = scale(lo, hi, HEIGHT - BOTTOM, TOP);
    let own = placed.iter().find(|(r, _)| r.own);
    let label = match own {
        Some((r, v)) => format!(
            "{} areas ranked by their latest figure, best first; {} is {} of {} at {}{}",
            placed.len(),
            r.area,
            r.rank.unwrap_or(0),
            r.of.unwrap_or(0),
            shown(*v),
            england
                .map(|e| format!("; England {}", shown(e)))
                .unwrap_or_default()
        ),
        None => format!(
            "{} areas ranked by their latest figure, best first",
            placed.len()
        ),
    };
    let mut out = format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">",
        escape(&label)
    );
    y_axis(&mut out, lo, hi, &y);
    for (k, (r, v)) in placed.iter().enumerate() {
        let cx = x(k as f64 + 0.5);
        let (colour, radius) = if r.own {
            ("#d4351c", 4.5)
        } else {
            ("#1d70b8", 2.2)
        };
        if let Some(i) = r.interval {
            let _ = write!(
                out,
                "<line x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" \
                 stroke-opacity=\"0.45\"/>",
                y(i.lower),
                y(i.upper)
            );
        }
        let _ = write!(
            out,
            "<circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"{radius}\" fill=\"{colour}\"/>",
            y(*v)
        );
    }
    if let Some(e) = england {
        let ey = y(e);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{ey:.1}\" y2=\"{ey:.1}\" stroke=\"#0b0c0c\" \
             stroke-dasharray=\"6 4\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" \
             text-anchor=\"end\">England</text>",
            WIDTH - RIGHT,
            WIDTH - RIGHT,
            ey - 4.0
        );
    }
    if let Some((r, v)) = own {
        let k = placed.iter().position(|(p, _)| p.own).unwrap_or(0);
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#0b0c0c\">{}</text>",
            (x(k as f64 + 0.5) + 6.0).min(WIDTH - RIGHT - 80.0),
            (y(*v) - 8.0).max(TOP + 10.0),
            escape(&r.area)
        );
    }
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"{}\" font-size=\"11\" fill=\"#505a5f\">best</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#505a5f\">worst</text></svg>",
        HEIGHT - BOTTOM + 16.0,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM + 16.0
    );
    out
}

/// A funnel plot: each area's figure against its denominator, within the
/// 95% (dashed) and 99.8% (solid) limits around the pooled figure.
fn funnel_plot(rows: &[&LeagueRow], f: &Funnel) -> String {
    let points: Vec<(&LeagueRow, f64, f64)> = rows
        .iter()
        .filter(|r| r.funnel.is_some())
        .filter_map(|r| Some((*r, r.denominator?, r.rating.value?)))
        .collect();
    let limits = [&f.lower_95, &f.upper_95, &f.lower_998, &f.upper_998];
    let xs = points.iter().map(|p| p.1);
    let Some((_, x_hi)) = extent(xs.clone()) else {
        return String::new();
    };
    let largest = xs.fold(0.0, f64::max);
    // The figures decide the value axis; a limit at a tiny denominator
    // runs off it, and is drawn only where it is on it.
    let ys = points.iter().map(|p| p.2).chain(std::iter::once(f.centre));
    let Some((y_lo, y_hi)) = extent(ys) else {
        return String::new();
    };
    let x = scale(0.0, x_hi, LEFT, WIDTH - RIGHT);
    let y = scale(y_lo, y_hi, HEIGHT - BOTTOM, TOP);
    let mut out = format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">",
        escape(&format!(
            "Funnel plot of {} areas' figures against their denominators, centred on {} with \
             95% and 99.8% limits",
            points.len(),
            shown(f.centre)
        ))
    );
    y_axis(&mut out, y_lo, y_hi, &y);
    for (k, line) in limits.iter().enumerate() {
        let path: Vec<String> = line
            .iter()
            .filter(|p| p.0 <= x_hi && p.1 >= y_lo && p.1 <= y_hi)
            .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
            .collect();
        let dash = if k < 2 {
            " stroke-dasharray=\"5 4\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#505a5f\"{dash}/>",
            path.join(" ")
        );
    }
    let cy = y(f.centre);
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{cy:.1}\" y2=\"{cy:.1}\" stroke=\"#0b0c0c\"/>",
        WIDTH - RIGHT
    );
    for (r, d, v) in &points {
        let (colour, radius) = if r.own {
            ("#d4351c", 4.5)
        } else {
            ("#1d70b8", 2.5)
        };
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius}\" fill=\"{colour}\"/>",
            x(*d),
            y(*v)
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#505a5f\">denominator \
         (up to {})</text></svg>",
        WIDTH - RIGHT,
        HEIGHT - 8.0,
        shown(largest)
    );
    out
}

fn cell(r: &LeagueRow) -> String {
    let national = r.national().map(Comparison::text).unwrap_or_default();
    let interval = r
        .interval
        .map(|i| format!("{} to {}", shown(i.lower), shown(i.upper)))
        .unwrap_or_default();
    let trend = r
        .rating
        .recent_trend
        .as_ref()
        .map(|t| t.label.words())
        .unwrap_or_default();
    format!(
        "<tr{}><td class=\"n\">{}</td><th scope=\"row\">{}</th><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        if r.own { " class=\"own\"" } else { "" },
        r.rank.map(|k| k.to_string()).unwrap_or_else(|| "–".into()),
        escape(&r.area),
        escape(
            &r.rating
                .figure()
                .unwrap_or_else(|| r.rating.status.to_string())
        ),
        escape(&interval),
        escape(&national),
        escape(trend),
        escape(r.funnel.unwrap_or("")),
        if r.red_red {
            "<span class=\"redred\">red-red</span>"
        } else {
            ""
        }
    )
}

/// One indicator's section.
fn section(l: &League, rows: &[&LeagueRow]) -> String {
    let first = &rows[0].rating;
    let england = rows.iter().find_map(|r| r.national().and_then(|c| c.value));
    let mut out = format!(
        "<section aria-labelledby=\"i-{id}\"><h2 id=\"i-{id}\">{}</h2>",
        escape(&first.title),
        id = escape(&first.id)
    );
    if let Some(own) = rows.iter().find(|r| r.own) {
        let place = match (own.rank, own.of, own.quartile) {
            (Some(k), Some(of), Some(q)) => {
                format!(
                    "{} of {of} (quartile {q})",
                    crate::eval::compare::ordinal(k)
                )
            }
            // Too few areas to make quarters of.
            (Some(k), Some(of), None) => format!("{} of {of}", crate::eval::compare::ordinal(k)),
            _ => "not ranked".into(),
        };
        let _ = write!(
            out,
            "<p><strong>{}</strong>: {}, {place}{}.</p>",
            escape(&l.area),
            escape(
                &own.rating
                    .figure()
                    .unwrap_or_else(|| own.rating.status.to_string())
            ),
            own.national()
                .map(|c| format!("; {}", escape(&c.text())))
                .unwrap_or_default()
        );
    }
    if let Some(note) = League::unranked(rows.iter().copied()) {
        let _ = write!(out, "<p>{}</p>", escape(&note));
    }
    let chart = ranked(rows, england);
    if !chart.is_empty() {
        let _ = write!(
            out,
            "<figure>{chart}<figcaption>Each area's latest figure (dot) and its 95% interval \
             (line), best first; {} in red; the dashed line is England.</figcaption></figure>",
            escape(&l.area)
        );
    }
    if let Some(f) = l.funnels.iter().find(|f| *f.id == *first.id) {
        let _ = write!(
            out,
            "<figure>{}<figcaption>Funnel plot: each area's figure against its denominator; \
             the dashed lines are the 95% limits and the solid ones 99.8%, around the areas' \
             pooled figure, {}, as PHEindicatormethods computes them.</figcaption></figure>",
            funnel_plot(rows, f),
            shown(f.centre)
        );
        let outliers: Vec<&&LeagueRow> = rows
            .iter()
            .filter(|r| {
                r.funnel
                    .is_some_and(|s| s.starts_with("High") || s.starts_with("Low"))
            })
            .collect();
        let _ = write!(
            out,
            "<p>{} of {} areas lie outside the 95% limits.</p>",
            outliers.len(),
            rows.iter().filter(|r| r.funnel.is_some()).count()
        );
        for (label, words) in [
            ("High (0.001)", "Above the 99.8% limits"),
            ("Low (0.001)", "Below the 99.8% limits"),
        ] {
            let names: Vec<String> = rows
                .iter()
                .filter(|r| r.funnel == Some(label))
                .map(|r| escape(&r.area))
                .collect();
            if !names.is_empty() {
                let _ = write!(out, "<p>{words}: {}.</p>", names.join(", "));
            }
        }
    }
    let _ = write!(
        out,
        "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}: every area\">",
        escape(&first.title)
    );
    out.push_str(
        "<table><caption>Every area, best first</caption><thead><tr><th scope=\"col\">Rank</th>\
         <th scope=\"col\">Area</th><th scope=\"col\">Latest</th><th scope=\"col\">95% interval</th>\
         <th scope=\"col\">England</th><th scope=\"col\">Recent trend</th>\
         <th scope=\"col\">Funnel</th><th scope=\"col\">Red-red</th></tr></thead><tbody>",
    );
    for r in rows {
        out.push_str(&cell(r));
    }
    out.push_str("</tbody></table></div></section>");
    out
}

pub(crate) fn page(l: &League, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let level = match (&l.group, &l.level) {
        (Some(g), _) => format!(" ({} and the group {})", escape(&l.area), escape(g)),
        (None, Some(v)) => format!(" at {}'s level ({})", escape(&l.area), escape(v)),
        (None, None) => String::new(),
    };
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}: every area as of {}</title><style>{CSS}</style></head><body><header>\
         <h1>{}: every area</h1><p>{} {}{level}, as of {}.</p></header><main>",
        escape(&l.title),
        human_date(l.as_of),
        escape(&l.title),
        l.areas,
        if l.areas == 1 { "area" } else { "areas" },
        human_date(l.as_of)
    )?;
    for rows in l.sections() {
        let rows: Vec<&LeagueRow> = rows.iter().collect();
        w.write_all(section(l, &rows).as_bytes())?;
    }
    writeln!(
        w,
        "</main><footer><p>Made by cfp {} on the files as known on {}.</p></footer></body></html>",
        env!("CARGO_PKG_VERSION"),
        human_date(l.as_of)
    )
}
