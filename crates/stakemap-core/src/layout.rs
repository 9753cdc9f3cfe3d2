//! Automatic layout of an account map: the customer's org chart as a tidy tree (a forest,
//! one tree per root), computed in linear time, and the people outside the customer in a
//! band above it. One layout serves the window, the CLI exports and shared files.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// Card size and spacing, in map units (CSS pixels at zoom 1).
pub const CARD_W: f64 = 220.0;
pub const CARD_H: f64 = 104.0;
pub const H_GAP: f64 = 28.0;
pub const V_GAP: f64 = 64.0;
const ROOT_GAP: f64 = 72.0;

/// Top-left corner of a card.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Gap between cards stacked in a column under their manager.
pub const STACK_GAP: f64 = 14.0;
/// How far right of the manager's centre a stacked column starts.
pub const STACK_INDENT: f64 = 24.0;

/// Where each card goes, and which cards sit in a stacked column (their reporting line
/// enters from the left, not from the top).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ForestLayout {
    pub positions: HashMap<String, Point>,
    pub stacked: HashSet<String>,
}

/// Lays out `ids` (in the order siblings should appear) as a forest by `parent_of`.
///
/// Subtree widths are computed bottom-up and every manager is centred over their reports,
/// so no two cards overlap. A manager whose reports are all leaves (two or more) gets them
/// in one column below, as org charts do, which keeps wide teams narrow. Iterative
/// throughout: a 100,000-deep chain does not overflow the stack. A cycle in `parent_of`
/// (never stored, but possible in foreign data) is cut at the first person met.
pub fn tidy_forest(ids: &[&str], parent_of: &HashMap<&str, &str>) -> ForestLayout {
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

    // Pre-order from each root; people caught in a cycle become roots of their own.
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
    let natural_roots: Vec<usize> = (0..n).filter(|&i| parent[i].is_none()).collect();
    for i in natural_roots {
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

    let (parent, children) = (&parent, &children);
    let tree_children = move |i: usize| {
        children[i]
            .iter()
            .copied()
            .filter(move |c| parent[*c] == Some(i))
    };
    let is_leaf = |i: usize| tree_children(i).next().is_none();
    let stacks: Vec<bool> = (0..n)
        .map(|i| tree_children(i).count() >= 2 && tree_children(i).all(is_leaf))
        .collect();

    // Bottom-up (reverse pre-order visits children before parents): the width of each
    // subtree, and where the card sits inside its subtree's span, centred over the cards
    // of its first and last child.
    let mut width = vec![CARD_W; n];
    let mut card_offset = vec![0.0; n];
    for &i in order.iter().rev() {
        if stacks[i] {
            width[i] = CARD_W / 2.0 + STACK_INDENT + CARD_W;
            continue;
        }
        let mut total = -H_GAP;
        let mut count = 0usize;
        for c in tree_children(i) {
            total += width[c] + H_GAP;
            count += 1;
        }
        if count == 0 {
            continue;
        }
        width[i] = total.max(CARD_W);
        let mut l = (width[i] - total) / 2.0;
        let (mut first, mut last) = (None, 0.0);
        for c in tree_children(i) {
            let card = l + card_offset[c];
            first.get_or_insert(card);
            last = card;
            l += width[c] + H_GAP;
        }
        card_offset[i] = (first.unwrap_or(0.0) + last) / 2.0;
    }

    // Top-down placement: each subtree gets the span [left, left + width).
    let mut left = vec![0.0; n];
    let mut y = vec![0.0; n];
    let mut cursor = 0.0;
    for &r in &roots {
        left[r] = cursor;
        cursor += width[r] + ROOT_GAP;
    }
    let mut out = ForestLayout {
        positions: HashMap::with_capacity(n),
        stacked: HashSet::new(),
    };
    for &i in &order {
        let x = left[i] + card_offset[i];
        if stacks[i] {
            for (k, c) in tree_children(i).enumerate() {
                left[c] = x + CARD_W / 2.0 + STACK_INDENT;
                y[c] = y[i] + CARD_H + V_GAP / 2.0 + k as f64 * (CARD_H + STACK_GAP);
                out.stacked.insert(ids[c].to_string());
            }
        } else {
            let total = tree_children(i).map(|c| width[c] + H_GAP).sum::<f64>() - H_GAP;
            let mut l = left[i] + (width[i] - total) / 2.0;
            for c in tree_children(i) {
                left[c] = l;
                y[c] = y[i] + CARD_H + V_GAP;
                l += width[c] + H_GAP;
            }
        }
        out.positions
            .insert(ids[i].to_string(), Point { x, y: y[i] });
    }
    out
}

/// Lays out a row of cards centred on `centre_x` at height `y`.
pub fn row(ids: &[&str], centre_x: f64, y: f64) -> HashMap<String, Point> {
    let total = ids.len() as f64 * (CARD_W + H_GAP) - H_GAP;
    let start = centre_x - total / 2.0;
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            (
                id.to_string(),
                Point {
                    x: start + i as f64 * (CARD_W + H_GAP),
                    y,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: Point, b: Point) -> bool {
        (a.x - b.x).abs() < CARD_W && (a.y - b.y).abs() < CARD_H
    }

    #[test]
    fn parent_is_centred_above_children_and_nothing_overlaps() {
        let ids = ["ceo", "cfo", "cto", "a", "b", "c"];
        let parent: HashMap<&str, &str> = [
            ("cfo", "ceo"),
            ("cto", "ceo"),
            ("a", "cfo"),
            ("b", "cfo"),
            ("c", "cto"),
        ]
        .into_iter()
        .collect();
        let laid = tidy_forest(&ids, &parent);
        let pos = &laid.positions;
        assert_eq!(pos.len(), 6);
        assert_eq!(pos["ceo"].y, 0.0);
        assert_eq!(pos["cfo"].y, CARD_H + V_GAP);
        // cfo's reports are all leaves: one column, right of cfo's centre, top to bottom.
        assert_eq!(pos["a"].x, pos["cfo"].x + CARD_W / 2.0 + STACK_INDENT);
        assert_eq!(pos["b"].x, pos["a"].x);
        assert_eq!(pos["b"].y - pos["a"].y, CARD_H + STACK_GAP);
        assert!(laid.stacked.contains("a") && laid.stacked.contains("b"));
        // cto has a single report: it sits straight below.
        assert_eq!(pos["c"].x, pos["cto"].x);
        assert_eq!(pos["c"].y, 2.0 * (CARD_H + V_GAP));
        assert!(!laid.stacked.contains("c"));
        let mid = (pos["cfo"].x + pos["cto"].x) / 2.0;
        assert!(
            (pos["ceo"].x - mid).abs() < 1e-9,
            "ceo centred over cfo and cto"
        );
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                assert!(!overlaps(pos[*a], pos[*b]), "{a} overlaps {b}");
            }
        }
    }

    #[test]
    fn a_cycle_in_foreign_data_is_cut_not_looped() {
        let ids = ["a", "b", "c"];
        let parent: HashMap<&str, &str> =
            [("a", "b"), ("b", "c"), ("c", "a")].into_iter().collect();
        let pos = tidy_forest(&ids, &parent).positions;
        assert_eq!(pos.len(), 3);
        let ys: Vec<f64> = ids.iter().map(|i| pos[*i].y).collect();
        assert!(ys.contains(&0.0), "one of them becomes a root: {ys:?}");
    }

    #[test]
    fn a_very_deep_chain_does_not_overflow_the_stack() {
        let names: Vec<String> = (0..100_000).map(|i| format!("p{i}")).collect();
        let ids: Vec<&str> = names.iter().map(String::as_str).collect();
        let parent: HashMap<&str, &str> = ids.windows(2).map(|w| (w[1], w[0])).collect();
        let pos = tidy_forest(&ids, &parent).positions;
        assert_eq!(pos["p99999"].y, 99_999.0 * (CARD_H + V_GAP));
    }
}
