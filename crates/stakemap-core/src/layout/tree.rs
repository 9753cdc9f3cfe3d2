//! The customer's org chart as a compact tidy forest.
//!
//! Bottom-up, every subtree gets its extent left and right of its manager's centre line and
//! its height; top-down, every card is placed from its manager. A manager whose reports
//! are all leaves gets them in a column below (two columns either side of the line down
//! from four reports on); a manager whose reports' subtrees are wider than the wrap width
//! gets them in several rows, split left and right of a lane kept free for the line down
//! to the lower rows. The roots are packed in rows of the same width. Linear in the number
//! of people for one wrap width, and iterative throughout (no recursion).

use std::collections::HashMap;

use super::groups::{self, Block, DepartmentGroup};
use super::{ForestLayout, Point, CARD_H, CARD_W, H_GAP, ROOT_GAP, STACK_GAP, STACK_INDENT, V_GAP};

/// The free lane under a manager whose reports wrap into rows: the line to the lower rows
/// runs down its middle.
pub const LANE: f64 = 2.0 * H_GAP;
/// From this many leaf reports on, a manager's column is split in two, either side of the
/// line down.
const TWO_COLUMNS: usize = 4;

/// A forest by primary reporting lines, ready to be laid out at any wrap width.
pub struct Forest<'a> {
    ids: Vec<&'a str>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Pre-order from each root.
    order: Vec<usize>,
    roots: Vec<usize>,
    /// The departments' blocks of loose people (see [`groups`]).
    blocks: Vec<Block<'a>>,
    /// What the top rows hold, in order: trees by their root, and blocks.
    items: Vec<Item>,
}

/// One thing packed in the top rows.
#[derive(Debug, Clone, Copy)]
enum Item {
    Tree(usize),
    Block(usize),
}

/// Where `place` put the cards, and the frame and columns of each block.
struct Placed {
    x: Vec<f64>,
    y: Vec<f64>,
    stacked: Vec<bool>,
    blocks: Vec<(f64, f64, usize)>,
}

