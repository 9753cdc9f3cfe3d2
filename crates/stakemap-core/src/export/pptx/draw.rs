//! One slide of the map: the title, the lines as glued connectors, the cards as rounded
//! rectangles with real text (and their rating chips), and the legend.

use std::collections::{HashMap, HashSet};

use super::connector::{arrow, elbow, Rect};
use super::legend;
use super::pages::{Page, Placed};
use super::parts::{SLIDE_H, SLIDE_W};
use super::shapes::{Body, Look, Para, Run, Slide, EMU_PT, EMU_PX};
use super::words::PptxWords;
use crate::export::svg::text::{fit, text_width};
use crate::export::svg::words::{side_index, Words, UNKNOWN_MARK};
use crate::export::Redaction;
use crate::layout::{CARD_H, CARD_W};
use crate::model::{Person, RatingKind, Relation, RelationKind, Side};
use crate::palette;

/// Room around the slide's content, and the title band's height (EMU).
pub(super) const MARGIN: i64 = 274_320;
pub(super) const TITLE_H: i64 = 640_080;
/// Space between the cards and the legend.
const GAP: i64 = 91_440;
/// The smallest scale a card is drawn at (map units to slide pixels): below it the map is
/// cut over several slides. At 0.7 a card is 1.6 × 0.76 inches and its name 9 pt.
pub(super) const MIN_SCALE: f64 = 0.7;

/// The box the cards of a slide go in, above a legend `legend_h` high.
pub(super) fn content_box(legend_h: i64) -> Rect {
    let y = MARGIN + TITLE_H;
    Rect {
        x: MARGIN,
        y,
        w: SLIDE_W - 2 * MARGIN,
        h: SLIDE_H - MARGIN - legend_h - GAP - y,
    }
}

/// What every slide shares.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub(super) w: &'a Words,
    pub(super) pw: &'a PptxWords,
    pub(super) redaction: Redaction,
    pub(super) key: &'a HashSet<&'a str>,
    pub(super) legend: &'a legend::Legend,
    pub(super) account: &'a str,
    pub(super) industry: &'a str,
    /// The departments' headers (see [`super::groups`]).
    pub(super) groups: &'a [crate::layout::DepartmentGroup],
}

/// Font sizes (points) and the chip row of a card at a scale.
struct CardText {
    name: f64,
    small: f64,
    chip: f64,
}

impl CardText {
    fn at(scale: f64) -> CardText {
        CardText {
            name: (13.0 * scale).max(9.0),
            small: (10.5 * scale).max(7.5),
            chip: (9.5 * scale).max(7.0),
        }
    }
}

/// A text shortened to `width_pt` at `size`, shrunk first (down to `floor` of its size).
fn sized(text: &str, width_pt: f64, size: f64, bold: bool, floor: f64) -> (String, f64) {
    let full = fit(text, f64::MAX / 4.0, size, bold);
    let w = text_width(&full, size, bold);
    if w <= width_pt || full.is_empty() {
        return (full, size);
    }
    // A little under the exact size, so that rounding never cuts the last letter.
    let shrunk = (size * width_pt / w * 0.98).max(size * floor);
    (fit(text, width_pt, shrunk, bold), shrunk)
}

