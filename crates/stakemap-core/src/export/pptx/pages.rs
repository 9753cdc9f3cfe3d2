//! Which cards go on which slide.
//!
//! A map that fits one slide at a readable size goes on one slide, every card where the
//! map puts it. A larger map is cut along the customer's reporting tree, by team: a team
//! (a manager and everybody below) that fits a slide goes on one slide; neighbouring small
//! teams of the same manager share a slide while they fit; a team too large for a slide
//! gives its manager (with the small teams beside) one slide and is cut again below; a
//! manager goes along with the managers above it only when it lies near them (a wide team
//! wrapped into rows puts its later reports far below). Each card keeps its place relative
//! to the others of its slide. Our staff, partners, consultants and competitors go on the
//! slide where most of the people they have a line with are, in rows above that slide's
//! cards. Every person is on exactly one slide; a line whose two people are on different
//! slides is listed at the end (see `super::slide`).
//!
//! The work is linear in the number of people and lines: each team's bounds are computed
//! once, bottom up.

use std::collections::HashMap;

use crate::layout::{CARD_H, CARD_W, H_GAP, V_GAP};
use crate::model::{Person, Relation, RelationKind, Side};

/// A card of the map and where the map puts it (map units).
#[derive(Clone, Copy)]
pub(super) struct Placed<'a> {
    pub(super) person: &'a Person,
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) stacked: bool,
}

/// One slide's cards: indexes into the placed cards and their positions on this slide (map
/// units), and whose team it shows when the map was cut.
#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) cards: Vec<usize>,
    pub(super) pos: Vec<(f64, f64)>,
    /// The manager whose team this slide shows (index into the placed cards).
    pub(super) team_of: Option<usize>,
}

#[derive(Clone, Copy, Debug)]
struct Bounds {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bounds {
    fn of(p: &Placed) -> Bounds {
        Bounds {
            x0: p.x,
            y0: p.y,
            x1: p.x + CARD_W,
            y1: p.y + CARD_H,
        }
    }
    /// A manager whose team is cut: it is centred over its reports on its slide, so only
    /// its height counts.
    fn head(p: &Placed) -> Bounds {
        Bounds {
            x0: f64::INFINITY,
            y0: p.y,
            x1: f64::NEG_INFINITY,
            y1: p.y + CARD_H,
        }
    }
    fn join(self, o: Bounds) -> Bounds {
        Bounds {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

struct Cutter<'p> {
    placed: &'p [Placed<'p>],
    children: Vec<Vec<usize>>,
    /// Bounds of each person's team (the person and everybody below).
    team: Vec<Bounds>,
    max_w: f64,
    max_h: f64,
    pages: Vec<Page>,
    /// Managers whose team was cut (each is centred over its reports on its slide).
    heads: Vec<bool>,
}

impl Cutter<'_> {
    fn fits(&self, b: Bounds) -> bool {
        self.fits_within(b, 1.0)
    }

    /// Whether `b` fits a slide drawn `k` times smaller than the smallest readable scale.
    fn fits_within(&self, b: Bounds, k: f64) -> bool {
        b.x1 - b.x0 <= self.max_w * k + 0.5 && b.y1 - b.y0 <= self.max_h * k + 0.5
    }

