//! The map as SVG: cards where the user put them, lines, and the legend.
//!
//! One standalone SVG 1.1 document in map units (one unit = one CSS pixel at zoom 1), drawn
//! like the window draws the map: cards with their side's colour band, name, reading,
//! title, department and rating chips; reporting lines as orthogonal connectors; influence
//! and coverage lines as bowed arrows. The PNG and PDF exports render this document, and the
//! HTML viewer embeds it, so it is built for scripts too:
//!
//! - every card is `<g id="p-{id}" class="person" data-id="{id}" data-side="…">`, whose
//!   first `<rect>` is the card's outline (the viewer outlines it when selected);
//! - every line is `<g class="line" data-kind="…" data-id="…" data-from="…" data-to="…">`
//!   (from and to as stored: for a reporting line, the report and the manager);
//! - the legend is `<g class="legend">`, the title `<g class="title">`.
//!
//! All user text is escaped with [`esc`] and shortened to fit its card: a hostile name
//! (markup, `]]>`, control or bidi-override characters, 100 KB of text) stays text. The
//! output depends on the data only: the same data gives the same bytes.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{ExportData, ExportOptions, Redaction};
use crate::layout::{CARD_H, CARD_W};
use crate::markup::is_xml_char;
use crate::model::{Lang, Person, RatingKind, Relation, RelationKind, Side};

/// The escape of every text of the map; kept here for its users of `export::svg::esc`.
pub use crate::markup::esc;

/// The fonts of every text: the Japanese Noto first, so that Japanese and Latin text look
/// the same wherever it is opened (the PNG and PDF exports load it; see [`super::raster`]).
pub const FONT_FAMILY: &str = "'Noto Sans CJK JP', 'Noto Sans JP', 'Noto Sans', sans-serif";

/// Room around the drawing.
const MARGIN: f64 = 32.0;
/// Height of the title band above the cards.
const TITLE_H: f64 = 64.0;
/// The legend's width and its distance from the cards.
const LEGEND_W: f64 = 260.0;
const LEGEND_GAP: f64 = 48.0;

/// Inside a card: left edge of the text (after the side band) and right edge.
const TEXT_X: f64 = 15.0;
const TEXT_RIGHT: f64 = CARD_W - 9.0;
const BAND_W: f64 = 6.0;

const REPORTS: &str = "#64748b";
const INFLUENCE_POS: &str = "#2563eb";
const INFLUENCE_NEG: &str = "#dc2626";
const COVERS: &str = "#7c3aed";
const KEY: &str = "#d97706";
const MUTED: &str = "#64748b";
const INK: &str = "#0f172a";

// ---------------------------------------------------------------------------------------
// Text fitting

/// Characters that are never shown: controls, bidi embeddings, overrides and isolates
/// (U+202E would show a name backwards), zero-width marks and the byte order mark.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'
        )
        || !is_xml_char(c)
}

/// Approximate advance of `c` in ems in Noto Sans CJK: exact enough to shorten text to
/// its card (the card also clips it, so an estimate on the high side is safe).
fn advance(c: char) -> f64 {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{3099}'..='\u{309A}' => 0.0,
        ' ' => 0.25,
        'i' | 'j' | 'l' | '!' | '.' | ',' | ':' | ';' | '|' | '\'' | 'I' => 0.28,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.86,
        'A'..='Z' | '0'..='9' | '&' | '#' => 0.64,
        'a'..='z' => 0.54,
        '\u{1100}'..='\u{115F}'
        | '\u{2026}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}' => 1.0,
        '\u{FF61}'..='\u{FFDC}' => 0.5,
        _ => 0.62,
    }
}

/// Estimated width of `s` at `size` (bold text is a little wider).
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let w: f64 = s.chars().map(advance).sum::<f64>() * size;
    if bold {
        w * 1.06
    } else {
        w
    }
}

