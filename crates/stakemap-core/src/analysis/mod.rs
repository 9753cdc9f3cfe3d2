//! The analysis of one account's decision network: indirect key persons, coverage gaps,
//! approach paths, hidden centrality, the map status and a what-if of one rating.
//!
//! # Definitions
//!
//! - **Weight** of a line by its strength: weak 0.3, medium 0.6, strong 0.9
//!   ([`strength_weight`]).
//! - **Key persons**: customer-side people flagged as key person, or with the role decision
//!   maker or approver ([`Person::is_key`]), in the order of the `people` given.
//! - **Influence graph**: its nodes are every customer-side person, plus every other person
//!   (our staff, partners, consultants, competitors) at either end of an influence line;
//!   its edges are the influence lines, directed from who sways to who is swayed, weighted
//!   by strength, whatever their sign. When several influence lines join the same ordered
//!   pair, one edge is kept: the strongest (on equal strength, the first in the order
//!   given), as a networkx `DiGraph` also keeps a single edge per ordered pair. Lines to
//!   oneself and lines whose ends are not among `people` are left out.
//! - **reach(P, K)**: the largest product of weights over the directed paths from P to K
//!   in the influence graph (Dijkstra on -ln w); of paths with the same product the one
//!   with fewer lines is taken. Its **polarity** is the product of the signs along that
//!   path (+1 or -1): a negative line on the path flips it.
//! - **Indirect key persons** of K: customer-side people P ≠ K with reach(P, K) at least
//!   the threshold ([`DEFAULT_THRESHOLD`] 0.25 unless set). Listed key person by key person
//!   (in the order of [`Analysis::key_persons`]), each one's ranked by reach (highest first;
//!   ties: fewer lines, then id).
//! - **Coverage graph**: the coverage lines (our staff → contact, weighted by strength)
//!   plus the positive edges of the influence graph (after keeping the strongest line of a
//!   pair). **best_reach(K)**: the largest reach from any of our staff to K in it.
//! - **Coverage gaps**: a key person is `uncovered` when no path from our staff reaches
//!   them (best reach `None`), `weak` when the best reach is below 0.5; listed in the order
//!   of the key persons.
//! - **Approach path** to K: the path that gives best_reach(K), from one of our staff to K
//!   (ties: fewer lines); one per key person our staff reach at all.
//! - **Centrality** on the influence graph: betweenness as networkx
//!   `betweenness_centrality(G, normalized=True)` (unweighted, directed; Brandes) and
//!   PageRank as networkx `pagerank(G, alpha=0.85, weight="weight")` (start 1/N, the mass
//!   of nodes without out-lines spread uniformly, at most 100 iterations, stop when the L1
//!   change is below N × 1e-6).
//! - **Map status**, from the customer-side decision makers and approvers (supportive:
//!   solution acceptance 4 or 5; unknown is not supportive): `red` when none of them is
//!   supportive, or when there is no decision maker or approver at all; `amber` when some
//!   but not all are; `green` when every one of them is.
//! - **Single-threaded**: the one member of our staff every coverage line of the account
//!   starts from, when there is at least one coverage line and they all start from the same
//!   person.
//! - **Unknown ratings**: the key persons with at least one of their three ratings unknown.
//!
//! # What-if
//!
//! "If P's solution acceptance became X, which key persons move?" A deliberately simple
//! model: for each key person K ≠ P with reach(P, K) > 0 in the influence graph,
//! shift = (X − s_P) × reach(P, K) × polarity(P, K), where s_P is P's current solution
//! acceptance (unknown counts as 3, neutral), and projected = clamp(s_K + shift, 1, 5) with
//! an unknown s_K counted as 3. Key persons whose |shift| is at least 0.05 are reported,
//! the largest |shift| first (ties by id).

mod network;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{strength_weight, Person, Relation, RelationKind, Role, Side};
use crate::store::Workspace;
use network::{Link, Network, Search, Way};

/// The threshold of reach for indirect key persons unless the user sets another.
pub const DEFAULT_THRESHOLD: f64 = 0.25;

/// Below this best reach from our staff a key person is weakly covered.
pub const WEAK_COVERAGE: f64 = 0.5;

