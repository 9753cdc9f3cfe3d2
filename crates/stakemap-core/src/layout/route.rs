//! The lines' routes: reporting lines as org-chart connectors, influence and coverage lines
//! as orthogonal routes through the gaps between the cards.
//!
//! The router searches (A*) the sparse orthogonal grid made of the lines just outside
//! every card's edges and the card's ports, with costs for length, bends, crossing another
//! line and running along one. It only looks near the two cards (a window a few cards
//! wide around them), uses a spatial index for the cards and the lines already drawn, and
//! has a budget: a line that finds no route within its share of the search, or any line
//! once the whole map's budget is spent (thousands of lines), gets no route, and the
//! drawings fall back to a straight, slightly bowed line for it.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::space::{FastMap, Index, Rect};
use super::{Point, CARD_H, CARD_W, V_GAP};
use crate::model::{Relation, RelationKind};

/// The path of one line, from its first person's card to its second's, as the drawings
/// show it: for a reporting line from the manager down to the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Route {
    pub relation_id: String,
    pub points: Vec<Point>,
}

/// What the router needs of one card.
#[derive(Debug, Clone, Copy)]
pub struct RouteInput {
    pub at: Point,
    pub stacked: bool,
}

/// Distance of the routing lanes from a card's edges.
const MARGIN: f64 = 10.0;
/// Offsets of the ports on a card's top and bottom from its centre (the centre is the
/// reporting lines'), and on its sides.
const PORTS_X: [f64; 4] = [-40.0, 40.0, -80.0, 80.0];
const PORTS_Y: [f64; 2] = [-18.0, 18.0];
const BEND: f64 = 40.0;
const CROSS: f64 = 150.0;
/// The search is greedy (weighted A*): a route costs at most this times the cheapest, and a
/// line that must cross a few others does not flood the whole map looking for a way round.
const GREED: f64 = 3.0;
const ALONG: f64 = 2.0;
/// Search steps per line, and for the whole map.
const STEPS_PER_LINE: usize = 5_000;
const STEPS_PER_MAP: usize = 200_000;

/// The connector of a reporting or dotted line from the manager's card to the report's:
/// down from the manager, along a bus half a gap above the report, down into the report's
/// top; into a stacked report's side.
pub fn reporting_route(
    manager: Point,
    report: Point,
    stacked: bool,
    kind: RelationKind,
) -> Vec<Point> {
    let p = |x: f64, y: f64| Point { x, y };
    let (sx, sy) = (manager.x + CARD_W / 2.0, manager.y + CARD_H);
    if stacked {
        let ey = report.y + CARD_H / 2.0;
        let right = report.x > sx;
        let left = report.x + CARD_W < sx;
        if kind == RelationKind::ReportsTo && (right || left) {
            let ex = if right { report.x } else { report.x + CARD_W };
            return vec![p(sx, sy), p(sx, ey), p(ex, ey)];
        }
        // A dotted line into a stacked column comes in lower and from just beside it, so
        // it never runs along the primary connector.
        let ey = ey + 12.0;
        let (lane, ex) = if left {
            (report.x + CARD_W + 12.0, report.x + CARD_W)
        } else {
            (report.x - 12.0, report.x)
        };
        let mid = sy + 16.0;
        return vec![p(sx, sy), p(sx, mid), p(lane, mid), p(lane, ey), p(ex, ey)];
    }
    let (ex, ey) = (report.x + CARD_W / 2.0, report.y);
    let mid = if ey - sy >= V_GAP {
        ey - V_GAP / 2.0
    } else {
        sy + (ey - sy) / 2.0
    };
    vec![p(sx, sy), p(sx, mid), p(ex, mid), p(ex, ey)]
}

fn card_rect(p: Point) -> Rect {
    Rect {
        x0: p.x,
        y0: p.y,
        x1: p.x + CARD_W,
        y1: p.y + CARD_H,
    }
}

/// A drawn segment, for crossing and overlap costs.
#[derive(Clone, Copy)]
struct Seg {
    a: (f64, f64),
    b: (f64, f64),
}

fn seg_rect(s: Seg) -> Rect {
    Rect {
        x0: s.a.0.min(s.b.0),
        y0: s.a.1.min(s.b.1),
        x1: s.a.0.max(s.b.0),
        y1: s.a.1.max(s.b.1),
    }
}

