//! `stakemap analyze --json` against networkx on random accounts: the same reach for every
//! (person, key person) pair reported (1e-9), the same coverage, and the same betweenness and
//! PageRank for every node (1e-6). The reference is tests/analysis/networkx_reference.py.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn stakemap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// networkx (and scipy, which its pagerank needs) must be there: no silent skip.
fn require_networkx() {
    let out = Command::new("python3")
        .args(["-c", "import networkx, scipy"])
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "python3 cannot import networkx and scipy ({}): run scripts/setup.sh to install them",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!("python3 cannot be run ({e}): install it, then run scripts/setup.sh"),
    }
}

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

struct Case {
    customers: usize,
    staff: usize,
    lines_per_person: f64,
    seed: u64,
    threshold: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Influence,
    Covers,
}

struct Line {
    kind: Kind,
    from: String,
    to: String,
    strength: u8,
    sign: i8,
}

fn weight(strength: u8) -> f64 {
    [0.3, 0.6, 0.9][strength as usize - 1]
}

struct Account {
    /// (id, side, roles, key flag)
    people: Vec<(String, &'static str, &'static str, bool)>,
    lines: Vec<Line>,
}

impl Account {
    fn is_key(&self, id: &str) -> bool {
        self.people.iter().any(|(p, side, roles, key)| {
            p == id
                && *side == "customer"
                && (*key || *roles == "decision_maker" || *roles == "approver")
        })
    }

    fn side(&self, id: &str) -> &'static str {
        self.people.iter().find(|p| p.0 == id).unwrap().1
    }
}

/// A random account: customers with about 10 % decision makers or approvers and 5 % more
/// flagged key, our staff, two partners and a competitor (one partner without any line),
/// influence lines (one in seven negative; some from or to our staff, partners and the
/// competitor, and one partner-to-partner line), coverage lines; never two lines of a kind
/// on one ordered pair (an import would merge them).
fn generate(case: &Case) -> Account {
    let mut rng = Rng(case.seed);
    let mut people = Vec::new();
    for i in 0..case.customers {
        let roll = rng.below(100);
        let roles = match roll {
            0..=4 => "decision_maker",
            5..=9 => "approver",
            10..=50 => "evaluator",
            _ => "user",
        };
        people.push((format!("c{i}"), "customer", roles, rng.below(20) == 0));
    }
    // At least one key person.
    people[0].2 = "decision_maker";
    for i in 0..case.staff {
        people.push((format!("u{i}"), "ours", "", false));
    }
    people.push(("p0".into(), "partner", "", false));
    people.push(("p1".into(), "partner", "", false));
    people.push(("p2".into(), "partner", "", false)); // no line at all
    people.push(("x0".into(), "competitor", "", false));

    let n = case.customers;
    let outside: Vec<String> = people[n..]
        .iter()
        .map(|p| p.0.clone())
        .filter(|id| id != "p2")
        .collect();
    let mut lines: Vec<Line> = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |lines: &mut Vec<Line>, kind, from: String, to: String, rng: &mut Rng| {
        if from != to && seen.insert((kind, from.clone(), to.clone())) {
            let sign = if kind == Kind::Influence && rng.below(7) == 0 {
                -1
            } else {
                1
            };
            lines.push(Line {
                kind,
                from,
                to,
                strength: 1 + rng.below(3) as u8,
                sign,
            });
        }
    };
    let wanted = (n as f64 * case.lines_per_person).round() as usize;
    for _ in 0..wanted {
        let c1 = format!("c{}", rng.below(n));
        let c2 = format!("c{}", rng.below(n));
        if rng.below(8) == 0 {
            let o = outside[rng.below(outside.len())].clone();
            if rng.below(2) == 0 {
                add(&mut lines, Kind::Influence, o, c1, &mut rng);
            } else {
                add(&mut lines, Kind::Influence, c1, o, &mut rng);
            }
        } else {
            add(&mut lines, Kind::Influence, c1, c2, &mut rng);
        }
    }
    add(
        &mut lines,
        Kind::Influence,
        "p0".into(),
        "p1".into(),
        &mut rng,
    );
    if case.staff > 0 {
        for _ in 0..(n / 6).max(1) {
            let u = format!("u{}", rng.below(case.staff));
            let c = format!("c{}", rng.below(n));
            add(&mut lines, Kind::Covers, u, c, &mut rng);
        }
    }
    Account { people, lines }
}

