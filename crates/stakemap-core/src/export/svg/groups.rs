//! The departments' headers: behind the cards, a light frame around a department's people
//! with no manager, and a band at its top with the department's name (see
//! [`crate::layout::DepartmentGroup`]). Each is `<g class="department" data-department="…">`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::cards::Card;
use super::text::{fit, num};
use super::{Style, BORDER, INK};
use crate::layout::{DepartmentGroup, HEADER_H};
use crate::markup::esc;
use crate::palette;

/// The groups with at least one of their people drawn.
pub(super) fn drawn<'a>(
    groups: &'a [DepartmentGroup],
    cards: &HashMap<&str, Card>,
) -> Vec<&'a DepartmentGroup> {
    groups
        .iter()
        .filter(|g| {
            [g.x, g.y, g.width, g.height].iter().all(|v| v.is_finite())
                && g.person_ids
                    .iter()
                    .any(|id| cards.contains_key(id.as_str()))
        })
        .collect()
}

/// The frames and header bands of `groups`, with the department's name in the band.
pub(super) fn write_groups(s: &mut String, groups: &[&DepartmentGroup], style: Style) {
    if groups.is_empty() {
        return;
    }
    let size = (style.name_size + 1.0).min(HEADER_H - 10.0);
    s.push_str("<g class=\"departments\">\n");
    for g in groups {
        let name = fit(&g.department, (g.width - 24.0).max(20.0), size, true);
        let _ = writeln!(
            s,
            "<g class=\"department\" data-department=\"{dept}\">\
             <rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"10\" fill=\"{fill}\" stroke=\"{BORDER}\"/>\
             <path d=\"M{x},{yb} V{yr} Q{x},{y} {xr},{y} H{xe} Q{x1},{y} {x1},{yr} V{yb} Z\" fill=\"{band}\"/>\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"{size}\" font-weight=\"700\" fill=\"{INK}\">{name}</text></g>",
            dept = esc(&g.department.chars().take(200).collect::<String>()),
            x = num(g.x),
            y = num(g.y),
            w = num(g.width),
            h = num(g.height),
            fill = palette::GROUP.hex,
            band = palette::GROUP_HEADER.hex,
            yb = num(g.y + HEADER_H),
            yr = num(g.y + 10.0),
            xr = num(g.x + 10.0),
            xe = num(g.x + g.width - 10.0),
            x1 = num(g.x + g.width),
            tx = num(g.x + 12.0),
            ty = num(g.y + HEADER_H / 2.0 + size * 0.35),
            size = num(size),
            name = esc(&name),
        );
    }
    s.push_str("</g>\n");
}
