//! The legend: one group along the bottom of every slide (line kinds, the key person, the
//! sides, the ratings unless left out, and what a redacted export leaves out), laid out in
//! rows as wide as the slide.

use super::connector::Rect;
use super::draw::{Ctx, MARGIN};
use super::parts::{SLIDE_H, SLIDE_W};
use super::shapes::{Body, Look, Para, Run, Slide, EMU_PT};
use crate::export::svg::legend::redaction_note;
use crate::export::svg::text::{fit, text_width};
use crate::export::svg::words::{side_index, Words, UNKNOWN_MARK};
use crate::export::Redaction;
use crate::model::Side;
use crate::palette;

const SIZE: f64 = 9.0;
const ROW: f64 = 17.0;
const PAD: f64 = 4.0;

enum Sample {
    Line {
        colour: &'static str,
        dash: Option<&'static str>,
        arrow: Option<&'static str>,
    },
    Side(Side),
    Star,
    Chip {
        fill: &'static str,
        ink: &'static str,
        text: String,
    },
    Heading,
    Note,
}

struct Item {
    sample: Sample,
    label: String,
    /// Where the item starts in its row (points from the legend's left) and its row.
    x: f64,
    row: usize,
}

pub(super) struct Legend {
    items: Vec<Item>,
    /// Height in EMU.
    pub(super) height: i64,
}

fn sample_w(s: &Sample) -> f64 {
    match s {
        Sample::Line { .. } => 26.0,
        Sample::Side(_) | Sample::Star => 16.0,
        Sample::Chip { .. } => 18.0,
        Sample::Heading | Sample::Note => 0.0,
    }
}

impl Legend {
    pub(super) fn new(w: &Words, r: &Redaction, competitor_line: bool) -> Legend {
        let line = |colour, dash, arrow| Sample::Line {
            colour,
            dash,
            arrow,
        };
        let mut items: Vec<(Sample, String)> = vec![
            (Sample::Heading, w.legend.to_string()),
            (
                line(palette::LINE_REPORTS.hex, None, None),
                w.reports_to.into(),
            ),
            (
                line(palette::LINE_REPORTS.hex, Some("dash"), None),
                w.dotted_line.into(),
            ),
            (
                line(palette::LINE_INFLUENCE.hex, None, Some("triangle")),
                w.influence_pos.into(),
            ),
        ];
        if !r.negative_lines {
            items.push((
                line(palette::LINE_NEGATIVE.hex, None, Some("triangle")),
                w.influence_neg.into(),
            ));
        }
        if competitor_line {
            items.push((
                line(palette::LINE_COMPETITOR.hex, None, Some("triangle")),
                w.influence_competitor.into(),
            ));
        }
        items.push((
            line(palette::LINE_COVERS.hex, Some("sysDash"), Some("arrow")),
            w.covers.into(),
        ));
        items.push((Sample::Star, w.key_person.into()));
        for side in Side::ALL {
            items.push((Sample::Side(*side), w.sides[side_index(*side)].into()));
        }
        if !r.ratings {
            for (short, long) in w.ratings {
                items.push((
                    Sample::Chip {
                        fill: palette::CHIP.hex,
                        ink: palette::INK.hex,
                        text: short.into(),
                    },
                    long.into(),
                ));
            }
            for v in 1..=5u8 {
                let (fill, ink) = palette::rating_colours(Some(v));
                let last = v == 5;
                items.push((
                    Sample::Chip {
                        fill: fill.hex,
                        ink: ink.hex,
                        text: v.to_string(),
                    },
                    if last { w.scale.into() } else { String::new() },
                ));
            }
            let (fill, ink) = palette::rating_colours(None);
            items.push((
                Sample::Chip {
                    fill: fill.hex,
                    ink: ink.hex,
                    text: UNKNOWN_MARK.into(),
                },
                w.unknown.into(),
            ));
        }
        if let Some(note) = redaction_note(w, r) {
            items.push((Sample::Note, note));
        }

        let width = (SLIDE_W - 2 * MARGIN) as f64 / EMU_PT - 2.0 * PAD;
        let mut laid = Vec::with_capacity(items.len());
        let (mut x, mut row) = (0.0, 0usize);
        for (sample, label) in items {
            let label = fit(&label, width - sample_w(&sample) - 4.0, SIZE, false);
            let bold = matches!(sample, Sample::Heading);
            let gap = if label.is_empty() { 3.0 } else { 12.0 };
            let item_w = sample_w(&sample) + 4.0 + text_width(&label, SIZE, bold) + gap;
            if x > 0.0 && x + item_w > width {
                row += 1;
                x = 0.0;
            }
            laid.push(Item {
                sample,
                label,
                x,
                row,
            });
            x += item_w;
        }
        let rows = row + 1;
        Legend {
            items: laid,
            height: ((rows as f64 * ROW + 2.0 * PAD) * EMU_PT).round() as i64,
        }
    }
}