    /// Everybody in `root`'s team, in tree order.
    fn members(&self, root: usize, out: &mut Vec<usize>) {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.children[n].iter().rev());
        }
    }

    /// Slides for the teams `teams` (siblings, left to right) of the tops of the tree; a
    /// team too large for a slide is cut again, its manager first. An explicit stack, not
    /// recursion, so a reporting chain thousands deep needs no deep call stack.
    fn pack(&mut self, teams: Vec<usize>) {
        struct Frame {
            teams: Vec<usize>,
            next: usize,
            current: Vec<usize>,
            bounds: Option<Bounds>,
            team_of: Option<usize>,
        }
        let mut stack = vec![Frame {
            teams,
            next: 0,
            current: Vec::new(),
            bounds: None,
            team_of: None,
        }];
        while let Some(f) = stack.last_mut() {
            let Some(&t) = f.teams.get(f.next) else {
                let f = stack.pop().expect("a frame");
                self.flush(f.current, f.team_of);
                continue;
            };
            f.next += 1;
            let tb = self.team[t];
            if !self.fits(tb) {
                self.heads[t] = true;
                let head = Bounds::head(&self.placed[t]);
                let only_heads = f.current.iter().all(|&c| self.heads[c]);
                let with = f.bounds.map_or(head, |b| b.join(head));
                let (mut current, bounds) = if only_heads && self.fits(with) {
                    // Managers with nothing else on their slide yet come along, above.
                    f.bounds = None;
                    (std::mem::take(&mut f.current), with)
                } else if only_heads {
                    // This manager lies far below them (a wide team wraps into rows): they
                    // stay for a team of theirs that fits with them, rather than share a
                    // slide drawn too small to read.
                    (Vec::new(), head)
                } else {
                    let (current, team_of) = (std::mem::take(&mut f.current), f.team_of);
                    f.bounds = None;
                    self.flush(current, team_of);
                    (Vec::new(), head)
                };
                current.push(t);
                stack.push(Frame {
                    teams: self.children[t].clone(),
                    next: 0,
                    current,
                    bounds: Some(bounds),
                    team_of: Some(t),
                });
                continue;
            }
            let joined = f.bounds.map_or(tb, |b| b.join(tb));
            // A manager goes with its first team even when that makes the slide a little
            // smaller (not more than a fifth), rather than alone on a slide.
            let lone_heads = !f.current.is_empty()
                && f.current.iter().all(|&c| self.heads[c])
                && self.fits_within(joined, 1.25);
            if self.fits(joined) || lone_heads {
                f.bounds = Some(joined);
            } else {
                let (current, team_of) = (std::mem::take(&mut f.current), f.team_of);
                f.bounds = Some(tb);
                self.flush(current, team_of);
            }
            let f = stack.last_mut().expect("a frame");
            let mut m = Vec::new();
            self.members(t, &mut m);
            f.current.extend(m);
        }
    }

    fn flush(&mut self, cards: Vec<usize>, team_of: Option<usize>) {
        if !cards.is_empty() {
            self.pages.push(Page {
                cards,
                pos: Vec::new(),
                team_of,
            });
        }
    }
}

