//! Connectors glued to cards: which connection sites a line uses and the transform
//! (`a:xfrm` with rotation and flips) that makes a preset connector run from one site to
//! the other, so the file shows the line where PowerPoint itself would draw it.
//!
//! A preset connector is drawn in its own box from the box's top-left corner to its
//! bottom-right corner (`bentConnector3`: across, down at `adj1`, across; `bentConnector2`:
//! across, then down; `straightConnector1`: straight). The box is flipped, then rotated about
//! its centre. Rather than a table of cases, [`place`] tries the eight rotations and flips
//! and keeps the one whose path starts and ends at the two sites and leaves the first site
//! in the wanted direction.

/// A rectangle on the slide in EMU.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub(super) x: i64,
    pub(super) y: i64,
    pub(super) w: i64,
    pub(super) h: i64,
}

/// The connection sites of `rect` and `roundRect`: 0 top, 1 left, 2 bottom, 3 right.
pub(super) const TOP: u8 = 0;
pub(super) const LEFT: u8 = 1;
pub(super) const BOTTOM: u8 = 2;
pub(super) const RIGHT: u8 = 3;

impl Rect {
    pub(super) fn site(&self, idx: u8) -> (i64, i64) {
        match idx {
            TOP => (self.x + self.w / 2, self.y),
            LEFT => (self.x, self.y + self.h / 2),
            BOTTOM => (self.x + self.w / 2, self.y + self.h),
            _ => (self.x + self.w, self.y + self.h / 2),
        }
    }
    fn cx(&self) -> i64 {
        self.x + self.w / 2
    }
    fn cy(&self) -> i64 {
        self.y + self.h / 2
    }
}

/// The preset connector shapes used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Preset {
    Straight,
    /// One bend.
    Bent2,
    /// Two bends, the middle segment half way.
    Bent3,
}

impl Preset {
    pub(super) fn name(self) -> &'static str {
        match self {
            Preset::Straight => "straightConnector1",
            Preset::Bent2 => "bentConnector2",
            Preset::Bent3 => "bentConnector3",
        }
    }
}

/// A connector's transform: box offset and size (before rotation), rotation in 60000ths of
/// a degree, flips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Xfrm {
    pub(super) x: i64,
    pub(super) y: i64,
    pub(super) w: i64,
    pub(super) h: i64,
    pub(super) rot: u32,
    pub(super) flip_h: bool,
    pub(super) flip_v: bool,
}

/// A line from one card's site to another's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Route {
    pub(super) preset: Preset,
    pub(super) start_site: u8,
    pub(super) end_site: u8,
    pub(super) xfrm: Xfrm,
}

/// The way out of a site, as a unit vector (screen coordinates, y down).
fn outward(site: u8) -> (i64, i64) {
    match site {
        TOP => (0, -1),
        LEFT => (-1, 0),
        BOTTOM => (0, 1),
        _ => (1, 0),
    }
}

/// The transform that makes `preset` run from `s` to `e`, leaving `s` along `dir` (for a
/// bent connector), or `None` when no rotation and flip does.
fn place(preset: Preset, s: (i64, i64), e: (i64, i64), dir: (i64, i64)) -> Option<Xfrm> {
    let (dx, dy) = (e.0 - s.0, e.1 - s.1);
    for rot in [0u32, 1, 2, 3] {
        for (flip_h, flip_v) in [(false, false), (true, false), (false, true), (true, true)] {
            let (w, h) = if rot % 2 == 0 {
                (dx.abs(), dy.abs())
            } else {
                (dy.abs(), dx.abs())
            };
            // Local start (0,0) and end (w,h), flipped, relative to the box centre (in
            // doubled units, so that half sizes stay whole).
            let flip = |(u, v): (i64, i64)| {
                (
                    if flip_h { w - u } else { u },
                    if flip_v { h - v } else { v },
                )
            };
            let rel = |(u, v): (i64, i64)| (2 * u - w, 2 * v - h);
            let turn = |(u, v): (i64, i64)| match rot {
                0 => (u, v),
                1 => (-v, u),
                2 => (-u, -v),
                _ => (v, -u),
            };
            let a = turn(rel(flip((0, 0))));
            let b = turn(rel(flip((w, h))));
            // The first segment's direction: along local x (bent) before flip and turn.
            let first = turn({
                let (u, v) = (if flip_h { -1 } else { 1 }, 0);
                (u, v)
            });
            let ok_ends = b.0 - a.0 == 2 * dx && b.1 - a.1 == 2 * dy;
            let ok_dir = preset == Preset::Straight || first == dir;
            if ok_ends && ok_dir {
                // The box centre is the middle of s and e.
                let (cx2, cy2) = (s.0 + e.0, s.1 + e.1);
                return Some(Xfrm {
                    x: (cx2 - w) / 2,
                    y: (cy2 - h) / 2,
                    w,
                    h,
                    rot: rot * 5_400_000,
                    flip_h,
                    flip_v,
                });
            }
        }
    }
    None
}

