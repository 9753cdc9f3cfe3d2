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

mod rows;
mod table;

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::{AccountInput, PersonInput, Ratings, RelationInput, RelationKind, Side};
use crate::store::{Tx, Workspace};
use rows::{PersonRow, RelationRow};
use table::{Problem, Table};

/// The name people-file rows are reported under.
pub const PEOPLE_FILE: &str = "people.csv";
/// The name relations-file rows are reported under.
pub const RELATIONS_FILE: &str = "relations.csv";

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
        Error::Sqlite(_) | Error::Io(_) => Err(e),
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
        return Err(Error::invalid(
            "account",
            "give the name of the account to import into",
        ));
    }
    let mut problems = Problems::default();
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

    ws.write_step("import", |tx| {
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
        let mut importer = Importer {
            tx,
            account_id: &account.id,
            problems,
            unwritten: HashSet::new(),
        };
        importer.people(people, &mut report)?;
        if let (Some(first), Some(bytes)) = (relations, relations_csv) {
            // Read twice: the first pass checks every row and clears managers that the
            // file changes, so that the second pass, which writes, meets no cycle that
            // only the old org chart had.
            let bad = importer.check_relations(first)?;
            let second = Table::open(
                RELATIONS_FILE,
                bytes,
                &["from", "to", "kind"],
                RELATIONS_EXAMPLE,
            )
            .map_err(|e| Error::ImportRejected {
                rows: e.iter().map(|p| p.to_string()).collect(),
            })?;
            importer.write_relations(second, &bad, &mut report)?;
        }
        if !importer.problems.is_empty() {
            return Err(importer.problems.into_error());
        }
        Ok(report)
    })
}

/// Where a person id is held: `None` if nobody has it, `Some(None)` for our own staff,
/// `Some(Some(account))` for a person of an account.
fn holder(conn: &Connection, id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row("SELECT account_id FROM person WHERE id = ?1", [id], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?)
}