/// Crossings and shared length of the axis-aligned segment a-b with the drawn ones.
fn contacts(lines: &Index<Seg>, a: (f64, f64), b: (f64, f64)) -> (usize, f64) {
    let me = seg_rect(Seg { a, b });
    let horizontal = a.1 == b.1;
    let (mut crossings, mut along) = (0, 0.0);
    lines.any(me.grow(0.5, 0.5), |r, _| {
        let other_h = r.y0 == r.y1;
        let other_v = r.x0 == r.x1;
        if horizontal && other_v {
            if r.x0 > me.x0 && r.x0 < me.x1 && me.y0 > r.y0 && me.y0 < r.y1 {
                crossings += 1;
            }
        } else if !horizontal && other_h {
            if r.y0 > me.y0 && r.y0 < me.y1 && me.x0 > r.x0 && me.x0 < r.x1 {
                crossings += 1;
            }
        } else if horizontal && other_h && (r.y0 - me.y0).abs() < 0.5 {
            along += (me.x1.min(r.x1) - me.x0.max(r.x0)).max(0.0);
        } else if !horizontal && other_v && (r.x0 - me.x0).abs() < 0.5 {
            along += (me.y1.min(r.y1) - me.y0.max(r.y0)).max(0.0);
        }
        false
    });
    (crossings, along)
}

fn add_path(lines: &mut Index<Seg>, pts: &[Point]) {
    for w in pts.windows(2) {
        let s = Seg {
            a: (w[0].x, w[0].y),
            b: (w[1].x, w[1].y),
        };
        if s.a != s.b && (s.a.0 == s.b.0 || s.a.1 == s.b.1) {
            lines.insert(seg_rect(s), s);
        }
    }
}

/// A search node, grid point (i, j) reached in direction d (0 none, 1 horizontal, 2
/// vertical), as one number ordered as the tuple (i, j, d) is.
fn key(i: usize, j: usize, d: u8) -> u64 {
    ((i as u64) << 34) | ((j as u64) << 2) | u64::from(d)
}

fn unkey(k: u64) -> (usize, usize, u8) {
    (
        (k >> 34) as usize,
        ((k >> 2) & 0xFFFF_FFFF) as usize,
        (k & 3) as u8,
    )
}

#[derive(PartialEq)]
struct Open {
    f: f64,
    g: f64,
    node: u64,
}

/// The search's tables, kept between the lines so that each line does not allocate them
/// anew.
#[derive(Default)]
struct Scratch {
    best: FastMap<u64, f64>,
    came: FastMap<u64, u64>,
    starts: FastMap<u64, (f64, f64)>,
    open: BinaryHeap<Open>,
}
impl Eq for Open {}
impl Ord for Open {
    fn cmp(&self, o: &Self) -> Ordering {
        o.f.total_cmp(&self.f).then_with(|| self.node.cmp(&o.node))
    }
}
impl PartialOrd for Open {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// The grid the router walks: every card's lanes and ports.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 0.25);
    v
}

/// Ports of a card: (the point on its border, the grid point just outside).
fn ports(p: Point) -> Vec<((f64, f64), (f64, f64))> {
    let (cx, cy) = (p.x + CARD_W / 2.0, p.y + CARD_H / 2.0);
    let mut out = Vec::with_capacity(12);
    for dx in PORTS_X {
        out.push(((cx + dx, p.y), (cx + dx, p.y - MARGIN)));
        out.push(((cx + dx, p.y + CARD_H), (cx + dx, p.y + CARD_H + MARGIN)));
    }
    for dy in PORTS_Y {
        out.push(((p.x, cy + dy), (p.x - MARGIN, cy + dy)));
        out.push(((p.x + CARD_W, cy + dy), (p.x + CARD_W + MARGIN, cy + dy)));
    }
    out
}

/// Routes every line between two cards in `cards` (people not in it are not drawn).
/// Reporting lines get their connectors; influence and coverage lines are routed, the
/// shorter first, each avoiding the cards and the lines before it where it can.
pub fn route_lines(relations: &[Relation], cards: &HashMap<&str, RouteInput>) -> Vec<Route> {
    route_lines_counted(relations, cards, &[]).0
}

/// Like [`route_lines`], the lines also kept clear of the `headers` (the departments'
/// header bands, see [`super::DepartmentGroup`]).
pub fn route_lines_around(
    relations: &[Relation],
    cards: &HashMap<&str, RouteInput>,
    headers: &[super::DepartmentGroup],
) -> Vec<Route> {
    route_lines_counted(relations, cards, headers).0
}