/// Writes the legend of `ctx` as one group under the content `area`.
pub(super) fn write(s: &mut Slide, ctx: &Ctx, area: Rect) {
    let legend = ctx.legend;
    let top = SLIDE_H - MARGIN - legend.height;
    let _ = area;
    let emu = |pt: f64| (pt * EMU_PT).round() as i64;
    s.group(
        ctx.w.legend,
        Rect {
            x: MARGIN,
            y: top,
            w: SLIDE_W - 2 * MARGIN,
            h: legend.height,
        },
    );
    // A thin rule above the legend.
    s.line_sample(
        MARGIN,
        top,
        SLIDE_W - 2 * MARGIN,
        &Look {
            fill: None,
            line: Some(palette::BORDER.hex),
            line_w: 6_350,
            dash: None,
        },
        None,
    );
    let no_look = Look {
        fill: None,
        line: None,
        line_w: 0,
        dash: None,
    };
    for item in &legend.items {
        let x = MARGIN + emu(PAD + item.x);
        let cy = top + emu(PAD + item.row as f64 * ROW + ROW / 2.0);
        let sw = sample_w(&item.sample);
        match &item.sample {
            Sample::Line {
                colour,
                dash,
                arrow,
            } => s.line_sample(
                x,
                cy,
                emu(sw),
                &Look {
                    fill: None,
                    line: Some(colour),
                    line_w: 19_050,
                    dash: *dash,
                },
                *arrow,
            ),
            Sample::Side(side) => {
                let st = palette::side_colours(*side);
                s.shape(
                    "",
                    "",
                    "roundRect",
                    Some(12_000),
                    Rect {
                        x,
                        y: cy - emu(5.0),
                        w: emu(sw),
                        h: emu(10.0),
                    },
                    &Look {
                        fill: Some(st.fill.hex),
                        line: Some(st.border.hex),
                        line_w: 12_700,
                        dash: st.dashed.then_some("dash"),
                    },
                    &[],
                    &Body {
                        insets: [0; 4],
                        anchor: "ctr",
                        shrink: false,
                    },
                );
            }
            Sample::Star => {
                s.shape(
                    "",
                    "",
                    "star5",
                    None,
                    Rect {
                        x: x + emu(2.0),
                        y: cy - emu(6.0),
                        w: emu(12.0),
                        h: emu(12.0),
                    },
                    &Look {
                        fill: Some(palette::KEY.hex),
                        line: None,
                        line_w: 0,
                        dash: None,
                    },
                    &[],
                    &Body {
                        insets: [0; 4],
                        anchor: "ctr",
                        shrink: false,
                    },
                );
            }
            Sample::Chip { fill, ink, text } => {
                s.shape(
                    "",
                    "",
                    "roundRect",
                    Some(50_000),
                    Rect {
                        x,
                        y: cy - emu(6.0),
                        w: emu(sw),
                        h: emu(12.0),
                    },
                    &Look {
                        fill: Some(fill),
                        line: None,
                        line_w: 0,
                        dash: None,
                    },
                    &[Para {
                        runs: vec![Run {
                            text,
                            size: 8.0,
                            bold: true,
                            colour: ink,
                        }],
                        centred: true,
                    }],
                    &Body {
                        insets: [0; 4],
                        anchor: "ctr",
                        shrink: false,
                    },
                );
            }
            Sample::Heading | Sample::Note => {}
        }
        if item.label.is_empty() {
            continue;
        }
        let bold = matches!(item.sample, Sample::Heading);
        let colour = if matches!(item.sample, Sample::Note) {
            palette::REDACTED.hex
        } else {
            palette::INK.hex
        };
        let lx = x + emu(sw + if sw > 0.0 { 4.0 } else { 0.0 });
        s.shape(
            &item.label,
            "",
            "rect",
            None,
            Rect {
                x: lx,
                y: cy - emu(ROW / 2.0),
                w: emu(text_width(&item.label, SIZE, bold) + 6.0),
                h: emu(ROW),
            },
            &no_look,
            &[Para {
                runs: vec![Run {
                    text: &item.label,
                    size: SIZE,
                    bold,
                    colour,
                }],
                centred: false,
            }],
            &Body {
                insets: [0; 4],
                anchor: "ctr",
                shrink: false,
            },
        );
    }
    s.end_group();
}
