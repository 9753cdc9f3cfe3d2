//! The departments' headers on a slide: behind the cards, a light rounded frame around the
//! department's people on this slide, with the department's name at its top (see
//! [`crate::layout::DepartmentGroup`]). A frame is one shape the user can move or delete.

use std::collections::HashMap;

use super::connector::Rect;
use super::pages::{Page, Placed};

/// A department and its frame (map units: x0, y0, x1, y1).
pub(super) type Frame<'a> = (&'a str, (f64, f64, f64, f64));
use super::shapes::{Body, Look, Para, Run, Slide, EMU_PT};
use crate::export::svg::text::fit;
use crate::layout::{DepartmentGroup, CARD_H, CARD_W, GROUP_PAD, HEADER_H};
use crate::palette;

/// Room between the header band and the cards, as on the map.
const BELOW_HEADER: f64 = 20.0;

/// Each group's department and frame (map units: x0, y0, x1, y1) around its people on this
/// slide; groups with nobody here are left out.
pub(super) fn frames<'a>(
    groups: &'a [DepartmentGroup],
    placed: &[Placed],
    page: &Page,
) -> Vec<Frame<'a>> {
    let at: HashMap<&str, (f64, f64)> = page
        .cards
        .iter()
        .zip(&page.pos)
        .map(|(&c, &p)| (placed[c].person.id.as_str(), p))
        .collect();
    groups
        .iter()
        .filter_map(|g| {
            let b = g
                .person_ids
                .iter()
                .filter_map(|id| at.get(id.as_str()))
                .fold(None::<(f64, f64, f64, f64)>, |b, &(x, y)| {
                    let (x0, y0, x1, y1) = b.unwrap_or((x, y, x, y));
                    Some((x0.min(x), y0.min(y), x1.max(x + CARD_W), y1.max(y + CARD_H)))
                })?;
            Some((
                g.department.as_str(),
                (
                    b.0 - GROUP_PAD,
                    b.1 - HEADER_H - BELOW_HEADER,
                    b.2 + GROUP_PAD,
                    b.3 + GROUP_PAD,
                ),
            ))
        })
        .collect()
}

/// Writes the frames; `to_slide` turns map units into the slide's EMU, `unit` is EMU per
/// map unit.
pub(super) fn write(
    s: &mut Slide,
    frames: &[Frame<'_>],
    to_slide: impl Fn(f64, f64) -> (i64, i64),
    unit: f64,
) {
    for &(dept, (x0, y0, x1, y1)) in frames {
        let (x, y) = to_slide(x0, y0);
        let r = Rect {
            x,
            y,
            w: ((x1 - x0) * unit).round() as i64,
            h: ((y1 - y0) * unit).round() as i64,
        };
        let size = (14.0 * unit / EMU_PT).clamp(7.0, 14.0);
        let name = fit(dept, r.w as f64 / EMU_PT - 16.0, size, true);
        let pad = (12.0 * unit).round() as i64;
        let top = ((HEADER_H * unit - size * 1.2 * EMU_PT) / 2.0)
            .max(0.0)
            .round() as i64;
        s.shape(
            &name,
            &name,
            "roundRect",
            Some(4000),
            r,
            &Look {
                fill: Some(palette::GROUP.hex),
                line: Some(palette::BORDER.hex),
                line_w: 9525,
                dash: None,
            },
            &[Para {
                runs: vec![Run {
                    text: &name,
                    size,
                    bold: true,
                    colour: palette::INK.hex,
                }],
                centred: false,
            }],
            &Body {
                insets: [pad, top, pad, 0],
                anchor: "t",
                shrink: false,
            },
        );
    }
}