/// `s` as one line of at most `max_w` at `size`: invisible characters left out, runs of
/// white space made one space, and cut with an ellipsis when too long. Reads only as much
/// of `s` as fits, so a 100 KB name costs no more than a short one.
fn fit(s: &str, max_w: f64, size: f64, bold: bool) -> String {
    let scale = size * if bold { 1.06 } else { 1.0 };
    let ellipsis = advance('…') * scale;
    let mut out = String::new();
    let mut width = 0.0;
    // Length of `out` up to which the text still fits with an ellipsis after it.
    let mut keep = 0;
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        let pending = if space { advance(' ') * scale } else { 0.0 };
        let w = advance(c) * scale;
        if width + pending + w > max_w {
            out.truncate(keep);
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
        width += pending + w;
        if width + ellipsis <= max_w {
            keep = out.len();
        }
    }
    out
}

/// `s` broken into lines of at most `max_w`: after spaces and commas (Japanese ones too),
/// or anywhere in a word too long for a line.
fn wrap(s: &str, max_w: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut word = String::new();
    let flush_word = |line: &mut String, word: &mut String, lines: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        if !line.is_empty() && text_width(&format!("{line}{word}"), size, false) > max_w {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for c in word.chars() {
            if !line.is_empty() && text_width(&format!("{line}{c}"), size, false) > max_w {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            if !(line.is_empty() && c == ' ') {
                line.push(c);
            }
        }
        word.clear();
    };
    for c in s.chars().filter(|c| !is_invisible(*c)) {
        word.push(c);
        if c == ' ' || c == '、' || c == ',' {
            flush_word(&mut line, &mut word, &mut lines);
        }
    }
    flush_word(&mut line, &mut word, &mut lines);
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A number for an attribute: at most two decimals, no trailing zeros, never `-0`.
fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{:.2}", v);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

// ---------------------------------------------------------------------------------------
// Words and colours

struct Words {
    legend: &'static str,
    reports_to: &'static str,
    dotted_line: &'static str,
    influence_pos: &'static str,
    influence_neg: &'static str,
    covers: &'static str,
    strength: &'static str,
    /// Short label on the chip and full name of each rating.
    ratings: [(&'static str, &'static str); 3],
    scale: &'static str,
    unknown: &'static str,
    key_person: &'static str,
    sides: [&'static str; 5],
    redacted: &'static str,
    /// Ratings, notes, portraits, negative lines.
    redacted_parts: [&'static str; 4],
    list_sep: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            legend: "Legend",
            reports_to: "Reporting line",
            dotted_line: "Dotted line",
            influence_pos: "Influence (+)",
            influence_neg: "Influence (−)",
            covers: "Coverage",
            strength: "Strength 1–3 (line width)",
            ratings: [
                ("I", "Intimacy"),
                ("S", "Solution acceptance"),
                ("P", "Price acceptance"),
            ],
            scale: "1 low … 5 high",
            unknown: "unknown",
            key_person: "Key person",
            sides: [
                "Customer",
                "Our team",
                "Partner",
                "Consultant",
                "Competitor",
            ],
            redacted: "Redacted: ",
            redacted_parts: ["ratings", "notes", "portraits", "negative influence lines"],
            list_sep: ", ",
        },
        Lang::Ja => Words {
            legend: "凡例",
            reports_to: "報告関係",
            dotted_line: "点線の報告関係",
            influence_pos: "影響関係（＋）",
            influence_neg: "影響関係（−）",
            covers: "カバレッジ",
            strength: "強さ 1–3（線の太さ）",
            ratings: [
                ("親", "親密度"),
                ("ソ", "ソリューション受容度"),
                ("価", "価格受容度"),
            ],
            scale: "1 低 … 5 高",
            unknown: "不明",
            key_person: "キーパーソン",
            sides: ["顧客", "自社チーム", "パートナー", "コンサルタント", "競合"],
            redacted: "非公開：",
            redacted_parts: ["評価", "メモ", "人物像", "マイナスの影響関係"],
            list_sep: "、",
        },
    }
}

/// Colours of a card by side: band, background, border.
struct SideStyle {
    band: &'static str,
    fill: &'static str,
    border: &'static str,
    dashed: bool,
}

fn side_style(side: Side) -> SideStyle {
    let (band, fill, border, dashed) = match side {
        Side::Customer => ("#64748b", "#ffffff", "#cbd5e1", false),
        Side::Ours => ("#8b5cf6", "#f5f3ff", "#8b5cf6", false),
        Side::Partner => ("#14b8a6", "#f0fdfa", "#14b8a6", false),
        Side::Consultant => ("#0891b2", "#ecfeff", "#06b6d4", false),
        Side::Competitor => ("#ef4444", "#fef2f2", "#f87171", true),
    };
    SideStyle {
        band,
        fill,
        border,
        dashed,
    }
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Customer => 0,
        Side::Ours => 1,
        Side::Partner => 2,
        Side::Consultant => 3,
        Side::Competitor => 4,
    }
}

/// Chip colour and text colour of a rating, as in the window: red (1) to green (5),
/// unknown grey.
fn rating_colours(v: Option<u8>) -> (&'static str, &'static str) {
    match v {
        Some(1) => ("#dc2626", "#ffffff"),
        Some(2) => ("#f97316", "#ffffff"),
        Some(3) => ("#eab308", "#1f2937"),
        Some(4) => ("#84cc16", "#1f2937"),
        Some(5) => ("#16a34a", "#ffffff"),
        _ => ("#9ca3af", "#1f2937"),
    }
}

fn stroke_width(strength: u8) -> f64 {
    match strength {
        0 | 1 => 1.25,
        2 => 2.25,
        _ => 3.5,
    }
}

/// A five-pointed star of outer radius `r` centred on (`cx`, `cy`).
fn star(cx: f64, cy: f64, r: f64) -> String {
    // Unit star, computed once with fixed decimals so that every machine writes the same.
    const PTS: [(f64, f64); 10] = [
        (0.0, -1.0),
        (0.2245, -0.309),
        (0.9511, -0.309),
        (0.3633, 0.118),
        (0.5878, 0.809),
        (0.0, 0.382),
        (-0.5878, 0.809),
        (-0.3633, 0.118),
        (-0.9511, -0.309),
        (-0.2245, -0.309),
    ];
    let mut d = String::new();
    for (i, (x, y)) in PTS.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{}",
            if i == 0 { "M" } else { " L" },
            num(cx + x * r),
            num(cy + y * r)
        );
    }
    d.push_str(" Z");
    d
}

