//! The analysis of one account's decision network: indirect key persons, coverage gaps,
//! approach paths, hidden centrality, the map status, a what-if of one rating, and the
//! advice built on them: stances, external influence, risks, levers and ranked actions.
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
//!   pair), plus **access through the org chart**: every reporting and dotted line in both
//!   directions (an introduction by a manager or by a direct report) at the reporting-access
//!   weight ([`DEFAULT_REPORTING_ACCESS`] 0.3 unless set; 0 turns it off). Lines leaving an
//!   opponent or a competitor are left out: a path may end at one, never pass through one.
//!   **best_reach(K)**: the largest reach from any of our staff to K in it.
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
//! # Advice
//!
//! - **Stance** of everyone not on our side, from solution acceptance: `supporter` (4-5),
//!   `neutral` (3), `opponent` (1-2), `unknown`. Price acceptance 1-2 is a **price
//!   objection**, listed apart ([`Analysis::price_objections`]).
//! - **Which reach**: external influence, risks and levers use reach(P, K) in the influence
//!   graph only; coverage lines and reporting access never count there.
//! - **External influence** of K: people outside the customer (our staff, partners,
//!   consultants, competitors) with reach(P, K) ≥ the threshold.
//! - **Risks** ([`RiskKind`]): `single_threaded` (account-wide); `uncovered` and
//!   `weak_coverage` (the coverage gaps, with the approach path when there is one);
//!   `opposed_key_person`; `blocker`: someone not ours nor a competitor who is an opponent or
//!   has a price objection, with reach to K ≥ the threshold and positive polarity (on a
//!   negative path their opposition pushes K our way: no blocker); `competitor`: a
//!   competitor-side person with reach to K ≥ the threshold (any polarity);
//!   `unknown_stance`: K's own solution acceptance unknown, or that of a customer, partner
//!   or consultant with reach ≥ [`UNKNOWN_STANCE_REACH`] (0.5) to K; `stale`: nobody touched
//!   K's ratings for longer than the account's review interval (from the rating history;
//!   added by [`Workspace::analyze_with`], the free function has no history). Listed
//!   account-wide first, then key person by key person, by kind, then by reach.
//! - **Levers** ([`LeverKind`]): `champion`, a customer-side supporter with reach ≥ the
//!   threshold and positive polarity to a key person who is not a supporter; `partner`, a
//!   partner or consultant with reach ≥ the threshold and positive polarity to a key person.
//! - **Actions** ([`ActionKind`]), each with the key person K it serves, the target to act
//!   on, `via` (our best route in the coverage graph from our staff to the target, empty
//!   when none), the expected `gain` (0 to 1) and a one-sentence why:
//!   `cover` for an uncovered or weakly covered K: the person P ≠ K, not ours, neither an
//!   opponent nor a competitor, reached today or not, whose new strong coverage line (0.9)
//!   would raise best_reach(K) most, i.e. the largest 0.9 × coverage reach from P to K (one
//!   backward search from K; ties: higher intimacy, then id); when nobody does better than
//!   today, K themselves; gain = the rise of best_reach(K).
//!   `win_over` a blocker (gain: their reach to K) or an opposed key person (gain 1), with
//!   `helper` the customer-side supporter who sways the target most (reach ≥ threshold,
//!   positive). `counter` a competitor's pull (gain: its reach): the target is our strongest
//!   lever on K, or K when we have none. `confirm` an unknown stance (gain: the person's
//!   reach to K, 1 for K). `leverage` a champion lever (gain: its reach).
//!   **Priority**: K's gap (uncovered, weak, covered), K's role (decision maker, approver,
//!   others), the number of threats on K (blockers and competitors, more first), the gain
//!   (higher first); ties by K's id, the kind in the order above, the target's id. Of two
//!   actions of the same kind, key person and target, the first stays. Ranks start at 1.
//! - **What if someone leaves** ([`without`]): the key persons now reached who would be
//!   uncovered, those covered well who would be weakly covered, and the levers lost.
//!
//! # What-if
//!
//! "If P's solution acceptance became X, which key persons move?" A deliberately simple
//! model: for each key person K ≠ P with reach(P, K) > 0 in the influence graph,
//! shift = (X − s_P) × reach(P, K) × polarity(P, K), where s_P is P's current solution
//! acceptance (unknown counts as 3, neutral), and projected = clamp(s_K + shift, 1, 5) with
//! an unknown s_K counted as 3. Key persons whose |shift| is at least 0.05 are reported,
//! the largest |shift| first (ties by id).

