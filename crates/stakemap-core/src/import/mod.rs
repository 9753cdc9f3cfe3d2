//! The generic CSV import: people (and optionally their lines) from two CSV files into one
//! account of a workspace.
//!
//! `people.csv` has the columns `id,name,reading,title,department,side,roles,key,influence,
//! intimacy,solution,price,notes` in any order (only `id` and `name` are required; other
//! columns are ignored). `relations.csv` has `from,to,kind,strength,sign,note` (`from`,
//! `to` and `kind` required). Both may be UTF-8 with or without BOM.
//!
//! The `id` of a row is the person's stable id in the workspace, and the key of a
//! re-import: a person already on the account (or one of our own staff, for a row with
//! side `ours`) is updated, a line already there (same kind, from and to) is updated, not
//! duplicated. A column the file does not have keeps what is stored; a cell that is
//! present but empty means the column's default (side customer, no roles, influence and
//! ratings unknown, key no, strength 2, sign +). Level, e-mail and phone are not part of
//! the format and are kept.
//!
//! The whole import is one transaction. Every bad row is reported with its file, line and
//! reason in [`Error::ImportRejected`], and then nothing is written.
//!
//! The workspace is read once, not row by row: the people lines may join (the account's
//! and our staff) and the account's lines are held in memory while the files are checked,
//! and reporting cycles are looked for on the chart the import would leave. A row that
//! changes nothing is not written.

use crate::error::{n32, Reason};
pub mod mapping;
pub mod note;
pub mod plan;
mod read;
mod rows;
pub mod sheet;
mod sheet_row;
mod table;
pub mod vcard;
mod xlsx_zip;

pub use mapping::{guess, preset_mapping, Field, ImportRecord, Preset};
pub use note::{ImportNote, NoteKind};
pub use plan::{
    apply_import, plan_import, Ambiguity, Candidate, FieldChange, ImportOptions, ImportPlan,
    ImportSource, KeepStored, ManagerResolution, PersonChange, PlannedPerson, RowProblem,
    SheetImportReport,
};
pub use read::read_capped;
pub use sheet::{read_sheet, Sheet, SheetKind, SheetRow};
pub use vcard::{read_vcards, VCardFile};

use std::collections::hash_map::Entry as Slot;
use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::{AccountInput, Person, PersonInput, RelationInput, RelationKind, Side};
use crate::store::{self, End, Tx, UndoLabel, Workspace};
use rows::{PersonRow, RelationRow};
use table::{Problem, Table};

/// The name people-file rows are reported under.
pub const PEOPLE_FILE: &str = "people.csv";
/// The name relations-file rows are reported under.
pub const RELATIONS_FILE: &str = "relations.csv";

/// The largest people or relations file of the generic format (each); a file holds at
/// most [`sheet::MAX_ROWS`] rows and [`sheet::MAX_COLUMNS`] columns.
pub const MAX_GENERIC_BYTES: usize = 100 << 20;

/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 200;

const PEOPLE_EXAMPLE: &str = "id,name,title,department,side";
const RELATIONS_EXAMPLE: &str = "from,to,kind,strength,sign,note";

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub account_id: String,
    pub account_name: String,
    /// The account did not exist before this import.
    pub account_created: bool,
    pub people_added: usize,
    pub people_updated: usize,
    pub lines_added: usize,
    pub lines_updated: usize,
}

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, problem: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems, people file first, each file by line.
    fn into_error(mut self) -> Error {
        self.list.sort_by_key(|p| (p.file != PEOPLE_FILE, p.line));
        let mut rows: Vec<String> = self.list.iter().map(|p| p.to_string()).collect();
        if self.more > 0 {
            rows.push(format!("… and {} more problems not listed", self.more));
        }
        Error::ImportRejected { rows }
    }
}

/// The message of an error that concerns one row; database and file errors end the import.
fn row_message(e: Error) -> Result<String> {
    match e {
        Error::Sqlite(_) | Error::Io(_) | Error::File { .. } => Err(e),
        other => Ok(other.to_string()),
    }
}