/// The slides of a map whose cards are `placed`, when a slide's content area is
/// `max_w` × `max_h` map units at the smallest readable scale.
pub(super) fn paginate(
    placed: &[Placed],
    relations: &[Relation],
    max_w: f64,
    max_h: f64,
) -> Vec<Page> {
    let all = placed.iter().map(Bounds::of).reduce(Bounds::join);
    let Some(all) = all else {
        return vec![Page::default()];
    };
    let index: HashMap<&str, usize> = placed
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person.id.as_str(), i))
        .collect();
    let fits_one = all.x1 - all.x0 <= max_w + 0.5 && all.y1 - all.y0 <= max_h + 0.5;
    if fits_one {
        return vec![Page {
            cards: (0..placed.len()).collect(),
            pos: placed.iter().map(|p| (p.x, p.y)).collect(),
            team_of: None,
        }];
    }

    // The customer's reporting tree (the primary line of each person, as the layout uses).
    let customer = |i: usize| placed[i].person.side == Side::Customer;
    let mut parent: Vec<Option<usize>> = vec![None; placed.len()];
    for l in relations
        .iter()
        .filter(|l| l.kind == RelationKind::ReportsTo)
    {
        if let (Some(&r), Some(&m)) = (index.get(l.from.as_str()), index.get(l.to.as_str())) {
            if r != m && customer(r) && customer(m) {
                parent[r] = Some(m);
            }
        }
    }
    // Roots, then whatever a cycle of reporting lines left unreached becomes a root too.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); placed.len()];
    let mut roots: Vec<usize> = Vec::new();
    let mut reached = vec![false; placed.len()];
    let by_x = |v: &mut Vec<usize>| {
        v.sort_by(|&a, &b| placed[a].x.total_cmp(&placed[b].x).then(a.cmp(&b)))
    };
    for i in (0..placed.len()).filter(|&i| customer(i)) {
        match parent[i] {
            Some(m) => children[m].push(i),
            None => roots.push(i),
        }
    }
    let mut order: Vec<usize> = Vec::with_capacity(placed.len());
    fn mark(start: usize, children: &[Vec<usize>], reached: &mut [bool], order: &mut Vec<usize>) {
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut reached[n], true) {
                continue;
            }
            order.push(n);
            stack.extend(children[n].iter().copied());
        }
    }
    for &r in &roots {
        mark(r, &children, &mut reached, &mut order);
    }
    for i in (0..placed.len()).filter(|&i| customer(i)) {
        if !reached[i] {
            // In a cycle: cut the line to its manager and start a tree here.
            if let Some(m) = parent[i].take() {
                children[m].retain(|&c| c != i);
            }
            roots.push(i);
            mark(i, &children, &mut reached, &mut order);
        }
    }
    for c in &mut children {
        by_x(c);
    }
    by_x(&mut roots);
    // Team bounds bottom up: children come after their manager in `order`.
    let mut team: Vec<Bounds> = placed.iter().map(Bounds::of).collect();
    for &n in order.iter().rev() {
        if let Some(m) = parent[n] {
            team[m] = team[m].join(team[n]);
        }
    }

    let mut cutter = Cutter {
        placed,
        children,
        team,
        max_w,
        max_h,
        pages: Vec::new(),
        heads: vec![false; placed.len()],
    };
    cutter.pack(roots);
    let heads = cutter.heads;
    let mut pages = cutter.pages;
    if pages.is_empty() {
        pages.push(Page::default());
    }
    let mut page_of: Vec<Option<usize>> = vec![None; placed.len()];
    for (pi, p) in pages.iter().enumerate() {
        for &c in &p.cards {
            page_of[c] = Some(pi);
        }
    }

    // Everybody outside the customer: to the slide of most of the people they have a line
    // with (the first slide when none).
    let mut outside: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    let mut votes: HashMap<usize, HashMap<usize, usize>> = HashMap::new();
    for l in relations {
        let (Some(&a), Some(&b)) = (index.get(l.from.as_str()), index.get(l.to.as_str())) else {
            continue;
        };
        for (me, other) in [(a, b), (b, a)] {
            if !customer(me) {
                if let Some(p) = page_of[other] {
                    *votes.entry(me).or_default().entry(p).or_default() += 1;
                }
            }
        }
    }
    for i in (0..placed.len()).filter(|&i| !customer(i)) {
        let best = votes
            .get(&i)
            .and_then(|v| v.iter().max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p))))
            .map_or(0, |(p, _)| *p);
        outside[best].push(i);
    }

    // Positions: the customer's cards as the map has them; the others beside them.
    for (page, extra) in pages.iter_mut().zip(outside) {
        page.pos = page
            .cards
            .iter()
            .map(|&c| (placed[c].x, placed[c].y))
            .collect();
        // A manager whose team was cut sits centred over its reports on this slide
        // (reports first: they may be such managers too, and come later in the slide).
        for k in (0..page.cards.len()).rev() {
            let m = page.cards[k];
            if !heads[m] {
                continue;
            }
            let xs = page
                .cards
                .iter()
                .zip(&page.pos)
                .filter(|(&c, _)| parent[c] == Some(m))
                .map(|(_, &(x, _))| x);
            let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                (lo.min(x), hi.max(x))
            });
            if lo.is_finite() {
                page.pos[k].0 = (lo + hi) / 2.0;
            }
        }
        let b = page
            .pos
            .iter()
            .map(|&(x, y)| Bounds {
                x0: x,
                y0: y,
                x1: x + CARD_W,
                y1: y + CARD_H,
            })
            .reduce(Bounds::join)
            .unwrap_or(Bounds {
                x0: 0.0,
                y0: 0.0,
                x1: 0.0,
                y1: 0.0,
            });
        let mut sorted = extra;
        sorted.sort_by_key(|&i| (placed[i].person.side, i));
        let at = outside_places(b, sorted.len(), max_w, max_h);
        for (&i, p) in sorted.iter().zip(at) {
            page.cards.push(i);
            page.pos.push(p);
        }
    }
    pages
}