// ---------------------------------------------------------------------------------------
// Geometry

#[derive(Clone, Copy)]
struct Card {
    x: f64,
    y: f64,
    stacked: bool,
}

impl Card {
    fn cx(&self) -> f64 {
        self.x + CARD_W / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + CARD_H / 2.0
    }
}

/// Where a line from the centre of `a` towards the centre of `b` leaves `a`'s card.
fn border_point(a: Card, b: Card) -> (f64, f64) {
    let (ax, ay) = (a.cx(), a.cy());
    let (dx, dy) = (b.cx() - ax, b.cy() - ay);
    if dx == 0.0 && dy == 0.0 {
        return (ax, ay);
    }
    let sx = if dx == 0.0 {
        f64::INFINITY
    } else {
        CARD_W / 2.0 / dx.abs()
    };
    let sy = if dy == 0.0 {
        f64::INFINITY
    } else {
        CARD_H / 2.0 / dy.abs()
    };
    let s = sx.min(sy);
    (ax + dx * s, ay + dy * s)
}

/// A path through `pts` with straight segments and rounded corners.
fn rounded_polyline(pts: &[(f64, f64)]) -> String {
    // Drop repeated points; a corner needs two distinct neighbours.
    let mut p: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for &q in pts {
        if p.last()
            .map_or(true, |l| (l.0 - q.0).abs() + (l.1 - q.1).abs() > 0.01)
        {
            p.push(q);
        }
    }
    let mut d = String::new();
    let Some(&first) = p.first() else {
        return d;
    };
    let _ = write!(d, "M{},{}", num(first.0), num(first.1));
    for i in 1..p.len() {
        let cur = p[i];
        if i + 1 < p.len() {
            let (prev, next) = (p[i - 1], p[i + 1]);
            let l1 = ((cur.0 - prev.0).powi(2) + (cur.1 - prev.1).powi(2)).sqrt();
            let l2 = ((next.0 - cur.0).powi(2) + (next.1 - cur.1).powi(2)).sqrt();
            let r = 8.0_f64.min(l1 / 2.0).min(l2 / 2.0);
            let a = (
                cur.0 - (cur.0 - prev.0) / l1 * r,
                cur.1 - (cur.1 - prev.1) / l1 * r,
            );
            let b = (
                cur.0 + (next.0 - cur.0) / l2 * r,
                cur.1 + (next.1 - cur.1) / l2 * r,
            );
            let _ = write!(
                d,
                " L{},{} Q{},{} {},{}",
                num(a.0),
                num(a.1),
                num(cur.0),
                num(cur.1),
                num(b.0),
                num(b.1)
            );
        } else {
            let _ = write!(d, " L{},{}", num(cur.0), num(cur.1));
        }
    }
    d
}

