//! Our team, partners, competitors and consultants placed near the customer people they
//! touch: each in the free slot nearest the middle of the people they cover or influence,
//! clear of the cards and of the reporting lines, preferring slots that do not widen the
//! map. People who touch nobody go in a row above the chart.

use std::collections::HashMap;

use super::space::{Index, Rect};
use super::{DepartmentGroup, Point, CARD_H, CARD_W, H_GAP, V_GAP};

/// Steps of the slot grid, and how many rings of slots are tried around the middle of a
/// person's contacts (at most (2 × RINGS + 1)² slots per person).
const STEP_X: f64 = (CARD_W + H_GAP) / 2.0;
const STEP_Y: f64 = (CARD_H + V_GAP) / 2.0;
const RINGS: i64 = 10;

/// One person to place and the people (already placed) they touch.
pub struct Outsider<'a> {
    pub id: &'a str,
    pub touches: Vec<&'a str>,
}

/// Places `outsiders` (most connected first) into `positions`, avoiding the cards there,
/// the `segments` (the reporting lines, as point lists) and the departments' frames
/// (`groups`: a card inside one would read as one of its people).
pub fn place_outside(
    positions: &mut HashMap<String, Point>,
    segments: &[Vec<Point>],
    groups: &[DepartmentGroup],
    mut outsiders: Vec<Outsider<'_>>,
) {
    if outsiders.is_empty() {
        return;
    }
    let mut taken: Index<()> = Index::new();
    let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in positions.values() {
        taken.insert(
            Rect {
                x0: p.x,
                y0: p.y,
                x1: p.x + CARD_W,
                y1: p.y + CARD_H,
            },
            (),
        );
        lo_x = lo_x.min(p.x);
        lo_y = lo_y.min(p.y);
        hi_x = hi_x.max(p.x + CARD_W);
        hi_y = hi_y.max(p.y + CARD_H);
    }
    for f in groups.iter().map(DepartmentGroup::frame) {
        taken.insert(f, ());
        lo_x = lo_x.min(f.x0);
        lo_y = lo_y.min(f.y0);
        hi_x = hi_x.max(f.x1);
        hi_y = hi_y.max(f.y1);
    }
    if positions.is_empty() && groups.is_empty() {
        (lo_x, lo_y, hi_x, hi_y) = (0.0, 0.0, 0.0, 0.0);
    }
    let mut lines: Index<()> = Index::new();
    for s in segments {
        for w in s.windows(2) {
            lines.insert(
                Rect {
                    x0: w[0].x.min(w[1].x),
                    y0: w[0].y.min(w[1].y),
                    x1: w[0].x.max(w[1].x),
                    y1: w[0].y.max(w[1].y),
                },
                (),
            );
        }
    }
    outsiders.sort_by_key(|o| std::cmp::Reverse(o.touches.len()));
    let mut band: Vec<&str> = Vec::new();
    for o in outsiders {
        let centres: Vec<(f64, f64)> = o
            .touches
            .iter()
            .filter_map(|t| positions.get(*t))
            .map(|p| (p.x + CARD_W / 2.0, p.y + CARD_H / 2.0))
            .collect();
        if centres.is_empty() {
            band.push(o.id);
            continue;
        }
        let k = centres.len() as f64;
        let cx = centres.iter().map(|c| c.0).sum::<f64>() / k;
        let cy = centres.iter().map(|c| c.1).sum::<f64>() / k;
        let bx = ((cx - CARD_W / 2.0) / STEP_X).round();
        let by = ((cy - CARD_H / 2.0) / STEP_Y).round();
        let mut best: Option<(f64, Point)> = None;
        for ring in 0..=RINGS {
            for i in -ring..=ring {
                for j in -ring..=ring {
                    if i.abs() != ring && j.abs() != ring {
                        continue;
                    }
                    let p = Point {
                        x: (bx + i as f64) * STEP_X,
                        y: (by + j as f64) * STEP_Y,
                    };
                    let card = Rect {
                        x0: p.x,
                        y0: p.y,
                        x1: p.x + CARD_W,
                        y1: p.y + CARD_H,
                    };
                    let room = card.grow(H_GAP, V_GAP / 2.0);
                    if taken.any(room, |r, _| r.overlaps(&room)) {
                        continue;
                    }
                    // Not right under a reporting line's bus either, where the card
                    // would read as one of the reports.
                    let clear = card.grow(12.0, V_GAP / 2.0 + 4.0);
                    if lines.any(clear, |r, _| r.grow(0.5, 0.5).overlaps(&clear)) {
                        continue;
                    }
                    let (dx, dy) = (p.x + CARD_W / 2.0 - cx, p.y + CARD_H / 2.0 - cy);
                    let growth = (lo_x - p.x).max(0.0)
                        + (p.x + CARD_W - hi_x).max(0.0)
                        + (lo_y - p.y).max(0.0)
                        + (p.y + CARD_H - hi_y).max(0.0);
                    let cost = dx.abs() + dy.abs() + 3.0 * growth;
                    if best.is_none_or(|(b, _)| cost < b) {
                        best = Some((cost, p));
                    }
                }
            }
            // A slot found in this ring is as near as any further out can be, bar growth.
            if best.is_some_and(|(b, _)| b < (ring as f64 + 1.0) * STEP_Y) {
                break;
            }
        }
        let Some((_, p)) = best else {
            band.push(o.id);
            continue;
        };
        taken.insert(
            Rect {
                x0: p.x,
                y0: p.y,
                x1: p.x + CARD_W,
                y1: p.y + CARD_H,
            },
            (),
        );
        lo_x = lo_x.min(p.x);
        lo_y = lo_y.min(p.y);
        hi_x = hi_x.max(p.x + CARD_W);
        hi_y = hi_y.max(p.y + CARD_H);
        positions.insert(o.id.to_string(), p);
    }
    // The rest in a row above everything, from the left.
    let y = lo_y - CARD_H - V_GAP;
    for (k, id) in band.into_iter().enumerate() {
        positions.insert(
            id.to_string(),
            Point {
                x: lo_x + k as f64 * (CARD_W + H_GAP),
                y,
            },
        );
    }
}