/// Imports people (and lines) into the account named `account_name`, creating it if
/// missing. All or nothing: on any bad row, returns [`Error::ImportRejected`] listing
/// every problem found and leaves the workspace as it was.
pub fn import_generic(
    ws: &mut Workspace,
    account_name: &str,
    people_csv: &[u8],
    relations_csv: Option<&[u8]>,
) -> Result<ImportReport> {
    let account_name = account_name.trim();
    if account_name.is_empty() {
        return Err(Error::invalid("account", Reason::Required));
    }
    let mut problems = Problems::default();
    for (file, bytes) in [
        (PEOPLE_FILE, Some(people_csv)),
        (RELATIONS_FILE, relations_csv),
    ] {
        if bytes.is_some_and(|b| b.len() > MAX_GENERIC_BYTES) {
            return Err(Error::refused(
                file,
                Reason::TooBig {
                    limit_mb: n32(MAX_GENERIC_BYTES >> 20),
                },
            ));
        }
    }
    let people = Table::open(PEOPLE_FILE, people_csv, &["id", "name"], PEOPLE_EXAMPLE)
        .map_err(|e| e.into_iter().for_each(|p| problems.push(p)))
        .ok();
    let relations = match relations_csv {
        Some(bytes) => Table::open(
            RELATIONS_FILE,
            bytes,
            &["from", "to", "kind"],
            RELATIONS_EXAMPLE,
        )
        .map_err(|e| e.into_iter().for_each(|p| problems.push(p)))
        .ok(),
        None => None,
    };
    let (Some(people), true) = (people, problems.is_empty()) else {
        return Err(problems.into_error());
    };
    let existing = ws.account_by_name(account_name)?;

    ws.write_bulk_step(UndoLabel::Import, |tx| {
        let created = existing.is_none();
        let account = match existing {
            Some(a) => a,
            None => tx.create_account(&AccountInput {
                name: account_name.to_string(),
                ..Default::default()
            })?,
        };
        let mut report = ImportReport {
            account_id: account.id.clone(),
            account_name: account.name.clone(),
            account_created: created,
            people_added: 0,
            people_updated: 0,
            lines_added: 0,
            lines_updated: 0,
        };
        let mut importer = Importer::new(tx, &account.id, problems)?;
        importer.people(people, &mut report)?;
        if let Some(relations) = relations {
            importer.relations(relations, &mut report)?;
        }
        if !importer.problems.is_empty() {
            return Err(importer.problems.into_error());
        }
        Ok(report)
    })
}

fn account_name(conn: &Connection, account_id: &str) -> Result<String> {
    Ok(store::accounts::get(conn, account_id)?.name)
}

/// A person the lines of the account may join (one of its people or of our staff), with
/// what the line checks read.
struct Known {
    name: String,
    side: Side,
    on_account: bool,
}

impl Known {
    fn new(name: &str, side: Side, on_account: bool) -> Self {
        Known {
            name: name.trim().to_string(),
            side,
            on_account,
        }
    }

    fn end(&self) -> End<'_> {
        End {
            name: &self.name,
            side: self.side,
            on_account: self.on_account,
        }
    }
}

/// An id the import met: in the workspace (the account's people and our staff) or in a
/// file.
struct Entry {
    id: String,
    /// The person as stored or as this import wrote them; `None` for an id that is not a
    /// person lines of this account may join.
    known: Option<Known>,
    /// The person as stored before the import, until the people file updates them.
    stored: Option<Box<Person>>,
    /// The line of the people file that has this id.
    people_line: Option<u64>,
    /// A people-file row with this id was refused (its problem is reported): lines to the
    /// person are skipped without a second message.
    unwritten: bool,
}

/// A line of the relations file that passed the row checks: its ends as numbers of
/// [`Importer::entries`].
struct Line {
    line: u64,
    kind: RelationKind,
    from: usize,
    to: usize,
    strength: Option<u8>,
    sign: Option<i8>,
    note: Option<String>,
}

/// A line already on the account.
struct StoredLine {
    id: String,
    created_at: String,
    strength: u8,
    sign: i8,
    note: String,
}

/// What to write for a line of the file.
enum Write {
    Add(usize),
    Update(usize, StoredLine),
}

struct Importer<'t, 'c> {
    tx: &'t Tx<'c>,
    account_id: &'t str,
    problems: Problems,
    /// Every id met, by number.
    entries: Vec<Entry>,
    numbers: HashMap<String, usize>,
}

impl<'t, 'c> Importer<'t, 'c> {
    /// Reads the people lines of the account may join: the account's and our staff.
    fn new(tx: &'t Tx<'c>, account_id: &'t str, problems: Problems) -> Result<Self> {
        let stored = store::visible_on(tx.conn(), account_id)?;
        let mut importer = Importer {
            tx,
            account_id,
            problems,
            entries: Vec::with_capacity(stored.len()),
            numbers: HashMap::with_capacity(stored.len()),
        };
        for p in stored {
            let n = importer.number(&p.id);
            let entry = &mut importer.entries[n];
            let on_account = p.account_id.as_deref() == Some(account_id);
            entry.known = Some(Known::new(&p.name, p.side, on_account));
            entry.stored = Some(Box::new(p));
        }
        Ok(importer)
    }