/// The connector of a reporting or dotted line, from the manager's bottom to the report's
/// top, or to the report's left side when it sits in a stacked column.
fn connector(manager: Card, report: Card, kind: RelationKind) -> String {
    let (sx, sy) = (manager.cx(), manager.y + CARD_H);
    if report.stacked {
        let ey = report.cy();
        if kind == RelationKind::ReportsTo && report.x > sx {
            return rounded_polyline(&[(sx, sy), (sx, ey), (report.x, ey)]);
        }
        // A dotted line into a stacked column comes in lower and from just left of it,
        // so it never runs along the primary connector.
        let ey = ey + 12.0;
        let lane = report.x - 12.0;
        let mid = sy + 16.0;
        return rounded_polyline(&[(sx, sy), (sx, mid), (lane, mid), (lane, ey), (report.x, ey)]);
    }
    let (ex, ey) = (report.cx(), report.y);
    let mid = sy + (ey - sy) / 2.0;
    rounded_polyline(&[(sx, sy), (sx, mid), (ex, mid), (ex, ey)])
}

/// A line between the borders of two cards, bowed a little so that A→B and B→A differ,
/// stopping `short` before the border (where the arrowhead's tip then lands).
fn bowed(from: Card, to: Card, short: f64) -> Option<String> {
    let a = border_point(from, to);
    let b = border_point(to, from);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    if dx.abs() + dy.abs() < 1.0 {
        return None;
    }
    let bow = 0.12;
    let c = ((a.0 + b.0) / 2.0 - dy * bow, (a.1 + b.1) / 2.0 + dx * bow);
    let (tx, ty) = (b.0 - c.0, b.1 - c.1);
    let len = (tx * tx + ty * ty).sqrt().max(1e-9);
    let end = (b.0 - tx / len * short, b.1 - ty / len * short);
    Some(format!(
        "M{},{} Q{},{} {},{}",
        num(a.0),
        num(a.1),
        num(c.0),
        num(c.1),
        num(end.0),
        num(end.1)
    ))
}

// ---------------------------------------------------------------------------------------
// The document

/// The map of `data` as a standalone SVG document (with its XML declaration).
pub fn render(data: &ExportData, opts: &ExportOptions) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&render_element(data, opts));
    out
}