/// A what-if shift smaller than this (in absolute value) is not reported.
pub const MIN_SHIFT: f64 = 0.05;

/// Someone who sways a key person through the influence network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IndirectKeyPerson {
    /// The key person swayed (K).
    pub key_person: String,
    /// Who sways them (P).
    pub person: String,
    /// reach(P, K): the product of the weights along the best path.
    pub reach: f64,
    /// +1 or -1: the product of the signs along the path.
    pub polarity: i8,
    /// Person ids from P to K, both included.
    pub path: Vec<String>,
}

/// How a key person lacks coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// None of our staff reaches them.
    Uncovered,
    /// Our best reach to them is below 0.5.
    Weak,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CoverageGap {
    /// The key person.
    pub person: String,
    pub kind: GapKind,
    /// The largest reach from any of our staff; `None` when uncovered.
    pub best_reach: Option<f64>,
}

/// Our best way in to a key person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApproachPath {
    pub key_person: String,
    /// The member of our staff the path starts from.
    pub from: String,
    pub reach: f64,
    /// Person ids from `from` to the key person, both included.
    pub path: Vec<String>,
}

/// Centrality of every node of the influence graph, by person id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Centrality {
    pub betweenness: BTreeMap<String, f64>,
    pub pagerank: BTreeMap<String, f64>,
}

/// Red, amber or green: how the decision makers and approvers stand on our solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MapStatus {
    Red,
    Amber,
    Green,
}

/// Everything [`analyze`] finds on one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Analysis {
    pub key_persons: Vec<String>,
    pub indirect_key_persons: Vec<IndirectKeyPerson>,
    pub coverage_gaps: Vec<CoverageGap>,
    pub approach_paths: Vec<ApproachPath>,
    pub centrality: Centrality,
    pub map_status: MapStatus,
    pub single_threaded: Option<String>,
    pub unknown_ratings: Vec<String>,
    /// The threshold of reach the indirect key persons were found with.
    pub threshold: f64,
    /// Roles of our iron triangle nobody holds for this account (filled by
    /// [`Workspace::analyze`]; the free function knows no account and leaves it empty).
    pub missing_team_roles: Vec<crate::model::TeamRole>,
}

/// How one key person would move in a what-if.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WhatIfEffect {
    pub key_person: String,
    /// reach(P, K) in the influence graph.
    pub reach: f64,
    pub polarity: i8,
    /// The key person's solution acceptance now (`None`: unknown).
    pub before: Option<u8>,
    pub shift: f64,
    /// clamp(before (unknown: 3) + shift, 1, 5).
    pub projected: f64,
}

/// Checks a threshold of reach: a finite number with 0 < t <= 1.
pub fn check_threshold(threshold: f64) -> Result<f64> {
    if threshold.is_finite() && threshold > 0.0 && threshold <= 1.0 {
        Ok(threshold)
    } else {
        Err(Error::invalid(
            "threshold",
            format!("{threshold} is out of range; use a number above 0 and at most 1, e.g. 0.25"),
        ))
    }
}

/// The influence graph (see the module documentation).
fn influence_network(people: &[Person], relations: &[Relation]) -> Network {
    let known: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let mut net = Network::default();
    for p in people.iter().filter(|p| p.side == Side::Customer) {
        net.add_node(&p.id);
    }
    for r in relations {
        if r.kind == RelationKind::Influence
            && r.from != r.to
            && known.contains(r.from.as_str())
            && known.contains(r.to.as_str())
        {
            let (a, b) = (net.add_node(&r.from), net.add_node(&r.to));
            net.add_link(a, b, Link::new(strength_weight(r.strength), r.sign));
        }
    }
    net
}

/// The coverage graph and its sources (our staff).
fn coverage_network(
    people: &[Person],
    relations: &[Relation],
    influence: &Network,
) -> (Network, Vec<usize>) {
    let known: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let mut net = Network::default();
    let staff: Vec<usize> = people
        .iter()
        .filter(|p| p.side == Side::Ours)
        .map(|p| net.add_node(&p.id))
        .collect();
    for r in relations {
        if r.kind == RelationKind::Covers
            && r.from != r.to
            && known.contains(r.from.as_str())
            && known.contains(r.to.as_str())
        {
            let (a, b) = (net.add_node(&r.from), net.add_node(&r.to));
            net.add_link(a, b, Link::new(strength_weight(r.strength), 1));
        }
    }
    for (a, b, link) in influence.links() {
        if link.sign > 0 {
            let (a, b) = (net.add_node(influence.id(a)), net.add_node(influence.id(b)));
            net.add_link(a, b, link);
        }
    }
    (net, staff)
}

