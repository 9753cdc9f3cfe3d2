//! The cards: a person's card with its side's colours, key mark, texts and rating chips.

use std::fmt::Write as _;

use super::text::{fit, num, text_width};
use super::words::{side_index, Words};
use super::{Style, BAND_W, BORDER, INK, KEY, MUTED, ON_DARK, TEXT_RIGHT, TEXT_X};
use crate::layout::{CARD_H, CARD_W};
use crate::markup::esc;
use crate::model::{Person, RatingKind, Side};
use crate::palette;

/// Where a card is on the map; a card in a stacked column is joined from the left.
#[derive(Clone, Copy)]
pub(super) struct Card {
    pub(super) x: f64,
    pub(super) y: f64,
    /// The card's height (shorter without rating chips).
    pub(super) h: f64,
    pub(super) stacked: bool,
    /// A competitor's person: their influence lines take the competitor colour.
    pub(super) competitor: bool,
}

impl Card {
    pub(super) fn cx(&self) -> f64 {
        self.x + CARD_W / 2.0
    }
    pub(super) fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// A five-pointed star of outer radius `r` centred on (`cx`, `cy`).
pub(super) fn star(cx: f64, cy: f64, r: f64) -> String {
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

pub(super) fn write_card(
    s: &mut String,
    p: &Person,
    card: Card,
    is_key: bool,
    w: &Words,
    ratings_redacted: bool,
    style: Style,
) {
    let st = palette::side_colours(p.side);
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
    let (border, border_w) = if is_key {
        (KEY, 2.5)
    } else {
        (st.border.hex, 1.5)
    };
    let _ = write!(
        s,
        "<rect class=\"card\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{}\" stroke=\"{border}\" stroke-width=\"{}\"{}/>",
        num(CARD_W),
        num(card.h),
        st.fill.hex,
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
        st.band.hex,
        b = num(BAND_W),
        h = num(card.h)
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
             <text x=\"{}\" y=\"19\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ON_DARK}\">{}</text>",
            num(bx),
            num(bw),
            st.band.hex,
            num(bx + bw / 2.0),
            esc(label)
        );
        name_right = bx - 5.0;
    }

    // Text, clipped to the card in case a font is wider than estimated.
    s.push_str("<g clip-path=\"url(#sm-card)\">");
    let size = style.name_size;
    let mut y = 22.0 + (size - 13.0);
    let _ = write!(
        s,
        "<text class=\"name\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        num(name_x),
        num(y),
        num(size),
        esc(&fit(&p.name, name_right - name_x, size, true))
    );
    let text_w = TEXT_RIGHT - TEXT_X;
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

/// A "+N" box: the `count` people of a team that a key view folds away, in place of their
/// cards.
pub(super) fn write_fold(
    s: &mut String,
    p: &Person,
    card: Card,
    fold: &crate::export::Fold,
    w: &Words,
    style: Style,
) {
    let count = fold.count;
    let id = esc(&p.id);
    let size = style.name_size;
    let _ = writeln!(
        s,
        "<g id=\"p-{id}\" class=\"fold\" data-id=\"{id}\" data-count=\"{count}\" transform=\"translate({},{})\">\
         <rect class=\"card\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#ffffff\" stroke=\"{BORDER}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\
         <text class=\"name\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{MUTED}\">+{count}</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{MUTED}\">{}</text></g>",
        num(card.x),
        num(card.y),
        num(CARD_W),
        num(card.h),
        num(CARD_W / 2.0),
        num(card.h / 2.0 - 2.0),
        num(size),
        num(CARD_W / 2.0),
        num(card.h / 2.0 + 16.0),
        esc(&fit(w.folded(p.side, fold.team), CARD_W - 20.0, 11.0, false))
    );
}

/// A rating chip: the short label and the value (or the unknown mark, "?") on the value's colour.
pub(super) fn write_chip(
    s: &mut String,
    x: f64,
    y: f64,
    width: f64,
    label: &str,
    v: Option<u8>,
    kind: &str,
) {
    let (fill, ink) = palette::rating_colours(v);
    let (fill, ink) = (fill.hex, ink.hex);
    let value = v.map_or(super::words::UNKNOWN_MARK.to_string(), |v| v.to_string());
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
