//! The colours of the map, shared by the window and every export.
//!
//! This is the one place a map colour is written. The exports (SVG, PNG, PDF, HTML) read the
//! constants below; the window reads the same values as CSS variables from
//! `ui/src/lib/palette.css`, which [`css_variables`] writes (a test fails when that file
//! drifts from this one). Plain values only: no I/O, nothing above the model.

use crate::model::Side;

/// One named colour: `name` becomes the CSS variable `--sm-<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub name: &'static str,
    pub hex: &'static str,
}

const fn c(name: &'static str, hex: &'static str) -> Colour {
    Colour { name, hex }
}

/// Reporting and dotted lines.
pub const LINE_REPORTS: Colour = c("line-reports", "#64748b");
/// A positive influence line.
pub const LINE_INFLUENCE: Colour = c("line-influence", "#2563eb");
/// A negative influence line.
pub const LINE_NEGATIVE: Colour = c("line-negative", "#dc2626");
/// A coverage line from one of our staff.
pub const LINE_COVERS: Colour = c("line-covers", "#7c3aed");
/// A line that exists only in an opportunity's decision chain.
pub const LINE_DEAL: Colour = c("line-deal", "#d97706");
/// Influence lines from a competitor's people, whatever their sign: their pull on the
/// customer is a risk of its own ([`influence_line`]).
pub const LINE_COMPETITOR: Colour = c("line-competitor", "#db2777");
/// The key-person mark and its border.
pub const KEY: Colour = c("key", "#d97706");
/// Body text.
pub const INK: Colour = c("ink", "#0f172a");
/// Secondary text: titles, departments, captions.
pub const MUTED: Colour = c("muted", "#64748b");
/// The page and a card's inside.
pub const PAPER: Colour = c("paper", "#ffffff");
/// A card's border, and rules between parts of a page.
pub const BORDER: Colour = c("border", "#cbd5e1");
/// The background of a small chip (counts, "+N").
pub const CHIP: Colour = c("chip", "#e2e8f0");
/// The background of a department's block (its people with no manager) and of its header.
pub const GROUP: Colour = c("group", "#f8fafc");
pub const GROUP_HEADER: Colour = c("group-header", "#e2e8f0");
/// The words that say what a redacted export leaves out.
pub const REDACTED: Colour = c("redacted", "#b45309");

/// Dark text on a light chip, light text on a dark chip.
pub const TEXT_ON_LIGHT: Colour = c("text-on-light", "#1f2937");
pub const TEXT_ON_DARK: Colour = c("text-on-dark", "#ffffff");

/// Rating chips, 1 (red) to 5 (green), and an unknown rating (grey).
pub const RATINGS: [Colour; 5] = [
    c("rating-1", "#dc2626"),
    c("rating-2", "#f97316"),
    c("rating-3", "#eab308"),
    c("rating-4", "#84cc16"),
    c("rating-5", "#16a34a"),
];
pub const RATING_UNKNOWN: Colour = c("rating-unknown", "#9ca3af");

/// The map status of an account: red, amber, green.
pub const STATUS_RED: Colour = c("status-red", "#dc2626");
pub const STATUS_AMBER: Colour = c("status-amber", "#f59e0b");
pub const STATUS_GREEN: Colour = c("status-green", "#16a34a");

/// The three ratings' lines in a person's trend chart.
pub const TREND_INTIMACY: Colour = c("trend-intimacy", "#2563eb");
pub const TREND_SOLUTION: Colour = c("trend-solution", "#16a34a");
pub const TREND_PRICE: Colour = c("trend-price", "#d97706");

/// A card's colours by side: the band on top, the inside, the border; competitors' cards
/// are drawn dashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideColours {
    pub band: Colour,
    pub fill: Colour,
    pub border: Colour,
    pub dashed: bool,
}

const fn side(band: Colour, fill: Colour, border: Colour, dashed: bool) -> SideColours {
    SideColours {
        band,
        fill,
        border,
        dashed,
    }
}

pub const SIDES: [(Side, SideColours); 5] = [
    (
        Side::Customer,
        side(
            c("customer-band", "#64748b"),
            c("customer-fill", "#ffffff"),
            c("customer-border", "#cbd5e1"),
            false,
        ),
    ),
    (
        Side::Ours,
        side(
            c("ours-band", "#8b5cf6"),
            c("ours-fill", "#f5f3ff"),
            c("ours-border", "#8b5cf6"),
            false,
        ),
    ),
    (
        Side::Partner,
        side(
            c("partner-band", "#14b8a6"),
            c("partner-fill", "#f0fdfa"),
            c("partner-border", "#14b8a6"),
            false,
        ),
    ),
    (
        Side::Consultant,
        side(
            c("consultant-band", "#0891b2"),
            c("consultant-fill", "#ecfeff"),
            c("consultant-border", "#06b6d4"),
            false,
        ),
    ),
    (
        Side::Competitor,
        side(
            c("competitor-band", "#ef4444"),
            c("competitor-fill", "#fef2f2"),
            c("competitor-border", "#f87171"),
            true,
        ),
    ),
];

