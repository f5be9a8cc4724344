//! NHS England's "Making Data Count" icons as small inline SVGs: the
//! variation icon (what the latest point says about the process) and the
//! assurance icon (whether the process will meet its target). Boards that
//! read NHS performance reports know these at a glance, so the pack draws
//! them as MDC does: a ringed circle in the variation's colour, a letter,
//! and a run of dots or a process line. Colour is never the only signal:
//! each icon carries its meaning in words (`<title>` and `aria-label`).

use std::fmt::Write as _;

use super::escape;
use crate::report::words::capitalised;
use crate::stats::spc::{Assurance, Side, Spc, Variation};

/// Making Data Count's colours. The blue and the grey are the darker shades
/// MDC's own icons use, so that a dot on white keeps 3:1 contrast.
pub(super) const COMMON_CAUSE: &str = "#7f7f7f";
pub(super) const IMPROVEMENT: &str = "#0072c6";
pub(super) const CONCERN: &str = "#e46c0a";
pub(super) const NEUTRAL: &str = "#8000c0";

/// The colour of a point or icon showing `v`.
pub(super) fn colour(v: Variation) -> &'static str {
    match v {
        Variation::CommonCause => COMMON_CAUSE,
        Variation::Improvement(_) => IMPROVEMENT,
        Variation::Concern(_) => CONCERN,
        Variation::Neutral(_) => NEUTRAL,
    }
}

/// A variation in words for a reader, capitalised as a label:
/// `Special cause improvement (high)`.
pub(super) fn variation_words(v: Variation) -> String {
    match v {
        Variation::CommonCause => "Common cause variation".into(),
        special => capitalised(&special.words()),
    }
}

/// Icons are drawn on a 100-unit square and shown at about 28 CSS pixels.
const SIZE: u32 = 28;

fn open(words: &str, class: &str, colour: &str) -> String {
    let words = escape(words);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mdc-icon {class}\" \
         width=\"{SIZE}\" height=\"{SIZE}\" viewBox=\"0 0 100 100\" role=\"img\" \
         aria-label=\"{words}\"><title>{words}</title>\
         <circle cx=\"50\" cy=\"50\" r=\"44\" fill=\"#ffffff\" stroke=\"{colour}\" \
         stroke-width=\"8\"/>"
    )
}

fn letter(out: &mut String, text: &str, colour: &str) {
    let _ = write!(
        out,
        "<text x=\"50\" y=\"43\" text-anchor=\"middle\" \
         font-family=\"Arial, Helvetica, sans-serif\" font-size=\"32\" font-weight=\"bold\" \
         fill=\"{colour}\">{text}</text>"
    );
}

/// The MDC variation icon for the latest point of `spc`: common cause grey
/// dots; special cause with H or L (the side of the mean the signal is on)
/// and its last two dots in the colour of improvement, concern or neutral.
/// A series that does not vary at all gets the common-cause icon, with
/// words that say so.
pub(super) fn variation_icon(spc: &Spc) -> String {
    variation_icon_for(spc.variation, spc.no_variation)
}

/// The variation icon for a latest point's variation `latest`, or for a
/// series with `no_variation`.
pub(super) fn variation_icon_for(latest: Variation, no_variation: bool) -> String {
    let (v, words) = if no_variation {
        (Variation::CommonCause, "No variation".to_string())
    } else {
        (latest, variation_words(latest))
    };
    let ring = colour(v);
    let mut out = open(&words, &format!("mdc-variation {}", class(v)), ring);
    // Five dots left to right; a special cause lifts (H) or drops (L) the
    // last two away from the common-cause band.
    let xs = [24.0, 37.0, 50.0, 63.0, 76.0];
    let ys: [f64; 5] = match v {
        Variation::CommonCause => [62.0, 70.0, 58.0, 68.0, 62.0],
        Variation::Improvement(Side::High)
        | Variation::Concern(Side::High)
        | Variation::Neutral(Side::High) => [70.0, 76.0, 70.0, 56.0, 52.0],
        Variation::Improvement(Side::Low)
        | Variation::Concern(Side::Low)
        | Variation::Neutral(Side::Low) => [56.0, 62.0, 58.0, 72.0, 76.0],
    };
    let side = match v {
        Variation::CommonCause => None,
        Variation::Improvement(s) | Variation::Concern(s) | Variation::Neutral(s) => Some(s),
    };
    if let Some(s) = side {
        letter(
            &mut out,
            match s {
                Side::High => "H",
                Side::Low => "L",
            },
            ring,
        );
    }
    let points: Vec<String> = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| format!("{x:.0},{y:.0}"))
        .collect();
    let _ = write!(
        out,
        "<polyline fill=\"none\" stroke=\"{COMMON_CAUSE}\" stroke-width=\"3\" points=\"{}\"/>",
        points.join(" ")
    );
    for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
        let dot = if side.is_some() && i >= 3 {
            ring
        } else {
            COMMON_CAUSE
        };
        let _ = write!(
            out,
            "<circle cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"6\" fill=\"{dot}\"/>"
        );
    }
    out.push_str("</svg>");
    out
}