fn account_name(conn: &Connection, account_id: &str) -> Result<String> {
    Ok(conn.query_row(
        "SELECT name FROM account WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )?)
}

/// The stored fields of a person, as a [`PersonInput`] a re-import starts from.
fn stored_person(conn: &Connection, id: &str) -> Result<PersonInput> {
    Ok(conn.query_row(
        "SELECT side, name, reading, title, department, level, email, phone, notes, roles,
                influence, key_person, intimacy, solution, price
         FROM person WHERE id = ?1",
        [id],
        |r| {
            let side: String = r.get(0)?;
            let roles: String = r.get(9)?;
            let influence: Option<String> = r.get(10)?;
            Ok(PersonInput {
                id: Some(id.to_string()),
                side: side.parse().ok(),
                name: r.get(1)?,
                reading: r.get(2)?,
                title: r.get(3)?,
                department: r.get(4)?,
                level: r.get(5)?,
                email: r.get(6)?,
                phone: r.get(7)?,
                notes: r.get(8)?,
                roles: roles.split(';').filter_map(|s| s.parse().ok()).collect(),
                influence: influence.and_then(|s| s.parse().ok()),
                key_person: r.get(11)?,
                ratings: Ratings {
                    intimacy: r.get(12)?,
                    solution: r.get(13)?,
                    price: r.get(14)?,
                },
            })
        },
    )?)
}

struct Importer<'t, 'c> {
    tx: &'t Tx<'c>,
    account_id: &'t str,
    problems: Problems,
    /// Ids of people-file rows that were not written (their problem is reported); lines
    /// to them are skipped without a second message.
    unwritten: HashSet<String>,
}

impl Importer<'_, '_> {
    fn people(&mut self, mut table: Table<'_>, report: &mut ImportReport) -> Result<()> {
        let mut first_line: HashMap<String, u64> = HashMap::new();
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
                        if !first_line.contains_key(id) {
                            self.unwritten.insert(id.to_string());
                        }
                    }
                    continue;
                }
            };
            if let Some(first) = first_line.get(&parsed.id) {
                self.problems.push(table.at(
                    row.line,
                    format!(
                        "id '{}' is also on line {first}; each person needs their own id",
                        parsed.id
                    ),
                ));
                continue;
            }
            first_line.insert(parsed.id.clone(), row.line);
            match self.write_person(&parsed)? {
                Ok(true) => report.people_added += 1,
                Ok(false) => report.people_updated += 1,
                Err(reason) => {
                    self.problems.push(table.at(row.line, reason));
                    self.unwritten.insert(parsed.id.clone());
                }
            }
        }
        Ok(())
    }

    /// Adds (`Ok(Ok(true))`) or updates (`Ok(Ok(false))`) one person, or tells why not.
    fn write_person(&self, row: &PersonRow) -> Result<Result<bool, String>> {
        let conn = self.tx.conn();
        let update = match holder(conn, &row.id)? {
            None => false,
            Some(Some(a)) if a == self.account_id => true,
            Some(None) if row.side == Side::Ours => true,
            Some(None) => {
                return Ok(Err(format!(
                    "id '{}' is already used by a person of our own team; give this person another id, or set side to ours to update our staff member",
                    row.id
                )))
            }
            Some(Some(other)) => {
                return Ok(Err(format!(
                    "id '{}' is already used by a person of account {}; give this person another id",
                    row.id,
                    account_name(conn, &other)?
                )))
            }
        };
        let result = if update {
            let stored = stored_person(conn, &row.id)?;
            self.tx.update_person(&row.id, &row.apply(stored))
        } else {
            self.tx
                .add_person(self.account_id, &row.apply(PersonInput::default()))
        };
        match result {
            Ok(_) => Ok(Ok(!update)),
            Err(e) => Ok(Err(row_message(e)?)),
        }
    }

    /// Why a line cannot end at `id` (`Some("")` for a person whose row failed: already
    /// reported), or `None` when it can.
    fn end_problem(&self, end: &str, id: &str) -> Result<Option<String>> {
        if self.unwritten.contains(id) {
            return Ok(Some(String::new()));
        }
        match holder(self.tx.conn(), id)? {
            Some(None) => Ok(None),
            Some(Some(a)) if a == self.account_id => Ok(None),
            Some(Some(other)) => Ok(Some(format!(
                "{end} '{id}' is a person of account {}; a line joins people of this account or our own staff",
                account_name(self.tx.conn(), &other)?
            ))),
            None => Ok(Some(format!(
                "{end} '{id}' is not in {PEOPLE_FILE}, on this account or among our own staff"
            ))),
        }
    }

    /// First pass over the lines: checks every row, reports its problems, and clears the
    /// current manager of each person the file gives another one. Returns the lines of the
    /// rows not to write.
    fn check_relations(&mut self, mut table: Table<'_>) -> Result<HashSet<u64>> {
        let mut bad = HashSet::new();
        let mut seen: HashMap<(RelationKind, String, String), u64> = HashMap::new();
        let mut manager: HashMap<String, (String, u64)> = HashMap::new();
        while let Some(row) = table.next_row() {
            let row = match row {
                Ok(row) => row,
                Err(problem) => {
                    self.problems.push(problem);
                    continue;
                }
            };
            let mut reasons = Vec::new();
            let parsed = match RelationRow::parse(&table, &row) {
                Ok(p) => Some(p),
                Err(r) => {
                    reasons = r;
                    None
                }
            };
            if let Some(p) = &parsed {
                for (end, id) in [("from", &p.from), ("to", &p.to)] {
                    if let Some(reason) = self.end_problem(end, id)? {
                        reasons.push(reason);
                    }
                }
                let key = (p.kind, p.from.clone(), p.to.clone());
                if let Some(first) = seen.get(&key) {
                    reasons.push(format!(
                        "the same {} line from '{}' to '{}' is also on line {first}",
                        p.kind, p.from, p.to
                    ));
                } else {
                    seen.insert(key, row.line);
                }
                if p.kind == RelationKind::ReportsTo {
                    match manager.get(&p.from) {
                        Some((to, first)) if to != &p.to => reasons.push(format!(
                            "'{}' already reports to '{to}' on line {first}; a person has one manager (use dotted_line for another)",
                            p.from
                        )),
                        Some(_) => {}
                        None => {
                            manager.insert(p.from.clone(), (p.to.clone(), row.line));
                        }
                    }
                }
            }
            if reasons.is_empty() {
                let p = parsed.as_ref().expect("parsed when no reasons");
                if p.kind == RelationKind::ReportsTo {
                    let current =
                        crate::store::manager_of(self.tx.conn(), self.account_id, &p.from)?;
                    if current.is_some_and(|m| m != p.to) {
                        self.tx.set_manager(self.account_id, &p.from, None)?;
                    }
                }
            } else {
                bad.insert(row.line);
                for reason in reasons.into_iter().filter(|r| !r.is_empty()) {
                    self.problems.push(table.at(row.line, reason));
                }
            }
        }
        Ok(bad)
    }

    /// Second pass: adds or updates the lines of the good rows.
    fn write_relations(
        &mut self,
        mut table: Table<'_>,
        bad: &HashSet<u64>,
        report: &mut ImportReport,
    ) -> Result<()> {
        while let Some(row) = table.next_row() {
            let Ok(row) = row else { continue };
            if bad.contains(&row.line) {
                continue;
            }
            let Ok(p) = RelationRow::parse(&table, &row) else {
                continue;
            };
            let result = match self
                .tx
                .find_relation(self.account_id, p.kind, &p.from, &p.to)?
            {
                Some(existing) => self
                    .tx
                    .update_relation(
                        &existing.id,
                        p.strength.unwrap_or(existing.strength),
                        p.sign.unwrap_or(existing.sign),
                        p.note.as_deref().unwrap_or(&existing.note),
                    )
                    .map(|_| false),
                None => self
                    .tx
                    .add_relation(
                        self.account_id,
                        &RelationInput {
                            kind: p.kind,
                            from: p.from.clone(),
                            to: p.to.clone(),
                            strength: p.strength,
                            sign: p.sign,
                            note: p.note.clone().unwrap_or_default(),
                        },
                    )
                    .map(|_| true),
            };
            match result {
                Ok(true) => report.lines_added += 1,
                Ok(false) => report.lines_updated += 1,
                Err(e) => {
                    let reason = row_message(e)?;
                    self.problems.push(table.at(row.line, reason));
                }
            }
        }
        Ok(())
    }
}