impl<'a> Forest<'a> {
    /// The forest of `ids` (in the order siblings should appear) by `parent_of`. A cycle
    /// in `parent_of` (never stored, but possible in foreign data) is cut at the first
    /// person met.
    pub fn new(ids: &[&'a str], parent_of: &HashMap<&str, &str>) -> Self {
        let n = ids.len();
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut parent: Vec<Option<usize>> = ids
            .iter()
            .map(|id| parent_of.get(id).and_then(|p| index.get(p).copied()))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let mut order: Vec<usize> = Vec::with_capacity(n);
        let mut visited = vec![false; n];
        let mut roots: Vec<usize> = Vec::new();
        let visit = |root: usize, order: &mut Vec<usize>, visited: &mut Vec<bool>| {
            let mut stack = vec![root];
            while let Some(i) = stack.pop() {
                if visited[i] {
                    continue;
                }
                visited[i] = true;
                order.push(i);
                stack.extend(children[i].iter().rev().copied().filter(|c| !visited[*c]));
            }
        };
        for i in (0..n).filter(|&i| parent[i].is_none()) {
            roots.push(i);
            visit(i, &mut order, &mut visited);
        }
        for i in 0..n {
            if !visited[i] {
                parent[i] = None;
                roots.push(i);
                visit(i, &mut order, &mut visited);
            }
        }
        // Only the edges of the spanning forest count from here on.
        for (i, c) in children.iter_mut().enumerate() {
            c.retain(|&k| parent[k] == Some(i));
        }
        let items = roots.iter().map(|&r| Item::Tree(r)).collect();
        Forest {
            ids: ids.to_vec(),
            parent,
            children,
            order,
            roots,
            blocks: Vec::new(),
            items,
        }
    }

    /// Adds the departments' blocks of loose people (not among the forest's people): each
    /// right after the first tree with reports whose top person's department
    /// (`department_of`, compared as [`groups::department_key`]) is the block's, the others
    /// after every tree.
    pub(crate) fn with_blocks(
        mut self,
        blocks: Vec<Block<'a>>,
        department_of: impl Fn(&str) -> Option<&'a str>,
    ) -> Self {
        // One block per department (see `groups::split`).
        let keys: HashMap<String, usize> = blocks
            .iter()
            .enumerate()
            .map(|(k, b)| (groups::department_key(b.department), k))
            .collect();
        let mut attached = vec![false; blocks.len()];
        let mut items = Vec::with_capacity(self.roots.len() + blocks.len());
        for &r in &self.roots {
            items.push(Item::Tree(r));
            if self.children[r].is_empty() {
                continue;
            }
            let Some(d) = department_of(self.ids[r]).map(groups::department_key) else {
                continue;
            };
            if let Some(&k) = keys.get(&d).filter(|&&k| !attached[k]) {
                attached[k] = true;
                items.push(Item::Block(k));
            }
        }
        items.extend((0..blocks.len()).filter(|&k| !attached[k]).map(Item::Block));
        self.items = items;
        self.blocks = blocks;
        self
    }

    /// How many cards: the forest's people and the blocks'.
    pub fn len(&self) -> usize {
        self.ids.len() + self.blocks.iter().map(|b| b.members.len()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lays the forest out with rows of subtrees at most `wrap` wide (where one subtree is
    /// not wider itself); `f64::INFINITY` gives one row per level.
    pub fn layout(&self, wrap: f64) -> ForestLayout {
        let Placed {
            x,
            y,
            stacked,
            blocks,
        } = self.place(wrap);
        let mut out = ForestLayout {
            positions: HashMap::with_capacity(self.len()),
            ..ForestLayout::default()
        };
        for (i, id) in self.ids.iter().enumerate() {
            out.positions
                .insert(id.to_string(), Point { x: x[i], y: y[i] });
            if stacked[i] {
                out.stacked.insert(id.to_string());
            }
        }
        for (b, &(bx, by, cols)) in self.blocks.iter().zip(&blocks) {
            for (k, id) in b.members.iter().enumerate() {
                let (cx, cy) = groups::card_at(bx, by, k, cols);
                out.positions.insert(id.to_string(), Point { x: cx, y: cy });
            }
            let (width, height) = groups::size(b.members.len(), cols);
            out.groups.push(DepartmentGroup {
                department: b.department.to_string(),
                x: bx,
                y: by,
                width,
                height,
                person_ids: b.members.iter().map(|m| m.to_string()).collect(),
            });
        }
        out
    }

    /// Width and height of the bounding box of the cards (and the blocks' frames) at `wrap`.
    pub fn extent(&self, wrap: f64) -> (f64, f64) {
        let Placed { x, y, blocks, .. } = self.place(wrap);
        let (mut lo, mut hi, mut top, mut bottom) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (&x, &y) in x.iter().zip(&y) {
            (lo, hi) = (lo.min(x), hi.max(x + CARD_W));
            (top, bottom) = (top.min(y), bottom.max(y + CARD_H));
        }
        for (b, &(bx, by, cols)) in self.blocks.iter().zip(&blocks) {
            let (w, h) = groups::size(b.members.len(), cols);
            (lo, hi) = (lo.min(bx), hi.max(bx + w));
            (top, bottom) = (top.min(by), bottom.max(by + h));
        }
        if lo > hi {
            return (0.0, 0.0);
        }
        (hi - lo, bottom - top)
    }

    /// Every card's top-left corner, whether it sits in a stacked column, and each block's
    /// frame corner and columns.
    fn place(&self, wrap: f64) -> Placed {
        let n = self.ids.len();
        let ch = &self.children;
        let is_leaf = |i: usize| ch[i].is_empty();
        // Extent left and right of the centre line, height from the card's top, and each
        // card's place relative to its manager's centre line and top.
        let mut l = vec![CARD_W / 2.0; n];
        let mut r = vec![CARD_W / 2.0; n];
        let mut h = vec![CARD_H; n];
        let mut rel = vec![(0.0, 0.0); n];
        let mut stacked = vec![false; n];
        for &i in self.order.iter().rev() {
            let kids = &ch[i];
            if kids.is_empty() {
                continue;
            }
            if kids.len() >= 2 && kids.iter().all(|&c| is_leaf(c)) {
                let two = kids.len() >= TWO_COLUMNS;
                for (k, &c) in kids.iter().enumerate() {
                    stacked[c] = true;
                    let (row, left) = if two { (k / 2, k % 2 == 0) } else { (k, false) };
                    let dx = STACK_INDENT + CARD_W / 2.0;
                    rel[c] = (
                        if left { -dx } else { dx },
                        CARD_H + V_GAP / 2.0 + row as f64 * (CARD_H + STACK_GAP),
                    );
                }
                let rows = if two {
                    kids.len().div_ceil(2)
                } else {
                    kids.len()
                };
                r[i] = STACK_INDENT + CARD_W;
                l[i] = if two { r[i] } else { CARD_W / 2.0 };
                h[i] = CARD_H + V_GAP / 2.0 + rows as f64 * (CARD_H + STACK_GAP) - STACK_GAP;
                continue;
            }
            // Rows of subtrees, greedily up to the wrap width.
            let mut rows: Vec<&[usize]> = Vec::new();
            let (mut start, mut width) = (0, 0.0);
            for (k, &c) in kids.iter().enumerate() {
                let w = l[c] + r[c];
                if k > start && width + H_GAP + w > wrap {
                    rows.push(&kids[start..k]);
                    start = k;
                    width = 0.0;
                }
                width += if k > start { H_GAP + w } else { w };
            }
            rows.push(&kids[start..]);
            let mut dy = CARD_H + V_GAP;
            let (mut lo, mut hi, mut bottom) = (-CARD_W / 2.0, CARD_W / 2.0, CARD_H);
            if rows.len() == 1 {
                let mut cursor = 0.0;
                for &c in kids {
                    rel[c] = (cursor + l[c], dy);
                    cursor += l[c] + r[c] + H_GAP;
                }
                let mid = (rel[kids[0]].0 + rel[kids[kids.len() - 1]].0) / 2.0;
                for &c in kids {
                    rel[c].0 -= mid;
                }
            } else {
                for row in &rows {
                    // Split the row where its two halves are nearest in width.
                    let total: f64 = row.iter().map(|&c| l[c] + r[c] + H_GAP).sum();
                    let mut split = 0;
                    let mut acc = 0.0;
                    let mut best = f64::MAX;
                    for m in 0..=row.len() {
                        let diff = (2.0 * acc - total).abs();
                        if diff < best {
                            best = diff;
                            split = m;
                        }
                        if m < row.len() {
                            acc += l[row[m]] + r[row[m]] + H_GAP;
                        }
                    }
                    let mut cursor = -LANE / 2.0;
                    for &c in row[..split].iter().rev() {
                        rel[c] = (cursor - r[c], dy);
                        cursor -= l[c] + r[c] + H_GAP;
                    }
                    let mut cursor = LANE / 2.0;
                    for &c in &row[split..] {
                        rel[c] = (cursor + l[c], dy);
                        cursor += l[c] + r[c] + H_GAP;
                    }
                    dy += row.iter().map(|&c| h[c]).fold(0.0, f64::max) + V_GAP;
                }
            }
            for &c in kids {
                lo = f64::min(lo, rel[c].0 - l[c]);
                hi = f64::max(hi, rel[c].0 + r[c]);
                bottom = f64::max(bottom, rel[c].1 + h[c]);
            }
            l[i] = -lo;
            r[i] = hi;
            h[i] = bottom;
        }

        // The blocks' columns and frames at this width.
        let cols: Vec<usize> = self
            .blocks
            .iter()
            .map(|b| groups::columns(b.members.len(), wrap))
            .collect();
        let frames: Vec<(f64, f64)> = self
            .blocks
            .iter()
            .zip(&cols)
            .map(|(b, &c)| groups::size(b.members.len(), c))
            .collect();
        // Width left and right of an item's centre line, and its height.
        let extent = |it: Item| match it {
            Item::Tree(i) => (l[i], r[i], h[i]),
            Item::Block(k) => (frames[k].0 / 2.0, frames[k].0 / 2.0, frames[k].1),
        };

        // The roots (and blocks) in rows of the same width, each row centred.
        let mut x = vec![0.0; n];
        let mut y = vec![0.0; n];
        let mut corners = vec![(0.0, 0.0); self.blocks.len()];
        let mut rows: Vec<Vec<Item>> = vec![Vec::new()];
        let mut width = 0.0;
        for &it in &self.items {
            let (il, ir, _) = extent(it);
            let w = il + ir;
            let row = rows.last_mut().expect("one row");
            if !row.is_empty() && width + ROOT_GAP + w > wrap {
                rows.push(Vec::new());
                width = 0.0;
            }
            let row = rows.last_mut().expect("one row");
            width += if row.is_empty() { w } else { ROOT_GAP + w };
            row.push(it);
        }
        let widths: Vec<f64> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&it| {
                        let (il, ir, _) = extent(it);
                        il + ir + ROOT_GAP
                    })
                    .sum::<f64>()
                    - ROOT_GAP
            })
            .collect();
        let widest = widths.iter().copied().fold(0.0, f64::max);
        let mut top = 0.0;
        for (row, w) in rows.iter().zip(&widths) {
            let mut cursor = (widest - w) / 2.0;
            for &it in row {
                let (il, ir, _) = extent(it);
                match it {
                    Item::Tree(i) => {
                        x[i] = cursor + il;
                        y[i] = top;
                    }
                    Item::Block(k) => corners[k] = (cursor, top),
                }
                cursor += il + ir + ROOT_GAP;
            }
            top += row.iter().map(|&it| extent(it).2).fold(0.0, f64::max) + V_GAP;
        }
        for &i in &self.order {
            if let Some(p) = self.parent[i] {
                x[i] = x[p] + rel[i].0;
                y[i] = y[p] + rel[i].1;
            }
        }
        for v in &mut x {
            *v -= CARD_W / 2.0;
        }
        Placed {
            x,
            y,
            stacked,
            blocks: corners
                .into_iter()
                .zip(cols)
                .map(|((bx, by), c)| (bx, by, c))
                .collect(),
        }
    }
}

/// Lays out `ids` (in the order siblings should appear) as a forest by `parent_of`, one
/// row per level (see [`Forest`]).
pub fn tidy_forest(ids: &[&str], parent_of: &HashMap<&str, &str>) -> ForestLayout {
    Forest::new(ids, parent_of).layout(f64::INFINITY)
}

/// Like [`tidy_forest`], with rows at most `wrap` wide.
pub fn tidy_forest_wrapped(
    ids: &[&str],
    parent_of: &HashMap<&str, &str>,
    wrap: f64,
) -> ForestLayout {
    Forest::new(ids, parent_of).layout(wrap)
}