    /// The number of an id, given one when it is met for the first time.
    fn number(&mut self, id: &str) -> usize {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        let n = self.entries.len();
        self.entries.push(Entry {
            id: id.to_string(),
            known: None,
            stored: None,
            people_line: None,
            unwritten: false,
        });
        self.numbers.insert(id.to_string(), n);
        n
    }

    fn people(&mut self, mut table: Table<'_>, report: &mut ImportReport) -> Result<()> {
        while let Some(row) = table.next_row() {
            let row = match row {
                Ok(row) => row,
                Err(problem) => {
                    self.problems.push(problem);
                    continue;
                }
            };
            let parsed = match PersonRow::parse(&table, &row) {
                Ok(p) => p,
                Err(reasons) => {
                    for reason in reasons {
                        self.problems.push(table.at(row.line, reason));
                    }
                    if let Some(id) = table.cell(&row, "id").filter(|id| !id.is_empty()) {
                        let n = self.number(id);
                        let entry = &mut self.entries[n];
                        if entry.people_line.is_none() {
                            entry.unwritten = true;
                        }
                    }
                    continue;
                }
            };
            let n = self.number(&parsed.id);
            if let Some(first) = self.entries[n].people_line {
                self.problems.push(table.at(
                    row.line,
                    format!(
                        "id '{}' is also on line {first}; each person needs their own id",
                        parsed.id
                    ),
                ));
                continue;
            }
            self.entries[n].people_line = Some(row.line);
            match self.write_person(n, &parsed)? {
                Ok(true) => report.people_added += 1,
                Ok(false) => report.people_updated += 1,
                Err(reason) => {
                    self.problems.push(table.at(row.line, reason));
                    self.entries[n].unwritten = true;
                }
            }
        }
        Ok(())
    }

    /// Adds (`Ok(Ok(true))`) or updates (`Ok(Ok(false))`) the person of entry `n`, or
    /// tells why not.
    fn write_person(&mut self, n: usize, row: &PersonRow) -> Result<Result<bool, String>> {
        let entry = &mut self.entries[n];
        // A person of the account is updated; one of our staff only by a row that says so.
        let before = match &entry.known {
            Some(k) if k.on_account || row.side == Side::Ours => entry.stored.take(),
            _ => None,
        };
        let (input, result) = match before {
            Some(before) => {
                let input = row.apply(PersonInput::from(&*before));
                let result = self.tx.change_person(&before, &input).map(|_| false);
                (input, result)
            }
            None => {
                let input = row.apply(PersonInput::default());
                match self.tx.insert_person(self.account_id, &row.id, &input) {
                    Ok(false) => return Ok(Err(self.id_taken(&row.id)?)),
                    result => (input, result),
                }
            }
        };
        match result {
            Ok(added) => {
                let on_account = row.side.is_account_bound();
                self.entries[n].known = Some(Known::new(&input.name, row.side, on_account));
                Ok(Ok(added))
            }
            Err(e) => Ok(Err(row_message(e)?)),
        }
    }

    /// Why a new person cannot have this id: who has it.
    fn id_taken(&self, id: &str) -> Result<String> {
        let conn = self.tx.conn();
        Ok(match store::holder(conn, id)?.flatten() {
            Some(other) => format!(
                "id '{id}' is already used by a person of account {}; give this person another id",
                account_name(conn, &other)?
            ),
            None => format!(
                "id '{id}' is already used by a person of our own team; give this person another id, or set side to ours to update our staff member"
            ),
        })
    }