/// The card colours of a side.
pub fn side_colours(s: Side) -> SideColours {
    SIDES
        .iter()
        .find(|(side, _)| *side == s)
        .map(|(_, colours)| *colours)
        .unwrap_or(SIDES[0].1)
}

/// A rating chip's fill and the colour of the number on it.
pub fn rating_colours(v: Option<u8>) -> (Colour, Colour) {
    match v {
        Some(n @ 1..=5) => {
            let fill = RATINGS[usize::from(n) - 1];
            let text = if n == 3 || n == 4 {
                TEXT_ON_LIGHT
            } else {
                TEXT_ON_DARK
            };
            (fill, text)
        }
        _ => (RATING_UNKNOWN, TEXT_ON_LIGHT),
    }
}

/// The colour of an influence line from someone of side `from` with sign `sign`: the
/// competitor colour for a competitor's line, else red when negative, blue when positive.
pub fn influence_line(from: Side, sign: i8) -> Colour {
    if from == Side::Competitor {
        LINE_COMPETITOR
    } else if sign < 0 {
        LINE_NEGATIVE
    } else {
        LINE_INFLUENCE
    }
}

/// Every colour of the palette, in a fixed order.
pub fn all() -> Vec<Colour> {
    let mut out = vec![
        LINE_REPORTS,
        LINE_INFLUENCE,
        LINE_NEGATIVE,
        LINE_COVERS,
        LINE_DEAL,
        LINE_COMPETITOR,
        KEY,
        INK,
        MUTED,
        PAPER,
        BORDER,
        CHIP,
        GROUP,
        GROUP_HEADER,
        REDACTED,
        TEXT_ON_LIGHT,
        TEXT_ON_DARK,
    ];
    out.extend(RATINGS);
    out.push(RATING_UNKNOWN);
    out.extend([STATUS_RED, STATUS_AMBER, STATUS_GREEN]);
    out.extend([TREND_INTIMACY, TREND_SOLUTION, TREND_PRICE]);
    for (_, s) in SIDES {
        out.extend([s.band, s.fill, s.border]);
    }
    out
}

/// The palette as a CSS file of custom properties (`--sm-<name>: <hex>;`), the content of
/// `ui/src/lib/palette.css`.
pub fn css_variables() -> String {
    let mut css = String::from(
        "/* Generated from crates/stakemap-core/src/palette.rs by its test; do not edit. */\n:root {\n",
    );
    for colour in all() {
        css.push_str(&format!("  --sm-{}: {};\n", colour.name, colour.hex));
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_colours_are_hex() {
        let all = all();
        let mut names: Vec<_> = all.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "a palette name is used twice");
        for c in all {
            assert!(
                c.hex.len() == 7
                    && c.hex.starts_with('#')
                    && c.hex[1..].chars().all(|ch| ch.is_ascii_hexdigit()),
                "{} is not #rrggbb: {}",
                c.name,
                c.hex
            );
        }
    }

    #[test]
    fn ratings_follow_the_scale() {
        assert_eq!(rating_colours(Some(1)).0.hex, "#dc2626");
        assert_eq!(rating_colours(Some(3)).1, TEXT_ON_LIGHT);
        assert_eq!(rating_colours(Some(5)).1, TEXT_ON_DARK);
        assert_eq!(rating_colours(None).0, RATING_UNKNOWN);
        assert_eq!(rating_colours(Some(9)).0, RATING_UNKNOWN);
    }

    #[test]
    fn a_competitors_line_has_its_own_colour() {
        assert_eq!(influence_line(Side::Competitor, 1), LINE_COMPETITOR);
        assert_eq!(influence_line(Side::Competitor, -1), LINE_COMPETITOR);
        assert_eq!(influence_line(Side::Customer, -1), LINE_NEGATIVE);
        assert_eq!(influence_line(Side::Partner, 1), LINE_INFLUENCE);
        assert_ne!(LINE_COMPETITOR.hex, LINE_NEGATIVE.hex);
    }

    #[test]
    fn every_side_has_its_colours() {
        assert!(side_colours(Side::Competitor).dashed);
        assert_eq!(side_colours(Side::Ours).band.hex, "#8b5cf6");
    }
}
