//! `stakemap-bench analysis`: a deterministic random account in memory, the time of a full
//! analysis on it (the advice included), and optionally its graph as JSON for tests/analysis/bench_networkx.py.
//!
//! `stakemap-bench import`: generated people.csv and relations.csv imported with
//! `import_generic`, timed against the floor, a minimal rusqlite loop inserting the same
//! rows into a workspace of the same schema.

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
    let account = (side != Side::Ours).then_some("bench");
    Person {
        roles,
        ratings,
        ..Person::bare(&id, account, side, &name)
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
            stakemap_core::error::Reason::CommandLine {
                message: "use a number of 0 or more, e.g. 2.5".into(),
            },
        ));
    }
    let (people, relations) = generate(n, lines_per_person, seed);
    if let Some(path) = out_graph {
        let text = serde_json::to_string(&graph_json(&people, &relations)).map_err(|e| {
            stakemap_core::Error::invalid(
                "graph",
                stakemap_core::error::Reason::Internal {
                    detail: e.to_string(),
                },
            )
        })?;
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
         coverage gaps {}, approach paths {}, influence graph nodes {}\n  advice: external \
         influences {}, risks {}, levers {}, actions {}\n",
        relations.len(),
        best.as_secs_f64() * 1000.0,
        a.key_persons.len(),
        a.indirect_key_persons.len(),
        a.coverage_gaps.len(),
        a.approach_paths.len(),
        a.centrality.pagerank.len(),
        a.external_influences.len(),
        a.risks.len(),
        a.levers.len(),
        a.actions.len()
    ))
}

// ---------------------------------------------------------------------------------------
// `stakemap-bench import`: the generic CSV import against a minimal rusqlite loop.
// ---------------------------------------------------------------------------------------

/// The two files of a generated account.
struct ImportFiles {
    people: std::path::PathBuf,
    relations: std::path::PathBuf,
    reporting: usize,
    influence: usize,
}