fn route(preset: Preset, from: Rect, start_site: u8, to: Rect, end_site: u8) -> Option<Route> {
    let s = from.site(start_site);
    let e = to.site(end_site);
    let dir = outward(start_site);
    // A bent connector whose ends line up is drawn straight along the first direction:
    // any transform that joins the ends will do.
    let straight_along = (s.0 == e.0 && dir.0 == 0) || (s.1 == e.1 && dir.1 == 0);
    let xfrm = place(preset, s, e, dir).or_else(|| {
        straight_along
            .then(|| place(Preset::Straight, s, e, dir))
            .flatten()
    })?;
    Some(Route {
        preset,
        start_site,
        end_site,
        xfrm,
    })
}

/// The elbow connector of a reporting (or dotted) line from `manager` to `report`: from
/// the manager's bottom to the report's top as in an org chart; into the report's left
/// side when it sits in a stacked column to the right; upwards or sideways when the user
/// put the report above or beside the manager.
pub(super) fn elbow(manager: Rect, report: Rect, stacked: bool) -> Route {
    let m_bottom = manager.y + manager.h;
    if stacked && report.x > manager.cx() && report.cy() > m_bottom {
        if let Some(r) = route(Preset::Bent2, manager, BOTTOM, report, LEFT) {
            return r;
        }
    }
    let tries: [(u8, u8); 2] = if report.y >= m_bottom {
        [(BOTTOM, TOP), (BOTTOM, TOP)]
    } else if report.y + report.h <= manager.y {
        [(TOP, BOTTOM), (TOP, BOTTOM)]
    } else if report.cx() >= manager.cx() {
        [(RIGHT, LEFT), (BOTTOM, TOP)]
    } else {
        [(LEFT, RIGHT), (BOTTOM, TOP)]
    };
    for (a, b) in tries {
        if let Some(r) = route(Preset::Bent3, manager, a, report, b) {
            return r;
        }
    }
    // Overlapping cards: a straight line between the two sites still glues both ends.
    straight_between(manager, BOTTOM, report, TOP)
}

fn straight_between(from: Rect, a: u8, to: Rect, b: u8) -> Route {
    route(Preset::Straight, from, a, to, b).unwrap_or(Route {
        preset: Preset::Straight,
        start_site: a,
        end_site: b,
        // Unreachable: a straight connector joins any two points.
        xfrm: Xfrm {
            x: from.x,
            y: from.y,
            w: 0,
            h: 0,
            rot: 0,
            flip_h: false,
            flip_v: false,
        },
    })
}

/// The straight arrow of an influence or coverage line: between the sides of the two cards
/// that face each other. `alternate` takes the other pair of sides, for the second line
/// between the same two people (A to B and B to A), so the two never lie on each other.
pub(super) fn arrow(from: Rect, to: Rect, alternate: bool) -> Route {
    let (dx, dy) = (to.cx() - from.cx(), to.cy() - from.cy());
    // Compare the offsets in card sizes, so a wide card is left by its sides only when the
    // other is well beside it.
    let across =
        (dx.abs() as i128) * (from.h.max(1) as i128) > (dy.abs() as i128) * (from.w.max(1) as i128);
    let (a, b) = match (across != alternate, dx >= 0, dy >= 0) {
        (true, true, _) => (RIGHT, LEFT),
        (true, false, _) => (LEFT, RIGHT),
        (false, _, true) => (BOTTOM, TOP),
        (false, _, false) => (TOP, BOTTOM),
    };
    // The second line has both ends on the same side of its cards, so it runs beside the
    // first instead of on it.
    let (a, b) = if alternate { (a, a) } else { (a, b) };
    straight_between(from, a, to, b)
}

