//! The spreadsheet and vCard import: a [`plan_import`] that shows the user what would
//! happen, without writing, and an [`apply_import`] that does it in one transaction (one
//! undo step).
//!
//! Each record of the file (a sheet row read through the column mapping, or a vCard) is
//! matched to a person already on the account: by the id it had in the file (kept in
//! `person_source` by an earlier import), or by person id (a re-import of our own
//! export); then, if asked, by e-mail (case-insensitive) and by name (normalised, see
//! [`name_key`](super::mapping::name_key)); a record without an id (a business card, a
//! vCard without UID) is always looked for by e-mail and name, since nothing else finds it
//! again. A name or e-mail that fits several stored people matches nobody (a warning says
//! so). A matched person is updated with what the file says; an empty cell never erases
//! what is stored. Everybody else is added with a new id.
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
//!
//! The steps, one module each: `load` reads the file, `stored` the account as it is,
//! `changes` checks a record and tells what it changes, `records` matches the records
//! and sums the plan up, `managers` finds the managers and the reporting lines, and
//! `apply` writes the plan.

mod apply;
mod changes;
mod item;
mod load;
mod managers;
mod records;
mod stored;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::AccountInput;
use crate::store::{self, UndoLabel, Workspace};

use super::mapping::{Field, Preset};
use super::note::{english_all, ImportNote};
use super::sheet::{SheetKind, SheetRow};
use records::plan_records;

/// Lists of a plan hold at most this many entries; the `_count` fields count them all.
pub const MAX_LISTED: usize = 500;
pub(super) const PREVIEW_ROWS: usize = 20;
pub(super) const MAX_CANDIDATES: usize = 50;
pub(super) const PROGRESS_EVERY: u32 = 500;
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
    /// The stored values the user keeps (see [`KeepStored`]).
    #[serde(default)]
    pub keep: Vec<KeepStored>,
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
            keep: Vec::new(),
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
    /// The user keeps the stored value: the change is listed, not made.
    #[serde(default)]
    pub kept: bool,
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
    /// What is wrong with the row (or its manager), each as a kind and its arguments.
    pub reasons: Vec<ImportNote>,
}

impl RowProblem {
    /// The reasons in English, as the CLI prints them.
    pub fn english(&self) -> String {
        english_all(&self.reasons)
    }
}

/// A stored value the user keeps over what the file says: `field` as a change names it
/// (`phone`, `email`, `manager`, ...), on the row of `line` only, or on every row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeepStored {
    pub field: String,
    #[serde(default)]
    pub line: Option<u32>,
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
    /// The account the import goes into: the one asked for, else (none named) the
    /// company of the file, else the file's name.
    pub account_name: String,
    /// The company most people of the file work for (`""` when it names none).
    pub company: String,
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
    pub warnings: Vec<ImportNote>,
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
/// exist yet; empty: the account named after the company of the file, see
/// [`ImportPlan::account_name`]). Writes nothing.
pub fn plan_import(
    ws: &Workspace,
    account_name: &str,
    source: &ImportSource,
) -> Result<ImportPlan> {
    let planned = plan_records(ws.conn(), account_name, source)?;
    Ok(planned.plan(source))
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
    // A big import touches more pages than SQLite's default cache (2 MiB) holds; spilling
    // them to the log mid-transaction costs more than the writing. The cache grows for
    // the import only.
    let cache = store::import::cache_size(ws.conn())?;
    store::import::set_cache_size(ws.conn(), IMPORT_CACHE_KIB)?;
    let result = ws.write_step(UndoLabel::Import, |tx| {
        let planned = plan_records(tx.conn(), account_name, source)?;
        let (account_id, account_created) = match &planned.existing.account_id {
            Some(id) => (id.clone(), false),
            None => {
                let account = tx.create_account(&AccountInput {
                    name: planned.account_name.clone(),
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
            report.account_name.clone_from(&planned.account_name);
        }
        apply::write(tx, &account_id, &planned, &mut report, progress)?;
        Ok(report)
    });
    store::import::set_cache_size(ws.conn(), cache)?;
    result
}
