//! Everything the map of one account shows, in one read.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::layout::{self, DepartmentGroup, Point, Route};
use crate::model::{
    Account, Opportunity, Person, Relation, RelationKind, Side, TeamMember, TeamRole,
};
use crate::store::Workspace;

/// Where one card is drawn, and whether the user put it there by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Placement {
    pub person_id: String,
    pub x: f64,
    pub y: f64,
    pub manual: bool,
    /// The card sits in a stacked column under its manager: its reporting line enters
    /// from the left.
    pub stacked: bool,
}

/// The map of one account: its people (and our staff), its lines, and where each card goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountMap {
    pub account: Account,
    pub people: Vec<Person>,
    pub relations: Vec<Relation>,
    pub opportunities: Vec<Opportunity>,
    pub placements: Vec<Placement>,
    /// Key persons: customer-side people flagged as key, decision makers and approvers.
    pub key_person_ids: Vec<String>,
    /// Our iron triangle for this account, and the roles nobody holds yet.
    pub team: Vec<TeamMember>,
    pub missing_team_roles: Vec<TeamRole>,
    /// The path of each line between two drawn cards, for the positions above (manual
    /// ones included). A line without a route (past the router's budget) is drawn straight.
    pub routes: Vec<Route>,
    /// The departments' headers over the people with no manager and no reports, each with
    /// the people still where the layout put them (not moved by hand).
    pub groups: Vec<DepartmentGroup>,
}

/// The automatic layout: the customer's org chart as a compact tidy forest by primary
/// reporting lines, wrapped at the width that brings the whole map nearest the proportions
/// of a slide ([`layout::TARGET_ASPECT`]), and everybody outside the customer placed near
/// the customer people they cover or influence.
///
/// The teams of `collapsed` managers are left out of the tree, so a collapsed team takes no
/// room; each hidden person is given their collapsed manager's place.
pub fn auto_layout(
    people: &[Person],
    relations: &[Relation],
    collapsed: &HashSet<String>,
) -> layout::ForestLayout {
    let parent_of: HashMap<&str, &str> = relations
        .iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let hidden = below(&parent_of, collapsed);
    let tree: Vec<&str> = people
        .iter()
        .filter(|p| p.side == Side::Customer && !hidden.contains(p.id.as_str()))
        .map(|p| p.id.as_str())
        .collect();
    // People with no manager and no reports are grouped by department (a business-card
    // import, where nobody has a manager), not left as roots of their own.
    let in_chart: HashSet<&str> = tree.iter().copied().collect();
    let managers: HashSet<&str> = parent_of.values().copied().collect();
    let department: HashMap<&str, &str> = people
        .iter()
        .map(|p| (p.id.as_str(), p.department.as_str()))
        .collect();
    let (chart, blocks) = layout::split_loose(&tree, &department, |id| {
        !managers.contains(id) && parent_of.get(id).is_none_or(|m| !in_chart.contains(m))
    });
    let forest = layout::Forest::new(&chart, &parent_of)
        .with_blocks(blocks, |id| department.get(id).copied());
    let wrap = best_wrap(&forest);
    let mut laid = forest.layout(wrap);

    // The outside people, and whom of the chart each touches.
    let in_tree: HashSet<&str> = tree.iter().copied().collect();
    let mut touches: HashMap<&str, Vec<&str>> = people
        .iter()
        .filter(|p| p.side != Side::Customer)
        .map(|p| (p.id.as_str(), Vec::new()))
        .collect();
    for r in relations {
        if !matches!(r.kind, RelationKind::Influence | RelationKind::Covers) {
            continue;
        }
        for (a, b) in [(&r.from, &r.to), (&r.to, &r.from)] {
            if let Some(list) = touches.get_mut(a.as_str()) {
                if in_tree.contains(b.as_str()) {
                    list.push(b.as_str());
                }
            }
        }
    }
    let mut outsiders: Vec<&Person> = people.iter().filter(|p| p.side != Side::Customer).collect();
    outsiders.sort_by_key(|p| p.side);
    let outsiders: Vec<layout::Outsider> = outsiders
        .into_iter()
        .map(|p| layout::Outsider {
            id: p.id.as_str(),
            touches: touches.remove(p.id.as_str()).unwrap_or_default(),
        })
        .collect();
    let connectors: Vec<Vec<Point>> = relations
        .iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .filter_map(|r| {
            let report = laid.positions.get(&r.from)?;
            let manager = laid.positions.get(&r.to)?;
            Some(layout::reporting_route(
                *manager,
                *report,
                laid.stacked.contains(&r.from),
                r.kind,
            ))
        })
        .collect();
    layout::place_outside(&mut laid.positions, &connectors, &laid.groups, outsiders);

    let pos = &mut laid.positions;
    for id in &hidden {
        let mut up = parent_of.get(id).copied();
        while let Some(m) = up.filter(|m| hidden.contains(m)) {
            up = parent_of.get(m).copied();
        }
        if let Some(p) = up.and_then(|m| pos.get(m).copied()) {
            pos.insert(id.to_string(), p);
        }
    }
    laid.hidden = hidden.iter().map(|s| s.to_string()).collect();
    laid
}