fn write_inputs(account: &Account, dir: &Path, threshold: f64) -> (PathBuf, PathBuf, PathBuf) {
    let mut people = String::from("id,name,side,roles,key\n");
    for (id, side, roles, key) in &account.people {
        people.push_str(&format!("{id},Person {id},{side},{roles},{key}\n"));
    }
    let mut relations = String::from("from,to,kind,strength,sign\n");
    for l in &account.lines {
        let kind = match l.kind {
            Kind::Influence => "influence",
            Kind::Covers => "covers",
        };
        let sign = if l.sign < 0 { "-" } else { "+" };
        relations.push_str(&format!(
            "{},{},{kind},{},{sign}\n",
            l.from, l.to, l.strength
        ));
    }
    let graph = json!({
        "threshold": threshold,
        "nodes": account.people.iter().map(|(id, side, _, _)| json!({
            "id": id, "side": side, "key": account.is_key(id),
        })).collect::<Vec<_>>(),
        "edges": account.lines.iter().map(|l| json!({
            "from": l.from, "to": l.to,
            "kind": match l.kind { Kind::Influence => "influence", Kind::Covers => "covers" },
            "weight": weight(l.strength), "sign": l.sign,
        })).collect::<Vec<_>>(),
    });
    let (p, r, g) = (
        dir.join("people.csv"),
        dir.join("relations.csv"),
        dir.join("graph.json"),
    );
    std::fs::write(&p, people).unwrap();
    std::fs::write(&r, relations).unwrap();
    std::fs::write(&g, graph.to_string()).unwrap();
    (p, r, g)
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Checks one path: consecutive pairs are lines of `edges`, the product of their weights
/// is `reach` and (for the influence graph) the product of their signs is `polarity`.
fn check_path(
    what: &str,
    path: &[String],
    edges: &HashMap<(String, String), (f64, i8)>,
    reach: f64,
    polarity: Option<i64>,
) {
    let (mut product, mut sign) = (1.0, 1i64);
    for w in path.windows(2) {
        let (wt, s) = edges
            .get(&(w[0].clone(), w[1].clone()))
            .unwrap_or_else(|| panic!("{what}: {} -> {} is not a line of the graph", w[0], w[1]));
        product *= wt;
        sign *= i64::from(*s);
    }
    assert!(
        (product - reach).abs() < 1e-12,
        "{what}: path {path:?} gives {product}, reported {reach}"
    );
    if let Some(p) = polarity {
        assert_eq!(sign, p, "{what}: polarity of {path:?}");
    }
}

/// What a case covered, to make sure the cases together exercise every situation.
#[derive(Default, Debug)]
struct Seen {
    dangling: usize,
    isolated: usize,
    negative: usize,
    pairs: usize,
    uncovered: usize,
    weak: usize,
}

fn check_case(case: &Case, seen: &mut Seen) {
    let account = generate(case);
    let dir = tempfile::tempdir().unwrap();
    let (people, relations, graph) = write_inputs(&account, dir.path(), case.threshold);
    let ws = dir.path().join("random.stakemap");
    run_ok(
        stakemap()
            .arg("import")
            .arg(&ws)
            .args(["--account", "Random", "--people"])
            .arg(&people)
            .arg("--relations")
            .arg(&relations),
    );
    let ours: Value = serde_json::from_str(&run_ok(
        stakemap()
            .arg("analyze")
            .arg(&ws)
            .args(["--account", "Random", "--json", "--threshold"])
            .arg(case.threshold.to_string()),
    ))
    .unwrap();
    let script = repo_root().join("tests/analysis/networkx_reference.py");
    let theirs: Value = serde_json::from_str(&run_ok(
        Command::new("python3")
            .arg(&script)
            .arg(&graph)
            .arg(case.threshold.to_string()),
    ))
    .unwrap();
    let label = format!(
        "case {} customers, seed {}, threshold {}",
        case.customers, case.seed, case.threshold
    );

    // Graph facts from the generated lines (no duplicates by construction).
    let mut influence: HashMap<(String, String), (f64, i8)> = HashMap::new();
    let mut coverage: HashMap<(String, String), (f64, i8)> = HashMap::new();
    for l in &account.lines {
        let key = (l.from.clone(), l.to.clone());
        let w = weight(l.strength);
        match l.kind {
            Kind::Influence => {
                influence.insert(key.clone(), (w, l.sign));
                if l.sign > 0 {
                    let e = coverage.entry(key).or_insert((w, 1));
                    e.0 = e.0.max(w);
                }
                if l.sign < 0 {
                    seen.negative += 1;
                }
            }
            Kind::Covers => {
                let e = coverage.entry(key).or_insert((w, 1));
                e.0 = e.0.max(w);
            }
        }
    }
    let mut out_deg: HashMap<&str, usize> = HashMap::new();
    let mut touched: HashSet<&str> = HashSet::new();
    for (a, b) in influence.keys() {
        *out_deg.entry(a.as_str()).or_default() += 1;
        touched.insert(a.as_str());
        touched.insert(b.as_str());
    }
    let customers: Vec<&str> = account
        .people
        .iter()
        .filter(|p| p.1 == "customer")
        .map(|p| p.0.as_str())
        .collect();
    seen.isolated += customers.iter().filter(|c| !touched.contains(*c)).count();
    seen.dangling += touched.iter().filter(|v| !out_deg.contains_key(*v)).count();

    // Key persons.
    let keys = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        keys(&ours["key_persons"]),
        keys(&theirs["key_persons"]),
        "{label}"
    );

    // Indirect key persons: the same pairs, the same reach; our paths are real paths.
    let mut want: BTreeMap<(String, String), f64> = BTreeMap::new();
    for t in theirs["indirect"].as_array().unwrap() {
        let t = t.as_array().unwrap();
        want.insert(
            (
                t[0].as_str().unwrap().to_string(),
                t[1].as_str().unwrap().to_string(),
            ),
            f(&t[2]),
        );
    }
    let mut got: BTreeMap<(String, String), f64> = BTreeMap::new();
    for ik in ours["indirect_key_persons"].as_array().unwrap() {
        let k = ik["key_person"].as_str().unwrap().to_string();
        let p = ik["person"].as_str().unwrap().to_string();
        let reach = f(&ik["reach"]);
        let path: Vec<String> = serde_json::from_value(ik["path"].clone()).unwrap();
        assert_eq!(path.first(), Some(&p), "{label}");
        assert_eq!(path.last(), Some(&k), "{label}");
        check_path(
            &label,
            &path,
            &influence,
            reach,
            Some(ik["polarity"].as_i64().unwrap()),
        );
        assert!(got.insert((k, p), reach).is_none(), "{label}: a pair twice");
    }
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{label}: the pairs (key person, person) with reach >= threshold"
    );
    let mut max_reach_diff: f64 = 0.0;
    for (pair, r) in &got {
        let d = (r - want[pair]).abs();
        max_reach_diff = max_reach_diff.max(d);
        assert!(
            d < 1e-9,
            "{label}: reach of {pair:?}: {r} vs networkx {}",
            want[pair]
        );
    }
    seen.pairs += got.len();

    // Coverage: gaps and approach paths from networkx's multi-source best reach.
    let gaps: HashMap<String, &Value> = ours["coverage_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["person"].as_str().unwrap().to_string(), g))
        .collect();
    let paths: HashMap<String, &Value> = ours["approach_paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["key_person"].as_str().unwrap().to_string(), p))
        .collect();
    for (k, best) in theirs["best_reach"].as_object().unwrap() {
        match best.as_f64() {
            None => {
                assert_eq!(gaps[k]["kind"], "uncovered", "{label}: {k}");
                assert!(gaps[k]["best_reach"].is_null(), "{label}: {k}");
                assert!(!paths.contains_key(k), "{label}: {k}");
                seen.uncovered += 1;
            }
            Some(best) => {
                let p = paths
                    .get(k)
                    .unwrap_or_else(|| panic!("{label}: no approach path to {k}"));
                let reach = f(&p["reach"]);
                assert!(
                    (reach - best).abs() < 1e-9,
                    "{label}: {k}: {reach} vs {best}"
                );
                let path: Vec<String> = serde_json::from_value(p["path"].clone()).unwrap();
                assert_eq!(account.side(&path[0]), "ours", "{label}: {path:?}");
                assert_eq!(p["from"].as_str(), Some(path[0].as_str()));
                assert_eq!(path.last(), Some(k));
                check_path(&label, &path, &coverage, reach, None);
                if best < 0.5 {
                    assert_eq!(gaps[k]["kind"], "weak", "{label}: {k}");
                    assert!((f(&gaps[k]["best_reach"]) - best).abs() < 1e-9);
                    seen.weak += 1;
                } else {
                    assert!(!gaps.contains_key(k), "{label}: {k} has no gap");
                }
            }
        }
    }
    let all_keys: BTreeSet<&String> = theirs["best_reach"].as_object().unwrap().keys().collect();
    assert!(
        gaps.keys()
            .chain(paths.keys())
            .all(|k| all_keys.contains(k)),
        "{label}: gaps and paths only for key persons"
    );

    // Centrality: every node, 1e-6.
    let mut max_diff: [f64; 2] = [0.0; 2];
    for (i, name) in ["betweenness", "pagerank"].into_iter().enumerate() {
        let a = ours["centrality"][name].as_object().unwrap();
        let b = theirs[name].as_object().unwrap();
        assert_eq!(
            a.keys().collect::<BTreeSet<_>>(),
            b.keys().collect::<BTreeSet<_>>(),
            "{label}: the nodes of the influence graph"
        );
        for (v, x) in a {
            let d = (f(x) - f(&b[v])).abs();
            max_diff[i] = max_diff[i].max(d);
            assert!(d < 1e-6, "{label}: {name} of {v}: {x} vs networkx {}", b[v]);
        }
    }
    println!(
        "{label}: {} nodes, {} influence lines; {} pairs (max reach diff {:.1e}); \
         max betweenness diff {:.1e}, max PageRank diff {:.1e} (networkx {})",
        ours["centrality"]["pagerank"].as_object().unwrap().len(),
        influence.len(),
        got.len(),
        max_reach_diff,
        max_diff[0],
        max_diff[1],
        theirs["networkx"]
    );
}

#[test]
fn analyze_matches_networkx_on_random_accounts() {
    require_networkx();
    let cases = [
        Case {
            customers: 8,
            staff: 1,
            lines_per_person: 1.5,
            seed: 11,
            threshold: 0.25,
        },
        Case {
            customers: 30,
            staff: 2,
            lines_per_person: 1.2,
            seed: 2,
            threshold: 0.25,
        },
        Case {
            customers: 60,
            staff: 0,
            lines_per_person: 3.0,
            seed: 5,
            threshold: 0.25,
        },
        Case {
            customers: 120,
            staff: 3,
            lines_per_person: 2.5,
            seed: 3,
            threshold: 0.1,
        },
        Case {
            customers: 400,
            staff: 4,
            lines_per_person: 2.0,
            seed: 4,
            threshold: 0.25,
        },
    ];
    let mut seen = Seen::default();
    for case in &cases {
        check_case(case, &mut seen);
    }
    println!("{seen:?}");
    assert!(seen.dangling > 0, "no dangling node in any case: {seen:?}");
    assert!(
        seen.isolated > 0,
        "no node without lines in any case: {seen:?}"
    );
    assert!(seen.negative > 0, "no negative line in any case: {seen:?}");
    assert!(seen.pairs > 100, "too few pairs compared: {seen:?}");
    assert!(seen.uncovered > 0 && seen.weak > 0, "{seen:?}");
}
