//! Stances from the ratings, and the coverage graph: how our staff get to a person, along
//! coverage lines, positive influence lines and (at the reporting-access weight) the org
//! chart, never through an opponent or a competitor.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{strength_weight, Person, Relation, RelationKind, Side};

use super::network::{Link, Network};

/// The weight of an introduction along a reporting or dotted line unless the user sets
/// another (0 turns reporting access off).
pub const DEFAULT_REPORTING_ACCESS: f64 = 0.3;

/// Where a person stands on our solution, from their solution acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Solution acceptance 4 or 5.
    Supporter,
    /// Solution acceptance 3.
    Neutral,
    /// Solution acceptance 1 or 2.
    Opponent,
    /// Solution acceptance not known.
    Unknown,
}

/// The stance of a person (see [`Stance`]).
pub fn stance(p: &Person) -> Stance {
    match p.ratings.solution {
        Some(4..=5) => Stance::Supporter,
        Some(3) => Stance::Neutral,
        Some(_) => Stance::Opponent,
        None => Stance::Unknown,
    }
}

/// Price acceptance 1 or 2: the person objects to our price, whatever their stance.
pub fn price_objection(p: &Person) -> bool {
    matches!(p.ratings.price, Some(1..=2))
}

/// The stance of everyone not on our side, by id.
pub fn stances(people: &[Person]) -> BTreeMap<String, Stance> {
    people
        .iter()
        .filter(|p| p.side != Side::Ours)
        .map(|p| (p.id.clone(), stance(p)))
        .collect()
}

/// People our paths must not pass through (they may end at one): opponents and
/// competitors.
pub fn barrier(p: &Person) -> bool {
    p.side == Side::Competitor || (p.side != Side::Ours && stance(p) == Stance::Opponent)
}

/// Checks a reporting-access weight: a finite number with 0 <= w <= 1.
pub fn check_reporting_access(weight: f64) -> Result<f64> {
    if weight.is_finite() && (0.0..=1.0).contains(&weight) {
        Ok(weight)
    } else {
        Err(Error::invalid(
            "reporting_access",
            crate::error::Reason::OutOfRange {
                value: weight.to_string(),
                min: "0".into(),
                max: "1".into(),
            },
        ))
    }
}

/// The coverage graph and its sources (our staff): coverage lines (weighted by strength),
/// the positive influence lines of `influence`, and, when `reporting_access` > 0, every
/// reporting and dotted line in both directions at that weight. Lines leaving a
/// [`barrier`] person are left out, so a path may end at an opponent or a competitor but
/// never pass through one.
pub(crate) fn coverage_network(
    people: &[Person],
    relations: &[Relation],
    influence: &Network,
    reporting_access: f64,
) -> (Network, Vec<usize>) {
    let known: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let blocked: HashSet<&str> = people
        .iter()
        .filter(|p| barrier(p))
        .map(|p| p.id.as_str())
        .collect();
    let mut net = Network::default();
    let staff: Vec<usize> = people
        .iter()
        .filter(|p| p.side == Side::Ours)
        .map(|p| net.add_node(&p.id))
        .collect();
    let add = |net: &mut Network, from: &str, to: &str, link: Link| {
        if from != to && known.contains(from) && known.contains(to) && !blocked.contains(from) {
            let (a, b) = (net.add_node(from), net.add_node(to));
            net.add_link(a, b, link);
        }
    };
    for r in relations {
        match r.kind {
            RelationKind::Covers => add(
                &mut net,
                &r.from,
                &r.to,
                Link::new(strength_weight(r.strength), 1),
            ),
            RelationKind::ReportsTo | RelationKind::DottedLine if reporting_access > 0.0 => {
                add(&mut net, &r.from, &r.to, Link::new(reporting_access, 1));
                add(&mut net, &r.to, &r.from, Link::new(reporting_access, 1));
            }
            _ => {}
        }
    }
    for (a, b, link) in influence.links() {
        if link.sign > 0 {
            add(&mut net, influence.id(a), influence.id(b), link);
        }
    }
    (net, staff)
}