/// Where a connector's path starts and ends on the slide, from its transform (the test of
/// the geometry, and the check that a line really touches its cards).
#[cfg(test)]
pub(super) fn ends(x: &Xfrm) -> ((i64, i64), (i64, i64)) {
    let (w, h) = (x.w, x.h);
    let flip = |(u, v): (i64, i64)| {
        (
            if x.flip_h { w - u } else { u },
            if x.flip_v { h - v } else { v },
        )
    };
    let rel = |(u, v): (i64, i64)| (2 * u - w, 2 * v - h);
    let turn = |(u, v): (i64, i64)| match x.rot / 5_400_000 {
        0 => (u, v),
        1 => (-v, u),
        2 => (-u, -v),
        _ => (v, -u),
    };
    let (cx2, cy2) = (2 * x.x + w, 2 * x.y + h);
    let a = turn(rel(flip((0, 0))));
    let b = turn(rel(flip((w, h))));
    (
        ((cx2 + a.0) / 2, (cy2 + a.1) / 2),
        ((cx2 + b.0) / 2, (cy2 + b.1) / 2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(x: i64, y: i64) -> Rect {
        Rect {
            x,
            y,
            w: 2000,
            h: 1000,
        }
    }

    fn close(a: (i64, i64), b: (i64, i64)) -> bool {
        (a.0 - b.0).abs() <= 1 && (a.1 - b.1).abs() <= 1
    }

    #[test]
    fn an_elbow_runs_from_the_managers_bottom_to_the_reports_top() {
        let m = card(5000, 0);
        for rx in [0, 5000, 9000] {
            let r = card(rx, 3000);
            let route = elbow(m, r, false);
            assert_eq!(route.preset, Preset::Bent3);
            assert_eq!((route.start_site, route.end_site), (BOTTOM, TOP));
            let (s, e) = ends(&route.xfrm);
            assert!(close(s, m.site(BOTTOM)), "{rx}: start {s:?}");
            assert!(close(e, r.site(TOP)), "{rx}: end {e:?}");
        }
        // Above the manager, beside it, in a stacked column.
        let up = elbow(m, card(0, -4000), false);
        assert_eq!((up.start_site, up.end_site), (TOP, BOTTOM));
        let side = elbow(m, card(9000, 200), false);
        assert_eq!((side.start_site, side.end_site), (RIGHT, LEFT));
        let (s, e) = ends(&side.xfrm);
        assert!(close(s, m.site(RIGHT)) && close(e, card(9000, 200).site(LEFT)));
        let stacked = elbow(m, card(6500, 2000), true);
        assert_eq!(stacked.preset, Preset::Bent2);
        assert_eq!((stacked.start_site, stacked.end_site), (BOTTOM, LEFT));
        let (s, e) = ends(&stacked.xfrm);
        assert!(close(s, m.site(BOTTOM)) && close(e, card(6500, 2000).site(LEFT)));
    }

    #[test]
    fn an_arrow_joins_the_facing_sides_and_its_reverse_runs_apart() {
        let a = card(0, 0);
        let b = card(6000, 500);
        let there = arrow(a, b, false);
        assert_eq!((there.start_site, there.end_site), (RIGHT, LEFT));
        let back = arrow(b, a, true);
        assert_ne!(
            (back.start_site, back.end_site),
            (there.end_site, there.start_site)
        );
        for (r, from, to) in [(there, a, b), (back, b, a)] {
            let (s, e) = ends(&r.xfrm);
            assert!(close(s, from.site(r.start_site)), "{r:?}");
            assert!(close(e, to.site(r.end_site)), "{r:?}");
        }
        let below = arrow(a, card(100, 5000), false);
        assert_eq!((below.start_site, below.end_site), (BOTTOM, TOP));
    }
}
