//! The map as SVG: cards where the user put them, lines, and the legend.
//!
//! One standalone SVG 1.1 document in map units (one unit = one CSS pixel at zoom 1), drawn
//! like the window draws the map: cards with their side's colour band, name, reading,
//! title, department and rating chips; every line along the route the map's layout gave it
//! (reporting lines as org-chart connectors, influence and coverage lines through the gaps
//! between the cards), or, without a route, as a connector or a bowed arrow. The PNG and PDF exports render this document, and the
//! HTML viewer embeds it, so it is built for scripts too:
//!
//! - every card is `<g id="p-{id}" class="person" data-id="{id}" data-side="…">`, whose
//!   first `<rect>` is the card's outline (the viewer outlines it when selected);
//! - every line is `<g class="line" data-kind="…" data-id="…" data-from="…" data-to="…">`
//!   (from and to as stored: for a reporting line, the report and the manager);
//! - every department's header is `<g class="department" data-department="…">` (a frame
//!   behind its people with no manager, its name in a band at the top);
//! - the legend is `<g class="legend">`, the title `<g class="title">`.
//!
//! All user text is escaped with [`esc`](crate::markup::esc) and shortened to fit its card: a hostile name
//! (markup, `]]>`, control or bidi-override characters, 100 KB of text) stays text. The
//! output depends on the data only: the same data gives the same bytes.

mod cards;
mod groups;
pub(crate) mod legend;
pub(crate) mod lines;
pub(crate) mod text;
pub(crate) mod words;

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{ExportData, ExportOptions, Redaction};
use crate::layout::{CARD_H, CARD_W};
use crate::markup::esc;
use crate::model::{Person, Relation, RelationKind};
use crate::palette;
use cards::{write_card, write_fold, Card};
use legend::Legend;
use lines::write_line;
pub(crate) use text::fit as text_fit;
use text::{fit, num};
use words::words;

/// The fonts of every text: the Japanese Noto first, so that Japanese and Latin text look
/// the same wherever it is opened (the PNG and PDF exports load it; see [`super::raster`]).
pub const FONT_FAMILY: &str = "'Noto Sans CJK JP', 'Noto Sans JP', 'Noto Sans', sans-serif";

/// Room around the drawing.
const MARGIN: f64 = 32.0;
/// Height of the title band above the cards.
const TITLE_H: f64 = 64.0;
/// The legend's width and its distance from the cards.
pub(crate) const LEGEND_W: f64 = 260.0;
const LEGEND_GAP: f64 = 48.0;

/// Inside a card: left edge of the text (after the side band) and right edge.
const TEXT_X: f64 = 15.0;
const TEXT_RIGHT: f64 = CARD_W - 9.0;
const BAND_W: f64 = 6.0;

// The colours of the map, from the one palette (card and chip colours: see
// `palette::side_colours` and `palette::rating_colours`).
const REPORTS: &str = palette::LINE_REPORTS.hex;
const INFLUENCE_POS: &str = palette::LINE_INFLUENCE.hex;
const INFLUENCE_NEG: &str = palette::LINE_NEGATIVE.hex;
const COVERS: &str = palette::LINE_COVERS.hex;
const KEY: &str = palette::KEY.hex;
const MUTED: &str = palette::MUTED.hex;
const INK: &str = palette::INK.hex;
pub(crate) const PAPER: &str = palette::PAPER.hex;
const BORDER: &str = palette::BORDER.hex;
const CHIP: &str = palette::CHIP.hex;
const REDACTED: &str = palette::REDACTED.hex;
const ON_DARK: &str = palette::TEXT_ON_DARK.hex;

// ---------------------------------------------------------------------------------------
// The document

/// The map of `data` as a standalone SVG document (with its XML declaration).
pub fn render(data: &ExportData, opts: &ExportOptions) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&render_element(data, opts));
    out
}

/// How big the cards' names are drawn: 13 units on the map as the window shows it; larger
/// on a page (slide or paper), where the whole map is scaled down to fit and each name must
/// stay legible.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) name_size: f64,
}

impl Style {
    pub(crate) const MAP: Style = Style { name_size: 13.0 };
    pub(crate) const PAGE: Style = Style { name_size: 20.0 };
}

/// The cards and lines of a map in map units, with their bounds and the legend that
/// explains them: what a whole-map SVG and a page both draw.
pub(crate) struct Body {
    pub(crate) min_x: f64,
    pub(crate) min_y: f64,
    pub(crate) max_x: f64,
    pub(crate) max_y: f64,
    /// The `<g class="lines">` and `<g class="people">` groups.
    pub(crate) content: String,
    legend: Legend,
}