/// Places for `n` cards outside the customer around the customer's cards in `b`: in rows
/// above them or in columns to their left, whichever lets the slide be drawn larger.
fn outside_places(b: Bounds, n: usize, max_w: f64, max_h: f64) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    const COLUMN_GAP: f64 = 24.0;
    let (w, h) = ((b.x1 - b.x0).max(0.0), (b.y1 - b.y0).max(0.0));
    let scale = |tw: f64, th: f64| (max_w / tw.max(1.0)).min(max_h / th.max(1.0));
    // Rows above, as wide as a slide allows.
    let per_row = (((max_w + H_GAP) / (CARD_W + H_GAP)).floor() as usize).max(1);
    let rows = n.div_ceil(per_row);
    let row_w = n.min(per_row) as f64 * (CARD_W + H_GAP) - H_GAP;
    let above = scale(w.max(row_w), h + rows as f64 * (CARD_H + V_GAP));
    // Columns to the left, as tall as the customer's cards (or a slide, when they are few).
    let col_h = h.max(CARD_H);
    let per_col = (((col_h + COLUMN_GAP) / (CARD_H + COLUMN_GAP)).floor() as usize).max(1);
    let cols = n.div_ceil(per_col);
    let col_total_h = n.min(per_col) as f64 * (CARD_H + COLUMN_GAP) - COLUMN_GAP;
    let left = scale(w + cols as f64 * (CARD_W + 2.0 * H_GAP), h.max(col_total_h));
    (0..n)
        .map(|k| {
            if above >= left {
                let (row, col) = (k / per_row, k % per_row);
                (
                    b.x0 + col as f64 * (CARD_W + H_GAP),
                    b.y0 - (rows - row) as f64 * (CARD_H + V_GAP),
                )
            } else {
                let (col, row) = (k / per_col, k % per_col);
                (
                    b.x0 - (cols - col) as f64 * (CARD_W + 2.0 * H_GAP),
                    b.y0 + row as f64 * (CARD_H + COLUMN_GAP),
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str) -> Person {
        Person::bare(id, Some("a"), Side::Customer, id)
    }

    fn reports(from: &str, to: &str) -> Relation {
        Relation {
            id: format!("{from}-{to}"),
            account_id: "a".into(),
            kind: RelationKind::ReportsTo,
            from: from.into(),
            to: to.into(),
            strength: 2,
            sign: 1,
            note: String::new(),
        }
    }

    /// A manager whose wide team wraps into rows: a report of the second row lies far
    /// below the manager. No slide may hold both with nothing between them (it would be
    /// drawn too small to read), and every person is on exactly one slide.
    #[test]
    fn a_team_wrapped_into_rows_is_cut_into_slides_that_stay_readable() {
        let (max_w, max_h) = (1000.0, 600.0);
        // (id, manager, x, y): "c" wraps into a second row, 3000 units below.
        let mut cards: Vec<(String, Option<&str>, f64, f64)> = vec![
            ("c".into(), Some("r"), 0.0, 3000.0),
            ("r".into(), None, 1500.0, 0.0),
            ("a".into(), Some("r"), 0.0, 168.0),
            ("b".into(), Some("r"), 1500.0, 168.0),
        ];
        for (m, x, y) in [("a", 0.0, 168.0), ("b", 1500.0, 168.0), ("c", 0.0, 3000.0)] {
            for k in 0..6 {
                let id = format!("{m}{k}");
                cards.push((id, Some(m), x + k as f64 * (CARD_W + H_GAP), y + 168.0));
            }
        }
        let people: Vec<Person> = cards.iter().map(|c| person(&c.0)).collect();
        let relations: Vec<Relation> = cards
            .iter()
            .filter_map(|c| c.1.map(|m| reports(&c.0, m)))
            .collect();
        let placed: Vec<Placed> = people
            .iter()
            .zip(&cards)
            .map(|(p, c)| Placed {
                person: p,
                x: c.2,
                y: c.3,
                stacked: false,
            })
            .collect();
        let pages = paginate(&placed, &relations, max_w, max_h);
        assert!(pages.len() > 1, "{pages:?}");
        let mut seen = vec![0; placed.len()];
        for p in &pages {
            for &c in &p.cards {
                seen[c] += 1;
            }
            let b = p
                .pos
                .iter()
                .map(|&(x, y)| Bounds {
                    x0: x,
                    y0: y,
                    x1: x + CARD_W,
                    y1: y + CARD_H,
                })
                .reduce(Bounds::join)
                .expect("cards");
            // A manager may share a slide with its first team a fifth smaller, no more.
            assert!(
                b.x1 - b.x0 <= max_w * 1.25 && b.y1 - b.y0 <= max_h * 1.25,
                "{:?} {b:?}",
                p.cards.iter().map(|&c| &cards[c].0).collect::<Vec<_>>()
            );
        }
        assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    }
}
