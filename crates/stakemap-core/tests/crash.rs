//! Crash safety: a writer process doing real edits through the core is killed with SIGKILL
//! at random moments, hundreds of times. After every kill the file must pass SQLite's
//! `integrity_check` and `foreign_key_check`, open with [`Workspace::open`], and hold every
//! edit either whole or not at all.
//!
//! The writer is this test binary run again (`writer_process`, which does nothing unless
//! [`WRITER_ENV`] names a file). Edit `k` is one transaction that adds the person `p-k`, sets
//! their three ratings (three history rows), gives them a manager and an influence line,
//! retitles the person added before them ("followed by p-k") and writes `k` into the
//! account's notes; every [`IMPORT_EVERY`]th edit is instead an `import_generic` of a CSV
//! batch that writes `p-k` (and the retitle, and the lines) together with [`BATCH`] more
//! people reporting to them; after some edits the writer undoes and redoes the edit. The
//! parent knows nothing the file does not say: it reads the file after each kill, on a
//! copy, and leaves the original, WAL and all, for the next writer to recover.
//!
//! `STAKEMAP_CRASH_KILLS` sets the number of kills (default 500) and
//! `STAKEMAP_CRASH_SEED` the seed of the kill timing (printed, to repeat a run).

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::Connection;
use stakemap_core::import::import_generic;
use stakemap_core::store::SCHEMA_VERSION;
use stakemap_core::UndoLabel;
use stakemap_core::{
    AccountInput, Error, PersonInput, RatingKind, Ratings, RelationInput, RelationKind, Workspace,
};

/// Names the workspace file of the writer process; without it `writer_process` returns.
const WRITER_ENV: &str = "STAKEMAP_CRASH_WRITER";
const KILLS_ENV: &str = "STAKEMAP_CRASH_KILLS";
const SEED_ENV: &str = "STAKEMAP_CRASH_SEED";
const DEFAULT_KILLS: u64 = 500;

/// Lines the writer prints for the parent start with this.
const MARK: &str = "CRASH-WRITER ";
const ACCOUNT: &str = "crash";
/// Every this-many-th edit is an import.
const IMPORT_EVERY: u64 = 10;
/// People an import edit adds besides `p-k`.
const BATCH: u64 = 12;
/// Edits with `k % UNDO_EVERY == UNDO_AT` are undone and redone after their commit.
const UNDO_EVERY: u64 = 7;
const UNDO_AT: u64 = 3;
/// A new file is started after this many kills, so that files stay small enough to check
/// hundreds of times.
const KILLS_PER_FILE: u64 = 50;
/// Kills after the writer is ready come 0 to this many microseconds later.
const MAX_DELAY_US: u64 = 40_000;

// ---------------------------------------------------------------------------------------
// What edit k writes (shared by the writer and the checks)
// ---------------------------------------------------------------------------------------

fn pid(k: u64) -> String {
    if k == 0 {
        "root".into()
    } else {
        format!("p-{k}")
    }
}

fn batch_id(k: u64, j: u64) -> String {
    format!("b-{k}-{j}")
}

fn is_import(k: u64) -> bool {
    k.is_multiple_of(IMPORT_EVERY)
}

/// The person added before `p-k`, whom edit k retitles and whom `p-k` influences.
fn prev(k: u64) -> u64 {
    k - 1
}

/// `p-k`'s manager: a tree of depth log k, so that the cycle check stays cheap.
fn manager(k: u64) -> u64 {
    k / 2
}

fn ratings(k: u64) -> Ratings {
    if k == 0 {
        return Ratings::default();
    }
    let r = |x: u64| Some(u8::try_from(1 + x % 5).expect("1..=5"));
    Ratings {
        intimacy: r(k),
        solution: r(k / 5),
        price: r(k * 3 + 1),
    }
}

fn title_after(k: u64) -> String {
    format!("followed by {}", pid(k))
}

fn person_input(k: u64, title: &str) -> PersonInput {
    PersonInput {
        id: Some(pid(k)),
        name: pid(k),
        title: title.into(),
        ratings: ratings(k),
        ..Default::default()
    }
}

