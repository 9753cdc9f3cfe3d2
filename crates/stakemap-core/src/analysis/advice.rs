//! From the map to advice: external influence, risks, levers and a ranked list of actions
//! (the terms are defined in the documentation of [`crate::analysis`]).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Person, Role, Side};

use super::access::{barrier, price_objection, stance, Stance};
use super::network::{Network, Search, Way};
use super::{ApproachPath, CoverageGap, GapKind};

/// Someone with reach at least this to a key person whose stance is unknown is worth
/// finding out about.
pub const UNKNOWN_STANCE_REACH: f64 = 0.5;

/// The weight of the new coverage line a `cover` action proposes (a strong line).
pub const NEW_LINE: f64 = 0.9;

/// reach(P, K) in the influence graph, for one key person K and anyone P.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pull {
    pub key_person: String,
    pub person: String,
    pub reach: f64,
    pub polarity: i8,
    pub path: Vec<String>,
    pub hops: u32,
}

/// Someone outside the customer who sways a key person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExternalInfluence {
    pub key_person: String,
    pub person: String,
    /// Ours, partner, consultant or competitor.
    pub side: Side,
    /// reach(P, K) in the influence graph.
    pub reach: f64,
    pub polarity: i8,
    /// Person ids from P to K, both included.
    pub path: Vec<String>,
}

/// The kinds of risk, in the order they are listed for one key person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    /// Every coverage line starts from the same one of our staff.
    SingleThreaded,
    /// None of our staff reaches the key person.
    Uncovered,
    /// Our best reach to the key person is below 0.5.
    WeakCoverage,
    /// The key person opposes our solution.
    OpposedKeyPerson,
    /// An opponent, or someone objecting to our price, who sways the key person.
    Blocker,
    /// A competitor's person who sways the key person.
    Competitor,
    /// The key person's stance, or that of someone who sways them strongly, is unknown.
    UnknownStance,
    /// Nobody touched the key person's ratings for longer than the review interval.
    Stale,
}

/// One risk, with the key person, the person behind it, the reach and path where they
/// apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Risk {
    pub kind: RiskKind,
    pub key_person: Option<String>,
    pub person: Option<String>,
    pub reach: Option<f64>,
    pub path: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LeverKind {
    /// A supporter at the customer who sways a key person who is not yet a supporter.
    Champion,
    /// A partner or consultant who sways a key person.
    Partner,
}

/// Someone we can ask to sway a key person for us.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Lever {
    pub kind: LeverKind,
    pub person: String,
    pub key_person: String,
    pub reach: f64,
    pub path: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Build a strong relationship with the target to reach the key person.
    Cover,
    /// Win the target (a blocker or an opposed key person) over.
    WinOver,
    /// Answer a competitor's pull on the key person through the target.
    Counter,
    /// Find out where the target stands.
    Confirm,
    /// Ask the target (a champion) to sway the key person.
    Leverage,
}

/// One concrete next step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Action {
    /// 1 for the first thing to do.
    pub rank: u32,
    pub kind: ActionKind,
    /// The key person it serves.
    pub key_person: String,
    /// The person to act on.
    pub target: String,
    /// Person ids of our best route from our staff to the target, both ends included;
    /// empty when none of us reaches the target yet.
    pub via: Vec<String>,
    /// The expected gain, 0 to 1 (see the module documentation of `analysis`).
    pub gain: f64,
    /// Why, in one English sentence with the people's names.
    pub why: String,
    /// The blocker or competitor the action answers, when there is one.
    pub threat: Option<String>,
    /// A champion who sways the target and can help (win over).
    pub helper: Option<String>,
}

/// What [`advise`] finds.
pub(crate) struct Advice {
    pub external: Vec<ExternalInfluence>,
    pub risks: Vec<Risk>,
    pub levers: Vec<Lever>,
    pub actions: Vec<Action>,
}

/// What [`advise`] works from.
pub(crate) struct Inputs<'a> {
    pub people: &'a [Person],
    pub keys: &'a [&'a Person],
    pub pulls: &'a [Pull],
    pub gaps: &'a [CoverageGap],
    pub approach: &'a [ApproachPath],
    pub single_threaded: Option<&'a str>,
    pub threshold: f64,
    pub influence: &'a Network,
    pub coverage: &'a Network,
    /// The forward search from all of our staff on `coverage`.
    pub from_staff: &'a Search,
}