/// The map as one `<svg>` element, without the XML declaration: for embedding in an HTML
/// page. Its `viewBox` is in map units (cards keep their map coordinates); its `width` and
/// `height` are the same size in pixels.
pub fn render_element(data: &ExportData, opts: &ExportOptions) -> String {
    let lang = opts.lang();
    let w = words(lang);
    let people: HashMap<&str, &Person> = data.people.iter().map(|p| (p.id.as_str(), p)).collect();
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
            stacked: pl.stacked,
        };
        if cards.insert(p.id.as_str(), card).is_none() {
            order.push((p, card));
        }
    }

    // Bounds of the cards, then of the whole drawing (whole units, so that the PNG at an
    // integer scale has exactly scale × this size).
    let (min_x, min_y, max_x, max_y) = if order.is_empty() {
        (0.0, 0.0, CARD_W, CARD_H)
    } else {
        order.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(a, b, c, d), (_, k)| {
                (
                    a.min(k.x),
                    b.min(k.y),
                    c.max(k.x + CARD_W),
                    d.max(k.y + CARD_H),
                )
            },
        )
    };
    let legend = Legend::new(&w, &data.redaction);
    let left = (min_x - MARGIN).floor();
    let top = (min_y - MARGIN - TITLE_H).floor();
    let legend_x = max_x + LEGEND_GAP;
    let legend_y = min_y;
    let right = (legend_x + LEGEND_W + MARGIN).ceil();
    let bottom = (max_y.max(legend_y + legend.height) + MARGIN).ceil();
    let (width, height) = (right - left, bottom - top);

    let mut s = String::with_capacity(4096 + order.len() * 1600);
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
    write_defs(&mut s);
    let _ = writeln!(
        s,
        "<rect class=\"background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(left),
        num(top),
        num(width),
        num(height)
    );

    // Title: the account, and its industry below.
    let title_w = (right - left - 2.0 * MARGIN).max(200.0);
    let tx = left + MARGIN;
    let ty = top + MARGIN;
    let _ = write!(
        s,
        "<g class=\"title\"><text x=\"{}\" y=\"{}\" font-size=\"22\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        num(tx),
        num(ty + 20.0),
        esc(&fit(&data.account.name, title_w, 22.0, true))
    );
    let industry = fit(&data.account.industry, title_w, 13.0, false);
    if !industry.is_empty() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
            num(tx),
            num(ty + 40.0),
            esc(&industry)
        );
    }
    s.push_str("</g>\n");

    // Lines under the cards: reporting lines first, then influence and coverage.
    s.push_str("<g class=\"lines\">\n");
    let mut lines: Vec<&Relation> = data.relations.iter().collect();
    lines.sort_by_key(|l| match l.kind {
        RelationKind::ReportsTo => 0,
        RelationKind::DottedLine => 1,
        RelationKind::Covers => 2,
        RelationKind::Influence => 3,
    });
    for l in lines {
        write_line(&mut s, l, &cards);
    }
    s.push_str("</g>\n");

    s.push_str("<g class=\"people\">\n");
    let key: std::collections::HashSet<&str> =
        data.key_person_ids.iter().map(String::as_str).collect();
    for (p, card) in &order {
        write_card(
            &mut s,
            p,
            *card,
            key.contains(p.id.as_str()),
            &w,
            data.redaction.ratings,
        );
    }
    s.push_str("</g>\n");

    legend.write(&mut s, &w, legend_x, legend_y, &data.redaction);
    s.push_str("</svg>\n");
    s
}