fn line(kind: RelationKind, from: u64, to: u64) -> RelationInput {
    RelationInput {
        kind,
        from: pid(from),
        to: pid(to),
        strength: None,
        sign: None,
        note: String::new(),
    }
}

fn account_input(notes: u64) -> AccountInput {
    AccountInput {
        name: ACCOUNT.into(),
        notes: notes.to_string(),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------
// The writer process
// ---------------------------------------------------------------------------------------

/// Tells the parent something; ends the process when the parent is gone.
fn say(what: &str) {
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{MARK}{what}")
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(3);
    }
}

#[test]
#[ignore = "the writer process of survives_sigkill_during_edits, which starts it"]
fn writer_process() {
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return;
    };
    if let Err(e) = write_forever(Path::new(&path)) {
        say(&format!("error {e}"));
        panic!("the writer failed: {e}");
    }
}

fn write_forever(path: &Path) -> stakemap_core::Result<()> {
    let mut ws = Workspace::open(path)?;
    ws.enable_undo()?;
    let account = match ws.account_by_name(ACCOUNT)? {
        Some(a) => a,
        None => ws.write_step(UndoLabel::Edit, |tx| {
            let a = tx.create_account(&account_input(0))?;
            tx.add_person(&a.id, &person_input(0, ""))?;
            Ok(a)
        })?,
    };
    // The notes hold the last edit that was not an import; imports may follow it.
    let mut n: u64 = account.notes.parse().expect("the notes hold a number");
    loop {
        match ws.person(&pid(n + 1)) {
            Ok(_) => n += 1,
            Err(Error::NotFound { .. }) => break,
            Err(e) => return Err(e),
        }
    }
    say(&format!("ready {n}"));
    loop {
        let k = n + 1;
        if is_import(k) {
            import_edit(&mut ws, k)?;
        } else {
            edit(&mut ws, &account.id, k)?;
        }
        n = k;
        say(&format!("state {n}"));
        if k % UNDO_EVERY == UNDO_AT {
            assert!(ws.undo()?.is_some(), "edit {k} could not be undone");
            n = k - 1;
            say(&format!("state {n}"));
            assert!(ws.redo()?.is_some(), "edit {k} could not be redone");
            n = k;
            say(&format!("state {n}"));
        }
    }
}

/// Edit k through the editing API, as one step.
fn edit(ws: &mut Workspace, account: &str, k: u64) -> stakemap_core::Result<()> {
    ws.write_step(UndoLabel::Edit, |tx| {
        tx.add_person(account, &person_input(k, ""))?;
        for &kind in RatingKind::ALL {
            tx.set_rating(&pid(k), kind, ratings(k).get(kind))?;
        }
        tx.add_relation(account, &line(RelationKind::ReportsTo, k, manager(k)))?;
        tx.add_relation(account, &line(RelationKind::Influence, k, prev(k)))?;
        tx.update_person(&pid(prev(k)), &person_input(prev(k), &title_after(k)))?;
        tx.update_account(account, &account_input(k))?;
        Ok(())
    })
}