/// The MDC assurance icon: P (blue) when the process limits say the target
/// will consistently be met, F (orange) when it will consistently be
/// missed, ? (grey) when it will be hit and miss. The dashed line is the
/// target; the grey line is the process, clear of the target or across it.
pub(super) fn assurance_icon(a: Assurance) -> String {
    let (ring, text, class) = match a {
        Assurance::ConsistentlyPass => (IMPROVEMENT, "P", "mdc-pass"),
        Assurance::ConsistentlyFail => (CONCERN, "F", "mdc-fail"),
        Assurance::HitAndMiss => (COMMON_CAUSE, "?", "mdc-hit-and-miss"),
    };
    let words = format!("Assurance: {}", a.words());
    let mut out = open(
        &capitalised(&words),
        &format!("mdc-assurance {class}"),
        ring,
    );
    letter(&mut out, text, ring);
    let (target, process) = match a {
        Assurance::ConsistentlyPass => (76.0, "18,62 30,54 42,62 54,55 66,63 82,56"),
        Assurance::ConsistentlyFail => (54.0, "18,72 30,64 42,72 54,65 66,73 82,66"),
        Assurance::HitAndMiss => (64.0, "18,70 30,54 42,72 54,56 66,74 82,58"),
    };
    let _ = write!(
        out,
        "<line x1=\"8\" x2=\"92\" y1=\"{target:.0}\" y2=\"{target:.0}\" stroke=\"{ring}\" \
         stroke-width=\"4\" stroke-dasharray=\"9 4\"/>\
         <polyline fill=\"none\" stroke=\"{COMMON_CAUSE}\" stroke-width=\"4\" \
         stroke-linejoin=\"round\" points=\"{process}\"/>"
    );
    out.push_str("</svg>");
    out
}

/// A line of the key to the SPC icons: the icon and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyIcon {
    Variation(Variation),
    Assurance(Assurance),
}

impl KeyIcon {
    /// Whether this line of the key explains an icon `spc` is drawn with:
    /// the kind of its latest point's variation, or its assurance.
    pub(super) fn explains(self, spc: &Spc) -> bool {
        let drawn = if spc.no_variation {
            Variation::CommonCause
        } else {
            spc.variation
        };
        match self {
            Self::Variation(v) => std::mem::discriminant(&v) == std::mem::discriminant(&drawn),
            Self::Assurance(a) => spc.assurance == Some(a),
        }
    }

    pub(super) fn svg(self) -> String {
        match self {
            Self::Variation(v) => variation_icon_for(v, false),
            Self::Assurance(a) => assurance_icon(a),
        }
    }
}

/// The heading of the key to the SPC icons, as a reader meets it.
pub(super) const KEY_HEADING: &str = "Key to the SPC column";
pub(super) const KEY_INTRO: &str =
    "(statistical process control, as NHS Making Data Count draws it):";

/// The key to the SPC icons, as Making Data Count's summary tables give
/// one: each icon with what it says. The HTML pack and the Word paper
/// print the same lines.
pub(super) const KEY: [(KeyIcon, &str); 7] = [
    (
        KeyIcon::Variation(Variation::CommonCause),
        "common cause: no significant change",
    ),
    (
        KeyIcon::Variation(Variation::Improvement(Side::High)),
        "special cause improvement (H: unusually high, L: unusually low)",
    ),
    (
        KeyIcon::Variation(Variation::Concern(Side::Low)),
        "special cause concern",
    ),
    (
        KeyIcon::Variation(Variation::Neutral(Side::High)),
        "special cause where neither direction is better",
    ),
    (
        KeyIcon::Assurance(Assurance::ConsistentlyPass),
        "the process will consistently meet the target",
    ),
    (
        KeyIcon::Assurance(Assurance::ConsistentlyFail),
        "the process will consistently miss the target",
    ),
    (
        KeyIcon::Assurance(Assurance::HitAndMiss),
        "the process will sometimes meet and sometimes miss the target",
    ),
];

