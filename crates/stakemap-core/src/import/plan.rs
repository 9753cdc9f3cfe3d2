//! The spreadsheet and vCard import: a [`plan_import`] that shows the user what would
//! happen, without writing, and an [`apply_import`] that does it in one transaction (one
//! undo step).
//!
//! Each record of the file (a sheet row read through the column mapping, or a vCard) is
//! matched to a person already on the account: by the id it had in the file (kept in
//! `person_source` by an earlier import), or by person id (a re-import of our own
//! export); then, if asked, by e-mail (case-insensitive) and by name (normalised, see
//! [`name_key`]); a record without an id (a business card, a vCard without UID) is always
//! looked for by e-mail and name, since nothing else finds it again. A name or e-mail
//! that fits several stored people matches nobody (a warning says so). A matched person is updated with what the file says; an empty cell
//! never erases what is stored. Everybody else is added with a new id.
//!
//! Managers are found by manager id (among the file's ids, then the account's source ids
//! and person ids) or by manager name (among the file's people and the account's). A name
//! that fits nobody is listed in `unmatched_managers`; a name that fits several people is
//! an [`Ambiguity`] the user settles with a [`ManagerResolution`], naming one of its
//! candidates by [`Candidate::key`]. A reporting line the file gives replaces the
//! person's manager; a record without one keeps the stored manager.
//!
//! Rows that cannot be imported are listed in `rejected`, each with its line and what to
//! fix: no name, a bad rating, side, role, key, influence or level, an id over 200
//! characters, an id used twice (an organogram's job shares are not rejected: the second
//! holder of a post gets the source id `POST#2`), two rows for one stored person, and
//! reporting lines that would make a cycle. [`apply_import`] skips them.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{
    AccountInput, InfluenceLevel, PersonInput, RatingKind, Ratings, RelationInput, RelationKind,
    Role, Side,
};
use crate::store::{self, new_id, Tx, Workspace};

use super::mapping::{guess, name_key, preset_mapping, Field, ImportRecord, Preset};
use super::sheet::{detect_kind, read_sheet, SheetKind, SheetRow};
use super::vcard::read_vcards;

/// Lists of a plan hold at most this many entries; the `_count` fields count them all.
pub const MAX_LISTED: usize = 500;
const PREVIEW_ROWS: usize = 20;
const MAX_CANDIDATES: usize = 50;
const PROGRESS_EVERY: u32 = 500;
/// SQLite's page cache during an import (negative: KiB), 64 MiB.
const IMPORT_CACHE_KIB: i64 = -65536;

/// How records are matched to stored people besides their id (always on).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOptions {
    /// Match a record to the one stored person with the same e-mail (case-insensitive).
    pub match_email: bool,
    /// Match a record to the one stored person with the same normalised name.
    pub match_name: bool,
}

/// The user's choice of manager for one line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ManagerResolution {
    pub line: u32,
    /// A [`Candidate::key`] of the plan (`line:12` for the person on line 12 of the file,
    /// `person:ID` for a stored person), or `None` for no manager.
    pub manager: Option<String>,
}

/// A file to import and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportSource {
    /// The file's name (its extension helps to tell its kind); used in messages.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The preset whose rules apply (organogram: a post without a name is named by its
    /// title, manager `XX` is nobody, job shares). `None`: guessed from the header.
    #[serde(default)]
    pub preset: Option<Preset>,
    /// One field per column. `None`: the preset's mapping (guessed or given).
    #[serde(default)]
    pub mapping: Option<Vec<Field>>,
    #[serde(default)]
    pub options: ImportOptions,
    #[serde(default)]
    pub resolutions: Vec<ManagerResolution>,
}