    /// Checks every line of the file; when no row of either file has a problem, writes
    /// them: a person the file gives another manager loses the old reporting line first,
    /// so that a reorganisation is not taken for a cycle.
    fn relations(&mut self, table: Table<'_>, report: &mut ImportReport) -> Result<()> {
        let lines = self.read_lines(table)?;
        let mut stored = self.stored_lines()?;

        let mut manager = vec![None; self.entries.len()];
        for &(kind, from, to) in stored.keys() {
            if kind == RelationKind::ReportsTo {
                manager[from] = Some(to);
            }
        }
        let mut cleared = Vec::new();
        for l in lines.iter().filter(|l| l.kind == RelationKind::ReportsTo) {
            if let Some(old) = manager[l.from].filter(|&m| m != l.to) {
                manager[l.from] = None;
                if let Some(line) = stored.remove(&(RelationKind::ReportsTo, l.from, old)) {
                    cleared.push(line.id);
                }
            }
        }

        let mut chart = Chart::new(manager);
        let mut writes = Vec::with_capacity(lines.len());
        for (i, l) in lines.iter().enumerate() {
            if let Some(line) = stored.remove(&(l.kind, l.from, l.to)) {
                writes.push(Write::Update(i, line));
                continue;
            }
            let ends = [l.from, l.to].map(|n| self.entries[n].known.as_ref());
            let [Some(from), Some(to)] = ends else {
                continue; // reported by read_lines
            };
            let mut problem = store::check_line(l.kind, &from.end(), &to.end()).err();
            if problem.is_none() && l.kind == RelationKind::ReportsTo {
                if let Err(chain) = chart.join(l.from, l.to) {
                    let names = capped_names(&chain, |n| self.name(n));
                    problem = Some(Error::ReportingCycle { names });
                }
            }
            match problem {
                Some(e) => {
                    let reason = row_message(e)?;
                    self.problems.push(Problem {
                        file: RELATIONS_FILE,
                        line: l.line,
                        reason,
                    });
                }
                None => writes.push(Write::Add(i)),
            }
        }
        if !self.problems.is_empty() {
            return Ok(()); // nothing is kept
        }

        for id in cleared {
            self.tx.delete_relation(&id)?;
        }
        for write in writes {
            match write {
                Write::Update(i, line) => {
                    let l = &lines[i];
                    let strength = l.strength.unwrap_or(line.strength);
                    let sign = l.sign.unwrap_or(line.sign);
                    let note = l.note.as_deref().unwrap_or(&line.note);
                    if (strength, sign, note) != (line.strength, line.sign, &line.note) {
                        self.tx.update_relation(&line.id, strength, sign, note)?;
                    }
                    report.lines_updated += 1;
                }
                Write::Add(i) => {
                    let l = &lines[i];
                    let input = RelationInput {
                        kind: l.kind,
                        from: self.entries[l.from].id.clone(),
                        to: self.entries[l.to].id.clone(),
                        strength: l.strength,
                        sign: l.sign,
                        note: l.note.clone().unwrap_or_default(),
                    };
                    self.tx.insert_relation(self.account_id, &input)?;
                    report.lines_added += 1;
                }
            }
        }
        Ok(())
    }

    fn name(&self, n: usize) -> String {
        let entry = &self.entries[n];
        entry
            .known
            .as_ref()
            .map_or_else(|| entry.id.clone(), |k| k.name.clone())
    }

    /// Reads the relations file and checks each row on its own: its cells, its ends, and
    /// that it repeats no earlier row. Returns the rows without a problem.
    fn read_lines(&mut self, mut table: Table<'_>) -> Result<Vec<Line>> {
        let mut lines = Vec::new();
        let mut seen: HashMap<(RelationKind, usize, usize), u64> = HashMap::new();
        let mut manager: HashMap<usize, (usize, u64)> = HashMap::new();
        while let Some(row) = table.next_row() {
            let row = match row {
                Ok(row) => row,
                Err(problem) => {
                    self.problems.push(problem);
                    continue;
                }
            };
            let p = match RelationRow::parse(&table, &row) {
                Ok(p) => p,
                Err(reasons) => {
                    for reason in reasons {
                        self.problems.push(table.at(row.line, reason));
                    }
                    continue;
                }
            };
            let (from, to) = (self.number(&p.from), self.number(&p.to));
            let mut reasons = Vec::new();
            let mut skip = false;
            for (end, n) in [("from", from), ("to", to)] {
                match self.end_problem(end, n)? {
                    Some(reason) if reason.is_empty() => skip = true,
                    Some(reason) => reasons.push(reason),
                    None => {}
                }
            }
            if let Some(first) = seen.get(&(p.kind, from, to)) {
                reasons.push(format!(
                    "the same {} line from '{}' to '{}' is also on line {first}",
                    p.kind, p.from, p.to
                ));
            } else {
                seen.insert((p.kind, from, to), row.line);
            }
            if p.kind == RelationKind::ReportsTo {
                match manager.get(&from) {
                    Some(&(other, first)) if other != to => reasons.push(format!(
                        "'{}' already reports to '{}' on line {first}; a person has one manager (use dotted_line for another)",
                        p.from, self.entries[other].id
                    )),
                    Some(_) => {}
                    None => {
                        manager.insert(from, (to, row.line));
                    }
                }
            }
            if reasons.is_empty() && !skip {
                lines.push(Line {
                    line: row.line,
                    kind: p.kind,
                    from,
                    to,
                    strength: p.strength,
                    sign: p.sign,
                    note: p.note,
                });
            }
            for reason in reasons {
                self.problems.push(table.at(row.line, reason));
            }
        }
        Ok(lines)
    }