fn role_rank(p: &Person) -> u8 {
    if p.roles.contains(&Role::DecisionMaker) {
        0
    } else if p.roles.contains(&Role::Approver) {
        1
    } else {
        2
    }
}

/// Sorts risks: account-wide ones first, then by key person (in `keys` order), kind, reach
/// (highest first) and person id.
pub(crate) fn sort_risks(risks: &mut [Risk], keys: &[String]) {
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let pos = |k: &Option<String>| {
        k.as_deref()
            .map_or(0, |k| 1 + index.get(k).copied().unwrap_or(keys.len()))
    };
    risks.sort_by(|a, b| {
        pos(&a.key_person)
            .cmp(&pos(&b.key_person))
            .then(a.kind.cmp(&b.kind))
            .then(b.reach.unwrap_or(-1.0).total_cmp(&a.reach.unwrap_or(-1.0)))
            .then_with(|| a.person.cmp(&b.person))
    });
}

pub(crate) fn advise(inp: &Inputs) -> Advice {
    let by_id: HashMap<&str, &Person> = inp.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let name = |id: &str| by_id.get(id).map_or(id, |p| p.name.as_str()).to_string();
    let thr = inp.threshold;
    let route = |id: &str| -> Vec<String> {
        inp.coverage
            .node(id)
            .filter(|&v| inp.from_staff.found(v).is_some())
            .map(|v| inp.from_staff.path(inp.coverage, v))
            .unwrap_or_default()
    };

    let mut external = Vec::new();
    let mut risks = Vec::new();
    let mut levers = Vec::new();
    if let Some(s) = inp.single_threaded {
        risks.push(Risk {
            kind: RiskKind::SingleThreaded,
            key_person: None,
            person: Some(s.to_string()),
            reach: None,
            path: None,
        });
    }
    for gap in inp.gaps {
        let approach = inp.approach.iter().find(|a| a.key_person == gap.person);
        risks.push(Risk {
            kind: match gap.kind {
                GapKind::Uncovered => RiskKind::Uncovered,
                GapKind::Weak => RiskKind::WeakCoverage,
            },
            key_person: Some(gap.person.clone()),
            person: approach.map(|a| a.from.clone()),
            reach: gap.best_reach,
            path: approach.map(|a| a.path.clone()),
        });
    }
    for k in inp.keys {
        let own = |kind| Risk {
            kind,
            key_person: Some(k.id.clone()),
            person: None,
            reach: None,
            path: None,
        };
        match stance(k) {
            Stance::Opponent => risks.push(own(RiskKind::OpposedKeyPerson)),
            Stance::Unknown => risks.push(own(RiskKind::UnknownStance)),
            _ => {}
        }
    }
    for pull in inp.pulls {
        let p = by_id[pull.person.as_str()];
        let k = by_id[pull.key_person.as_str()];
        let risk = |kind| Risk {
            kind,
            key_person: Some(pull.key_person.clone()),
            person: Some(pull.person.clone()),
            reach: Some(pull.reach),
            path: Some(pull.path.clone()),
        };
        if pull.reach >= UNKNOWN_STANCE_REACH
            && matches!(p.side, Side::Customer | Side::Partner | Side::Consultant)
            && stance(p) == Stance::Unknown
        {
            risks.push(risk(RiskKind::UnknownStance));
        }
        if pull.reach < thr {
            continue;
        }
        if p.side != Side::Customer {
            external.push(ExternalInfluence {
                key_person: pull.key_person.clone(),
                person: pull.person.clone(),
                side: p.side,
                reach: pull.reach,
                polarity: pull.polarity,
                path: pull.path.clone(),
            });
        }
        let against = !matches!(p.side, Side::Ours | Side::Competitor)
            && (stance(p) == Stance::Opponent || price_objection(p));
        if against && pull.polarity > 0 {
            risks.push(risk(RiskKind::Blocker));
        }
        if p.side == Side::Competitor {
            risks.push(risk(RiskKind::Competitor));
        }
        let lever = match p.side {
            _ if pull.polarity < 0 => None,
            Side::Customer if stance(p) == Stance::Supporter && stance(k) != Stance::Supporter => {
                Some(LeverKind::Champion)
            }
            Side::Partner | Side::Consultant => Some(LeverKind::Partner),
            _ => None,
        };
        if let Some(kind) = lever {
            levers.push(Lever {
                kind,
                person: pull.person.clone(),
                key_person: pull.key_person.clone(),
                reach: pull.reach,
                path: pull.path.clone(),
            });
        }
    }
    let keys: Vec<String> = inp.keys.iter().map(|k| k.id.clone()).collect();
    sort_risks(&mut risks, &keys);

    // Actions.
    let mut actions: Vec<Action> = Vec::new();
    let act = |kind, key: &str, target: &str, gain: f64, why: String| Action {
        rank: 0,
        kind,
        key_person: key.to_string(),
        target: target.to_string(),
        via: route(target),
        gain,
        why,
        threat: None,
        helper: None,
    };
    let mut back = Search::new(inp.coverage);
    for gap in inp.gaps {
        let k = by_id[gap.person.as_str()];
        let old = gap.best_reach.unwrap_or(0.0);
        let mut best: Option<(f64, &Person)> = None;
        if let Some(kn) = inp.coverage.node(&k.id) {
            // Best reach first: the first candidate settled has the largest reach; only
            // those tied with it are looked at, then the search stops.
            let mut candidates: Vec<(usize, f64)> = Vec::new();
            back.run_visiting(inp.coverage, &[kn], Way::Backward, 0.0, |v, reach| {
                if let Some(&(_, top)) = candidates.first() {
                    if reach < top - 1e-12 {
                        return false;
                    }
                }
                let p = by_id.get(inp.coverage.id(v)).copied();
                if v != kn && p.is_some_and(|p| p.side != Side::Ours && !barrier(p)) {
                    candidates.push((v, reach));
                }
                true
            });
            for (v, reach) in candidates {
                let p = by_id[inp.coverage.id(v)];
                let value = NEW_LINE * reach;
                let better = match best {
                    None => true,
                    Some((bv, bp)) => {
                        value > bv + 1e-12
                            || ((value - bv).abs() <= 1e-12
                                && (p.ratings.intimacy.unwrap_or(0), std::cmp::Reverse(&p.id))
                                    > (bp.ratings.intimacy.unwrap_or(0), std::cmp::Reverse(&bp.id)))
                    }
                };
                if better {
                    best = Some((value, p));
                }
            }
        }
        // Nobody else leads to them, or nobody better than what we have: meet them.
        let (new, target) = match best {
            Some((v, p)) if v > old + 1e-12 => (v, p),
            _ => (NEW_LINE, k),
        };
        if new <= old + 1e-12 {
            continue;
        }
        let how = if target.id == k.id {
            format!("a strong relationship with {} themselves", k.name)
        } else {
            format!(
                "a strong relationship with {}, who leads to them,",
                target.name
            )
        };
        let why = match gap.best_reach {
            None => format!(
                "Nobody on our team reaches {}; {how} would reach them at {new:.2}.",
                k.name
            ),
            Some(r) => format!(
                "Our best reach to {} is only {r:.2}; {how} would raise it to {new:.2}.",
                k.name
            ),
        };
        actions.push(act(ActionKind::Cover, &k.id, &target.id, new - old, why));
    }
    let mut inf_back = Search::new(inp.influence);
    // The strongest supporter at the customer who sways a target, by target.
    let mut helpers: HashMap<&str, Option<(f64, String)>> = HashMap::new();
    for r in &risks {
        let (Some(key), person) = (r.key_person.as_deref(), r.person.as_deref()) else {
            continue;
        };
        let k = by_id[key];
        let reach = r.reach.unwrap_or(1.0);
        match r.kind {
            RiskKind::Blocker | RiskKind::OpposedKeyPerson => {
                let target = person.unwrap_or(key);
                let t = by_id[target];
                let helper = helpers
                    .entry(target)
                    .or_insert_with(|| {
                        let mut helper: Option<(f64, String)> = None;
                        let tn = inp.influence.node(target)?;
                        inf_back.run(inp.influence, &[tn], Way::Backward, thr);
                        for v in inf_back.settled() {
                            let f = inf_back.found(v).expect("settled");
                            let s = by_id[inp.influence.id(v)];
                            if v != tn
                                && s.side == Side::Customer
                                && stance(s) == Stance::Supporter
                                && f.polarity > 0
                                && f.reach >= thr
                                && !helper
                                    .as_ref()
                                    .is_some_and(|(hr, _)| f.reach <= *hr + 1e-12)
                            {
                                helper = Some((f.reach, s.id.clone()));
                            }
                        }
                        helper
                    })
                    .clone();
                let with = helper
                    .as_ref()
                    .map(|(_, h)| format!(", with the help of {}, who sways them", name(h)))
                    .unwrap_or_default();
                let why = if r.kind == RiskKind::OpposedKeyPerson {
                    format!("{} opposes our solution{with}.", k.name)
                } else {
                    let what = if stance(t) == Stance::Opponent {
                        "opposes our solution"
                    } else {
                        "objects to our price"
                    };
                    format!(
                        "{} {what} and sways {} (reach {reach:.2}); win them over{with}.",
                        t.name, k.name
                    )
                };
                let mut a = act(ActionKind::WinOver, key, target, reach, why);
                a.threat = person.map(str::to_string);
                a.helper = helper.map(|(_, h)| h);
                actions.push(a);
            }
            RiskKind::Competitor => {
                let c = person.unwrap_or(key);
                let ally = levers
                    .iter()
                    .filter(|l| l.key_person == key)
                    .max_by(|a, b| {
                        a.reach
                            .total_cmp(&b.reach)
                            .then_with(|| b.person.cmp(&a.person))
                    });
                let (target, why) = match ally {
                    Some(l) => (
                        l.person.as_str(),
                        format!(
                            "{} of the competitor sways {} (reach {reach:.2}); ask {}, who also sways them, to make our case.",
                            name(c), k.name, name(&l.person)
                        ),
                    ),
                    None => (
                        key,
                        format!(
                            "{} of the competitor sways {} (reach {reach:.2}) and nobody on our side does; make our case to {} directly.",
                            name(c), k.name, k.name
                        ),
                    ),
                };
                let mut a = act(ActionKind::Counter, key, target, reach, why);
                a.threat = Some(c.to_string());
                actions.push(a);
            }
            RiskKind::UnknownStance => {
                let target = person.unwrap_or(key);
                let why = match person {
                    None => format!("We do not know where {} stands on our solution.", k.name),
                    Some(p) => format!(
                        "{} sways {} (reach {reach:.2}) and we do not know where they stand.",
                        name(p),
                        k.name
                    ),
                };
                actions.push(act(ActionKind::Confirm, key, target, reach, why));
            }
            _ => {}
        }
    }
    for l in levers.iter().filter(|l| l.kind == LeverKind::Champion) {
        let why = format!(
            "{} supports us and sways {} (reach {:.2}); ask them to make our case.",
            name(&l.person),
            name(&l.key_person),
            l.reach
        );
        actions.push(act(
            ActionKind::Leverage,
            &l.key_person,
            &l.person,
            l.reach,
            why,
        ));
    }
    rank(&mut actions, inp, &risks);
    Advice {
        external,
        risks,
        levers,
        actions,
    }
}

