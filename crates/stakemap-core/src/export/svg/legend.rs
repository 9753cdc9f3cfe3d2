//! The legend beside the cards: line kinds (a competitor's influence among them when the
//! map has such a line), strength, ratings, the key person, the sides, and what a redacted
//! export leaves out.

use std::fmt::Write as _;

use super::cards::{star, write_chip};
use super::text::{fit, num, wrap};
use super::words::{side_index, Words};
use super::{
    esc, Redaction, BORDER, CHIP, COVERS, INFLUENCE_NEG, INFLUENCE_POS, INK, KEY, LEGEND_W, PAPER,
    REDACTED, REPORTS,
};
use crate::model::Side;
use crate::palette;

const ROW: f64 = 20.0;
const PAD: f64 = 14.0;

pub(super) struct Legend {
    pub(super) height: f64,
    pub(super) note: Vec<String>,
    /// The map draws an influence line from a competitor's person: its colour is explained.
    pub(super) competitor_line: bool,
}

impl Legend {
    pub(super) fn new(w: &Words, r: &Redaction, competitor_line: bool) -> Self {
        let note = redaction_note(w, r)
            .map(|n| wrap(&n, LEGEND_W - 2.0 * PAD, 11.0))
            .unwrap_or_default();
        let mut rows = 1.0 + 4.0 + 1.0; // heading, four line kinds, strength
        if !r.negative_lines {
            rows += 1.0;
        }
        if competitor_line {
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
        Legend {
            height,
            note,
            competitor_line,
        }
    }

    pub(super) fn write(&self, s: &mut String, w: &Words, x: f64, y: f64, r: &Redaction) {
        let _ = write!(
            s,
            "<g class=\"legend\" transform=\"translate({},{})\">\
             <rect width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{PAPER}\" stroke=\"{BORDER}\" stroke-width=\"1\"/>",
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
        if self.competitor_line {
            rows.push((
                w.influence_competitor,
                palette::LINE_COMPETITOR.hex,
                2.25,
                None,
                Some("sm-arrow-comp"),
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
                    "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" rx=\"8\" fill=\"{CHIP}\"/>\
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
            let st = palette::side_colours(*side);
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"34\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.2\"{}/>\
                 <path d=\"M{},{} h4 v14 h-4 Z\" fill=\"{}\"/>",
                num(lx),
                num(cy - 10.0),
                st.fill.hex,
                st.border.hex,
                if st.dashed { " stroke-dasharray=\"3 2\"" } else { "" },
                num(lx),
                num(cy - 10.0),
                st.band.hex
            );
            label(s, cy, w.sides[side_index(*side)]);
        }

        if !self.note.is_empty() {
            cy += 8.0;
            for line in &self.note {
                cy += 15.0;
                let _ = write!(
                    s,
                    "<text class=\"redacted\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{REDACTED}\">{}</text>",
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
pub(in crate::export) fn redaction_note(w: &Words, r: &Redaction) -> Option<String> {
    let parts: Vec<&str> = [r.ratings, r.notes, r.portraits, r.negative_lines]
        .iter()
        .zip(w.redacted_parts)
        .filter(|(on, _)| **on)
        .map(|(_, p)| p)
        .collect();
    (!parts.is_empty()).then(|| format!("{}{}", w.redacted, parts.join(w.list_sep)))
}