    /// Why a line cannot end at entry `n` (`Some("")` for a person whose row failed:
    /// already reported), or `None` when it can.
    fn end_problem(&self, end: &str, n: usize) -> Result<Option<String>> {
        let entry = &self.entries[n];
        if entry.unwritten {
            return Ok(Some(String::new()));
        }
        if entry.known.is_some() {
            return Ok(None);
        }
        let id = &entry.id;
        let conn = self.tx.conn();
        Ok(Some(match store::holder(conn, id)?.flatten() {
            Some(other) => format!(
                "{end} '{id}' is a person of account {}; a line joins people of this account or our own staff",
                account_name(conn, &other)?
            ),
            None => format!(
                "{end} '{id}' is not in {PEOPLE_FILE}, on this account or among our own staff"
            ),
        }))
    }

    /// The lines on the account, by kind and ends: of equal lines, the oldest, the one a
    /// re-import updates (as [`Tx::find_relation`] finds it).
    fn stored_lines(&self) -> Result<HashMap<(RelationKind, usize, usize), StoredLine>> {
        let mut out: HashMap<_, StoredLine> = HashMap::new();
        store::each_on_account(self.tx.conn(), self.account_id, |r, created_at| {
            let (Some(&from), Some(&to)) = (self.numbers.get(&r.from), self.numbers.get(&r.to))
            else {
                return Ok(()); // not a person of the account: no line of the file is it
            };
            let line = StoredLine {
                id: r.id,
                created_at,
                strength: r.strength,
                sign: r.sign,
                note: r.note,
            };
            match out.entry((r.kind, from, to)) {
                Slot::Occupied(mut e) => {
                    if (&line.created_at, &line.id) < (&e.get().created_at, &e.get().id) {
                        e.insert(line);
                    }
                }
                Slot::Vacant(e) => {
                    e.insert(line);
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// The names of a reporting cycle for its message: at most 20, the first again at the
/// end, with how many were left out.
fn capped_names(chain: &[usize], name: impl Fn(usize) -> String) -> Vec<String> {
    const SHOWN: usize = 20;
    let mut names: Vec<String> = chain.iter().take(SHOWN).map(|&n| name(n)).collect();
    if chain.len() > SHOWN {
        names.push(format!("… {} more", chain.len() - SHOWN));
        names.push(name(chain[0]));
    }
    names
}

/// The reporting lines as a forest (every person has at most one manager), with the trees
/// kept as disjoint sets, so that whether a new line closes a cycle takes near-constant
/// time rather than a walk up the chart.
struct Chart {
    manager: Vec<Option<usize>>,
    /// Union-find over the trees: a person's parent in their set, and each root's size.
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Chart {
    fn new(manager: Vec<Option<usize>>) -> Self {
        let n = manager.len();
        let mut chart = Chart {
            parent: (0..n).collect(),
            size: vec![1; n],
            manager: Vec::new(),
        };
        for (person, m) in manager.iter().enumerate() {
            if let Some(m) = *m {
                chart.union(person, m);
            }
        }
        chart.manager = manager;
        chart
    }

    fn root(&mut self, mut n: usize) -> usize {
        while self.parent[n] != n {
            self.parent[n] = self.parent[self.parent[n]];
            n = self.parent[n];
        }
        n
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            let (small, big) = if self.size[a] < self.size[b] {
                (a, b)
            } else {
                (b, a)
            };
            self.parent[small] = big;
            self.size[big] += self.size[small];
        }
    }

    /// Adds "`from` reports to `to`" for a `from` without a manager, or returns the
    /// people of the cycle it would close: `from`, `to`, `to`'s managers up to `from`.
    fn join(&mut self, from: usize, to: usize) -> Result<(), Vec<usize>> {
        if self.root(from) == self.root(to) {
            // `from` heads its tree, and `to` is in it: `to` is below `from`.
            let mut chain = vec![from, to];
            let mut at = to;
            while let Some(m) = self.manager[at] {
                chain.push(m);
                if m == from {
                    return Err(chain);
                }
                if chain.len() > self.manager.len() {
                    break; // an older cycle above; not this line's doing
                }
                at = m;
            }
        }
        self.union(from, to);
        self.manager[from] = Some(to);
        Ok(())
    }
}