/// Edit k as a CSV import: `p-k`, the retitle of the person before and a batch of people.
fn import_edit(ws: &mut Workspace, k: u64) -> stakemap_core::Result<()> {
    let cell = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
    let row = |id: String, title: String, r: Ratings| {
        format!(
            "{id},{id},{title},{},{},{}\n",
            cell(r.intimacy),
            cell(r.solution),
            cell(r.price)
        )
    };
    let mut people = String::from("id,name,title,intimacy,solution,price\n");
    people.push_str(&row(pid(prev(k)), title_after(k), ratings(prev(k))));
    people.push_str(&row(pid(k), String::new(), ratings(k)));
    let mut lines = String::from("from,to,kind\n");
    lines.push_str(&format!("{},{},reports_to\n", pid(k), pid(manager(k))));
    lines.push_str(&format!("{},{},influence\n", pid(k), pid(prev(k))));
    for j in 1..=BATCH {
        people.push_str(&row(batch_id(k, j), String::new(), Ratings::default()));
        lines.push_str(&format!("{},{},reports_to\n", batch_id(k, j), pid(k)));
    }
    import_generic(ws, ACCOUNT, people.as_bytes(), Some(lines.as_bytes()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The checks of a file after a kill
// ---------------------------------------------------------------------------------------

/// What a check found wrong.
enum Failure {
    /// `integrity_check`, `foreign_key_check` or `Workspace::open` refused the file.
    Integrity(String),
    /// An edit (or a migration) is partly there.
    Partial(String),
    /// Anything else: an edit missing below a later one, a committed edit lost, a stray row.
    Other(String),
}

/// What a file held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// No account yet (the file may be absent, empty or partly migrated).
    Nothing,
    /// The account is set up and edits 1..=n are whole.
    Edits(u64),
}

/// How far the file had got when the writer was killed, for the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Stage {
    #[default]
    NoFile,
    /// A file without tables.
    Empty,
    /// Some of the migrations are done (user_version is this).
    Migrating(i64),
    /// Migrated, the account not set up yet.
    Migrated,
    SetUp,
}

/// What a check found.
#[derive(Debug, Default)]
struct Found {
    held: Option<Held>,
    stage: Stage,
    /// There was a WAL file with frames left for the next open to recover.
    wal_left: bool,
    bytes: u64,
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The file and its companions as the kill left them, copied to `scratch`, so that the
/// checks recover and checkpoint the copy and the next writer finds the original.
fn copy_files(path: &Path, scratch: &Path) -> std::io::Result<u64> {
    let mut bytes = 0;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let (from, to) = (suffixed(path, suffix), suffixed(scratch, suffix));
        if to.exists() {
            fs::remove_file(&to)?;
        }
        if from.exists() {
            bytes += fs::copy(&from, &to)?;
        }
    }
    Ok(bytes)
}

fn check_file(path: &Path, scratch: &Path, schema: &Schema) -> Result<Found, Failure> {
    let other = |e: &dyn std::fmt::Display| Failure::Other(e.to_string());
    let mut found = Found {
        bytes: copy_files(path, scratch).map_err(|e| other(&e))?,
        wal_left: fs::metadata(suffixed(path, "-wal")).is_ok_and(|m| m.len() > 0),
        ..Default::default()
    };
    if !scratch.exists() {
        if suffixed(scratch, "-wal").exists() {
            return Err(Failure::Integrity("a WAL file without its database".into()));
        }
        found.held = Some(Held::Nothing);
        return Ok(found);
    }
    let held = {
        let conn = Connection::open(scratch).map_err(|e| Failure::Integrity(e.to_string()))?;
        // Leave the WAL for Workspace::open to recover once more.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(|e| other(&e))?;
        sqlite_checks(&conn)?;
        let version = schema.check(&conn)?;
        found.stage = match version {
            0 => Stage::Empty,
            v if v < SCHEMA_VERSION => Stage::Migrating(v),
            _ => Stage::Migrated,
        };
        if version < SCHEMA_VERSION {
            let accounts: i64 = if version >= 1 {
                conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))
                    .map_err(|e| other(&e))?
            } else {
                0
            };
            if accounts > 0 {
                return Err(Failure::Other(format!(
                    "an account was written in a file at schema version {version}"
                )));
            }
            Held::Nothing
        } else {
            Snapshot::read(&conn).map_err(|e| other(&e))?.check()?
        }
    };
    let ws = Workspace::open(scratch)
        .map_err(|e| Failure::Integrity(format!("Workspace::open refused the file: {e}")))?;
    let account = ws.account_by_name(ACCOUNT).map_err(|e| other(&e))?;
    match (held, account) {
        (Held::Nothing, None) => {}
        (Held::Edits(_), Some(a)) => {
            let people = ws.people(&a.id).map_err(|e| other(&e))?.len();
            let relations = ws.relations(&a.id).map_err(|e| other(&e))?.len();
            if (people as u64, relations as u64) != counts(held) {
                return Err(Failure::Other(format!(
                    "the workspace shows {people} people and {relations} lines; the file has {:?}",
                    counts(held)
                )));
            }
        }
        (held, account) => {
            return Err(Failure::Other(format!(
                "Workspace::open sees account {account:?} in a file holding {held:?}"
            )))
        }
    }
    if held != Held::Nothing {
        found.stage = Stage::SetUp;
    }
    found.held = Some(held);
    Ok(found)
}