/// A UUID-shaped random id, as the store gives a new line (without a uuid dependency).
fn uuid_like(rng: &mut Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// Writes people.csv and relations.csv of `n` people: a reporting tree in which every
/// person but the first reports to an earlier one (5 to 8 reports a manager, filled
/// breadth-first), and `n` influence lines between random distinct pairs, no two alike.
fn write_import_files(dir: &Path, n: usize, seed: u64) -> std::io::Result<ImportFiles> {
    use std::fmt::Write as _;
    const FIRST: &[&str] = &[
        "Aiko", "Ben", "Chie", "Dan", "Emi", "Fumio", "Gen", "Hana", "Ichiro", "Jun", "Kaori",
        "Ken", "Mai", "Nao", "Ren", "Saki", "Taro", "Yui",
    ];
    const LAST: &[&str] = &[
        "Sato",
        "Suzuki",
        "Takahashi",
        "Tanaka",
        "Ito",
        "Watanabe",
        "Yamamoto",
        "Nakamura",
        "Kobayashi",
        "Kato",
        "Yoshida",
        "Yamada",
        "Sasaki",
        "Mori",
        "Ikeda",
    ];
    const TITLES: &[&str] = &[
        "Director",
        "General Manager",
        "Manager",
        "Section Chief",
        "Engineer",
        "Analyst",
        "Buyer",
        "Specialist",
    ];
    const DEPARTMENTS: &[&str] = &[
        "Board",
        "Finance",
        "Procurement",
        "IT",
        "Production",
        "Quality",
        "Sales",
        "R&D",
        "Logistics",
    ];
    let mut rng = Rng::new(seed);
    let id = |i: usize| format!("e{i:06}");
    let rating = |rng: &mut Rng| match rng.below(5) {
        0 => String::new(),
        _ => (1 + rng.below(5)).to_string(),
    };

    let mut people = String::from("id,name,title,department,side,intimacy,solution,price\n");
    for i in 0..n {
        let side = match rng.below(100) {
            0 => "partner",
            1 => "consultant",
            2 => "competitor",
            _ => "customer",
        };
        let (first, last) = (FIRST[rng.below(FIRST.len())], LAST[rng.below(LAST.len())]);
        let title = TITLES[rng.below(TITLES.len())];
        let department = DEPARTMENTS[rng.below(DEPARTMENTS.len())];
        let (a, b, c) = (rating(&mut rng), rating(&mut rng), rating(&mut rng));
        let _ = writeln!(
            people,
            "{},{first} {last},{title},{department},{side},{a},{b},{c}",
            id(i)
        );
    }

    let mut relations = String::from("from,to,kind,strength,sign,note\n");
    let mut reporting = 0;
    let (mut manager, mut left) = (0, 5 + rng.below(4));
    for i in 1..n {
        if left == 0 {
            manager += 1;
            left = 5 + rng.below(4);
        }
        left -= 1;
        let _ = writeln!(relations, "{},{},reports_to,,,", id(i), id(manager));
        reporting += 1;
    }
    let mut seen = HashSet::new();
    let mut influence = 0;
    while n >= 2 && influence < n {
        let (from, to) = (rng.below(n), rng.below(n));
        if from == to || !seen.insert((from, to)) {
            continue;
        }
        let strength = 1 + rng.below(3);
        let sign = if rng.below(7) == 0 { "-" } else { "+" };
        let note = if rng.below(20) == 0 {
            "met at the fair"
        } else {
            ""
        };
        let _ = writeln!(
            relations,
            "{},{},influence,{strength},{sign},{note}",
            id(from),
            id(to)
        );
        influence += 1;
    }

    let files = ImportFiles {
        people: dir.join("people.csv"),
        relations: dir.join("relations.csv"),
        reporting,
        influence,
    };
    std::fs::write(&files.people, people)?;
    std::fs::write(&files.relations, relations)?;
    Ok(files)
}

/// The floor: the account, every person and every line inserted with prepared statements
/// in one transaction, the files read with the csv crate, nothing checked.
fn floor_insert(
    path: &Path,
    files: &ImportFiles,
    seed: u64,
) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    drop(stakemap_core::Workspace::create_new(path)?);
    let mut conn = rusqlite::Connection::open(path)?;
    // The connection settings Workspace::open makes (WAL is a property of the file).
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mut rng = Rng::new(seed ^ 0xF100);
    let now = "2026-01-01T00:00:00.000Z";
    let account = uuid_like(&mut rng);
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO account (id, name, industry, notes, created_at, updated_at)
         VALUES (?1, 'Bench', '', '', ?2, ?2)",
        [&account, now],
    )?;
    let (mut people, mut lines) = (0, 0);
    {
        let mut insert = tx.prepare(
            "INSERT INTO person (id, account_id, side, name, reading, title, department, level,
                 email, phone, notes, roles, influence, key_person, intimacy, solution, price,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, NULL, '', '', '', '', NULL, 0, ?7, ?8, ?9, ?10, ?10)",
        )?;
        let bytes = std::fs::read(&files.people)?;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let mut record = csv::StringRecord::new();
        let rating = |s: &str| s.parse::<u8>().ok();
        while reader.read_record(&mut record)? {
            insert.execute(rusqlite::params![
                &record[0],
                account,
                &record[4],
                &record[1],
                &record[2],
                &record[3],
                rating(&record[5]),
                rating(&record[6]),
                rating(&record[7]),
                now
            ])?;
            people += 1;
        }
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO relation (id, account_id, kind, from_id, to_id, strength, sign, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let bytes = std::fs::read(&files.relations)?;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record)? {
            let strength = record[3].parse::<u8>().unwrap_or(2);
            let sign = if &record[4] == "-" { -1 } else { 1 };
            insert.execute(rusqlite::params![
                uuid_like(&mut rng),
                account,
                &record[2],
                &record[0],
                &record[1],
                strength,
                sign,
                &record[5],
                now
            ])?;
            lines += 1;
        }
    }
    tx.commit()?;
    Ok((people, lines))
}

/// Peak resident memory of this process so far, in MiB (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Starts a new peak-memory measurement where the kernel allows it.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn rss_text() -> String {
    peak_rss_mib().map_or_else(|| "n/a".into(), |m| format!("{m:.0} MiB"))
}