impl ImportSource {
    /// A file with everything guessed and only id matching.
    pub fn new(file_name: impl Into<String>, bytes: Vec<u8>) -> Self {
        ImportSource {
            file_name: file_name.into(),
            bytes,
            preset: None,
            mapping: None,
            options: ImportOptions::default(),
            resolutions: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannedPerson {
    pub line: u32,
    pub name: String,
    pub title: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    /// `name`, `title`, …, or `manager`.
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonChange {
    pub line: u32,
    pub person_id: String,
    pub name: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowProblem {
    pub line: u32,
    pub reason: String,
}

/// A person a manager name could mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Candidate {
    /// What a [`ManagerResolution`] names: `line:N` or `person:ID`.
    pub key: String,
    pub name: String,
    pub title: String,
    pub department: String,
    /// The candidate's line in the file; `None` for a stored person not in the file.
    pub line: Option<u32>,
}

/// A manager name that fits several people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ambiguity {
    pub line: u32,
    /// The person whose manager it is.
    pub name: String,
    pub manager_text: String,
    pub candidates: Vec<Candidate>,
}

/// What an import would do. Lists hold at most [`MAX_LISTED`] entries; the `_count`
/// fields count them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPlan {
    pub file_name: String,
    pub account_name: String,
    /// False when the import creates the account.
    pub account_exists: bool,
    pub kind: SheetKind,
    pub encoding: String,
    /// The preset applied; `None` for a vCard file.
    pub preset: Option<Preset>,
    /// One field per column.
    pub mapping: Vec<Field>,
    /// The header's column names (for a vCard file: the fields read).
    pub columns: Vec<String>,
    /// The header's line (0 for a vCard file).
    pub header_line: u32,
    /// The first rows, as read.
    pub preview_rows: Vec<SheetRow>,
    pub total_records: u32,
    pub added: Vec<PlannedPerson>,
    pub added_count: u32,
    pub updated: Vec<PersonChange>,
    pub updated_count: u32,
    pub unchanged: u32,
    pub rejected: Vec<RowProblem>,
    pub rejected_count: u32,
    pub ambiguous: Vec<Ambiguity>,
    pub ambiguous_count: u32,
    pub unmatched_managers: Vec<RowProblem>,
    pub unmatched_managers_count: u32,
    pub reporting_added: u32,
    pub reporting_changed: u32,
    pub warnings: Vec<String>,
}

/// What [`apply_import`] did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetImportReport {
    pub account_id: String,
    pub account_name: String,
    pub account_created: bool,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Rejected rows, not written.
    pub skipped: u32,
    pub lines_added: u32,
    pub lines_changed: u32,
}

/// Plans the import of a file into the account named `account_name` (which need not
/// exist yet). Writes nothing.
pub fn plan_import(
    ws: &Workspace,
    account_name: &str,
    source: &ImportSource,
) -> Result<ImportPlan> {
    let account_name = checked_account_name(account_name)?;
    let planned = plan_records(ws.conn(), account_name, source)?;
    Ok(planned.plan(source, account_name))
}

/// Imports a file as [`plan_import`] plans it, in one transaction and one undo step
/// ("import"): creates the account if missing, adds and updates people, sets reporting
/// lines, and skips the rejected rows. `progress(done, total)` is called every few hundred
/// records.
pub fn apply_import(
    ws: &mut Workspace,
    account_name: &str,
    source: &ImportSource,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<SheetImportReport> {
    let account_name = checked_account_name(account_name)?;
    // A big import touches more pages than SQLite's default cache (2 MiB) holds; spilling
    // them to the log mid-transaction costs more than the writing. The cache grows for
    // the import only.
    let cache = store::import::cache_size(ws.conn())?;
    store::import::set_cache_size(ws.conn(), IMPORT_CACHE_KIB)?;
    let result = ws.write_step("import", |tx| {
        let planned = plan_records(tx.conn(), account_name, source)?;
        let (account_id, account_created) = match &planned.existing.account_id {
            Some(id) => (id.clone(), false),
            None => {
                let account = tx.create_account(&AccountInput {
                    name: account_name.to_string(),
                    ..Default::default()
                })?;
                (account.id, true)
            }
        };
        let mut report = SheetImportReport {
            account_id: account_id.clone(),
            account_name: planned.existing.account_name.clone(),
            account_created,
            added: 0,
            updated: 0,
            unchanged: 0,
            skipped: 0,
            lines_added: 0,
            lines_changed: 0,
        };
        if account_created {
            report.account_name = account_name.to_string();
        }
        write(tx, &account_id, &planned, &mut report, progress)?;
        Ok(report)
    });
    store::import::set_cache_size(ws.conn(), cache)?;
    result
}

fn checked_account_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "account",
            "give the name of the account to import into",
        ));
    }
    Ok(name)
}

// ---------------------------------------------------------------------------------------
// Reading the file

/// The fields a vCard gives, shown as the columns of a vCard file.
const VCARD_FIELDS: &[Field] = &[
    Field::Id,
    Field::Name,
    Field::Reading,
    Field::Title,
    Field::Department,
    Field::Company,
    Field::Email,
    Field::Phone,
    Field::ManagerId,
    Field::ManagerName,
    Field::Notes,
];

struct Loaded {
    kind: SheetKind,
    encoding: String,
    preset: Option<Preset>,
    mapping: Vec<Field>,
    columns: Vec<String>,
    header_line: u32,
    preview: Vec<SheetRow>,
    records: Vec<ImportRecord>,
    /// A problem of the row itself (too many cells), by record.
    row_problems: Vec<Option<String>>,
    warnings: Vec<String>,
}

fn vcard_cell(record: &ImportRecord, field: Field) -> String {
    match field {
        Field::Name => record.full_name(),
        Field::Reading => record.full_reading(),
        other => record.get(other).to_string(),
    }
}

fn load(source: &ImportSource) -> Result<Loaded> {
    let name = &source.file_name;
    let kind = detect_kind(name, &source.bytes)?;
    if kind == SheetKind::Vcard {
        let file = read_vcards(name, &source.bytes)?;
        let preview = file
            .records
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| SheetRow {
                line: r.line,
                cells: VCARD_FIELDS.iter().map(|f| vcard_cell(r, *f)).collect(),
            })
            .collect();
        let n = file.records.len();
        return Ok(Loaded {
            kind,
            encoding: file.encoding,
            preset: None,
            mapping: VCARD_FIELDS.to_vec(),
            columns: VCARD_FIELDS
                .iter()
                .map(|f| f.as_str().to_string())
                .collect(),
            header_line: 0,
            preview,
            records: file.records,
            row_problems: vec![None; n],
            warnings: Vec::new(),
        });
    }
    let sheet = read_sheet(name, &source.bytes)?;
    let (preset, mapping) = match (source.preset, &source.mapping) {
        (preset, Some(mapping)) => {
            if mapping.len() != sheet.columns.len() {
                return Err(Error::invalid(
                    "mapping",
                    format!(
                        "it has {} fields but the header of {name} has {} columns; give one field per column (ignore for a column to leave out)",
                        mapping.len(),
                        sheet.columns.len()
                    ),
                ));
            }
            let preset = preset.unwrap_or_else(|| guess(&sheet.columns).0);
            (preset, mapping.clone())
        }
        (Some(preset), None) => (preset, preset_mapping(preset, &sheet.columns)),
        (None, None) => guess(&sheet.columns),
    };
    let mut warnings = Vec::new();
    let has = |f: Field| mapping.contains(&f);
    let names_by_title = preset == Preset::Organogram && has(Field::Title);
    if !has(Field::Name) && !has(Field::FamilyName) && !has(Field::GivenName) && !names_by_title {
        warnings.push(format!(
            "no column is mapped to the name (or to family and given name); choose the column of {name} that holds the names"
        ));
    }
    let width = sheet.columns.len();
    let mut records = Vec::with_capacity(sheet.rows.len());
    let mut row_problems = Vec::with_capacity(sheet.rows.len());
    // Cells right of the last named column: in a CSV file most likely a delimiter that
    // should have been quoted, which shifts the row (rejected); in a workbook a note
    // beside the table (left out, with a warning).
    let mut wide: Vec<u32> = Vec::new();
    for row in &sheet.rows {
        records.push(ImportRecord::from_row(row, &sheet.columns, &mapping));
        let too_wide = row.cells.len() > width;
        if too_wide && sheet.kind == SheetKind::Xlsx {
            wide.push(row.line);
        }
        row_problems.push((too_wide && sheet.kind != SheetKind::Xlsx).then(|| {
            format!(
                "the row has {} cells but the header has {width}; a cell that holds a comma (or the file's delimiter) must be in double quotes",
                row.cells.len()
            )
        }));
    }
    if let Some(first) = wide.first() {
        let others = match wide.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more rows)"),
        };
        warnings.push(format!(
            "row {first}{others} has cells right of the last named column; they are not imported (name the column in the header row to import it)"
        ));
    }
    Ok(Loaded {
        kind: sheet.kind,
        encoding: sheet.encoding,
        preset: Some(preset),
        mapping,
        columns: sheet.columns,
        header_line: sheet.header_line,
        preview: sheet.rows.into_iter().take(PREVIEW_ROWS).collect(),
        records,
        row_problems,
        warnings,
    })
}