impl Body {
    pub(crate) fn width(&self) -> f64 {
        self.max_x - self.min_x
    }
    pub(crate) fn height(&self) -> f64 {
        self.max_y - self.min_y
    }
    pub(crate) fn legend_height(&self) -> f64 {
        self.legend.height
    }
    /// The legend, its top left corner at (`x`, `y`).
    pub(crate) fn write_legend(
        &self,
        s: &mut String,
        lang: crate::model::Lang,
        x: f64,
        y: f64,
        r: &Redaction,
    ) {
        self.legend.write(s, &words(lang), x, y, r);
    }
}

/// The height of a card: without rating chips the card ends below its last line of text,
/// so a redacted export has no empty band where the chips were.
pub(crate) fn card_height(style: Style, ratings_redacted: bool) -> f64 {
    if ratings_redacted {
        78.0 + (style.name_size - 13.0)
    } else {
        CARD_H
    }
}

/// The cards and lines of `data` (see [`Body`]).
pub(crate) fn body(data: &ExportData, lang: crate::model::Lang, style: Style) -> Body {
    let w = words(lang);
    let card_h = card_height(style, data.redaction.ratings);
    let people: HashMap<&str, &Person> = data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let folds: HashMap<&str, &super::Fold> =
        data.folds.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut cards: HashMap<&str, Card> = HashMap::new();
    let mut order: Vec<(&Person, Card)> = Vec::new();
    for pl in &data.placements {
        let Some(p) = people.get(pl.person_id.as_str()) else {
            continue;
        };
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let card = Card {
            x: finite(pl.x),
            y: finite(pl.y),
            h: card_h,
            stacked: pl.stacked,
            competitor: p.side == crate::model::Side::Competitor,
        };
        if cards.insert(p.id.as_str(), card).is_none() {
            order.push((p, card));
        }
    }

    let (min_x, min_y, max_x, max_y) = if order.is_empty() {
        (0.0, 0.0, CARD_W, card_h)
    } else {
        order.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(a, b, c, d), (_, k)| {
                (
                    a.min(k.x),
                    b.min(k.y),
                    c.max(k.x + CARD_W),
                    d.max(k.y + k.h),
                )
            },
        )
    };
    // The departments' frames, behind everything, within the bounds.
    let departments = groups::drawn(&data.groups, &cards);
    let (min_x, min_y, max_x, max_y) =
        departments
            .iter()
            .fold((min_x, min_y, max_x, max_y), |(a, b, c, d), g| {
                (
                    a.min(g.x),
                    b.min(g.y),
                    c.max(g.x + g.width),
                    d.max(g.y + g.height),
                )
            });
    // An influence line from a competitor's person that is drawn (both ends on the map).
    let competitor_line = data.relations.iter().any(|l| {
        l.kind == RelationKind::Influence
            && l.from != l.to
            && cards.get(l.from.as_str()).is_some_and(|c| c.competitor)
            && cards.contains_key(l.to.as_str())
    });
    let legend = Legend::new(&w, &data.redaction, competitor_line);

    let mut s = String::with_capacity(4096 + order.len() * 1600);
    groups::write_groups(&mut s, &departments, style);
    // Lines under the cards: reporting lines first, then influence and coverage.
    s.push_str("<g class=\"lines\">\n");
    let mut lines: Vec<&Relation> = data.relations.iter().collect();
    lines.sort_by_key(|l| match l.kind {
        RelationKind::ReportsTo => 0,
        RelationKind::DottedLine => 1,
        RelationKind::Covers => 2,
        RelationKind::Influence => 3,
    });
    let routes: HashMap<&str, &[crate::layout::Point]> = data
        .routes
        .iter()
        .map(|r| (r.relation_id.as_str(), r.points.as_slice()))
        .collect();
    for l in lines {
        write_line(&mut s, l, &cards, routes.get(l.id.as_str()).copied());
    }
    s.push_str("</g>\n");

    s.push_str("<g class=\"people\">\n");
    let key: std::collections::HashSet<&str> =
        data.key_person_ids.iter().map(String::as_str).collect();
    for (p, card) in &order {
        if let Some(fold) = folds.get(p.id.as_str()) {
            write_fold(&mut s, p, *card, fold, &w, style);
            continue;
        }
        write_card(
            &mut s,
            p,
            *card,
            key.contains(p.id.as_str()),
            &w,
            data.redaction.ratings,
            style,
        );
    }
    s.push_str("</g>\n");
    Body {
        min_x,
        min_y,
        max_x,
        max_y,
        content: s,
        legend,
    }
}