/// Ranks the actions by the documented priority and numbers them from 1; of several
/// actions of one kind on the same key person and target, the first stays.
fn rank(actions: &mut Vec<Action>, inp: &Inputs, risks: &[Risk]) {
    let gap: HashMap<&str, u8> = inp
        .gaps
        .iter()
        .map(|g| {
            (
                g.person.as_str(),
                if g.kind == GapKind::Uncovered { 0 } else { 1 },
            )
        })
        .collect();
    let role: HashMap<&str, u8> = inp
        .keys
        .iter()
        .map(|k| (k.id.as_str(), role_rank(k)))
        .collect();
    let mut threats: HashMap<&str, usize> = HashMap::new();
    for r in risks {
        if matches!(r.kind, RiskKind::Blocker | RiskKind::Competitor) {
            if let Some(k) = &r.key_person {
                *threats.entry(k.as_str()).or_default() += 1;
            }
        }
    }
    let key = |a: &Action| {
        let k = a.key_person.as_str();
        (
            gap.get(k).copied().unwrap_or(2),
            role.get(k).copied().unwrap_or(2),
            std::cmp::Reverse(threats.get(k).copied().unwrap_or(0)),
        )
    };
    actions.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then(b.gain.total_cmp(&a.gain))
            .then_with(|| a.key_person.cmp(&b.key_person))
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.target.cmp(&b.target))
    });
    let mut seen = HashSet::new();
    actions.retain(|a| seen.insert((a.kind, a.key_person.clone(), a.target.clone())));
    for (i, a) in actions.iter_mut().enumerate() {
        a.rank = i as u32 + 1;
    }
}