/// The router's work on one map, for the benchmarks and the tests that bound it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteWork {
    /// Lines given to the search (influence, coverage and dotted lines between drawn cards).
    pub searched: usize,
    /// Search steps (grid points taken from the open list), over all lines.
    pub steps: usize,
    /// Lines left without a route (drawn straight).
    pub unrouted: usize,
}

/// [`route_lines_around`], and the work it took.
pub fn route_lines_counted(
    relations: &[Relation],
    cards: &HashMap<&str, RouteInput>,
    headers: &[super::DepartmentGroup],
) -> (Vec<Route>, RouteWork) {
    let mut work = RouteWork::default();
    let mut out = Vec::new();
    let mut lines: Index<Seg> = Index::new();
    let mut others: Vec<(&Relation, Point, Point)> = Vec::new();
    for r in relations {
        let (Some(from), Some(to)) = (cards.get(r.from.as_str()), cards.get(r.to.as_str())) else {
            continue;
        };
        if r.from == r.to {
            continue;
        }
        match r.kind {
            RelationKind::ReportsTo => {
                let pts = reporting_route(to.at, from.at, from.stacked, r.kind);
                add_path(&mut lines, &pts);
                out.push(Route {
                    relation_id: r.id.clone(),
                    points: pts,
                });
            }
            // A dotted line is routed like the informal lines, from the manager.
            RelationKind::DottedLine => others.push((r, to.at, from.at)),
            RelationKind::Influence | RelationKind::Covers => others.push((r, from.at, to.at)),
        }
    }
    work.searched = others.len();
    work.unrouted = others.len();
    if others.is_empty() {
        return (out, work);
    }
    let mut boxes: Index<()> = Index::new();
    let mut xs = Vec::with_capacity(cards.len() * 8);
    let mut ys = Vec::with_capacity(cards.len() * 4);
    for c in cards.values() {
        let p = c.at;
        boxes.insert(card_rect(p), ());
        xs.extend([p.x - MARGIN, p.x + CARD_W + MARGIN]);
        xs.extend(PORTS_X.iter().map(|dx| p.x + CARD_W / 2.0 + dx));
        ys.extend([p.y - MARGIN, p.y + CARD_H + MARGIN]);
        ys.extend(PORTS_Y.iter().map(|dy| p.y + CARD_H / 2.0 + dy));
    }
    for h in headers.iter().map(|g| g.header()) {
        boxes.insert(h, ());
        xs.extend([h.x0 - MARGIN, h.x1 + MARGIN]);
        ys.extend([h.y0 - MARGIN, h.y1 + MARGIN]);
    }
    let grid = Grid {
        xs: sorted(xs),
        ys: sorted(ys),
    };
    others.sort_by(|a, b| {
        let d = |(_, f, t): &(&Relation, Point, Point)| (f.x - t.x).abs() + (f.y - t.y).abs();
        d(a).total_cmp(&d(b)).then_with(|| a.0.id.cmp(&b.0.id))
    });
    let mut budget = STEPS_PER_MAP;
    let mut port_use: HashMap<(i64, i64), usize> = HashMap::new();
    let mut walls = Walls {
        boxes: &boxes,
        seen: FastMap::default(),
    };
    let mut scratch = Scratch::default();
    for (r, from, to) in others {
        if budget == 0 {
            break;
        }
        let before = budget;
        // Near the two cards first; a line that finds no way there (around a wide team)
        // searches the whole map, with a larger share of the budget.
        let found = search(
            &grid,
            &mut walls,
            &mut scratch,
            &lines,
            &port_use,
            from,
            to,
            3.0,
            STEPS_PER_LINE,
            &mut budget,
        )
        .or_else(|| {
            search(
                &grid,
                &mut walls,
                &mut scratch,
                &lines,
                &port_use,
                from,
                to,
                f64::INFINITY,
                4 * STEPS_PER_LINE,
                &mut budget,
            )
        });
        work.steps += before - budget;
        if let Some(pts) = found {
            work.unrouted -= 1;
            for p in [pts[0], pts[pts.len() - 1]] {
                *port_use
                    .entry((p.x.round() as i64, p.y.round() as i64))
                    .or_default() += 1;
            }
            add_path(&mut lines, &pts);
            out.push(Route {
                relation_id: r.id.clone(),
                points: pts,
            });
        }
    }
    (out, work)
}