/// SQLite's own checks of the whole file.
fn sqlite_checks(conn: &Connection) -> Result<(), Failure> {
    let integrity = |e: rusqlite::Error| Failure::Integrity(e.to_string());
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(integrity)?;
    if rows != ["ok"] {
        return Err(Failure::Integrity(format!(
            "integrity_check: {}",
            rows.join("; ")
        )));
    }
    let broken: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(format!(
                    "{} row {:?} -> {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect()
        })
        .map_err(integrity)?;
    if !broken.is_empty() {
        return Err(Failure::Integrity(format!(
            "foreign_key_check: {}",
            broken.join("; ")
        )));
    }
    Ok(())
}

/// The objects of each migration, read from a file the current build has just made.
///
/// The objects of the released migrations 1 to 4 are named here; any object the reference
/// has besides them belongs to a later migration.
struct Schema {
    objects: Vec<String>,
}

const MIGRATED_OBJECTS: &[(i64, &[&str])] = &[
    (
        1,
        &[
            "account",
            "person",
            "person_account",
            "rating_change",
            "rating_change_person",
            "relation",
            "relation_account",
            "relation_one_manager",
            "position",
            "opportunity",
            "opportunity_account",
        ],
    ),
    (2, &["account_team"]),
    (3, &["person_source", "person_source_person"]),
    (4, &["relation_from", "relation_to", "position_person"]),
];