// ---------------------------------------------------------------------------------------
// The account as stored

struct Stored {
    id: String,
    input: PersonInput,
    manager: Option<String>,
}

struct Existing {
    account_id: Option<String>,
    account_name: String,
    people: Vec<Stored>,
    /// Person id → index in `people`.
    index: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
    by_email: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Existing {
    fn load(conn: &Connection, account_name: &str) -> Result<Existing> {
        let account = store::import::account_by_name(conn, account_name)?;
        let mut existing = Existing {
            account_id: account.as_ref().map(|a| a.id.clone()),
            account_name: account.map_or_else(|| account_name.to_string(), |a| a.name),
            people: Vec::new(),
            index: HashMap::new(),
            by_source: HashMap::new(),
            by_email: HashMap::new(),
            by_name: HashMap::new(),
        };
        let Some(account_id) = existing.account_id.clone() else {
            return Ok(existing);
        };
        for p in store::import::people_in_stored_order(conn, &account_id)? {
            let stored = Stored {
                id: p.id,
                input: PersonInput {
                    id: None,
                    side: Some(p.side),
                    name: p.name,
                    reading: p.reading,
                    title: p.title,
                    department: p.department,
                    level: p.level,
                    email: p.email,
                    phone: p.phone,
                    notes: p.notes,
                    roles: p.roles,
                    influence: p.influence,
                    key_person: p.key_person,
                    ratings: p.ratings,
                },
                manager: None,
            };
            let i = existing.people.len();
            existing.index.insert(stored.id.clone(), i);
            let email = stored.input.email.trim().to_lowercase();
            if !email.is_empty() {
                existing.by_email.entry(email).or_default().push(i);
            }
            let key = name_key(&stored.input.name);
            if !key.is_empty() {
                existing.by_name.entry(key).or_default().push(i);
            }
            existing.people.push(stored);
        }
        // A person has at most one reporting line on an account.
        store::each_on_account(conn, &account_id, |r, _| {
            if r.kind != RelationKind::ReportsTo {
                return Ok(());
            }
            if let (Some(&i), true) = (
                existing.index.get(&r.from),
                existing.index.contains_key(&r.to),
            ) {
                existing.people[i].manager = Some(r.to);
            }
            Ok(())
        })?;
        for (source, person) in store::import::source_ids(conn, &account_id)? {
            if let Some(&i) = existing.index.get(&person) {
                existing.by_source.insert(source, i);
            }
        }
        Ok(existing)
    }

    /// The stored person with this source id or person id.
    fn by_id(&self, id: &str) -> Option<usize> {
        self.by_source
            .get(id)
            .or_else(|| self.index.get(id))
            .copied()
    }
}

// ---------------------------------------------------------------------------------------
// Checking a record

/// What a record says about a person; `None` and empty texts say nothing.
struct Patch {
    name: String,
    reading: String,
    title: String,
    department: String,
    email: String,
    phone: String,
    notes: String,
    side: Option<Side>,
    roles: Option<Vec<Role>>,
    key: Option<bool>,
    influence: Option<InfluenceLevel>,
    ratings: [(RatingKind, Option<u8>); 3],
    level: Option<u8>,
}

fn one_of(what: &str, value: &str, allowed: &[&str]) -> String {
    format!("{what} '{value}' is not one of: {}", allowed.join(", "))
}

fn parse_patch(record: &ImportRecord, name: String) -> std::result::Result<Patch, Vec<String>> {
    let mut bad = Vec::new();
    if name.is_empty() {
        bad.push(
            "there is no name; fill in the name (or family and given name) of this person"
                .to_string(),
        );
    }
    let id = record.id.trim();
    if id.chars().count() > 200 {
        bad.push(format!(
            "the id is {} characters long; an id may have at most 200",
            id.chars().count()
        ));
    }
    let side = match record.side.trim() {
        "" => None,
        s => match s.parse::<Side>() {
            Ok(Side::Ours) => {
                bad.push("side 'ours' is for our own staff, who are not imported from a file; use customer, partner, consultant or competitor".to_string());
                None
            }
            Ok(side) => Some(side),
            Err(_) => {
                bad.push(one_of(
                    "side",
                    s,
                    &["customer", "partner", "consultant", "competitor"],
                ));
                None
            }
        },
    };
    let roles = match record.roles.trim() {
        "" => None,
        s => {
            let mut roles = Vec::new();
            for part in s
                .split([';', ',', '/'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match part.replace([' ', '-'], "_").parse::<Role>() {
                    Ok(role) => roles.push(role),
                    Err(_) => bad.push(one_of(
                        "role",
                        part,
                        &Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                    )),
                }
            }
            Some(roles)
        }
    };
    let key = match record.key.trim().to_lowercase().as_str() {
        "" => None,
        "true" | "1" | "yes" | "y" | "x" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => {
            bad.push(one_of(
                "key",
                record.key.trim(),
                &["yes", "no", "true", "false", "1", "0"],
            ));
            None
        }
    };
    let influence = match record.influence.trim() {
        "" => None,
        s => s
            .parse::<InfluenceLevel>()
            .map_err(|_| bad.push(one_of("influence", s, &["high", "medium", "low"])))
            .ok(),
    };
    let ratings = [
        (RatingKind::Intimacy, &record.intimacy),
        (RatingKind::Solution, &record.solution),
        (RatingKind::Price, &record.price),
    ]
    .map(|(kind, text)| {
        let text = text.trim();
        if text.is_empty() {
            return (kind, None);
        }
        match text.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && (1.0..=5.0).contains(&v) => (kind, Some(v as u8)),
            Ok(_) => {
                bad.push(format!(
                    "{kind} {text} is out of range; use 1 to 5, or leave it empty for unknown"
                ));
                (kind, None)
            }
            Err(_) => {
                bad.push(format!(
                    "{kind} '{text}' is not a number; use 1 to 5, or leave it empty for unknown"
                ));
                (kind, None)
            }
        }
    });
    let level = match record.level.trim() {
        "" => None,
        s => match s.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && (1.0..=99.0).contains(&v) => Some(v as u8),
            _ => {
                bad.push(format!("level '{s}' is not a number from 1 (top) to 99"));
                None
            }
        },
    };
    if !bad.is_empty() {
        return Err(bad);
    }
    Ok(Patch {
        name,
        reading: record.full_reading(),
        title: record.title.trim().to_string(),
        department: record.department.trim().to_string(),
        email: record.email.trim().to_string(),
        phone: record.phone.trim().to_string(),
        notes: record.notes.trim().to_string(),
        side,
        roles,
        key,
        influence,
        ratings,
        level,
    })
}