/// Which grid points and grid steps a card blocks, remembered across the lines (the cards do
/// not move while the lines are routed).
struct Walls<'a> {
    boxes: &'a Index<()>,
    /// (i, j, 0) the point, (i, j, 1) the step to i + 1, (i, j, 2) the step to j + 1, by
    /// [`key`].
    seen: FastMap<u64, bool>,
}

impl Walls<'_> {
    fn point(&mut self, grid: &Grid, i: usize, j: usize) -> bool {
        let boxes = self.boxes;
        *self
            .seen
            .entry(key(i, j, 0))
            .or_insert_with(|| blocked(boxes, (grid.xs[i], grid.ys[j])))
    }

    /// The step between two neighbouring grid points.
    fn step(&mut self, grid: &Grid, a: (usize, usize), b: (usize, usize)) -> bool {
        let (lo, dir) = if a.0 != b.0 {
            ((a.0.min(b.0), a.1), 1)
        } else {
            ((a.0, a.1.min(b.1)), 2)
        };
        let boxes = self.boxes;
        let (p, q) = ((grid.xs[a.0], grid.ys[a.1]), (grid.xs[b.0], grid.ys[b.1]));
        *self
            .seen
            .entry(key(lo.0, lo.1, dir))
            .or_insert_with(|| blocked(boxes, ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0)))
    }
}

fn blocked(boxes: &Index<()>, p: (f64, f64)) -> bool {
    let probe = Rect {
        x0: p.0,
        y0: p.1,
        x1: p.0,
        y1: p.1,
    };
    boxes.any(probe.grow(MARGIN, MARGIN), |r, _| {
        r.grow(MARGIN - 1.0, MARGIN - 1.0).contains(p)
    })
}

fn index_of(v: &[f64], x: f64) -> Option<usize> {
    let i = v.partition_point(|&a| a < x - 0.25);
    (i < v.len() && (v[i] - x).abs() < 0.25).then_some(i)
}