/// The map as one `<svg>` element, without the XML declaration: for embedding in an HTML
/// page. Its `viewBox` is in map units (cards keep their map coordinates); its `width` and
/// `height` are the same size in pixels.
pub fn render_element(data: &ExportData, opts: &ExportOptions) -> String {
    let lang = opts.lang();
    let body = body(data, lang, Style::MAP);
    let (min_x, min_y, max_x, max_y) = (body.min_x, body.min_y, body.max_x, body.max_y);
    // Bounds of the whole drawing (whole units, so that the PNG at an integer scale has
    // exactly scale × this size).
    let left = (min_x - MARGIN).floor();
    let top = (min_y - MARGIN - TITLE_H).floor();
    let legend_x = max_x + LEGEND_GAP;
    let legend_y = min_y;
    let right = (legend_x + LEGEND_W + MARGIN).ceil();
    let bottom = (max_y.max(legend_y + body.legend.height) + MARGIN).ceil();
    let (width, height) = (right - left, bottom - top);

    let mut s = String::with_capacity(4096 + body.content.len());
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"stakemap-map\" \
         width=\"{w_}\" height=\"{h_}\" viewBox=\"{x} {y} {w_} {h_}\" \
         font-family=\"{font}\">",
        w_ = num(width),
        h_ = num(height),
        x = num(left),
        y = num(top),
        font = esc(FONT_FAMILY),
    );
    let _ = writeln!(
        s,
        "<title>{}</title>",
        esc(&fit(&data.account.name, 4000.0, 10.0, false))
    );
    write_defs(&mut s, card_height(Style::MAP, data.redaction.ratings));
    let _ = writeln!(
        s,
        "<rect class=\"background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{PAPER}\"/>",
        num(left),
        num(top),
        num(width),
        num(height)
    );

    // Title: the account, and its industry below.
    let title_w = (right - left - 2.0 * MARGIN).max(200.0);
    write_title(
        &mut s,
        data,
        left + MARGIN,
        top + MARGIN,
        title_w,
        22.0,
        None,
    );
    s.push_str(&body.content);
    body.legend
        .write(&mut s, &words(lang), legend_x, legend_y, &data.redaction);
    s.push_str("</svg>\n");
    s
}

/// The title: the account's name at `size`, and below it its industry (and `subtitle`,
/// e.g. which view of the map this is), within `width`; (`x`, `y`) is its top left.
pub(crate) fn write_title(
    s: &mut String,
    data: &ExportData,
    x: f64,
    y: f64,
    width: f64,
    size: f64,
    subtitle: Option<&str>,
) {
    let _ = write!(
        s,
        "<g class=\"title\"><text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        num(x),
        num(y + size * 0.9),
        num(size),
        esc(&fit(&data.account.name, width, size, true))
    );
    let small = (size * 0.6).round();
    let mut second = data.account.industry.clone();
    if let Some(sub) = subtitle {
        if !second.is_empty() {
            second.push_str(" · ");
        }
        second.push_str(sub);
    }
    let second = fit(&second, width, small, false);
    if !second.is_empty() {
        let _ = write!(
            s,
            "<text class=\"subtitle\" x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{MUTED}\">{}</text>",
            num(x),
            num(y + size * 0.9 + small * 1.5),
            num(small),
            esc(&second)
        );
    }
    s.push_str("</g>\n");
}

/// The shared definitions: the card's clip (cards `card_h` high) and the arrow heads.
pub(crate) fn write_defs(s: &mut String, card_h: f64) {
    s.push_str("<defs>\n");
    let _ = writeln!(
        s,
        "<clipPath id=\"sm-card\"><rect width=\"{}\" height=\"{}\" rx=\"8\"/></clipPath>",
        num(CARD_W),
        num(card_h)
    );
    for (id, colour) in [
        ("sm-arrow-pos", INFLUENCE_POS),
        ("sm-arrow-neg", INFLUENCE_NEG),
        ("sm-arrow-comp", palette::LINE_COMPETITOR.hex),
    ] {
        let _ = writeln!(
            s,
            "<marker id=\"{id}\" viewBox=\"0 0 12 12\" refX=\"5\" refY=\"6\" markerWidth=\"12\" \
             markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
             <path d=\"M0,1 L12,6 L0,11 Z\" fill=\"{colour}\"/></marker>"
        );
    }
    let _ = writeln!(
        s,
        "<marker id=\"sm-arrow-cov\" viewBox=\"0 0 12 12\" refX=\"10\" refY=\"6\" markerWidth=\"12\" \
         markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path d=\"M1,1.5 L10,6 L1,10.5\" fill=\"none\" stroke=\"{COVERS}\" stroke-width=\"1.8\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\"/></marker>"
    );
    s.push_str("</defs>\n");
}