fn is_decider(p: &Person) -> bool {
    p.side == Side::Customer
        && (p.roles.contains(&Role::DecisionMaker) || p.roles.contains(&Role::Approver))
}

/// The map status of these people (see the module documentation).
pub fn map_status(people: &[Person]) -> MapStatus {
    let deciders: Vec<&Person> = people.iter().filter(|p| is_decider(p)).collect();
    let supportive = deciders
        .iter()
        .filter(|p| p.ratings.solution.is_some_and(|s| s >= 4))
        .count();
    if supportive == 0 {
        MapStatus::Red
    } else if supportive == deciders.len() {
        MapStatus::Green
    } else {
        MapStatus::Amber
    }
}

/// Analyses one account. `people` and `relations` are those of the account with our staff,
/// as [`Workspace::people`] and [`Workspace::relations`] return them. A `threshold` that is
/// not a finite number in (0, 1] is replaced by [`DEFAULT_THRESHOLD`] (check it first with
/// [`check_threshold`]; [`Workspace::analyze`] refuses it).
pub fn analyze(people: &[Person], relations: &[Relation], threshold: f64) -> Analysis {
    let threshold = check_threshold(threshold).unwrap_or(DEFAULT_THRESHOLD);
    let by_id: HashMap<&str, &Person> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    let keys: Vec<&Person> = people.iter().filter(|p| p.is_key()).collect();
    let influence = influence_network(people, relations);

    // Indirect key persons: one bounded Dijkstra per key person against the lines.
    let mut indirect = Vec::new();
    let mut search = Search::new(&influence);
    for k in &keys {
        let Some(kn) = influence.node(&k.id) else {
            continue;
        };
        search.run(&influence, &[kn], Way::Backward, threshold);
        let mut found: Vec<(IndirectKeyPerson, u32)> = search
            .settled()
            .into_iter()
            .filter(|&v| v != kn)
            .filter(|&v| by_id[influence.id(v)].side == Side::Customer)
            .filter_map(|v| {
                let f = search.found(v)?;
                (f.reach >= threshold).then(|| {
                    (
                        IndirectKeyPerson {
                            key_person: k.id.clone(),
                            person: influence.id(v).to_string(),
                            reach: f.reach,
                            polarity: f.polarity,
                            path: search.path(&influence, v),
                        },
                        f.hops,
                    )
                })
            })
            .collect();
        found.sort_by(|(a, ah), (b, bh)| {
            b.reach
                .total_cmp(&a.reach)
                .then(ah.cmp(bh))
                .then_with(|| a.person.cmp(&b.person))
        });
        indirect.extend(found.into_iter().map(|(p, _)| p));
    }

    // Coverage: one Dijkstra from all of our staff at once.
    let (coverage, staff) = coverage_network(people, relations, &influence);
    let mut search = Search::new(&coverage);
    search.run(&coverage, &staff, Way::Forward, 0.0);
    let mut coverage_gaps = Vec::new();
    let mut approach_paths = Vec::new();
    for k in &keys {
        let best = coverage
            .node(&k.id)
            .and_then(|v| search.found(v).map(|f| (v, f)));
        match best {
            None => coverage_gaps.push(CoverageGap {
                person: k.id.clone(),
                kind: GapKind::Uncovered,
                best_reach: None,
            }),
            Some((v, f)) => {
                if f.reach < WEAK_COVERAGE {
                    coverage_gaps.push(CoverageGap {
                        person: k.id.clone(),
                        kind: GapKind::Weak,
                        best_reach: Some(f.reach),
                    });
                }
                let path = search.path(&coverage, v);
                approach_paths.push(ApproachPath {
                    key_person: k.id.clone(),
                    from: path[0].clone(),
                    reach: f.reach,
                    path,
                });
            }
        }
    }

    let ids = influence.ids();
    let centrality = Centrality {
        betweenness: ids.iter().cloned().zip(influence.betweenness()).collect(),
        pagerank: ids
            .iter()
            .cloned()
            .zip(influence.pagerank(0.85, 100, 1e-6))
            .collect(),
    };

    let coverers: HashSet<&str> = relations
        .iter()
        .filter(|r| r.kind == RelationKind::Covers)
        .map(|r| r.from.as_str())
        .collect();
    let single_threaded = match coverers.into_iter().collect::<Vec<_>>().as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    };
    let unknown_ratings = keys
        .iter()
        .filter(|p| {
            p.ratings.intimacy.is_none()
                || p.ratings.solution.is_none()
                || p.ratings.price.is_none()
        })
        .map(|p| p.id.clone())
        .collect();

    Analysis {
        key_persons: keys.iter().map(|p| p.id.clone()).collect(),
        indirect_key_persons: indirect,
        coverage_gaps,
        approach_paths,
        centrality,
        map_status: map_status(people),
        single_threaded,
        unknown_ratings,
        threshold,
        missing_team_roles: Vec::new(),
    }
}