mod access;
mod advice;
mod brandes;
mod departure;
mod network;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{strength_weight, Person, Relation, RelationKind, Role, Side};
use crate::store::Workspace;
pub use access::{
    barrier, check_reporting_access, price_objection, stance, stances, Stance,
    DEFAULT_REPORTING_ACCESS,
};
use advice::Pull;
pub use advice::{
    Action, ActionKind, ExternalInfluence, Lever, LeverKind, Risk, RiskKind, NEW_LINE,
    UNKNOWN_STANCE_REACH,
};
pub use departure::{without, Departure};
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
    /// The weight of an introduction along a reporting or dotted line (0: off).
    pub reporting_access: f64,
    /// Where everyone not on our side stands, by person id.
    pub stances: BTreeMap<String, Stance>,
    /// People with price acceptance 1 or 2, in the order of the people.
    pub price_objections: Vec<String>,
    pub external_influences: Vec<ExternalInfluence>,
    pub risks: Vec<Risk>,
    pub levers: Vec<Lever>,
    /// The next steps, first one first.
    pub actions: Vec<Action>,
}

/// What the user sets for an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Settings {
    /// Least reach for indirect key persons, external influence, blockers and levers.
    pub threshold: f64,
    /// The weight of an introduction along a reporting or dotted line (0: off).
    pub reporting_access: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            threshold: DEFAULT_THRESHOLD,
            reporting_access: DEFAULT_REPORTING_ACCESS,
        }
    }
}

impl Settings {
    /// The threshold with the default reporting access.
    pub fn with_threshold(threshold: f64) -> Self {
        Settings {
            threshold,
            ..Settings::default()
        }
    }

