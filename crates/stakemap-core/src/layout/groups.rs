//! Department groups: the customer's people with neither a manager nor reports (typical of
//! a business-card import, where nobody has a manager) gathered by department into one
//! compact block under a header with the department's name, instead of each standing as
//! a root of its own. A block is packed with the trees of the chart like a root (right
//! after the tree whose top person is of the same department, when there is one), and its
//! cards wrap into rows at the chart's wrap width. People with no department stay roots.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::space::Rect;
use super::{CARD_H, CARD_W, H_GAP};

/// Room between a group's frame and its cards.
pub const GROUP_PAD: f64 = 16.0;
/// Height of the header band (the department's name) at the top of a group's frame.
pub const HEADER_H: f64 = 32.0;
/// Between the header band and the first row of cards: room for a line to pass.
const HEADER_GAP: f64 = 20.0;
/// Between the cards of a block, across and down: room for a line to pass.
const GAP: f64 = H_GAP;

/// A department's header and the people laid out under it. Not a person: it is drawn
/// behind the cards, never counted, selected or analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DepartmentGroup {
    /// The department as first written in the data.
    pub department: String,
    /// The frame's top-left corner and size; the header band is its top [`HEADER_H`].
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The people in the block, in their order (left to right, top to bottom).
    pub person_ids: Vec<String>,
}

impl DepartmentGroup {
    /// The header band: what the lines and the outside people keep clear of.
    pub(crate) fn header(&self) -> Rect {
        Rect {
            x0: self.x,
            y0: self.y,
            x1: self.x + self.width,
            y1: self.y + HEADER_H,
        }
    }

    /// The whole frame.
    pub(crate) fn frame(&self) -> Rect {
        Rect {
            x0: self.x,
            y0: self.y,
            x1: self.x + self.width,
            y1: self.y + self.height,
        }
    }
}

/// One department's loose people, before layout.
#[derive(Debug, Clone)]
pub(crate) struct Block<'a> {
    pub department: &'a str,
    pub members: Vec<&'a str>,
}

/// How a department is compared: trimmed, letters in lower case ("Sales " is "sales").
pub(crate) fn department_key(d: &str) -> String {
    d.trim().to_lowercase()
}

/// The loose people of `ids` (in order) by department: those with no entry in
/// `has_manager`, none in `has_reports`, and a department. The blocks come in the order of
/// their first member; the rest of `ids` (the chart) is returned apart.
pub(crate) fn split<'a>(
    ids: &[&'a str],
    department: &HashMap<&'a str, &'a str>,
    is_loose: impl Fn(&str) -> bool,
) -> (Vec<&'a str>, Vec<Block<'a>>) {
    let mut chart = Vec::with_capacity(ids.len());
    let mut blocks: Vec<Block<'a>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for &id in ids {
        let dept = department.get(id).copied().unwrap_or("").trim();
        if dept.is_empty() || !is_loose(id) {
            chart.push(id);
            continue;
        }
        let k = *by_key.entry(department_key(dept)).or_insert_with(|| {
            blocks.push(Block {
                department: dept,
                members: Vec::new(),
            });
            blocks.len() - 1
        });
        blocks[k].members.push(id);
    }
    (chart, blocks)
}

/// Columns of a block of `n` cards at the wrap width `wrap`: as many as fit, at least one.
pub(crate) fn columns(n: usize, wrap: f64) -> usize {
    let fit = ((wrap - 2.0 * GROUP_PAD + GAP) / (CARD_W + GAP)).floor();
    if fit.is_nan() || fit < 1.0 {
        return 1;
    }
    // An infinite or huge width: one row.
    if fit >= n as f64 {
        return n.max(1);
    }
    (fit as usize).max(1)
}

/// Width and height of the frame of a block of `n` cards in `cols` columns.
pub(crate) fn size(n: usize, cols: usize) -> (f64, f64) {
    let rows = n.div_ceil(cols.max(1)).max(1);
    let cols = cols.min(n).max(1);
    (
        cols as f64 * (CARD_W + GAP) - GAP + 2.0 * GROUP_PAD,
        HEADER_H + HEADER_GAP + rows as f64 * (CARD_H + GAP) - GAP + GROUP_PAD,
    )
}

/// The top-left corner of the `k`th card of a block whose frame's top-left is (`x`, `y`).
pub(crate) fn card_at(x: f64, y: f64, k: usize, cols: usize) -> (f64, f64) {
    let cols = cols.max(1);
    let (row, col) = (k / cols, k % cols);
    (
        x + GROUP_PAD + col as f64 * (CARD_W + GAP),
        y + HEADER_H + HEADER_GAP + row as f64 * (CARD_H + GAP),
    )
}