/// What-if: which key persons move if `person`'s solution acceptance became `solution`
/// (see the module documentation for the model). [`Error::NotFound`] when `person` is not
/// among `people`; [`Error::Invalid`] for a value outside 1..=5.
pub fn what_if(
    people: &[Person],
    relations: &[Relation],
    person: &str,
    solution: u8,
) -> Result<Vec<WhatIfEffect>> {
    if !(1..=5).contains(&solution) {
        return Err(Error::invalid(
            "solution",
            format!("{solution} is out of range; use 1 to 5"),
        ));
    }
    let p = people
        .iter()
        .find(|p| p.id == person)
        .ok_or_else(|| Error::NotFound {
            what: "person",
            id: person.to_string(),
        })?;
    let influence = influence_network(people, relations);
    let Some(pn) = influence.node(person) else {
        return Ok(Vec::new());
    };
    let mut search = Search::new(&influence);
    search.run(&influence, &[pn], Way::Forward, 0.0);
    let delta = f64::from(solution) - f64::from(p.ratings.solution.unwrap_or(3));
    let mut effects: Vec<WhatIfEffect> = people
        .iter()
        .filter(|k| k.is_key() && k.id != person)
        .filter_map(|k| {
            let f = search.found(influence.node(&k.id)?)?;
            if f.reach <= 0.0 {
                return None;
            }
            let shift = delta * f.reach * f64::from(f.polarity);
            (shift.abs() >= MIN_SHIFT).then(|| {
                let before = k.ratings.solution;
                WhatIfEffect {
                    key_person: k.id.clone(),
                    reach: f.reach,
                    polarity: f.polarity,
                    before,
                    shift,
                    projected: (f64::from(before.unwrap_or(3)) + shift).clamp(1.0, 5.0),
                }
            })
        })
        .collect();
    effects.sort_by(|a, b| {
        b.shift
            .abs()
            .total_cmp(&a.shift.abs())
            .then_with(|| a.key_person.cmp(&b.key_person))
    });
    Ok(effects)
}

impl Workspace {
    /// [`analyze`] on an account of this workspace. [`Error::NotFound`] for an unknown
    /// account, [`Error::Invalid`] for a threshold that is not a number in (0, 1].
    pub fn analyze(&self, account_id: &str, threshold: f64) -> Result<Analysis> {
        let threshold = check_threshold(threshold)?;
        self.account(account_id)?;
        let people = self.people(account_id)?;
        let relations = self.relations(account_id)?;
        let mut analysis = analyze(&people, &relations, threshold);
        analysis.missing_team_roles = crate::model::missing_team_roles(&self.team(account_id)?);
        Ok(analysis)
    }

    /// [`what_if`] on an account of this workspace.
    pub fn what_if(
        &self,
        account_id: &str,
        person: &str,
        solution: u8,
    ) -> Result<Vec<WhatIfEffect>> {
        self.account(account_id)?;
        let people = self.people(account_id)?;
        let relations = self.relations(account_id)?;
        what_if(&people, &relations, person, solution)
    }
}