    /// Both checked ([`check_threshold`], [`check_reporting_access`]).
    pub fn check(self) -> Result<Self> {
        Ok(Settings {
            threshold: check_threshold(self.threshold)?,
            reporting_access: check_reporting_access(self.reporting_access)?,
        })
    }
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
            crate::error::Reason::OutOfRange {
                value: threshold.to_string(),
                min: "0.01".into(),
                max: "1".into(),
            },
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

/// Analyses one account with the default reporting access (see [`analyze_with`]).
pub fn analyze(people: &[Person], relations: &[Relation], threshold: f64) -> Analysis {
    analyze_with(people, relations, Settings::with_threshold(threshold))
}

/// Analyses one account. `people` and `relations` are those of the account with our staff,
/// as [`Workspace::people`] and [`Workspace::relations`] return them. A threshold that is
/// not a finite number in (0, 1] is replaced by [`DEFAULT_THRESHOLD`], a reporting access
/// outside [0, 1] by [`DEFAULT_REPORTING_ACCESS`] (check them first with
/// [`Settings::check`]; [`Workspace::analyze_with`] refuses them).
pub fn analyze_with(people: &[Person], relations: &[Relation], settings: Settings) -> Analysis {
    let mut a = run(people, relations, settings, true);
    a.missing_team_roles = Vec::new();
    a
}

/// The analysis, with or without the centrality (the costly part nothing else uses).
pub(crate) fn run(
    people: &[Person],
    relations: &[Relation],
    settings: Settings,
    centrality: bool,
) -> Analysis {
    let threshold = check_threshold(settings.threshold).unwrap_or(DEFAULT_THRESHOLD);
    let access =
        check_reporting_access(settings.reporting_access).unwrap_or(DEFAULT_REPORTING_ACCESS);
    let by_id: HashMap<&str, &Person> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    let keys: Vec<&Person> = people.iter().filter(|p| p.is_key()).collect();
    let influence = influence_network(people, relations);
    // The centrality, by far the costliest part, runs alongside the rest.
    let centralities = centrality.then(|| influence.centralities());

    // Who sways each key person: one bounded Dijkstra per key person against the lines,
    // down to the threshold or to the reach that makes an unknown stance matter.
    let bound = threshold.min(UNKNOWN_STANCE_REACH);
    let mut pulls: Vec<Pull> = Vec::new();
    let mut search = Search::new(&influence);
    for k in &keys {
        let Some(kn) = influence.node(&k.id) else {
            continue;
        };
        search.run(&influence, &[kn], Way::Backward, bound);
        let mut found: Vec<Pull> = search
            .settled()
            .into_iter()
            .filter(|&v| v != kn)
            .filter_map(|v| {
                let f = search.found(v)?;
                (f.reach >= bound).then(|| Pull {
                    key_person: k.id.clone(),
                    person: influence.id(v).to_string(),
                    reach: f.reach,
                    polarity: f.polarity,
                    path: search.path(&influence, v),
                    hops: f.hops,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.reach
                .total_cmp(&a.reach)
                .then(a.hops.cmp(&b.hops))
                .then_with(|| a.person.cmp(&b.person))
        });
        pulls.extend(found);
    }
    let indirect = pulls
        .iter()
        .filter(|p| p.reach >= threshold && by_id[p.person.as_str()].side == Side::Customer)
        .map(|p| IndirectKeyPerson {
            key_person: p.key_person.clone(),
            person: p.person.clone(),
            reach: p.reach,
            polarity: p.polarity,
            path: p.path.clone(),
        })
        .collect();

    // Coverage: one Dijkstra from all of our staff at once.
    let (coverage, staff) = access::coverage_network(people, relations, &influence, access);
    let mut from_staff = Search::new(&coverage);
    from_staff.run(&coverage, &staff, Way::Forward, 0.0);
    let mut coverage_gaps = Vec::new();
    let mut approach_paths = Vec::new();
    for k in &keys {
        let best = coverage
            .node(&k.id)
            .and_then(|v| from_staff.found(v).map(|f| (v, f)));
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
                let path = from_staff.path(&coverage, v);
                approach_paths.push(ApproachPath {
                    key_person: k.id.clone(),
                    from: path[0].clone(),
                    reach: f.reach,
                    path,
                });
            }
        }
    }

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

    let advice = advice::advise(&advice::Inputs {
        people,
        keys: &keys,
        pulls: &pulls,
        gaps: &coverage_gaps,
        approach: &approach_paths,
        single_threaded: single_threaded.as_deref(),
        threshold,
        influence: &influence,
        coverage: &coverage,
        from_staff: &from_staff,
    });

    let centrality = match centralities {
        Some(job) => {
            let (betweenness, pagerank) = job.join();
            let ids = influence.ids();
            Centrality {
                betweenness: ids.iter().cloned().zip(betweenness).collect(),
                pagerank: ids.iter().cloned().zip(pagerank).collect(),
            }
        }
        None => Centrality {
            betweenness: BTreeMap::new(),
            pagerank: BTreeMap::new(),
        },
    };

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
        reporting_access: access,
        stances: stances(people),
        price_objections: people
            .iter()
            .filter(|p| p.side != Side::Ours && price_objection(p))
            .map(|p| p.id.clone())
            .collect(),
        external_influences: advice.external,
        risks: advice.risks,
        levers: advice.levers,
        actions: advice.actions,
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
            crate::error::Reason::OutOfRange {
                value: solution.to_string(),
                min: "1".into(),
                max: "5".into(),
            },
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

/// `stale` risks: the key persons whose newest rating change (`last_change`, RFC 3339, by
/// person id; a person without one is left out) is more than `review_months` before
/// `today`.
pub fn stale_risks(
    key_persons: &[String],
    last_change: &HashMap<String, String>,
    review_months: u32,
    today: chrono::NaiveDate,
) -> Vec<Risk> {
    key_persons
        .iter()
        .filter(|k| {
            last_change
                .get(k.as_str())
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
                .and_then(|at| {
                    at.date_naive()
                        .checked_add_months(chrono::Months::new(review_months))
                })
                .is_some_and(|due| due < today)
        })
        .map(|k| Risk {
            kind: RiskKind::Stale,
            key_person: Some(k.clone()),
            person: None,
            reach: None,
            path: None,
        })
        .collect()
}

impl Workspace {
    /// [`analyze`] on an account of this workspace. [`Error::NotFound`] for an unknown
    /// account, [`Error::Invalid`] for a threshold that is not a number in (0, 1].
    pub fn analyze(&self, account_id: &str, threshold: f64) -> Result<Analysis> {
        self.analyze_with(account_id, Settings::with_threshold(threshold))
    }

    /// [`analyze_with`] on an account of this workspace, with the roles of our iron
    /// triangle nobody holds and the `stale` risks from the rating history (the review
    /// interval of the account plan, 3 months unless it says otherwise).
    /// [`Error::NotFound`] for an unknown account, [`Error::Invalid`] for settings out of
    /// range.
    pub fn analyze_with(&self, account_id: &str, settings: Settings) -> Result<Analysis> {
        let settings = settings.check()?;
        self.account(account_id)?;
        let people = self.people(account_id)?;
        let relations = self.relations(account_id)?;
        let mut analysis = analyze_with(&people, &relations, settings);
        analysis.missing_team_roles = crate::model::missing_team_roles(&self.team(account_id)?);
        self.add_stale_risks(account_id, &mut analysis)?;
        Ok(analysis)
    }

    /// Adds the `stale` risks of `analysis`'s key persons (see [`stale_risks`]).
    pub(crate) fn add_stale_risks(&self, account_id: &str, analysis: &mut Analysis) -> Result<()> {
        let months = crate::store::plans::get(self.conn(), account_id)?
            .map_or(crate::cadence::REVIEW_MONTHS, |p| p.review_months);
        let mut last = HashMap::new();
        for k in &analysis.key_persons {
            if let Some(c) = self
                .rating_history(k)?
                .into_iter()
                .map(|c| c.changed_at)
                .max()
            {
                last.insert(k.clone(), c);
            }
        }
        let today = self.clock_now().date_naive();
        let stale = stale_risks(&analysis.key_persons, &last, months, today);
        if !stale.is_empty() {
            analysis.risks.extend(stale);
            advice::sort_risks(&mut analysis.risks, &analysis.key_persons);
        }
        Ok(())
    }

    /// [`without`] on an account of this workspace.
    pub fn without(&self, account_id: &str, person: &str, settings: Settings) -> Result<Departure> {
        let settings = settings.check()?;
        self.account(account_id)?;
        let people = self.people(account_id)?;
        let relations = self.relations(account_id)?;
        without(&people, &relations, person, settings)
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