/// The named tables and indexes of a file (SQLite's automatic indexes come and go with
/// their tables).
fn objects(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

impl Schema {
    fn reference(dir: &Path) -> Schema {
        let path = dir.join("reference.stakemap");
        drop(Workspace::open(&path).expect("a new workspace"));
        let conn = Connection::open(&path).expect("the new workspace");
        Schema {
            objects: objects(&conn).expect("its schema"),
        }
    }

    /// Checks that each migration is there whole (its objects and the user_version it
    /// sets) or not at all, and returns the user_version.
    fn check(&self, conn: &Connection) -> Result<i64, Failure> {
        let other = |e: rusqlite::Error| Failure::Other(e.to_string());
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(other)?;
        if !(0..=SCHEMA_VERSION).contains(&version) {
            return Err(Failure::Other(format!("user_version is {version}")));
        }
        let found = objects(conn).map_err(other)?;
        if let Some(stray) = found.iter().find(|o| !self.objects.contains(o)) {
            return Err(Failure::Other(format!("an unknown table or index {stray}")));
        }
        let released = MIGRATED_OBJECTS.len() as i64;
        for object in &self.objects {
            let migration = MIGRATED_OBJECTS
                .iter()
                .find(|(_, names)| names.contains(&object.as_str()))
                .map(|&(m, _)| m);
            let exists = found.contains(object);
            let expected = match migration {
                Some(m) => Some(version >= m),
                None if version <= released => Some(false),
                None if version == SCHEMA_VERSION => Some(true),
                None => None,
            };
            if expected.is_some_and(|e| e != exists) {
                return Err(Failure::Partial(format!(
                    "a migration is partial: user_version is {version} and {object} {}",
                    if exists { "exists" } else { "is missing" }
                )));
            }
        }
        Ok(version)
    }
}

/// The people and lines edits 1..=n leave, with the account and the root.
fn counts(held: Held) -> (u64, u64) {
    match held {
        Held::Nothing => (0, 0),
        Held::Edits(n) => {
            let imports = n / IMPORT_EVERY;
            (1 + n + imports * BATCH, 2 * n + imports * BATCH)
        }
    }
}

#[derive(Debug)]
struct PersonRow {
    name: String,
    title: String,
    ratings: Ratings,
}

/// The rows of a file, read with a few queries.
struct Snapshot {
    /// (id, notes) of each account.
    accounts: Vec<(String, String)>,
    people: HashMap<String, PersonRow>,
    /// (kind, to) of the lines from each person.
    lines: HashMap<String, Vec<(String, String)>>,
    line_count: u64,
    /// (rating, value) of each person's history, in order.
    history: HashMap<String, Vec<(String, Option<u8>)>>,
    history_count: u64,
}

impl Snapshot {
    fn read(conn: &Connection) -> rusqlite::Result<Self> {
        let accounts = conn
            .prepare("SELECT id, notes FROM account")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let people = conn
            .prepare("SELECT id, name, title, intimacy, solution, price FROM person")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    PersonRow {
                        name: r.get(1)?,
                        title: r.get(2)?,
                        ratings: Ratings {
                            intimacy: r.get(3)?,
                            solution: r.get(4)?,
                            price: r.get(5)?,
                        },
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut lines: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut line_count = 0;
        let mut stmt = conn.prepare("SELECT from_id, kind, to_id FROM relation")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            lines
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
            line_count += 1;
        }
        let mut history: HashMap<String, Vec<(String, Option<u8>)>> = HashMap::new();
        let mut history_count = 0;
        let mut stmt =
            conn.prepare("SELECT person_id, rating, value FROM rating_change ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            history
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
            history_count += 1;
        }
        Ok(Snapshot {
            accounts,
            people,
            lines,
            line_count,
            history,
            history_count,
        })
    }

    fn has_line(&self, kind: &str, from: &str, to: &str) -> bool {
        self.lines
            .get(from)
            .is_some_and(|l| l.iter().any(|(k, t)| k == kind && t == to))
    }

    /// Each part edit k writes, and whether the file has it.
    fn parts(&self, k: u64) -> Vec<(String, bool)> {
        let id = pid(k);
        let expected_history: Vec<(String, Option<u8>)> = RatingKind::ALL
            .iter()
            .map(|&kind| (kind.as_str().to_string(), ratings(k).get(kind)))
            .collect();
        let history = self.history.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let mut parts = vec![
            (format!("person {id}"), self.people.contains_key(&id)),
            (
                format!("{id}'s 3 ratings"),
                self.people
                    .get(&id)
                    .is_some_and(|p| p.ratings == ratings(k)),
            ),
            (
                format!("{id}'s 3 rating history rows"),
                history == expected_history.as_slice(),
            ),
            (
                format!("{id} reports to {}", pid(manager(k))),
                self.has_line("reports_to", &id, &pid(manager(k))),
            ),
            (
                format!("{id} influences {}", pid(prev(k))),
                self.has_line("influence", &id, &pid(prev(k))),
            ),
            (
                format!("{} retitled '{}'", pid(prev(k)), title_after(k)),
                self.people
                    .get(&pid(prev(k)))
                    .is_some_and(|p| p.title == title_after(k)),
            ),
        ];
        if is_import(k) {
            for j in 1..=BATCH {
                let b = batch_id(k, j);
                parts.push((format!("imported {b}"), self.people.contains_key(&b)));
                parts.push((
                    format!("{b} reports to {id}"),
                    self.has_line("reports_to", &b, &id),
                ));
            }
        }
        parts
    }

    /// Checks that edits 1..=n are whole and nothing of any other edit is there; returns n.
    fn check(&self) -> Result<Held, Failure> {
        let other = |s: String| Err(Failure::Other(s));
        let account = match self.accounts.as_slice() {
            [] => {
                if !self.people.is_empty() || self.history_count > 0 {
                    return other("people without the account".into());
                }
                return Ok(Held::Nothing);
            }
            [a] => a,
            more => return other(format!("{} accounts", more.len())),
        };
        // The set-up step: the account with its root person.
        match self.people.get("root") {
            Some(p) if p.name == "root" && p.ratings == Ratings::default() => {}
            Some(p) => return Err(Failure::Partial(format!("the root person is {p:?}"))),
            None => {
                return Err(Failure::Partial(
                    "the set-up step is partial: the account is there, its root person is not"
                        .into(),
                ))
            }
        }
        // n: the last edit whose person is there.
        let mut n = 0;
        for id in self.people.keys() {
            if id == "root" {
                continue;
            }
            if let Some(k) = id.strip_prefix("p-").and_then(|k| k.parse::<u64>().ok()) {
                n = n.max(k);
            } else if !id.starts_with("b-") {
                return other(format!("a person with the unexpected id {id}"));
            }
        }
        for k in 1..=n + 1 {
            let parts = self.parts(k);
            let (there, missing): (Vec<_>, Vec<_>) = parts.iter().partition(|(_, here)| *here);
            let names = |v: &[&(String, bool)]| {
                v.iter()
                    .map(|(what, _)| what.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !there.is_empty() && !missing.is_empty() {
                return Err(Failure::Partial(format!(
                    "edit {k} is partial: it has {}; it lacks {}",
                    names(&there),
                    names(&missing)
                )));
            }
            if k <= n && there.is_empty() {
                return other(format!("edit {k} is missing, but edit {n} is there"));
            }
            if k == n + 1 && !there.is_empty() {
                return other(format!("edit {k} is there without its person"));
            }
        }
        let last_edit = (0..=n).rev().find(|&k| !is_import(k)).unwrap_or(0);
        if account.1 != last_edit.to_string() {
            return Err(Failure::Partial(format!(
                "the account notes say '{}', but the last edit that writes them is {last_edit} \
                 (edits 1..={n} are there)",
                account.1
            )));
        }
        if pid(n) != "root" && !self.people[&pid(n)].title.is_empty() {
            return other(format!("{} has a title without edit {}", pid(n), n + 1));
        }
        // Nothing else: no stray person, line or history row.
        let (people, lines) = counts(Held::Edits(n));
        if (
            self.people.len() as u64,
            self.line_count,
            self.history_count,
        ) != (people, lines, 3 * n)
        {
            return other(format!(
                "edits 1..={n} leave {people} people, {lines} lines and {} history rows; \
                 the file has {}, {} and {}",
                3 * n,
                self.people.len(),
                self.line_count,
                self.history_count
            ));
        }
        Ok(Held::Edits(n))
    }
}

// ---------------------------------------------------------------------------------------
// The parent: spawn, kill, check
// ---------------------------------------------------------------------------------------

/// splitmix64: enough randomness for kill times, and repeatable from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

enum Said {
    Ready(u64),
    State(u64),
    Error(String),
}

/// A running writer; dropping it kills it (so that a failing check leaves no writer).
struct Writer {
    child: Child,
    said: mpsc::Receiver<Said>,
    /// What it said that was already received.
    heard: Vec<Said>,
    stdout: Option<JoinHandle<()>>,
    stderr: Option<JoinHandle<String>>,
}

impl Writer {
    fn start(path: &Path) -> Writer {
        let exe = std::env::current_exe().expect("the test binary");
        let mut child = Command::new(exe)
            .args([
                "writer_process",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the writer");
        let (send, said) = mpsc::channel();
        let out = child.stdout.take().expect("piped");
        let stdout = std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                // libtest's "test writer_process ... " may share the first line.
                let Some(what) = line.find(MARK).map(|at| &line[at + MARK.len()..]) else {
                    continue;
                };
                let number = |s: &str| s.parse::<u64>().expect("a number");
                let said = if let Some(n) = what.strip_prefix("ready ") {
                    Said::Ready(number(n))
                } else if let Some(n) = what.strip_prefix("state ") {
                    Said::State(number(n))
                } else {
                    Said::Error(what.to_string())
                };
                if send.send(said).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().expect("piped");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        Writer {
            child,
            said,
            heard: Vec::new(),
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }

    /// Waits until the writer says it is ready; false if it ended first.
    fn wait_ready(&mut self) -> bool {
        match self.said.recv() {
            Ok(said) => {
                let ready = matches!(said, Said::Ready(_));
                self.heard.push(said);
                ready
            }
            Err(_) => false,
        }
    }

    /// Kills the writer with SIGKILL and returns everything it said.
    fn kill(mut self) -> (Vec<Said>, String) {
        self.child.kill().expect("kill the writer");
        let status = self.child.wait().expect("wait for the writer");
        if let Some(t) = self.stdout.take() {
            t.join().expect("the stdout reader");
        }
        let stderr = self
            .stderr
            .take()
            .map(|t| t.join().expect("the stderr reader"))
            .unwrap_or_default();
        let mut said = std::mem::take(&mut self.heard);
        said.extend(self.said.try_iter());
        if let Some(Said::Error(e)) = said.iter().find(|s| matches!(s, Said::Error(_))) {
            panic!("the writer failed before it was killed: {e}\n{stderr}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                status.signal(),
                Some(9),
                "the writer ended by itself ({status}) instead of by SIGKILL:\n{stderr}"
            );
        }
        #[cfg(not(unix))]
        let _ = status;
        (said, stderr)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// When a kill comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aim {
    /// While a writer starts on a new file: creating and migrating it, setting it up.
    NewFile,
    /// While a writer opens the file: recovering the last crash's WAL, checking it.
    Start,
    /// While the writer edits.
    Edits,
}

#[derive(Default)]
struct Stats {
    kills: u64,
    /// Kills by aim: new file, start, edits.
    aimed: [u64; 3],
    /// Kills before the writer said it was ready.
    before_ready: u64,
    /// What kills aimed at a new file left: no file, an empty one, a partly migrated one,
    /// a migrated one without the account, a set-up one.
    new_file: [u64; 5],
    wal_left: u64,
    integrity_failures: u64,
    partial_edits: u64,
    other_failures: u64,
    /// Whole edits in the files, counted once each (at the last check of each file).
    edits: u64,
    /// Edits checked whole, summed over all checks.
    edit_checks: u64,
    max_bytes: u64,
    failures: Vec<String>,
}

/// Checks what a killed writer left against what it said and what the check before found.
fn check_kill(
    path: &Path,
    scratch: &Path,
    schema: &Schema,
    said: &[Said],
    known: Held,
) -> Result<Found, Failure> {
    let found = check_file(path, scratch, schema)?;
    let held = found.held.expect("checked");
    let mut ready = None;
    let mut last = None;
    for s in said {
        match *s {
            Said::Ready(n) => {
                ready = Some(n);
                last = Some(n);
            }
            Said::State(n) => last = Some(n),
            Said::Error(_) => {}
        }
    }
    // The writer started from what the last check found.
    if let (Some(r), Held::Edits(before)) = (ready, known) {
        if r != before {
            return Err(Failure::Other(format!(
                "the writer started from edit {r}, the last check found {before}"
            )));
        }
    }
    // Nothing committed was lost: the file holds the last state the writer told, or one
    // step on (an undo, a redo or the next edit that committed before it could tell).
    let ok = match (last, held) {
        (Some(t), Held::Edits(n)) => n + 1 >= t && n <= t + 1,
        (Some(_), Held::Nothing) => false,
        (None, _) => held == known || (known == Held::Nothing && held == Held::Edits(0)),
    };
    if !ok {
        return Err(Failure::Other(format!(
            "the file holds {held:?}, the writer had told state {last:?} \
             (the check before found {known:?}): a committed edit was lost"
        )));
    }
    Ok(found)
}

fn remove_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(suffixed(path, suffix));
    }
}

#[test]
fn survives_sigkill_during_edits() {
    let kills: u64 = std::env::var(KILLS_ENV).map_or(DEFAULT_KILLS, |v| {
        v.parse().expect("STAKEMAP_CRASH_KILLS is a number")
    });
    let seed: u64 = std::env::var(SEED_ENV).map_or_else(
        |_| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("a clock after 1970")
                .as_nanos() as u64
        },
        |v| v.parse().expect("STAKEMAP_CRASH_SEED is a number"),
    );
    println!("crash test: {kills} kills, seed {seed} (repeat with {SEED_ENV}={seed})");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let schema = Schema::reference(dir.path());
    let scratch = dir.path().join("check.stakemap");
    let new_file = dir.path().join("new.stakemap");
    let started = Instant::now();
    let mut stats = Stats::default();
    // How long a writer takes from its start to "ready" (learnt as the test goes), to
    // aim the kills at its start.
    let mut startup_us: u64 = 15_000;
    let mut file = 0;
    let mut kill_in_file = KILLS_PER_FILE;
    let mut path = PathBuf::new();
    let mut known = Held::Nothing;
    for kill in 1..=kills {
        if kill_in_file == KILLS_PER_FILE {
            if let Held::Edits(n) = known {
                stats.edits += n;
            }
            file += 1;
            path = dir.path().join(format!("crash-{file}.stakemap"));
            known = Held::Nothing;
            kill_in_file = 0;
        }
        let aim = match rng.below(10) {
            _ if kill_in_file == 0 => Aim::Start,
            0 => Aim::NewFile,
            1 => Aim::Start,
            _ => Aim::Edits,
        };
        stats.aimed[aim as usize] += 1;
        // A kill aimed at a new file uses a file of its own, thrown away after the check.
        let (target, before) = match aim {
            Aim::NewFile => {
                remove_files(&new_file);
                (&new_file, Held::Nothing)
            }
            _ => {
                kill_in_file += 1;
                (&path, known)
            }
        };
        let mut writer = Writer::start(target);
        let spawned = Instant::now();
        if aim == Aim::Edits {
            if !writer.wait_ready() {
                let (_, stderr) = writer.kill();
                panic!("kill {kill}: the writer ended before it was ready:\n{stderr}");
            }
            let took = spawned.elapsed().as_micros() as u64;
            startup_us = (startup_us * 7 + took) / 8;
            std::thread::sleep(Duration::from_micros(rng.below(MAX_DELAY_US)));
        } else {
            std::thread::sleep(Duration::from_micros(rng.below(startup_us * 5 / 4)));
        }
        let (said, _) = writer.kill();
        stats.kills += 1;
        if !said.iter().any(|s| matches!(s, Said::Ready(_))) {
            stats.before_ready += 1;
        }
        match check_kill(target, &scratch, &schema, &said, before) {
            Ok(found) => {
                stats.wal_left += u64::from(found.wal_left);
                stats.max_bytes = stats.max_bytes.max(found.bytes);
                let held = found.held.expect("checked");
                if let Held::Edits(n) = held {
                    stats.edit_checks += n;
                }
                if aim == Aim::NewFile {
                    let at = match found.stage {
                        Stage::NoFile => 0,
                        Stage::Empty => 1,
                        Stage::Migrating(_) => 2,
                        Stage::Migrated => 3,
                        Stage::SetUp => 4,
                    };
                    stats.new_file[at] += 1;
                } else {
                    known = held;
                }
            }
            Err(failure) => {
                let (counter, what) = match failure {
                    Failure::Integrity(m) => (&mut stats.integrity_failures, m),
                    Failure::Partial(m) => (&mut stats.partial_edits, m),
                    Failure::Other(m) => (&mut stats.other_failures, m),
                };
                *counter += 1;
                let on = match aim {
                    Aim::NewFile => "a new file".to_string(),
                    _ => format!("crash-{file}.stakemap after {kill_in_file} kills"),
                };
                let message = format!("kill {kill} of {kills} ({aim:?}, on {on}): {what}");
                println!("FAILED {message}");
                stats.failures.push(message);
                if aim != Aim::NewFile {
                    // Go on with a new file: the broken one tells nothing more.
                    kill_in_file = KILLS_PER_FILE;
                    known = Held::Nothing;
                }
            }
        }
    }
    if let Held::Edits(n) = known {
        stats.edits += n;
    }
    let elapsed = started.elapsed();
    let [new_files, starts, edits] = stats.aimed;
    let [no_file, empty, migrating, migrated, set_up] = stats.new_file;
    println!(
        "kills aimed at a new file: {new_files} (left no file {no_file}, an empty one {empty}, \
         one partly migrated {migrating}, migrated {migrated}, set up {set_up}); at a writer's \
         start: {starts}; at edits: {edits}. Kills before the writer was ready: {}; that left \
         a WAL to recover: {}. Files: {file}, largest {} KiB with its WAL. Edits checked \
         whole, over all checks: {}. Writer start ~{} ms. {:.1} s",
        stats.before_ready,
        stats.wal_left,
        stats.max_bytes / 1024,
        stats.edit_checks,
        startup_us / 1000,
        elapsed.as_secs_f64()
    );
    println!(
        "survived {} kills (seed {seed}): {} integrity failures, {} partial edits, {} edits verified",
        stats.kills - stats.failures.len() as u64,
        stats.integrity_failures,
        stats.partial_edits,
        stats.edits
    );
    assert!(
        stats.failures.is_empty(),
        "{} of {} kills left a bad file ({} integrity failures, {} partial edits, {} other; \
         seed {seed}); the first:\n{}",
        stats.failures.len(),
        stats.kills,
        stats.integrity_failures,
        stats.partial_edits,
        stats.other_failures,
        stats.failures[..stats.failures.len().min(10)].join("\n")
    );
}
