//! Automatic layout of an account map: the customer's org chart as a compact tidy tree (a
//! forest, one tree per root; wide teams wrap into rows so the map comes near a slide's
//! proportions), the people outside the customer placed near the people they touch, and
//! the lines routed around the cards. One layout serves the window, the CLI exports and
//! shared files.

pub mod cache;
mod groups;
mod outside;
mod route;
mod space;
mod tree;

#[cfg(test)]
mod compact_tests;

pub(crate) use groups::split as split_loose;
pub use groups::{DepartmentGroup, GROUP_PAD, HEADER_H};
pub use outside::{place_outside, Outsider};
pub use route::{
    drawn, reporting_route, route_lines, route_lines_around, route_lines_counted, Route,
    RouteInput, RouteWork,
};
pub use tree::{tidy_forest, tidy_forest_wrapped, Forest};

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// Card size and spacing, in map units (CSS pixels at zoom 1).
pub const CARD_W: f64 = 220.0;
pub const CARD_H: f64 = 104.0;
pub const H_GAP: f64 = 28.0;
pub const V_GAP: f64 = 64.0;
pub(crate) const ROOT_GAP: f64 = 72.0;
/// The proportions (width / height) the automatic layout aims for: a slide's 16:9 less the
/// room a legend takes beside the cards.
pub const TARGET_ASPECT: f64 = 1.6;

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
    /// People in a collapsed team: given their manager's place, drawn by nobody.
    pub hidden: HashSet<String>,
    /// The departments' headers over their people with no manager and no reports.
    pub groups: Vec<DepartmentGroup>,
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