/// A class naming the variation, for a stylesheet or a test to find.
fn class(v: Variation) -> &'static str {
    match v {
        Variation::CommonCause => "mdc-common-cause",
        Variation::Improvement(_) => "mdc-improvement",
        Variation::Concern(_) => "mdc-concern",
        Variation::Neutral(_) => "mdc-neutral",
    }
}

/// Checks that `xml` is one well-formed element: tags balanced and
/// properly nested, attributes quoted, entities known. Enough to catch a
/// renderer's slip without an XML parser in the dependencies.
#[cfg(test)]
pub(crate) fn well_formed(xml: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = xml;
    let mut roots = 0;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        if open.is_empty() && !rest[..lt].trim().is_empty() {
            return Err(format!("text outside the root: {:?}", &rest[..lt]));
        }
        let after = &rest[lt + 1..];
        let gt = after
            .find('>')
            .ok_or_else(|| "a tag that never closes".to_string())?;
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim() => {}
                top => return Err(format!("</{name}> closes {top:?}")),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().unwrap_or_default();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad tag name in <{tag}>"));
        }
        check_attributes(&body[name.len()..])?;
        if open.is_empty() {
            roots += 1;
        }
        if !self_closing {
            open.push(name.to_string());
        }
    }
    check_text(rest)?;
    match (open.last(), roots) {
        (Some(unclosed), _) => Err(format!("<{unclosed}> never closed")),
        (None, 1) if rest.trim().is_empty() => Ok(()),
        (None, n) => Err(format!("{n} root elements")),
    }
}

#[cfg(test)]
fn check_attributes(mut attrs: &str) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Ok(());
        }
        let eq = attrs
            .find("=\"")
            .ok_or_else(|| format!("an unquoted attribute: {attrs}"))?;
        let name = &attrs[..eq];
        if !seen.insert(name.to_string()) {
            return Err(format!("attribute {name} twice"));
        }
        let value_at = eq + 2;
        let end = attrs[value_at..]
            .find('"')
            .ok_or_else(|| format!("an attribute that never closes: {attrs}"))?;
        let value = &attrs[value_at..value_at + end];
        if value.contains('<') {
            return Err(format!("< in attribute {name}"));
        }
        check_text(value)?;
        attrs = &attrs[value_at + end + 1..];
    }
}