/// Draws the slide of `page` (the cards' positions in map units).
pub(super) fn slide(
    s: &mut Slide,
    ctx: &Ctx,
    placed: &[Placed],
    page: &Page,
    relations: &[Relation],
    heading: &str,
) -> Vec<(usize, Rect)> {
    title(s, ctx, heading);
    let area = content_box(ctx.legend.height);
    let frames = super::groups::frames(ctx.groups, placed, page);
    let bounds = page
        .pos
        .iter()
        .fold(None::<(f64, f64, f64, f64)>, |b, &(x, y)| {
            let (x0, y0, x1, y1) = b.unwrap_or((x, y, x, y));
            Some((x0.min(x), y0.min(y), x1.max(x + CARD_W), y1.max(y + CARD_H)))
        })
        .map(|b| {
            frames.iter().fold(b, |(x0, y0, x1, y1), (_, f)| {
                (x0.min(f.0), y0.min(f.1), x1.max(f.2), y1.max(f.3))
            })
        });
    let mut rects: Vec<(usize, Rect)> = Vec::new();
    if let Some((x0, y0, x1, y1)) = bounds {
        let (bw, bh) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
        let scale = (area.w as f64 / EMU_PX / bw)
            .min(area.h as f64 / EMU_PX / bh)
            .min(1.0);
        let unit = EMU_PX * scale;
        // Centred across, from the top.
        let left = area.x as f64 + (area.w as f64 - bw * unit) / 2.0;
        for (&c, &(x, y)) in page.cards.iter().zip(&page.pos) {
            let r = Rect {
                x: (left + (x - x0) * unit).round() as i64,
                y: (area.y as f64 + (y - y0) * unit).round() as i64,
                w: (CARD_W * unit).round() as i64,
                h: (CARD_H * unit).round() as i64,
            };
            rects.push((c, r));
        }
        super::groups::write(
            s,
            &frames,
            |x, y| {
                (
                    (left + (x - x0) * unit).round() as i64,
                    (area.y as f64 + (y - y0) * unit).round() as i64,
                )
            },
            unit,
        );
        // The cards are written first, so that their ids are known, and then moved after
        // the connectors, which lie under them.
        let start = s.xml.len();
        let text = CardText::at(scale);
        let mut id_of: HashMap<usize, u32> = HashMap::new();
        for &(c, r) in &rects {
            id_of.insert(c, card(s, ctx, placed[c].person, r, &text, scale));
        }
        let cards = s.xml.split_off(start);
        lines(s, placed, &rects, &id_of, relations, scale, ctx);
        s.xml.push_str(&cards);
    }
    legend::write(s, ctx, area);
    rects
}

pub(super) fn title(s: &mut Slide, ctx: &Ctx, heading: &str) {
    let width_pt = (SLIDE_W - 2 * MARGIN) as f64 / EMU_PT;
    let (name, size) = sized(ctx.account, width_pt - 8.0, 20.0, true, 0.6);
    let mut paras = vec![Para {
        runs: vec![Run {
            text: &name,
            size,
            bold: true,
            colour: palette::INK.hex,
        }],
        centred: false,
    }];
    let sub = [ctx.industry, heading]
        .iter()
        .filter(|t| !t.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("  ·  ");
    let (sub, sub_size) = sized(&sub, width_pt - 8.0, 11.0, false, 0.7);
    if !sub.is_empty() {
        paras.push(Para {
            runs: vec![Run {
                text: &sub,
                size: sub_size,
                bold: false,
                colour: palette::MUTED.hex,
            }],
            centred: false,
        });
    }
    s.shape(
        "Title",
        "",
        "rect",
        None,
        Rect {
            x: MARGIN,
            y: MARGIN,
            w: SLIDE_W - 2 * MARGIN,
            h: TITLE_H - GAP,
        },
        &Look {
            fill: None,
            line: None,
            line_w: 0,
            dash: None,
        },
        &paras,
        &Body {
            insets: [0, 0, 0, 0],
            anchor: "t",
            shrink: false,
        },
    );
}

/// Lines of this slide: every relation whose two people are on it, one connector each.
fn lines(
    s: &mut Slide,
    placed: &[Placed],
    rects: &[(usize, Rect)],
    id_of: &HashMap<usize, u32>,
    relations: &[Relation],
    scale: f64,
    ctx: &Ctx,
) {
    let at: HashMap<&str, (usize, Rect)> = rects
        .iter()
        .map(|&(c, r)| (placed[c].person.id.as_str(), (c, r)))
        .collect();

    let mut ordered: Vec<&Relation> = relations.iter().collect();
    ordered.sort_by_key(|l| match l.kind {
        RelationKind::ReportsTo => 0,
        RelationKind::DottedLine => 1,
        RelationKind::Covers => 2,
        RelationKind::Influence => 3,
    });
    // Pairs already joined by a line an arrow would lie on (the arrow back, a straight
    // reporting line): the arrow takes the other sides.
    let mut drawn: HashSet<(&str, &str)> = HashSet::new();
    let px = |v: f64| (v * scale * EMU_PX).round() as i64;
    for l in ordered {
        let (Some(&(fc, fr)), Some(&(tc, tr))) = (at.get(l.from.as_str()), at.get(l.to.as_str()))
        else {
            continue;
        };
        if fc == tc {
            continue;
        }
        let (from, to) = (placed[fc].person, placed[tc].person);
        let name = format!(
            "{}: {} → {}",
            kind_word(ctx.w, l, from),
            short(&from.name),
            short(&to.name)
        );
        match l.kind {
            RelationKind::ReportsTo | RelationKind::DottedLine => {
                // Drawn from the manager (`to`) down to the report (`from`).
                // A report straight below its manager: its elbow is a straight line, where
                // an arrow between the two would lie.
                let (fcx, tcx) = (fr.x + fr.w / 2, tr.x + tr.w / 2);
                if (fcx - tcx).abs() < fr.w / 20 && !placed[fc].stacked {
                    drawn.insert((l.from.as_str(), l.to.as_str()));
                }
                let route = elbow(tr, fr, placed[fc].stacked);
                let look = Look {
                    fill: None,
                    line: Some(palette::LINE_REPORTS.hex),
                    line_w: px(1.5).max(9_525),
                    dash: (l.kind == RelationKind::DottedLine).then_some("dash"),
                };
                s.connector(&name, id_of[&tc], id_of[&fc], &route, &look, None);
            }
            RelationKind::Influence | RelationKind::Covers => {
                let reverse = drawn.contains(&(l.to.as_str(), l.from.as_str()))
                    || drawn.contains(&(l.from.as_str(), l.to.as_str()));
                drawn.insert((l.from.as_str(), l.to.as_str()));
                let route = arrow(fr, tr, reverse);
                let width = px(crate::export::svg::lines::stroke_width(l.strength)).max(9_525);
                let (colour, dash, head) = if l.kind == RelationKind::Covers {
                    (palette::LINE_COVERS.hex, Some("sysDash"), "arrow")
                } else {
                    (
                        palette::influence_line(from.side, l.sign).hex,
                        None,
                        "triangle",
                    )
                };
                let look = Look {
                    fill: None,
                    line: Some(colour),
                    line_w: width,
                    dash,
                };
                s.connector(&name, id_of[&fc], id_of[&tc], &route, &look, Some(head));
            }
        }
    }
}

fn short(name: &str) -> String {
    fit(name, 300.0, 10.0, false)
}

/// The legend's word for a line's kind.
pub(super) fn kind_word<'a>(w: &'a Words, l: &Relation, from: &Person) -> &'a str {
    match l.kind {
        RelationKind::ReportsTo => w.reports_to,
        RelationKind::DottedLine => w.dotted_line,
        RelationKind::Covers => w.covers,
        RelationKind::Influence if from.side == Side::Competitor => w.influence_competitor,
        RelationKind::Influence if l.sign < 0 => w.influence_neg,
        RelationKind::Influence => w.influence_pos,
    }
}