fn sorted_roles(roles: &[Role]) -> Vec<Role> {
    let mut v = roles.to_vec();
    v.sort_unstable_by_key(|r| r.as_str());
    v.dedup();
    v
}

impl Patch {
    /// The patch laid over `base` (the stored person, or the defaults of a new one).
    fn apply(&self, mut base: PersonInput) -> PersonInput {
        let set = |target: &mut String, value: &String| {
            if !value.is_empty() {
                target.clone_from(value);
            }
        };
        set(&mut base.name, &self.name);
        set(&mut base.reading, &self.reading);
        set(&mut base.title, &self.title);
        set(&mut base.department, &self.department);
        set(&mut base.email, &self.email);
        set(&mut base.phone, &self.phone);
        set(&mut base.notes, &self.notes);
        if let Some(side) = self.side {
            base.side = Some(side);
        }
        if base.side.is_none() {
            base.side = Some(Side::Customer);
        }
        if let Some(roles) = &self.roles {
            base.roles = sorted_roles(roles);
        }
        if let Some(key) = self.key {
            base.key_person = key;
        }
        if let Some(influence) = self.influence {
            base.influence = Some(influence);
        }
        for (kind, value) in self.ratings {
            if value.is_some() {
                base.ratings.set(kind, value);
            }
        }
        if self.level.is_some() {
            base.level = self.level;
        }
        base
    }
}

fn roles_text(roles: &[Role]) -> String {
    sorted_roles(roles)
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

fn opt_text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The fields that differ, as the user reads them.
fn diff(before: &PersonInput, after: &PersonInput) -> Vec<FieldChange> {
    let mut out = Vec::new();
    // Texts are compared before anything is allocated: most re-imported people are the
    // same.
    let mut text = |field: &str, b: &str, a: &str| {
        if b != a {
            out.push(FieldChange {
                field: field.to_string(),
                before: b.to_string(),
                after: a.to_string(),
            });
        }
    };
    text("name", &before.name, &after.name);
    text("reading", &before.reading, &after.reading);
    text("title", &before.title, &after.title);
    text("department", &before.department, &after.department);
    text("email", &before.email, &after.email);
    text("phone", &before.phone, &after.phone);
    text("notes", &before.notes, &after.notes);
    if before.side != after.side {
        text("side", &opt_text(before.side), &opt_text(after.side));
    }
    if sorted_roles(&before.roles) != sorted_roles(&after.roles) {
        text(
            "roles",
            &roles_text(&before.roles),
            &roles_text(&after.roles),
        );
    }
    let yes = |b: bool| if b { "yes" } else { "no" };
    text("key", yes(before.key_person), yes(after.key_person));
    if before.influence != after.influence {
        text(
            "influence",
            &opt_text(before.influence),
            &opt_text(after.influence),
        );
    }
    for kind in RatingKind::ALL {
        let (b, a) = (before.ratings.get(*kind), after.ratings.get(*kind));
        if b != a {
            text(kind.as_str(), &opt_text(b), &opt_text(a));
        }
    }
    if before.level != after.level {
        text("level", &opt_text(before.level), &opt_text(after.level));
    }
    out
}

// ---------------------------------------------------------------------------------------
// The plan

/// Who a manager reference points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    /// A record of the file (by index).
    Record(usize),
    /// A stored person (by index into [`Existing::people`]).
    Person(usize),
}

struct Item {
    record: ImportRecord,
    /// The id the person had in the file (job shares suffixed `#2`…); may be empty.
    source_id: String,
    name: String,
    rejected: Option<String>,
    matched: Option<usize>,
    after: PersonInput,
    changes: Vec<FieldChange>,
    manager: Option<Target>,
    /// The manager as finally planned (after cycles and rejected rows).
    final_manager: Option<Node>,
    /// The final manager differs from the stored one (or there was none).
    line_change: Option<LineChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineChange {
    Added,
    Changed,
}

/// A person of the account as it will be after the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Node {
    Stored(usize),
    New(usize),
}

struct Planned {
    loaded: Loaded,
    existing: Existing,
    items: Vec<Item>,
    ambiguous: Vec<Ambiguity>,
    unmatched: Vec<RowProblem>,
    warnings: Vec<String>,
}