#[cfg(test)]
fn check_text(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .ok_or_else(|| format!("a bare & in {text:?}"))?;
        let entity = &after[..semi];
        let known = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if !known {
            return Err(format!("unknown entity &{entity};"));
        }
        rest = &after[semi + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Polarity;
    use crate::stats::spc::{xmr, Options};

    fn spc(values: &[f64], polarity: Polarity) -> Spc {
        xmr(values, polarity, None, Options::default())
    }

    /// The STATISTICS reference series whose last point is a shift above
    /// the mean.
    const SHIFT_UP: [f64; 20] = [
        10., 11., 9., 10., 12., 9., 11., 10., 10., 11., 9., 10., 12., 12., 13., 12., 13., 12., 13.,
        12.,
    ];

    fn label(svg: &str) -> &str {
        let start = svg.find("aria-label=\"").expect("an aria-label") + 12;
        let end = svg[start..].find('"').expect("closed") + start;
        &svg[start..end]
    }

    #[test]
    fn a_key_line_explains_the_icons_of_its_kind_whatever_their_side() {
        let explained = |spc: &Spc| -> Vec<&str> {
            KEY.iter()
                .filter(|(icon, _)| icon.explains(spc))
                .map(|(_, words)| *words)
                .collect()
        };
        // A shift above the mean, lower being better: concern (high), which
        // the key's concern line explains though its icon shows low.
        assert_eq!(
            explained(&spc(&SHIFT_UP, Polarity::Lower)),
            ["special cause concern"]
        );
        let mut flat = xmr(&[5.0; 15], Polarity::Higher, Some(4.0), Options::default());
        assert!(flat.no_variation);
        assert_eq!(explained(&flat), ["common cause: no significant change"]);
        flat.assurance = Some(Assurance::HitAndMiss);
        assert_eq!(
            explained(&flat),
            [
                "common cause: no significant change",
                "the process will sometimes meet and sometimes miss the target"
            ]
        );
    }

    #[test]
    fn the_variation_icon_says_and_shows_special_cause_improvement() {
        let icon = variation_icon(&spc(&SHIFT_UP, Polarity::Higher));
        assert_eq!(label(&icon), "Special cause improvement (high)");
        assert!(icon.contains("<title>Special cause improvement (high)</title>"));
        assert!(icon.contains("role=\"img\""));
        assert!(icon.contains(&format!("stroke=\"{IMPROVEMENT}\"")));
        assert!(icon.contains(">H</text>"));
        assert_eq!(icon.matches(&format!("fill=\"{IMPROVEMENT}\"")).count(), 3);
        assert!(!icon.contains(CONCERN));
        well_formed(&icon).expect("well-formed");
    }

    #[test]
    fn the_same_shift_is_concern_when_lower_is_better_and_neutral_with_no_polarity() {
        let concern = variation_icon(&spc(&SHIFT_UP, Polarity::Lower));
        assert_eq!(label(&concern), "Special cause concern (high)");
        assert!(concern.contains(&format!("stroke=\"{CONCERN}\"")));
        let neutral = variation_icon(&spc(&SHIFT_UP, Polarity::None));
        assert_eq!(label(&neutral), "Special cause neutral (high)");
        assert!(neutral.contains(&format!("stroke=\"{NEUTRAL}\"")));
        let low: Vec<f64> = SHIFT_UP.iter().map(|v| -v).collect();
        let low = variation_icon(&spc(&low, Polarity::Lower));
        assert_eq!(label(&low), "Special cause improvement (low)");
        assert!(low.contains(">L</text>"));
        for icon in [concern, neutral, low] {
            well_formed(&icon).expect("well-formed");
        }
    }

    #[test]
    fn common_cause_is_grey_with_no_letter() {
        let values = [
            50., 52., 48., 51., 49., 50., 53., 47., 50., 51., 49., 52., 50.,
        ];
        let icon = variation_icon(&spc(&values, Polarity::Higher));
        assert_eq!(label(&icon), "Common cause variation");
        assert!(icon.contains(&format!("stroke=\"{COMMON_CAUSE}\"")));
        assert!(!icon.contains("<text"));
        for colour in [IMPROVEMENT, CONCERN, NEUTRAL] {
            assert!(!icon.contains(colour), "{colour}");
        }
        well_formed(&icon).expect("well-formed");
    }

    #[test]
    fn a_series_that_never_varies_says_so() {
        let icon = variation_icon(&spc(&[4.0; 15], Polarity::Higher));
        assert_eq!(label(&icon), "No variation");
        assert!(icon.contains("<title>No variation</title>"));
        assert!(icon.contains(&format!("stroke=\"{COMMON_CAUSE}\"")));
        well_formed(&icon).expect("well-formed");
    }

    #[test]
    fn assurance_icons_have_their_letter_colour_and_words() {
        for (a, text, ring, words) in [
            (
                Assurance::ConsistentlyPass,
                ">P</text>",
                IMPROVEMENT,
                "Assurance: consistently pass",
            ),
            (
                Assurance::ConsistentlyFail,
                ">F</text>",
                CONCERN,
                "Assurance: consistently fail",
            ),
            (
                Assurance::HitAndMiss,
                ">?</text>",
                COMMON_CAUSE,
                "Assurance: hit and miss",
            ),
        ] {
            let icon = assurance_icon(a);
            assert!(icon.contains(text), "{icon}");
            assert!(icon.contains(&format!("stroke=\"{ring}\"")), "{icon}");
            assert_eq!(label(&icon), words);
            assert!(icon.contains(&format!("<title>{words}</title>")));
            assert!(icon.contains("role=\"img\""));
            well_formed(&icon).expect("well-formed");
        }
    }

    #[test]
    fn the_checker_catches_what_it_should() {
        assert!(well_formed("<svg><g></g></svg>").is_ok());
        assert!(well_formed("<svg a=\"1\"/>").is_ok());
        assert!(well_formed("<svg><g></svg>").is_err());
        assert!(well_formed("<svg>a & b</svg>").is_err());
        assert!(well_formed("<svg a=1></svg>").is_err());
        assert!(well_formed("<svg></svg><svg></svg>").is_err());
        assert!(well_formed("<svg a=\"1\" a=\"2\"></svg>").is_err());
        assert!(well_formed("<svg>").is_err());
    }
}