/// One line's route by A* from any port of `from` to any port of `to`, in at most `limit`
/// steps.
#[allow(clippy::too_many_arguments)]
fn search(
    grid: &Grid,
    walls: &mut Walls<'_>,
    scratch: &mut Scratch,
    lines: &Index<Seg>,
    port_use: &HashMap<(i64, i64), usize>,
    from: Point,
    to: Point,
    room: f64,
    limit: usize,
    budget: &mut usize,
) -> Option<Vec<Point>> {
    // The window: the two cards and `room` cards' room around them.
    let (wx, wy) = (room * CARD_W, room * CARD_H);
    let lo_x = grid.xs.partition_point(|&x| x < from.x.min(to.x) - wx);
    let hi_x = grid
        .xs
        .partition_point(|&x| x <= from.x.max(to.x) + CARD_W + wx);
    let lo_y = grid.ys.partition_point(|&y| y < from.y.min(to.y) - wy);
    let hi_y = grid
        .ys
        .partition_point(|&y| y <= from.y.max(to.y) + CARD_H + wy);
    let inside = |i: usize, j: usize| (lo_x..hi_x).contains(&i) && (lo_y..hi_y).contains(&j);
    let used = |p: (f64, f64)| {
        port_use
            .get(&(p.0.round() as i64, p.1.round() as i64))
            .copied()
            .unwrap_or(0) as f64
    };

    let mut goals: HashMap<(usize, usize), (f64, f64)> = HashMap::new();
    for (border, out) in ports(to) {
        if let (Some(i), Some(j)) = (index_of(&grid.xs, out.0), index_of(&grid.ys, out.1)) {
            if !walls.point(grid, i, j) {
                goals.insert((i, j), border);
            }
        }
    }
    if goals.is_empty() {
        return None;
    }
    let goal_pts: Vec<(f64, f64)> = goals
        .keys()
        .map(|&(i, j)| (grid.xs[i], grid.ys[j]))
        .collect();
    let h = |p: (f64, f64)| {
        goal_pts
            .iter()
            .map(|g| (g.0 - p.0).abs() + (g.1 - p.1).abs())
            .fold(f64::MAX, f64::min)
    };

    // Direction: 0 none, 1 horizontal, 2 vertical.
    let Scratch {
        best,
        came,
        starts,
        open,
    } = scratch;
    best.clear();
    came.clear();
    starts.clear();
    open.clear();
    for (border, out) in ports(from) {
        let (Some(i), Some(j)) = (index_of(&grid.xs, out.0), index_of(&grid.ys, out.1)) else {
            continue;
        };
        if walls.point(grid, i, j) {
            continue;
        }
        // Leaving a port: a step perpendicular to the card's side.
        let dir = if border.1 == out.1 { 1 } else { 2 };
        let (c, along) = contacts(lines, border, out);
        let g = MARGIN + c as f64 * CROSS + along * ALONG + used(border) * 60.0;
        let node = key(i, j, dir);
        if best.get(&node).is_none_or(|&b| g < b) {
            best.insert(node, g);
            starts.insert(node, border);
            open.push(Open {
                f: g + h(out),
                g,
                node,
            });
        }
    }
    let mut steps = 0usize;
    let mut end: Option<u64> = None;
    while let Some(Open { g, node, .. }) = open.pop() {
        if best.get(&node).is_some_and(|&b| g > b) {
            continue;
        }
        steps += 1;
        if steps > limit || steps > *budget {
            break;
        }
        let (i, j, dir) = unkey(node);
        if let Some(&border) = goals.get(&(i, j)) {
            // Arriving at a port: the last step is perpendicular to the card's side.
            let arrive = if border.1 == grid.ys[j] { 1 } else { 2 };
            if dir == arrive || dir == 0 {
                end = Some(node);
                break;
            }
        }
        let p = (grid.xs[i], grid.ys[j]);
        let moves: [(isize, isize, u8); 4] = [(1, 0, 1), (-1, 0, 1), (0, 1, 2), (0, -1, 2)];
        for (di, dj, d) in moves {
            let (Some(ni), Some(nj)) = (i.checked_add_signed(di), j.checked_add_signed(dj)) else {
                continue;
            };
            if !inside(ni, nj) {
                continue;
            }
            let q = (grid.xs[ni], grid.ys[nj]);
            if walls.point(grid, ni, nj) || walls.step(grid, (i, j), (ni, nj)) {
                continue;
            }
            let (c, along) = contacts(lines, p, q);
            let len = (q.0 - p.0).abs() + (q.1 - p.1).abs();
            let bend = if dir != 0 && dir != d { BEND } else { 0.0 };
            let ng = g + len + bend + c as f64 * CROSS + along * ALONG;
            let next = key(ni, nj, d);
            if best.get(&next).is_none_or(|&b| ng < b) {
                best.insert(next, ng);
                came.insert(next, node);
                open.push(Open {
                    f: ng + GREED * h(q),
                    g: ng,
                    node: next,
                });
            }
        }
    }
    *budget = budget.saturating_sub(steps);
    let end = end?;
    let mut nodes = vec![end];
    let mut cur = end;
    while let Some(&prev) = came.get(&cur) {
        nodes.push(prev);
        cur = prev;
    }
    nodes.reverse();
    let start = *starts.get(&nodes[0])?;
    let mut pts = vec![Point {
        x: start.0,
        y: start.1,
    }];
    pts.extend(nodes.iter().map(|&k| {
        let (i, j, _) = unkey(k);
        Point {
            x: grid.xs[i],
            y: grid.ys[j],
        }
    }));
    let (ei, ej, _) = unkey(end);
    let last = goals[&(ei, ej)];
    pts.push(Point {
        x: last.0,
        y: last.1,
    });
    Some(simplify(pts))
}

/// Drops the points in the middle of a straight run.
fn simplify(pts: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if out
            .last()
            .is_some_and(|l: &Point| (l.x - p.x).abs() < 1e-6 && (l.y - p.y).abs() < 1e-6)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = ((a.x - b.x).abs() < 1e-6 && (b.x - p.x).abs() < 1e-6)
                || ((a.y - b.y).abs() < 1e-6 && (b.y - p.y).abs() < 1e-6);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The set of people whose cards are drawn, for [`route_lines`].
pub fn drawn<'a>(
    positions: &'a HashMap<String, Point>,
    stacked: &HashSet<String>,
    hidden: &HashSet<String>,
) -> HashMap<&'a str, RouteInput> {
    positions
        .iter()
        .filter(|(id, p)| !hidden.contains(*id) && p.x.is_finite() && p.y.is_finite())
        .map(|(id, &at)| {
            (
                id.as_str(),
                RouteInput {
                    at,
                    stacked: stacked.contains(id),
                },
            )
        })
        .collect()
}