fn organogram_name(name: String, title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        return name;
    }
    match name.trim().to_lowercase().as_str() {
        "" => title.to_string(),
        "vacant" | "vacant post" => format!("{title} (vacant)"),
        "n/d" | "n/a" | "not disclosed" => format!("{title} (name not disclosed)"),
        _ => name,
    }
}

fn candidate_key_line(line: u32) -> String {
    format!("line:{line}")
}

fn candidate_key_person(id: &str) -> String {
    format!("person:{id}")
}

/// Finds the cycles of a graph in which every node has at most one successor (each
/// person has at most one manager). Each cycle is listed from one of its nodes along the
/// reporting lines.
fn find_cycles(next: &HashMap<Node, Node>) -> Vec<Vec<Node>> {
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state: HashMap<Node, u8> = HashMap::with_capacity(next.len());
    let mut starts: Vec<Node> = next.keys().copied().collect();
    starts.sort_unstable();
    let mut cycles = Vec::new();
    let mut path: Vec<Node> = Vec::new();
    let mut position: HashMap<Node, usize> = HashMap::new();
    for start in starts {
        if state.contains_key(&start) {
            continue;
        }
        path.clear();
        position.clear();
        let mut node = start;
        loop {
            if let Some(&s) = state.get(&node) {
                if s == ON_PATH {
                    cycles.push(path[position[&node]..].to_vec());
                }
                break;
            }
            state.insert(node, ON_PATH);
            position.insert(node, path.len());
            path.push(node);
            match next.get(&node) {
                Some(&m) => node = m,
                None => break,
            }
        }
        for n in &path {
            state.insert(*n, DONE);
        }
    }
    cycles
}

/// The one stored person among same-named `many` that is not matched yet, narrowed by
/// department and then by title when there are several; else how many there are.
fn narrow(
    existing: &Existing,
    many: &[usize],
    claimed: &HashMap<usize, usize>,
    record: &ImportRecord,
) -> std::result::Result<usize, usize> {
    let mut left: Vec<usize> = many
        .iter()
        .copied()
        .filter(|e| !claimed.contains_key(e))
        .collect();
    let same = |a: &str, b: &str| name_key(a) == name_key(b);
    for (text, stored) in [
        (
            &record.department,
            (|p: &PersonInput| p.department.clone()) as fn(&PersonInput) -> String,
        ),
        (&record.title, |p: &PersonInput| p.title.clone()),
    ] {
        if left.len() > 1 && !text.trim().is_empty() {
            let narrowed: Vec<usize> = left
                .iter()
                .copied()
                .filter(|&e| same(&stored(&existing.people[e].input), text))
                .collect();
            if !narrowed.is_empty() {
                left = narrowed;
            }
        }
    }
    match left.as_slice() {
        [e] => Ok(*e),
        _ => Err(left.len().max(many.len())),
    }
}

struct Planner<'a> {
    existing: &'a Existing,
    items: Vec<Item>,
    /// Stored person → the record matched to it.
    claimed: HashMap<usize, usize>,
}

impl Planner<'_> {
    fn node_of(&self, i: usize) -> Node {
        match self.items[i].matched {
            Some(e) => Node::Stored(e),
            None => Node::New(i),
        }
    }

    /// A stored person, or the record matched to them.
    fn stored_target(&self, e: usize) -> Target {
        match self.claimed.get(&e) {
            Some(&i) => Target::Record(i),
            None => Target::Person(e),
        }
    }

    /// Where a manager reference ends up: `None` for a rejected row that is nobody
    /// stored.
    fn target_node(&self, t: Target) -> Option<Node> {
        match t {
            Target::Person(e) => Some(Node::Stored(e)),
            Target::Record(j) if self.items[j].rejected.is_none() => Some(self.node_of(j)),
            Target::Record(j) => self.items[j]
                .matched
                .or_else(|| {
                    let id = &self.items[j].source_id;
                    (!id.is_empty()).then(|| self.existing.by_id(id)).flatten()
                })
                .map(Node::Stored),
        }
    }

    fn node_name(&self, n: Node) -> String {
        match n {
            Node::Stored(e) => match self.claimed.get(&e) {
                Some(&i) if self.items[i].rejected.is_none() => self.items[i].after.name.clone(),
                _ => self.existing.people[e].input.name.clone(),
            },
            Node::New(i) => self.items[i].name.clone(),
        }
    }

    fn candidate(&self, t: Target) -> Candidate {
        match t {
            Target::Record(j) => {
                let item = &self.items[j];
                Candidate {
                    key: candidate_key_line(item.record.line),
                    name: item.name.clone(),
                    title: item.after.title.clone(),
                    department: item.after.department.clone(),
                    line: Some(item.record.line),
                }
            }
            Target::Person(e) => {
                let p = &self.existing.people[e];
                Candidate {
                    key: candidate_key_person(&p.id),
                    name: p.input.name.clone(),
                    title: p.input.title.clone(),
                    department: p.input.department.clone(),
                    line: None,
                }
            }
        }
    }

    /// The reporting lines after the import: the stored ones, replaced by the file's.
    /// Returns them and, for each line from the file, the record that gives it.
    fn graph(&self) -> (HashMap<Node, Node>, HashMap<Node, usize>) {
        let mut next = HashMap::new();
        for (e, p) in self.existing.people.iter().enumerate() {
            if let Some(m) = p.manager.as_ref().and_then(|m| self.existing.index.get(m)) {
                next.insert(Node::Stored(e), Node::Stored(*m));
            }
        }
        let mut from_file = HashMap::new();
        for (i, item) in self.items.iter().enumerate() {
            if item.rejected.is_some() {
                continue;
            }
            let Some(to) = item.manager.and_then(|t| self.target_node(t)) else {
                continue;
            };
            let from = self.node_of(i);
            if from != to {
                next.insert(from, to);
                from_file.insert(from, i);
            }
        }
        (next, from_file)
    }

    /// Rejects the rows whose reporting lines make a cycle, until none does.
    fn reject_cycles(&mut self) {
        loop {
            let (next, from_file) = self.graph();
            let mut rejected_any = false;
            for cycle in find_cycles(&next) {
                let rows: Vec<usize> = cycle
                    .iter()
                    .filter_map(|n| from_file.get(n).copied())
                    .collect();
                if rows.is_empty() {
                    continue; // a cycle the account already had; not this file's doing
                }
                let names: Vec<String> = cycle
                    .iter()
                    .chain(cycle.first())
                    .map(|n| self.node_name(*n))
                    .collect();
                let reason = format!(
                    "the reporting lines would make a cycle: {}; change the manager of one of them",
                    names.join(" → ")
                );
                for i in rows {
                    self.items[i].rejected = Some(reason.clone());
                    rejected_any = true;
                }
            }
            if !rejected_any {
                return;
            }
        }
    }
}

