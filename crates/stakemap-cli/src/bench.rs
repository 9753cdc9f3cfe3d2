//! `stakemap bench-analysis`: a deterministic random account in memory, the time of a full
//! analysis on it, and optionally its graph as JSON for tests/analysis/bench_networkx.py.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use stakemap_core::analysis::{self, DEFAULT_THRESHOLD};
use stakemap_core::{Person, Ratings, Relation, RelationKind, Role, Side};

/// splitmix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

fn person(id: String, side: Side, name: String, roles: Vec<Role>, ratings: Ratings) -> Person {
    Person {
        id,
        account_id: (side != Side::Ours).then(|| "bench".to_string()),
        side,
        name,
        reading: String::new(),
        title: String::new(),
        department: String::new(),
        level: None,
        email: String::new(),
        phone: String::new(),
        notes: String::new(),
        roles,
        influence: None,
        key_person: false,
        ratings,
    }
}

/// A random account of `n` customer-side people: about 4 % decision makers or approvers
/// and 3 % more flagged key, ratings unknown one time in five, `n / 100` (at least 2) of our
/// staff, `n / 100` (at least 1) partners and as many competitors, `n × lines_per_person`
/// influence lines (one in ten touching someone outside the customer, one in seven
/// negative) and `n / 20` (at least 1) coverage lines; no two lines of a kind share an
/// ordered pair.
pub fn generate(n: usize, lines_per_person: f64, seed: u64) -> (Vec<Person>, Vec<Relation>) {
    let mut rng = Rng::new(seed);
    let rating = |rng: &mut Rng| (rng.below(5) != 0).then(|| 1 + rng.below(5) as u8);
    let mut people = Vec::new();
    for i in 0..n {
        let roll = rng.below(100);
        let roles = match roll {
            0..=1 => vec![Role::DecisionMaker],
            2..=3 => vec![Role::Approver],
            4..=40 => vec![Role::Evaluator],
            41..=80 => vec![Role::User],
            _ => vec![Role::Influencer],
        };
        let ratings = Ratings {
            intimacy: rating(&mut rng),
            solution: rating(&mut rng),
            price: rating(&mut rng),
        };
        let mut p = person(
            format!("c{i:05}"),
            Side::Customer,
            format!("Customer {i}"),
            roles,
            ratings,
        );
        p.key_person = (4..=6).contains(&rng.below(100));
        people.push(p);
    }
    let customers = n;
    let staff_n = (n / 100).max(2);
    let outside_n = (n / 100).max(1);
    for i in 0..staff_n {
        people.push(person(
            format!("s{i:03}"),
            Side::Ours,
            format!("Staff {i}"),
            vec![],
            Ratings::default(),
        ));
    }
    for (side, tag) in [(Side::Partner, "p"), (Side::Competitor, "x")] {
        for i in 0..outside_n {
            people.push(person(
                format!("{tag}{i:03}"),
                side,
                format!("{side} {i}"),
                vec![],
                Ratings::default(),
            ));
        }
    }
    let total = people.len();

    let mut relations = Vec::new();
    let mut seen = HashSet::new();
    let mut line = |rels: &mut Vec<Relation>, kind, from: usize, to: usize, rng: &mut Rng| {
        if from == to || !seen.insert((kind, from, to)) {
            return false;
        }
        let sign = if kind == RelationKind::Influence && rng.below(7) == 0 {
            -1
        } else {
            1
        };
        rels.push(Relation {
            id: format!("r{}", rels.len()),
            account_id: "bench".into(),
            kind,
            from: people[from].id.clone(),
            to: people[to].id.clone(),
            strength: 1 + rng.below(3) as u8,
            sign,
            note: String::new(),
        });
        true
    };
    if customers >= 2 {
        let wanted = (n as f64 * lines_per_person).round() as usize;
        let mut made = 0;
        let mut tries = 0;
        while made < wanted && tries < wanted * 20 {
            tries += 1;
            let (from, to) = if rng.below(10) == 0 {
                let other = customers + rng.below(total - customers);
                let c = rng.below(customers);
                if rng.below(2) == 0 {
                    (other, c)
                } else {
                    (c, other)
                }
            } else {
                (rng.below(customers), rng.below(customers))
            };
            if line(&mut relations, RelationKind::Influence, from, to, &mut rng) {
                made += 1;
            }
        }
    }
    if customers >= 1 {
        let wanted = (n / 20).max(1);
        let mut made = 0;
        let mut tries = 0;
        while made < wanted && tries < wanted * 20 {
            tries += 1;
            let from = customers + rng.below(staff_n);
            let to = rng.below(customers);
            if line(&mut relations, RelationKind::Covers, from, to, &mut rng) {
                made += 1;
            }
        }
    }
    (people, relations)
}

/// The people and lines as JSON for the networkx scripts: every person with side and
/// whether they are a key person, every influence and coverage line with its weight.
pub fn graph_json(people: &[Person], relations: &[Relation]) -> serde_json::Value {
    let nodes: Vec<serde_json::Value> = people
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "side": p.side.as_str(),
                "key": p.is_key(),
            })
        })
        .collect();
    let edges: Vec<serde_json::Value> = relations
        .iter()
        .filter(|r| matches!(r.kind, RelationKind::Influence | RelationKind::Covers))
        .map(|r| {
            serde_json::json!({
                "from": r.from,
                "to": r.to,
                "kind": r.kind.as_str(),
                "weight": stakemap_core::strength_weight(r.strength),
                "sign": r.sign,
            })
        })
        .collect();
    serde_json::json!({ "threshold": DEFAULT_THRESHOLD, "nodes": nodes, "edges": edges })
}

pub fn run(
    n: usize,
    lines_per_person: f64,
    seed: u64,
    runs: usize,
    out_graph: Option<&Path>,
) -> stakemap_core::Result<()> {
    if !(lines_per_person.is_finite() && lines_per_person >= 0.0) {
        return Err(stakemap_core::Error::invalid(
            "lines per person",
            "use a number of 0 or more, e.g. 2.5",
        ));
    }
    let (people, relations) = generate(n, lines_per_person, seed);
    if let Some(path) = out_graph {
        let text = serde_json::to_string(&graph_json(&people, &relations))
            .map_err(|e| stakemap_core::Error::invalid("graph", e.to_string()))?;
        std::fs::write(path, text)?;
    }
    let mut best = Duration::MAX;
    let mut analysis = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let a = analysis::analyze(&people, &relations, DEFAULT_THRESHOLD);
        best = best.min(start.elapsed());
        analysis = Some(a);
    }
    let a = analysis.expect("at least one run");
    crate::emit(&format!(
        "people {n}, lines {}, analysis {:.1} ms\n  key persons {}, indirect key persons {}, \
         coverage gaps {}, approach paths {}, influence graph nodes {}\n",
        relations.len(),
        best.as_secs_f64() * 1000.0,
        a.key_persons.len(),
        a.indirect_key_persons.len(),
        a.coverage_gaps.len(),
        a.approach_paths.len(),
        a.centrality.pagerank.len()
    ))
}
