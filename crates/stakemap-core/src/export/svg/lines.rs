//! The lines: along their routes from the layout where they have one; otherwise reporting
//! and dotted lines as orthogonal connectors, influence and coverage lines as bowed arrows.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::cards::Card;
use super::text::num;
use super::{COVERS, INFLUENCE_NEG, INFLUENCE_POS, REPORTS};
use crate::layout::{Point, CARD_W};
use crate::markup::esc;
use crate::model::{Relation, RelationKind};

pub(in crate::export) fn stroke_width(strength: u8) -> f64 {
    match strength {
        0 | 1 => 1.25,
        2 => 2.25,
        _ => 3.5,
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
        a.h / 2.0 / dy.abs()
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
            .is_none_or(|l| (l.0 - q.0).abs() + (l.1 - q.1).abs() > 0.01)
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
    let (sx, sy) = (manager.cx(), manager.y + manager.h);
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

/// A route's path with rounded corners, its last segment stopping `short` before the end
/// (where an arrowhead's tip then lands).
fn along(route: &[Point], short: f64) -> Option<String> {
    let mut pts: Vec<(f64, f64)> = route
        .iter()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
        .map(|p| (p.x, p.y))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len();
    let (a, b) = (pts[n - 2], pts[n - 1]);
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    if len > short && short > 0.0 {
        pts[n - 1] = (
            b.0 - (b.0 - a.0) / len * short,
            b.1 - (b.1 - a.1) / len * short,
        );
    }
    Some(rounded_polyline(&pts))
}

/// The route with its ends on the cards as drawn: core routes lines for full-height cards,
/// and a card without rating chips is shorter, so an end below such a card's bottom edge
/// (inside the full-height box) moves up onto that edge. Ends leave cards at the bottom
/// vertically, so the first and last segments stay vertical.
fn to_card_edges(route: &[Point], cards: &[Card]) -> Vec<Point> {
    let mut pts = route.to_vec();
    let n = pts.len();
    for i in [0, n.saturating_sub(1)] {
        let Some(p) = pts.get_mut(i) else { continue };
        for c in cards {
            let bottom = c.y + c.h;
            let inside_x = p.x >= c.x - 0.5 && p.x <= c.x + CARD_W + 0.5;
            if inside_x && p.y > bottom && p.y <= c.y + crate::layout::CARD_H + 0.5 {
                p.y = bottom;
            }
        }
    }
    pts
}

pub(super) fn write_line(
    s: &mut String,
    l: &Relation,
    cards: &HashMap<&str, Card>,
    route: Option<&[Point]>,
) {
    let (Some(&from), Some(&to)) = (cards.get(l.from.as_str()), cards.get(l.to.as_str())) else {
        return;
    };
    let route = route.map(|r| to_card_edges(r, &[from, to]));
    let routed = |short: f64| route.as_deref().and_then(|r| along(r, short));
    let (d, stroke, width, dash, marker) = match l.kind {
        RelationKind::ReportsTo => (
            routed(0.0).unwrap_or_else(|| connector(to, from, l.kind)),
            REPORTS,
            1.5,
            None,
            None,
        ),
        RelationKind::DottedLine => (
            routed(0.0).unwrap_or_else(|| connector(to, from, l.kind)),
            REPORTS,
            1.5,
            Some("6 4"),
            None,
        ),
        RelationKind::Influence => {
            let Some(d) = routed(6.0).or_else(|| bowed(from, to, 6.0)) else {
                return;
            };
            let (colour, marker) = if from.competitor {
                (crate::palette::LINE_COMPETITOR.hex, "sm-arrow-comp")
            } else if l.sign < 0 {
                (INFLUENCE_NEG, "sm-arrow-neg")
            } else {
                (INFLUENCE_POS, "sm-arrow-pos")
            };
            (d, colour, stroke_width(l.strength), None, Some(marker))
        }
        RelationKind::Covers => {
            let Some(d) = routed(0.0).or_else(|| bowed(from, to, 0.0)) else {
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