/// The wrap width whose chart comes nearest [`layout::TARGET_ASPECT`]: one row per level,
/// then narrower widths down to two cards, a fixed number of tries (each linear in the
/// number of people).
fn best_wrap(forest: &layout::Forest) -> f64 {
    if forest.len() < 2 {
        return f64::INFINITY;
    }
    let score = |(w, h): (f64, f64)| (w / h.max(1.0) / layout::TARGET_ASPECT).ln().abs();
    let natural = forest.extent(f64::INFINITY);
    let (mut best, mut best_score) = (f64::INFINITY, score(natural));
    let mut wrap = natural.0;
    for _ in 0..16 {
        wrap *= 0.82;
        if wrap < 2.0 * layout::CARD_W {
            break;
        }
        let s = score(forest.extent(wrap));
        if s < best_score {
            (best, best_score) = (wrap, s);
        }
    }
    best
}

/// Everybody below the `collapsed` managers by primary reporting lines.
fn below<'a>(
    parent_of: &HashMap<&'a str, &'a str>,
    collapsed: &HashSet<String>,
) -> HashSet<&'a str> {
    let mut hidden = HashSet::new();
    if collapsed.is_empty() {
        return hidden;
    }
    let mut reports: HashMap<&str, Vec<&'a str>> = HashMap::new();
    for (&report, &manager) in parent_of {
        reports.entry(manager).or_default().push(report);
    }
    let mut stack: Vec<&str> = collapsed.iter().map(String::as_str).collect();
    while let Some(m) = stack.pop() {
        for &r in reports.get(m).map(Vec::as_slice).unwrap_or_default() {
            if hidden.insert(r) {
                stack.push(r);
            }
        }
    }
    hidden
}

impl Workspace {
    /// The map of an account as the user arranged it: manual positions where set, the
    /// automatic layout elsewhere.
    pub fn account_map(&self, account_id: &str) -> Result<AccountMap> {
        self.account_map_collapsed(account_id, &HashSet::new())
    }

    /// The map with the teams of `collapsed` managers folded away (see [`auto_layout`]).
    pub fn account_map_collapsed(
        &self,
        account_id: &str,
        collapsed: &HashSet<String>,
    ) -> Result<AccountMap> {
        let account = self.account(account_id)?;
        let people = self.people(account_id)?;
        let relations = self.relations(account_id)?;
        let opportunities = self.opportunities(account_id)?;
        let manual = self.manual_positions(account_id)?;
        let key =
            layout::cache::LayoutKey::new(account_id, &people, &relations, &manual, collapsed);
        let laid =
            layout::cache::MapCache::in_slot(&mut self.map_cache.borrow_mut()).get_or(key, || {
                let auto = auto_layout(&people, &relations, collapsed);
                let routes = routes_for(&people, &relations, &manual, &auto);
                layout::cache::Laid { auto, routes }
            });
        let (auto, routes) = (laid.auto, laid.routes);
        let placements = placements(&people, &manual, &auto);
        let key_person_ids = people
            .iter()
            .filter(|p| p.is_key())
            .map(|p| p.id.clone())
            .collect();
        let groups = shown_groups(&auto, &manual);
        let team = self.team(account_id)?;
        let missing_team_roles = crate::model::missing_team_roles(&team);
        Ok(AccountMap {
            routes,
            groups,
            team,
            missing_team_roles,
            key_person_ids,
            account,
            people,
            relations,
            opportunities,
            placements,
        })
    }
}

/// Where each card goes: the manual position where set, the automatic layout elsewhere.
fn placements(
    people: &[Person],
    manual: &HashMap<String, (f64, f64)>,
    auto: &layout::ForestLayout,
) -> Vec<Placement> {
    people
        .iter()
        .map(|p| {
            let (x, y, manual) = match manual.get(&p.id) {
                Some(&(x, y)) => (x, y, true),
                None => {
                    let pt = auto
                        .positions
                        .get(&p.id)
                        .copied()
                        .unwrap_or(Point { x: 0.0, y: 0.0 });
                    (pt.x, pt.y, false)
                }
            };
            Placement {
                person_id: p.id.clone(),
                x,
                y,
                manual,
                stacked: auto.stacked.contains(&p.id),
            }
        })
        .collect()
}

/// The department groups as drawn: a card moved by hand leaves its group, and a group with
/// nobody left is dropped.
fn shown_groups(
    auto: &layout::ForestLayout,
    manual: &HashMap<String, (f64, f64)>,
) -> Vec<DepartmentGroup> {
    auto.groups
        .iter()
        .filter_map(|g| {
            let mut g = g.clone();
            g.person_ids.retain(|id| !manual.contains_key(id));
            (!g.person_ids.is_empty()).then_some(g)
        })
        .collect()
}

/// The routes of the lines between the drawn cards, for the placements of `people`, kept
/// clear of the department headers.
fn routes_for(
    people: &[Person],
    relations: &[Relation],
    manual: &HashMap<String, (f64, f64)>,
    auto: &layout::ForestLayout,
) -> Vec<Route> {
    let positions: HashMap<String, Point> = placements(people, manual, auto)
        .into_iter()
        .map(|p| (p.person_id, Point { x: p.x, y: p.y }))
        .collect();
    layout::route_lines_around(
        relations,
        &layout::drawn(&positions, &auto.stacked, &auto.hidden),
        &shown_groups(auto, manual),
    )
}