pub fn run_import(n: usize, seed: u64) -> stakemap_core::Result<()> {
    let dir = std::env::temp_dir().join(format!("stakemap-bench-import-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let result = import_bench(&dir, n, seed);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// One timed phase: its time and peak memory.
struct Timed {
    time: Duration,
    rss: String,
}

impl std::fmt::Display for Timed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>7.0} ms  peak RSS {:>7}",
            self.time.as_secs_f64() * 1000.0,
            self.rss
        )
    }
}

fn timed<T>(f: impl FnOnce() -> stakemap_core::Result<T>) -> stakemap_core::Result<(T, Timed)> {
    reset_peak_rss();
    let start = Instant::now();
    let out = f()?;
    let time = start.elapsed();
    Ok((
        out,
        Timed {
            time,
            rss: rss_text(),
        },
    ))
}

/// The import as the CLI and the app run it: the files read, then `import_generic`.
fn import_files(
    ws: &mut stakemap_core::Workspace,
    files: &ImportFiles,
) -> stakemap_core::Result<stakemap_core::import::ImportReport> {
    let people = std::fs::read(&files.people)?;
    let relations = std::fs::read(&files.relations)?;
    stakemap_core::import::import_generic(ws, "Bench", &people, Some(&relations))
}

fn count(path: &Path, table: &str) -> stakemap_core::Result<i64> {
    let conn = rusqlite::Connection::open(path)?;
    Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

fn import_bench(dir: &Path, n: usize, seed: u64) -> stakemap_core::Result<()> {
    let say = |text: String| crate::emit(&format!("{text}\n"));
    let files = write_import_files(dir, n, seed)?;
    say(format!(
        "bench-import: {n} people, {} reporting and {} influence lines from CSV{}",
        files.reporting,
        files.influence,
        if cfg!(debug_assertions) {
            " (a debug build: use --release)"
        } else {
            ""
        }
    ))?;

    let ((people, lines), floor) = timed(|| {
        floor_insert(&dir.join("floor.stakemap"), &files, seed).map_err(|e| {
            stakemap_core::Error::invalid(
                "floor",
                stakemap_core::error::Reason::Internal {
                    detail: e.to_string(),
                },
            )
        })
    })?;
    say(format!(
        "  floor      {floor}  one transaction of prepared INSERTs into a new workspace (same \
         schema, indexes and pragmas): 1 account, {people} people, {lines} lines, the files \
         read with the csv crate; no checks, no rating history, no undo log"
    ))?;

    let path = dir.join("import.stakemap");
    let mut ws = stakemap_core::Workspace::create_new(&path)?;
    ws.enable_undo()?;
    let (report, import) = timed(|| import_files(&mut ws, &files))?;
    say(format!(
        "  import     {import}  import_generic with undo on, as in the app: {} people and {} \
         lines added, {} rating history rows, every row checked, one undo step",
        report.people_added,
        report.lines_added,
        count(&path, "rating_change")?
    ))?;
    say(format!(
        "  ratio      {:>7.2}     import / floor",
        import.time.as_secs_f64() / floor.time.as_secs_f64()
    ))?;

    let mut plain = stakemap_core::Workspace::create_new(dir.join("plain.stakemap"))?;
    let (_, without_undo) = timed(|| import_files(&mut plain, &files))?;
    drop(plain);
    say(format!(
        "  undo off   {without_undo}  the same import into a workspace without undo (the CLI)"
    ))?;

    let (report, again) = timed(|| import_files(&mut ws, &files))?;
    say(format!(
        "  re-import  {again}  the same files again: {} people and {} lines added, {} and {} \
         updated or unchanged",
        report.people_added, report.lines_added, report.people_updated, report.lines_updated
    ))?;

    let (label, undo) = timed(|| ws.undo())?;
    say(format!(
        "  undo       {undo}  takes back the step {:?}",
        label.unwrap_or_default()
    ))?;
    let (label, redo) = timed(|| ws.redo())?;
    say(format!(
        "  redo       {redo}  does {:?} again (replays the log the undo wrote)",
        label.unwrap_or_default()
    ))?;
    Ok(())
}