fn plan_records(conn: &Connection, account_name: &str, source: &ImportSource) -> Result<Planned> {
    let mut loaded = load(source)?;
    let existing = Existing::load(conn, account_name)?;
    let organogram = loaded.preset == Some(Preset::Organogram);
    let mut warnings = loaded.warnings.clone();
    let n = loaded.records.len();
    let mut items: Vec<Item> = Vec::with_capacity(n);
    let mut patches: Vec<Option<Patch>> = Vec::with_capacity(n);

    // Each record: its name, its checks and its source id.
    let mut first_line: HashMap<String, (u32, u32)> = HashMap::new();
    let records = std::mem::take(&mut loaded.records);
    for (i, mut record) in records.into_iter().enumerate() {
        let mut name = record.full_name();
        if organogram {
            name = organogram_name(name, &record.title);
            if record.manager_id.trim().eq_ignore_ascii_case("xx") {
                record.manager_id.clear();
            }
        }
        let mut reasons: Vec<String> = loaded.row_problems[i].iter().cloned().collect();
        let patch = match parse_patch(&record, name.clone()) {
            Ok(p) => Some(p),
            Err(r) => {
                reasons.extend(r);
                None
            }
        };
        let mut source_id = record.id.trim().to_string();
        if !source_id.is_empty() {
            match first_line.get_mut(&source_id) {
                None => {
                    first_line.insert(source_id.clone(), (record.line, 1));
                }
                Some((first, count)) if organogram => {
                    *count += 1;
                    let (first, mut k) = (*first, *count);
                    let mut suffixed = format!("{source_id}#{k}");
                    while first_line.contains_key(&suffixed) {
                        k += 1;
                        suffixed = format!("{source_id}#{k}");
                    }
                    warnings.push(format!(
                        "line {}: post {source_id} is also on line {first} (a job share); {name} is imported as another person, with the id {suffixed}",
                        record.line
                    ));
                    if suffixed.chars().count() > 200 {
                        reasons.push(format!("the id '{suffixed}' is longer than 200 characters; shorten the post reference"));
                    }
                    first_line.insert(suffixed.clone(), (record.line, 1));
                    source_id = suffixed;
                }
                Some((first, _)) => reasons.push(format!(
                    "the id '{source_id}' is also on line {first}; each person needs their own id"
                )),
            }
        }
        let after = patch
            .as_ref()
            .map(|p| p.apply(PersonInput::default()))
            .unwrap_or_default();
        items.push(Item {
            record,
            source_id,
            name,
            rejected: (!reasons.is_empty()).then(|| reasons.join("; ")),
            matched: None,
            after,
            changes: Vec::new(),
            manager: None,
            final_manager: None,
            line_change: None,
        });
        patches.push(patch);
    }

    // Matching to stored people.
    let mut claimed: HashMap<usize, usize> = HashMap::new();
    for i in 0..items.len() {
        let (Some(patch), None) = (&patches[i], &items[i].rejected) else {
            continue;
        };
        let item = &items[i];
        let line = item.record.line;
        let mut matched: Option<(usize, &str)> = None;
        if !item.source_id.is_empty() {
            matched = existing.by_id(&item.source_id).map(|e| (e, "id"));
        }
        // A record without an id can only be found again by its e-mail (always tried for
        // it) or, when the user allows it, by name.
        let no_id = item.source_id.is_empty();
        if matched.is_none() && (source.options.match_email || no_id) {
            let email = item.record.email.trim().to_lowercase();
            match existing.by_email.get(&email).map(Vec::as_slice) {
                Some([e]) if !email.is_empty() => matched = Some((*e, "e-mail")),
                Some(many) if many.len() > 1 && !email.is_empty() => warnings.push(format!(
                    "line {line}: {} people of the account have the e-mail {email}; {} is imported as a new person",
                    many.len(),
                    item.name
                )),
                _ => {}
            }
        }
        if matched.is_none() && source.options.match_name {
            let found = existing
                .by_name
                .get(&name_key(&item.name))
                .map(Vec::as_slice);
            match found.map(|many| narrow(&existing, many, &claimed, &item.record)) {
                Some(Ok(e)) => matched = Some((e, "name")),
                Some(Err(many)) if many > 1 => warnings.push(format!(
                    "line {line}: {many} people of the account are named {}; this row is imported as a new person (match by id or e-mail instead)",
                    item.name
                )),
                _ => {}
            }
        }
        let Some((e, how)) = matched else { continue };
        if let Some(&other) = claimed.get(&e) {
            let reason = format!(
                "this row and line {} are both {} (found by {how}), who is already on the account; remove one of the rows",
                items[other].record.line, existing.people[e].input.name
            );
            items[i].rejected = Some(reason);
            continue;
        }
        claimed.insert(e, i);
        let before = existing.people[e].input.clone();
        let mut after = patch.apply(before.clone());
        // "井上真理" for "井上 真理", or another spacing or width: the same name, kept as stored.
        if name_key(&after.name) == name_key(&before.name) {
            after.name.clone_from(&before.name);
        }
        items[i].changes = diff(&before, &after);
        items[i].after = after;
        items[i].matched = Some(e);
    }
    drop(patches);

    let mut planner = Planner {
        existing: &existing,
        items,
        claimed,
    };

    // Managers.
    let mut file_by_id: HashMap<String, usize> = HashMap::new();
    let mut file_by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_line: HashMap<u32, usize> = HashMap::new();
    for (i, item) in planner.items.iter().enumerate() {
        let id = item.record.id.trim();
        if !id.is_empty() {
            file_by_id.entry(id.to_string()).or_insert(i);
        }
        by_line.entry(item.record.line).or_insert(i);
        if item.rejected.is_none() {
            let key = name_key(&item.name);
            if !key.is_empty() {
                file_by_name.entry(key).or_default().push(i);
            }
        }
    }
    let resolutions: HashMap<u32, &Option<String>> = source
        .resolutions
        .iter()
        .map(|r| (r.line, &r.manager))
        .collect();
    let mut ambiguous = Vec::new();
    let mut unmatched = Vec::new();
    for i in 0..planner.items.len() {
        if planner.items[i].rejected.is_some() {
            continue;
        }
        let line = planner.items[i].record.line;
        let name = planner.items[i].name.clone();
        if let Some(choice) = resolutions.get(&line) {
            let Some(key) = choice else {
                continue; // the user chose: no manager
            };
            let target = if let Some(l) = key.strip_prefix("line:") {
                l.trim()
                    .parse::<u32>()
                    .ok()
                    .and_then(|l| by_line.get(&l))
                    .map(|&j| Target::Record(j))
            } else if let Some(id) = key.strip_prefix("person:") {
                existing.index.get(id).map(|&e| planner.stored_target(e))
            } else {
                None
            };
            match target {
                Some(t) if t != Target::Record(i) => {
                    planner.items[i].manager = Some(t);
                    continue;
                }
                _ => warnings.push(format!(
                    "line {line}: the manager chosen for {name} ('{key}') is not a person of the file or of the account; choose again"
                )),
            }
        }
        let manager_id = planner.items[i].record.manager_id.trim().to_string();
        let manager_name = planner.items[i].record.manager_name.trim().to_string();
        if !manager_id.is_empty() {
            let target = file_by_id
                .get(&manager_id)
                .map(|&j| Target::Record(j))
                .or_else(|| {
                    existing
                        .by_id(&manager_id)
                        .map(|e| planner.stored_target(e))
                });
            match target {
                Some(t) if t == Target::Record(i) => unmatched.push(RowProblem {
                    line,
                    reason: format!(
                        "{name} is given as their own manager (manager id '{manager_id}'); {name} is imported without a manager"
                    ),
                }),
                Some(t) => planner.items[i].manager = Some(t),
                None => unmatched.push(RowProblem {
                    line,
                    reason: format!(
                        "the manager id '{manager_id}' is neither in the file nor on the account; {name} is imported without a manager"
                    ),
                }),
            }
        } else if !manager_name.is_empty() {
            let key = name_key(&manager_name);
            let mut candidates: Vec<Target> = Vec::new();
            for &j in file_by_name.get(&key).into_iter().flatten() {
                if j != i {
                    candidates.push(Target::Record(j));
                }
            }
            for &e in existing.by_name.get(&key).into_iter().flatten() {
                let t = planner.stored_target(e);
                if t != Target::Record(i) && !candidates.contains(&t) {
                    candidates.push(t);
                }
            }
            match candidates.len() {
                0 => unmatched.push(RowProblem {
                    line,
                    reason: format!(
                        "nobody named '{manager_name}' is in the file or on the account; {name} is imported without a manager (check the spelling, or set the manager on the map)"
                    ),
                }),
                1 => planner.items[i].manager = Some(candidates[0]),
                _ => ambiguous.push(Ambiguity {
                    line,
                    name,
                    manager_text: manager_name,
                    candidates: candidates
                        .iter()
                        .take(MAX_CANDIDATES)
                        .map(|t| planner.candidate(*t))
                        .collect(),
                }),
            }
        }
    }

    planner.reject_cycles();

    // The final lines and what they change.
    for i in 0..planner.items.len() {
        if planner.items[i].rejected.is_some() {
            continue;
        }
        let Some(t) = planner.items[i].manager else {
            continue;
        };
        let line = planner.items[i].record.line;
        let name = planner.items[i].name.clone();
        let node = planner.node_of(i);
        let to = match planner.target_node(t) {
            Some(to) if to == node => {
                unmatched.push(RowProblem {
                    line,
                    reason: format!("{name} is given as their own manager; {name} is imported without a manager"),
                });
                continue;
            }
            Some(to) => to,
            None => {
                let Target::Record(j) = t else { continue };
                let manager = &planner.items[j];
                unmatched.push(RowProblem {
                    line,
                    reason: format!(
                        "the manager, {} on line {}, is not imported because that row is rejected; {name} is imported without a manager",
                        manager.name, manager.record.line
                    ),
                });
                continue;
            }
        };
        planner.items[i].final_manager = Some(to);
        let old = planner.items[i].matched.and_then(|e| {
            existing.people[e]
                .manager
                .as_ref()
                .and_then(|m| existing.index.get(m).copied())
        });
        if matches!((old, to), (Some(o), Node::Stored(s)) if o == s) {
            continue;
        }
        let change = match (planner.items[i].matched, old) {
            (Some(_), Some(_)) => LineChange::Changed,
            _ => LineChange::Added,
        };
        planner.items[i].line_change = Some(change);
        if planner.items[i].matched.is_some() {
            let before = old
                .map(|o| existing.people[o].input.name.clone())
                .unwrap_or_default();
            let after = planner.node_name(to);
            planner.items[i].changes.push(FieldChange {
                field: "manager".to_string(),
                before,
                after,
            });
        }
    }

    // People of several companies go into one account: say so.
    let mut companies: Vec<&str> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in &planner.items {
        let c = item.record.company.trim();
        if item.rejected.is_none() && !c.is_empty() && seen.insert(c.to_lowercase()) {
            companies.push(c);
        }
    }
    if companies.len() > 1 {
        let shown: Vec<&str> = companies.iter().take(5).copied().collect();
        warnings.push(format!(
            "the file holds people of {} companies ({}{}); all of them are imported into the account {}",
            companies.len(),
            shown.join(", "),
            if companies.len() > 5 { ", …" } else { "" },
            existing.account_name
        ));
    }

    let items = planner.items;
    Ok(Planned {
        loaded,
        existing,
        items,
        ambiguous,
        unmatched,
        warnings,
    })
}