/// A person's card: a rounded rectangle in the side's colours with the name (a star before
/// a key person's), reading, title, department and, for people outside the customer, the
/// side; below them the rating chips of a customer's person unless ratings are left out.
/// Without chips the text is centred, so a redacted card has no empty row.
fn card(s: &mut Slide, ctx: &Ctx, p: &Person, r: Rect, text: &CardText, scale: f64) -> u32 {
    let st = palette::side_colours(p.side);
    let is_key = ctx.key.contains(p.id.as_str());
    let chips = p.side == Side::Customer && !ctx.redaction.ratings;
    let pad_x = (8.0 * scale * EMU_PX).round() as i64;
    let pad_y = (5.0 * scale * EMU_PX).round() as i64;
    let chip_h = ((text.chip * 1.45) * EMU_PT).round() as i64;
    let chip_gap = (5.0 * scale * EMU_PX).round() as i64;
    let bottom = if chips {
        pad_y + chip_h + chip_gap
    } else {
        pad_y
    };
    // The widths are estimated from Noto Sans; Arial and the fonts a viewer puts in its
    // place run up to a tenth wider.
    let width_pt = ((r.w - 2 * pad_x) as f64 / EMU_PT - 2.0) * 0.9;
    let height_pt = (r.h - pad_y - bottom) as f64 / EMU_PT;

    let star = if is_key { "★ " } else { "" };
    let mut lines: Vec<(String, f64, bool, &str)> = Vec::new();
    let (name, name_size) = sized(
        &p.name,
        width_pt - text_width(star, text.name, true),
        text.name,
        true,
        0.7,
    );
    lines.push((name, name_size, true, palette::INK.hex));
    let mut rest: Vec<(&str, f64, &str)> = vec![(&p.reading, text.small - 1.0, palette::MUTED.hex)];
    rest.push((&p.title, text.small, palette::INK.hex));
    rest.push((&p.department, text.small, palette::MUTED.hex));
    if p.side != Side::Customer {
        rest.push((ctx.w.sides[side_index(p.side)], text.small, st.band.hex));
    }
    for (t, size, colour) in rest {
        let (t, size) = sized(t, width_pt, size, false, 0.8);
        if !t.is_empty() {
            lines.push((t, size, false, colour));
        }
    }
    // Too tall for the card: the reading goes first, then everything shrinks a little.
    let height = |lines: &[(String, f64, bool, &str)]| lines.iter().map(|l| l.1 * 1.2).sum::<f64>();
    if height(&lines) > height_pt && !p.reading.trim().is_empty() && lines.len() > 1 {
        let reading = fit(&p.reading, width_pt, text.small - 1.0, false);
        if let Some(i) = lines.iter().position(|l| l.0 == reading && !l.2) {
            lines.remove(i);
        }
    }
    let h = height(&lines);
    if h > height_pt && h > 0.0 {
        let k = (height_pt / h).max(0.7);
        for l in &mut lines {
            l.1 *= k;
        }
    }

    let mut paras: Vec<Para> = Vec::new();
    for (i, (t, size, bold, colour)) in lines.iter().enumerate() {
        let mut runs = Vec::new();
        if i == 0 && is_key {
            runs.push(Run {
                text: star,
                size: *size,
                bold: true,
                colour: palette::KEY.hex,
            });
        }
        runs.push(Run {
            text: t,
            size: *size,
            bold: *bold,
            colour,
        });
        paras.push(Para {
            runs,
            centred: false,
        });
    }
    let mut descr = vec![p.name.as_str()];
    for t in [&p.title, &p.department] {
        if !t.trim().is_empty() {
            descr.push(t);
        }
    }
    let descr: String = descr.join(", ").chars().take(500).collect();
    let (border, border_w) = if is_key {
        (palette::KEY.hex, 2.5)
    } else {
        (st.border.hex, 1.25)
    };
    let look = Look {
        fill: Some(st.fill.hex),
        line: Some(border),
        line_w: ((border_w * scale * EMU_PX).round() as i64).max(9_525),
        dash: st.dashed.then_some("dash"),
    };
    let body = Body {
        insets: [pad_x, pad_y, pad_x, bottom],
        anchor: if chips { "t" } else { "ctr" },
        shrink: true,
    };
    let label = short(&p.name);
    if !chips {
        return s.shape(
            &label,
            &descr,
            "roundRect",
            Some(12_000),
            r,
            &look,
            &paras,
            &body,
        );
    }
    s.group(&label, r);
    let id = s.shape(
        &label,
        &descr,
        "roundRect",
        Some(12_000),
        r,
        &look,
        &paras,
        &body,
    );
    let chip_w = ((r.w - 2 * pad_x) as f64 / 3.0 - 3.0 * EMU_PT) as i64;
    let mut x = r.x + pad_x;
    let y = r.y + r.h - pad_y - chip_h;
    for (i, kind) in RatingKind::ALL.iter().enumerate() {
        let v = p.ratings.get(*kind);
        let (fill, ink) = palette::rating_colours(v);
        let value = v.map_or(UNKNOWN_MARK.to_string(), |v| v.to_string());
        let label = format!("{} {value}", ctx.w.ratings[i].0);
        let chip_name = format!("{}: {value}", ctx.w.ratings[i].1);
        s.shape(
            &chip_name,
            "",
            "roundRect",
            Some(50_000),
            Rect {
                x,
                y,
                w: chip_w,
                h: chip_h,
            },
            &Look {
                fill: Some(fill.hex),
                line: None,
                line_w: 0,
                dash: None,
            },
            &[Para {
                runs: vec![Run {
                    text: &label,
                    size: text.chip,
                    bold: true,
                    colour: ink.hex,
                }],
                centred: true,
            }],
            &Body {
                insets: [0, 0, 0, 0],
                anchor: "ctr",
                shrink: false,
            },
        );
        x += chip_w + (4.5 * EMU_PT) as i64;
    }
    s.end_group();
    id
}