fn write_defs(s: &mut String) {
    s.push_str("<defs>\n");
    let _ = writeln!(
        s,
        "<clipPath id=\"sm-card\"><rect width=\"{}\" height=\"{}\" rx=\"8\"/></clipPath>",
        num(CARD_W),
        num(CARD_H)
    );
    for (id, colour) in [
        ("sm-arrow-pos", INFLUENCE_POS),
        ("sm-arrow-neg", INFLUENCE_NEG),
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

fn write_line(s: &mut String, l: &Relation, cards: &HashMap<&str, Card>) {
    let (Some(&from), Some(&to)) = (cards.get(l.from.as_str()), cards.get(l.to.as_str())) else {
        return;
    };
    let (d, stroke, width, dash, marker) = match l.kind {
        RelationKind::ReportsTo => (connector(to, from, l.kind), REPORTS, 1.5, None, None),
        RelationKind::DottedLine => (connector(to, from, l.kind), REPORTS, 1.5, Some("6 4"), None),
        RelationKind::Influence => {
            let Some(d) = bowed(from, to, 6.0) else {
                return;
            };
            let (colour, marker) = if l.sign < 0 {
                (INFLUENCE_NEG, "sm-arrow-neg")
            } else {
                (INFLUENCE_POS, "sm-arrow-pos")
            };
            (d, colour, stroke_width(l.strength), None, Some(marker))
        }
        RelationKind::Covers => {
            let Some(d) = bowed(from, to, 0.0) else {
                return;
            };
            (
                d,
                COVERS,
                stroke_width(l.strength),
                Some("4 3"),
                Some("sm-arrow-cov"),
            )
        }
    };
    let _ = write!(
        s,
        "<g class=\"line\" data-kind=\"{}\" data-id=\"{}\" data-from=\"{}\" data-to=\"{}\" \
         data-sign=\"{}\" data-strength=\"{}\"><path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" \
         stroke-width=\"{}\"",
        l.kind.as_str(),
        esc(&l.id),
        esc(&l.from),
        esc(&l.to),
        if l.sign < 0 { -1 } else { 1 },
        l.strength,
        num(width)
    );
    if let Some(dash) = dash {
        let _ = write!(s, " stroke-dasharray=\"{dash}\"");
    }
    if let Some(m) = marker {
        let _ = write!(s, " marker-end=\"url(#{m})\"");
    }
    s.push_str("/></g>\n");
}

fn write_card(
    s: &mut String,
    p: &Person,
    card: Card,
    is_key: bool,
    w: &Words,
    ratings_redacted: bool,
) {
    let st = side_style(p.side);
    let id = esc(&p.id);
    let _ = write!(
        s,
        "<g id=\"p-{id}\" class=\"person{}\" data-id=\"{id}\" data-side=\"{}\" transform=\"translate({},{})\">",
        if is_key { " key" } else { "" },
        p.side.as_str(),
        num(card.x),
        num(card.y)
    );
    // The outline is the group's first <rect> (the HTML viewer outlines it when selected).
    let (border, border_w) = if is_key { (KEY, 2.5) } else { (st.border, 1.5) };
    let _ = write!(
        s,
        "<rect class=\"card\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{}\" stroke=\"{border}\" stroke-width=\"{}\"{}/>",
        num(CARD_W),
        num(CARD_H),
        st.fill,
        num(border_w),
        if st.dashed {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        }
    );
    let _ = write!(
        s,
        "<path class=\"band\" d=\"M0,0 H{b} V{h} H0 Z\" fill=\"{}\" clip-path=\"url(#sm-card)\"/>",
        st.band,
        b = num(BAND_W),
        h = num(CARD_H)
    );

    // Head: key mark, name, and a badge with the side for people outside the customer.
    let mut name_x = TEXT_X;
    if is_key {
        let _ = write!(
            s,
            "<path class=\"key-mark\" d=\"{}\" fill=\"{KEY}\"/>",
            star(TEXT_X + 6.5, 17.5, 7.0)
        );
        name_x += 17.0;
    }
    let mut name_right = TEXT_RIGHT;
    if p.side != Side::Customer {
        let label = w.sides[side_index(p.side)];
        let bw = text_width(label, 10.0, false) + 12.0;
        let bx = TEXT_RIGHT - bw;
        let _ = write!(
            s,
            "<rect class=\"side-badge\" x=\"{}\" y=\"8\" width=\"{}\" height=\"15\" rx=\"7.5\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"19\" font-size=\"10\" text-anchor=\"middle\" fill=\"#ffffff\">{}</text>",
            num(bx),
            num(bw),
            st.band,
            num(bx + bw / 2.0),
            esc(label)
        );
        name_right = bx - 5.0;
    }

    // Text, clipped to the card in case a font is wider than estimated.
    s.push_str("<g clip-path=\"url(#sm-card)\">");
    let _ = write!(
        s,
        "<text class=\"name\" x=\"{}\" y=\"22\" font-size=\"13\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        num(name_x),
        esc(&fit(&p.name, name_right - name_x, 13.0, true))
    );
    let text_w = TEXT_RIGHT - TEXT_X;
    let mut y = 22.0;
    let reading = fit(&p.reading, text_w, 10.0, false);
    if !reading.is_empty() {
        y += 13.0;
        let _ = write!(
            s,
            "<text class=\"reading\" x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{MUTED}\">{}</text>",
            num(TEXT_X),
            num(y),
            esc(&reading)
        );
    }
    y += 15.0;
    let title = fit(&p.title, text_w, 11.0, false);
    if !title.is_empty() {
        let _ = write!(
            s,
            "<text class=\"job-title\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
            num(TEXT_X),
            num(y),
            esc(&title)
        );
    }
    y += 14.0;
    let dept = fit(&p.department, text_w, 11.0, false);
    if !dept.is_empty() {
        let _ = write!(
            s,
            "<text class=\"department\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{MUTED}\">{}</text>",
            num(TEXT_X),
            num(y),
            esc(&dept)
        );
    }
    s.push_str("</g>");

    // Rating chips, on customer cards only, and not at all when ratings are left out.
    if p.side == Side::Customer && !ratings_redacted {
        let mut x = TEXT_X;
        for (i, kind) in RatingKind::ALL.iter().enumerate() {
            let v = p.ratings.get(*kind);
            write_chip(s, x, CARD_H - 24.0, 48.0, w.ratings[i].0, v, kind.as_str());
            x += 54.0;
        }
    }
    s.push_str("</g>\n");
}

/// A rating chip: the short label and the value (or "–" for unknown) on the value's colour.
fn write_chip(s: &mut String, x: f64, y: f64, width: f64, label: &str, v: Option<u8>, kind: &str) {
    let (fill, ink) = rating_colours(v);
    let value = v.map_or("–".to_string(), |v| v.to_string());
    let text = if label.is_empty() {
        value.clone()
    } else {
        format!("{label} {value}")
    };
    let _ = write!(
        s,
        "<rect class=\"chip\" data-rating=\"{kind}\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"8\" fill=\"{fill}\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{ink}\">{}</text>",
        v.map_or(String::new(), |v| v.to_string()),
        num(x),
        num(y),
        num(width),
        num(x + width / 2.0),
        num(y + 12.0),
        esc(&text)
    );
}

// ---------------------------------------------------------------------------------------
// Legend

const ROW: f64 = 20.0;
const PAD: f64 = 14.0;

struct Legend {
    height: f64,
    note: Vec<String>,
}

impl Legend {
    fn new(w: &Words, r: &Redaction) -> Self {
        let note = redaction_note(w, r)
            .map(|n| wrap(&n, LEGEND_W - 2.0 * PAD, 11.0))
            .unwrap_or_default();
        let mut rows = 1.0 + 4.0 + 1.0; // heading, four line kinds, strength
        if !r.negative_lines {
            rows += 1.0;
        }
        if !r.ratings {
            rows += 3.0 + 2.0; // three ratings, colour scale and unknown
        }
        rows += 1.0 + 5.0; // key person, sides
        let mut height = 2.0 * PAD + rows * ROW;
        if !note.is_empty() {
            height += 8.0 + note.len() as f64 * 15.0;
        }
        Legend { height, note }
    }

    fn write(&self, s: &mut String, w: &Words, x: f64, y: f64, r: &Redaction) {
        let _ = write!(
            s,
            "<g class=\"legend\" transform=\"translate({},{})\">\
             <rect width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#ffffff\" stroke=\"#cbd5e1\" stroke-width=\"1\"/>",
            num(x),
            num(y),
            num(LEGEND_W),
            num(self.height)
        );
        let lx = PAD;
        let label_x = PAD + 52.0;
        let label_w = LEGEND_W - label_x - PAD;
        let mut cy = PAD + 14.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            num(lx),
            num(cy),
            esc(w.legend)
        );
        let label = |s: &mut String, cy: f64, text: &str| {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
                num(label_x),
                num(cy + 4.0),
                esc(&fit(text, label_w, 11.0, false))
            );
        };
        let sample = |s: &mut String,
                      cy: f64,
                      colour: &str,
                      width: f64,
                      dash: Option<&str>,
                      marker: Option<&str>| {
            let _ = write!(
                s,
                "<path d=\"M{},{} H{}\" stroke=\"{colour}\" stroke-width=\"{}\" fill=\"none\"{}{}/>",
                num(lx),
                num(cy),
                num(lx + if marker == Some("sm-arrow-cov") { 40.0 } else { 34.0 }),
                num(width),
                dash.map_or(String::new(), |d| format!(" stroke-dasharray=\"{d}\"")),
                marker.map_or(String::new(), |m| format!(" marker-end=\"url(#{m})\"")),
            );
        };

        // Label, colour, width, dashes, arrowhead.
        type Sample = (
            &'static str,
            &'static str,
            f64,
            Option<&'static str>,
            Option<&'static str>,
        );
        let mut rows: Vec<Sample> = vec![
            (w.reports_to, REPORTS, 1.5, None, None),
            (w.dotted_line, REPORTS, 1.5, Some("6 4"), None),
            (
                w.influence_pos,
                INFLUENCE_POS,
                2.25,
                None,
                Some("sm-arrow-pos"),
            ),
        ];
        if !r.negative_lines {
            rows.push((
                w.influence_neg,
                INFLUENCE_NEG,
                2.25,
                None,
                Some("sm-arrow-neg"),
            ));
        }
        rows.push((w.covers, COVERS, 2.25, Some("4 3"), Some("sm-arrow-cov")));
        for (text, colour, width, dash, marker) in rows {
            cy += ROW;
            sample(s, cy - 3.0, colour, width, dash, marker);
            label(s, cy, text);
        }
        // Strength: three widths side by side.
        cy += ROW;
        for (i, sw) in [1.25, 2.25, 3.5].iter().enumerate() {
            let x0 = lx + i as f64 * 14.0;
            let _ = write!(
                s,
                "<path d=\"M{},{} V{}\" stroke=\"{INFLUENCE_POS}\" stroke-width=\"{}\"/>",
                num(x0 + 4.0),
                num(cy - 10.0),
                num(cy + 4.0),
                num(*sw)
            );
        }
        label(s, cy, w.strength);

        if !r.ratings {
            for (short, long) in w.ratings {
                cy += ROW;
                let _ = write!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" rx=\"8\" fill=\"#e2e8f0\"/>\
                     <text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
                    num(lx),
                    num(cy - 11.0),
                    num(lx + 13.0),
                    num(cy + 1.0),
                    esc(short)
                );
                label(s, cy, long);
            }
            cy += ROW;
            let mut x = lx;
            for v in [Some(1), Some(2), Some(3), Some(4), Some(5)] {
                write_chip(s, x, cy - 11.0, 20.0, "", v, "scale");
                x += 23.0;
            }
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
                num(x + 4.0),
                num(cy + 1.0),
                esc(&fit(w.scale, LEGEND_W - x - 4.0 - PAD, 11.0, false))
            );
            cy += ROW;
            write_chip(s, lx, cy - 11.0, 20.0, "", None, "scale");
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
                num(label_x),
                num(cy + 1.0),
                esc(w.unknown)
            );
        }

        cy += ROW;
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"{KEY}\"/>",
            star(lx + 8.0, cy - 3.0, 7.0)
        );
        label(s, cy, w.key_person);

        for side in Side::ALL {
            cy += ROW;
            let st = side_style(*side);
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"34\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.2\"{}/>\
                 <path d=\"M{},{} h4 v14 h-4 Z\" fill=\"{}\"/>",
                num(lx),
                num(cy - 10.0),
                st.fill,
                st.border,
                if st.dashed { " stroke-dasharray=\"3 2\"" } else { "" },
                num(lx),
                num(cy - 10.0),
                st.band
            );
            label(s, cy, w.sides[side_index(*side)]);
        }

        if !self.note.is_empty() {
            cy += 8.0;
            for line in &self.note {
                cy += 15.0;
                let _ = write!(
                    s,
                    "<text class=\"redacted\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#b45309\">{}</text>",
                    num(lx),
                    num(cy),
                    esc(line)
                );
            }
        }
        s.push_str("</g>\n");
    }
}