fn capped<T>(list: impl IntoIterator<Item = T>) -> Vec<T> {
    list.into_iter().take(MAX_LISTED).collect()
}

impl Planned {
    fn plan(&self, source: &ImportSource, account_name: &str) -> ImportPlan {
        let mut added = Vec::new();
        let mut updated = Vec::new();
        let mut rejected = Vec::new();
        let (mut added_count, mut updated_count, mut unchanged, mut rejected_count) =
            (0u32, 0u32, 0u32, 0u32);
        let (mut reporting_added, mut reporting_changed) = (0u32, 0u32);
        for item in &self.items {
            let line = item.record.line;
            if let Some(reason) = &item.rejected {
                rejected_count += 1;
                if rejected.len() < MAX_LISTED {
                    rejected.push(RowProblem {
                        line,
                        reason: reason.clone(),
                    });
                }
                continue;
            }
            match item.line_change {
                Some(LineChange::Added) => reporting_added += 1,
                Some(LineChange::Changed) => reporting_changed += 1,
                None => {}
            }
            match item.matched {
                None => {
                    added_count += 1;
                    if added.len() < MAX_LISTED {
                        added.push(PlannedPerson {
                            line,
                            name: item.after.name.clone(),
                            title: item.after.title.clone(),
                            department: item.after.department.clone(),
                        });
                    }
                }
                Some(e) if !item.changes.is_empty() => {
                    updated_count += 1;
                    if updated.len() < MAX_LISTED {
                        updated.push(PersonChange {
                            line,
                            person_id: self.existing.people[e].id.clone(),
                            name: item.after.name.clone(),
                            changes: item.changes.clone(),
                        });
                    }
                }
                Some(_) => unchanged += 1,
            }
        }
        let loaded = &self.loaded;
        ImportPlan {
            file_name: source.file_name.clone(),
            account_name: if self.existing.account_id.is_some() {
                self.existing.account_name.clone()
            } else {
                account_name.to_string()
            },
            account_exists: self.existing.account_id.is_some(),
            kind: loaded.kind,
            encoding: loaded.encoding.clone(),
            preset: loaded.preset,
            mapping: loaded.mapping.clone(),
            columns: loaded.columns.clone(),
            header_line: loaded.header_line,
            preview_rows: loaded.preview.clone(),
            total_records: self.items.len() as u32,
            added,
            added_count,
            updated,
            updated_count,
            unchanged,
            rejected,
            rejected_count,
            ambiguous: capped(self.ambiguous.iter().cloned()),
            ambiguous_count: self.ambiguous.len() as u32,
            unmatched_managers: capped(self.unmatched.iter().cloned()),
            unmatched_managers_count: self.unmatched.len() as u32,
            reporting_added,
            reporting_changed,
            warnings: capped(self.warnings.iter().cloned()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing

fn write(
    tx: &Tx<'_>,
    account_id: &str,
    planned: &Planned,
    report: &mut SheetImportReport,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<()> {
    let items = &planned.items;
    let existing = &planned.existing;
    let total = items.len() as u32;
    let mut ids: Vec<Option<String>> = vec![None; items.len()];
    for (i, item) in items.iter().enumerate() {
        if i as u32 % PROGRESS_EVERY == 0 {
            progress(i as u32, total);
        }
        if item.rejected.is_some() {
            report.skipped += 1;
            continue;
        }
        let p = &item.after;
        let (id, before) = match item.matched {
            None => {
                let id = new_id();
                tx.insert_imported_person(account_id, &id, p)?;
                report.added += 1;
                (id, Ratings::default())
            }
            Some(e) => {
                let stored = &existing.people[e];
                if item.changes.iter().any(|c| c.field != "manager") {
                    tx.overwrite_imported_person(&stored.id, p)?;
                }
                if item.changes.is_empty() {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                }
                (stored.id.clone(), stored.input.ratings)
            }
        };
        for kind in RatingKind::ALL {
            let value = p.ratings.get(*kind);
            if value.is_some() && value != before.get(*kind) {
                tx.record_imported_rating(&id, *kind, value)?;
            }
        }
        if !item.source_id.is_empty() && item.source_id != id {
            tx.keep_source_id(account_id, &item.source_id, &id)?;
        }
        ids[i] = Some(id);
    }
    for (i, item) in items.iter().enumerate() {
        let (Some(change), Some(to), Some(from)) = (item.line_change, item.final_manager, &ids[i])
        else {
            continue;
        };
        let to = match to {
            Node::Stored(e) => existing.people[e].id.as_str(),
            Node::New(j) => match &ids[j] {
                Some(id) => id.as_str(),
                None => continue,
            },
        };
        if item.matched.is_some() {
            // Only a stored person can have a line to replace.
            tx.set_manager(account_id, from, None)?;
        }
        tx.insert_relation(
            account_id,
            &RelationInput {
                kind: RelationKind::ReportsTo,
                from: from.clone(),
                to: to.to_string(),
                strength: None,
                sign: None,
                note: String::new(),
            },
        )?;
        match change {
            LineChange::Added => report.lines_added += 1,
            LineChange::Changed => report.lines_changed += 1,
        }
    }
    progress(total, total);
    Ok(())
}
