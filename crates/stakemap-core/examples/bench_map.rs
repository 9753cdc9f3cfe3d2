//! Times `account_map` (read, automatic layout, line routing) of generated accounts like the
//! window benchmark's (`tests/e2e/bench-map.mjs`: a 6-ary reporting tree, two influence
//! lines per person), whole and with the teams below the third level collapsed, and prints
//! the router's work.
//!
//! ```text
//! cargo run -p stakemap-core --example bench_map [-- --people 300,1000,2000 --runs 5]
//! cargo run -p stakemap-core --release --example bench_map
//! ```

use std::collections::HashSet;
use std::time::{Duration, Instant};

use stakemap_core::layout::{self, RouteWork};
use stakemap_core::map::auto_layout;
use stakemap_core::{
    AccountInput, PersonInput, RatingKind, RelationInput, RelationKind, Side, Workspace,
};

/// The generator of bench-map.mjs: a linear congruential sequence seeded with 42.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = (self.0 * 1_103_515_245 + 12_345) % 2_147_483_648;
        self.0 % n
    }
}

fn build(ws: &mut Workspace, n: usize) -> String {
    ws.write(|tx| {
        let account = tx
            .create_account(&AccountInput {
                name: "Big Co".into(),
                industry: "Test".into(),
                notes: String::new(),
            })?
            .id;
        let mut rng = Lcg(42);
        let mut ids: Vec<String> = Vec::with_capacity(n);
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut seen = HashSet::new();
        for i in 0..n {
            ids.push(
                tx.add_person(
                    &account,
                    &PersonInput {
                        side: Some(Side::Customer),
                        name: format!("Person {i}"),
                        title: format!("Title {}", i % 17),
                        department: format!("Dept {}", i % 6),
                        key_person: i < 7,
                        ..Default::default()
                    },
                )?
                .id,
            );
            for _ in 0..2 {
                let j = rng.below(n as u64) as usize;
                if j != i && seen.insert((i, j)) {
                    lines.push((i, j));
                }
            }
        }
        let line = |kind, from: &str, to: &str| {
            tx.add_relation(
                &account,
                &RelationInput {
                    kind,
                    from: from.into(),
                    to: to.into(),
                    strength: Some(2),
                    sign: Some(1),
                    note: String::new(),
                },
            )
        };
        for i in 1..n {
            line(RelationKind::ReportsTo, &ids[i], &ids[(i - 1) / 6])?;
        }
        for (i, j) in lines {
            line(RelationKind::Influence, &ids[i], &ids[j])?;
        }
        Ok(account)
    })
    .unwrap()
}

/// The managers below the third level, as the window folds a large account on first open.
fn deep_managers(ws: &Workspace, account: &str) -> HashSet<String> {
    let people = ws.people(account).unwrap();
    let relations = ws.relations(account).unwrap();
    let mut depth = std::collections::HashMap::new();
    let parent: std::collections::HashMap<&str, &str> = relations
        .iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    for p in &people {
        let (mut d, mut cur) = (0, p.id.as_str());
        while let Some(m) = parent.get(cur) {
            d += 1;
            cur = m;
        }
        depth.insert(p.id.as_str(), d);
    }
    parent
        .values()
        .filter(|m| depth[*m] >= 2)
        .map(|m| m.to_string())
        .collect()
}

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let sizes: Vec<usize> = arg("--people")
        .map(|s| s.split(',').map(|x| x.parse().unwrap()).collect())
        .unwrap_or_else(|| vec![300, 1000, 2000]);
    let runs: usize = arg("--runs").map(|s| s.parse().unwrap()).unwrap_or(5);
    let build_kind = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("account_map, {build_kind} build, best of {runs}");
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create_new(dir.path().join("bench.stakemap")).unwrap();
        let account = build(&mut ws, n);
        let relations = ws.relations(&account).unwrap();
        let people = ws.people(&account).unwrap();
        // A fresh handle per run: nothing kept from an earlier read.
        let path = dir.path().join("bench.stakemap");
        let whole = best(runs, || {
            Workspace::open(&path)
                .unwrap()
                .account_map(&account)
                .unwrap();
        });
        // The window's re-read after a rating change: the layout and routes are kept.
        let mut value = 1;
        let reread = best(runs, || {
            value = value % 5 + 1;
            let person = people[n / 2].id.clone();
            ws.write(|tx| tx.set_rating(&person, RatingKind::Intimacy, Some(value)))
                .unwrap();
            ws.account_map(&account).unwrap();
        });
        let folded = deep_managers(&ws, &account);
        let collapsed = best(runs, || {
            Workspace::open(&path)
                .unwrap()
                .account_map_collapsed(&account, &folded)
                .unwrap();
        });
        let none = HashSet::new();
        let lay = best(runs, || {
            auto_layout(&people, &relations, &none);
        });
        let laid = auto_layout(&people, &relations, &none);
        let cards = layout::drawn(&laid.positions, &laid.stacked, &laid.hidden);
        let mut work = RouteWork::default();
        let route = best(runs, || {
            work = layout::route_lines_counted(&relations, &cards, &[]).1;
        });
        println!(
            "{n} people, {} lines: account_map {} (teams below the third level collapsed: {}; \
             after a rating change, the edit included: {}); layout {}, routing {}; \
             router: {} lines searched, {} steps, {} past the budget",
            relations.len(),
            ms(whole),
            ms(collapsed),
            ms(reread),
            ms(lay),
            ms(route),
            work.searched,
            work.steps,
            work.unrouted,
        );
    }
}