/// "Redacted: ratings, notes, …" for what was left out, or nothing.
fn redaction_note(w: &Words, r: &Redaction) -> Option<String> {
    let parts: Vec<&str> = [r.ratings, r.notes, r.portraits, r.negative_lines]
        .iter()
        .zip(w.redacted_parts)
        .filter(|(on, _)| **on)
        .map(|(_, p)| p)
        .collect();
    (!parts.is_empty()).then(|| format!("{}{}", w.redacted, parts.join(w.list_sep)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_long_text_with_an_ellipsis_and_drops_invisible_characters() {
        assert_eq!(fit("Ann Lee", 200.0, 13.0, true), "Ann Lee");
        assert_eq!(fit("  a \n\t b  ", 200.0, 11.0, false), "a b");
        assert_eq!(fit("\u{202E}evil\u{1}", 200.0, 11.0, false), "evil");
        let long = "x".repeat(100_000);
        let cut = fit(&long, 200.0, 13.0, false);
        assert!(cut.ends_with('…') && cut.chars().count() < 40, "{cut}");
        assert!(text_width(&cut, 13.0, false) <= 200.0);
        let ja = fit(&"高".repeat(50), 100.0, 10.0, false);
        assert_eq!(ja, format!("{}…", "高".repeat(9)));
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(2.256), "2.26");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_japanese_commas() {
        let lines = wrap(
            "Redacted: ratings, notes, portraits, negative influence lines",
            150.0,
            11.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 11.0, false) <= 150.0));
        let ja = wrap(
            "非公開：評価、メモ、人物像、マイナスの影響関係",
            100.0,
            11.0,
        );
        assert!(ja.len() >= 2 && ja.iter().all(|l| text_width(l, 11.0, false) <= 100.0));
    }
}
