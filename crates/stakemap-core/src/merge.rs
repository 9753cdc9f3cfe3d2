//! Merging a colleague's work: the accounts of another workspace file, or of our JSON export
//! ([`AccountDoc`]), into this workspace.
//!
//! Matching: an account by id, then by exact name; people and lines by id. Our own staff
//! (shared by every account) match by id across the workspace; everybody else within the
//! account. An item of theirs whose id this workspace already uses for something else (a
//! person of another account, say, since imported ids such as staff numbers can repeat
//! across customers) is given a derived id, `<id>~<account>`, the same on every merge, so
//! merging the same file again finds it.
//!
//! Nothing is ever deleted. New items are added with their ids and record times (the merge
//! is lossless: a JSON export imported into an empty workspace exports to the same bytes).
//! An item both sides have but with different fields is a [`Conflict`]: mine is kept
//! unless the user takes theirs. A reporting line of theirs that would give a person a
//! second manager is a conflict too (taking theirs replaces my line). Fields the document
//! left out ([`AccountDoc::redaction`]) are neither compared nor overwritten.
//!
//! [`merge_preview`] lists what [`merge_apply`] would do; both run the same plan.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::store::cipher::Password;
use crate::store::file::{self, inspect_read_only, sidecar};
use crate::clock::SystemClock;
use crate::error::{Error, Result};
use crate::doc::{prepare, AccountDoc, DocOpportunity, DocPerson, DocRelation};
pub use crate::doc::{read_json_docs, MAX_JSON_BYTES};
use crate::doc::Redaction;
use crate::model::{
    Account, Person, RatingKind, Ratings, Relation, RelationKind, Role,
};
use crate::store::{deals, records, Tx, Workspace};
use crate::store::records::{manager_line, person_name};

/// At most this many names of added people are listed per account (all are counted).
const MAX_LISTED_NAMES: usize = 100;

/// What a merge would do to one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergePreview {
    pub accounts: Vec<AccountMerge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountMerge {
    /// The account's id in this workspace after the merge (theirs when it is new).
    pub account_id: String,
    pub name: String,
    /// The account is not in this workspace yet.
    pub is_new: bool,
    /// Names of the people who would be added (the first 100).
    pub people_added: Vec<String>,
    pub people_added_count: u32,
    pub lines_added_count: u32,
    /// Items both sides have with different fields.
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conflict {
    /// `account:<id>`, `person:<id>` or `line:<id>` (ids as in this workspace); pass it to
    /// [`merge_apply`] to take theirs.
    pub key: String,
    /// The person's name, the account's name, or "A → B (influence)" for a line.
    pub label: String,
    pub fields: Vec<FieldDiff>,
}

/// One field of a conflict. Values are as the user reads them; an empty string is an
/// empty or unknown value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldDiff {
    pub field: String,
    pub mine: String,
    pub theirs: String,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeReport {
    pub accounts_added: u32,
    pub accounts_updated: u32,
    pub people_added: u32,
    pub people_updated: u32,
    pub lines_added: u32,
    pub lines_updated: u32,
    pub opportunities_added: u32,
    pub positions_added: u32,
    pub team_roles_added: u32,
    pub source_ids_added: u32,
    pub rating_changes_added: u32,
    /// People put in opportunities' decision chains, and deal-only lines added.
    pub deal_members_added: u32,
    pub deal_lines_added: u32,
    /// Account plans and network targets added.
    pub plans_added: u32,
    pub targets_added: u32,
}

/// Adds to the opportunity `id` here the members and deal-only lines of `o` it lacks
/// (people mapped by `person_ids`; a member or line whose person is not mapped is left out).
fn add_chain(
    conn: &Connection,
    tx: &Tx<'_>,
    id: &str,
    o: &DocOpportunity,
    person_ids: &HashMap<String, String>,
    report: &mut MergeReport,
) -> Result<()> {
    for m in &o.members {
        let Some(person) = person_ids.get(&m.person_id) else {
            continue;
        };
        report.deal_members_added += count(deals::add_member(conn, id, person, m)?);
    }
    for l in &o.lines {
        let (Some(from), Some(to)) = (person_ids.get(&l.from), person_ids.get(&l.to)) else {
            continue;
        };
        report.deal_lines_added += count(deals::add_line(
            conn,
            id,
            l,
            from,
            to,
            &stamp(&l.created_at, tx.now()),
        )?);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Reading another workspace file
// ---------------------------------------------------------------------------------------

/// A temporary copy of a workspace, removed (with its side files) when dropped.
struct TempCopy {
    path: PathBuf,
}

impl TempCopy {
    fn new() -> TempCopy {
        TempCopy {
            path: std::env::temp_dir()
                .join(format!("stakemap-merge-{}.stakemap", uuid::Uuid::new_v4())),
        }
    }
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(sidecar(&self.path, suffix));
        }
    }
}

/// Puts the user's path back into errors that name the temporary copy.
fn at_path(e: Error, path: &Path) -> Error {
    match e {
        Error::NewerSchema {
            found, supported, ..
        } => Error::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported,
        },
        Error::NotAWorkspace { reason, .. } => Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason,
        },
        Error::Corrupt { detail, .. } => Error::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        other => other,
    }
}

/// Every account of another workspace file, without writing to it.
///
/// The file gets the checks [`Workspace::open`] makes (a Stakemap workspace, not from a
/// newer Stakemap, not damaged), all read-only. It is then copied (`VACUUM INTO`) to a
/// temporary file, which is opened as a workspace (an older file format is migrated
/// there, never in the colleague's file) and read.
pub fn read_workspace_docs(path: &Path, key: Option<&Password>) -> Result<Vec<AccountDoc>> {
    let copy = TempCopy::new();
    {
        let Some((conn, _version)) = inspect_read_only(path, key)? else {
            return Ok(Vec::new());
        };
        if copy.path.to_str().is_none() {
            return Err(Error::invalid(
                "path",
                "the temporary folder has a name SQLite cannot use",
            ));
        }
        file::vacuum_into(&conn, path, &copy.path)?;
    }
    // The copy of an encrypted file is encrypted with the same password.
    let ws = Workspace::open_hooked(&copy.path, Arc::new(SystemClock), key, None)
        .map_err(|e| at_path(e, path))?;
    let mut docs = Vec::new();
    for account in ws.accounts()? {
        docs.push(AccountDoc::load(&ws, &account.id)?);
    }
    drop(ws);
    Ok(docs)
}

// ---------------------------------------------------------------------------------------
// Reading this workspace (inside the merge's transaction)
// ---------------------------------------------------------------------------------------

fn stored_person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    records::person(conn, id)
}

fn stored_relation(conn: &Connection, id: &str) -> Result<Option<Relation>> {
    records::relation(conn, id)
}

/// This workspace's account for theirs: the same id, else the same name.
fn matching_account(conn: &Connection, theirs: &Account) -> Result<Option<Account>> {
    records::account_by_id_or_name(conn, &theirs.id, &theirs.name)
}

// ---------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------

/// Who holds an id: nobody, this workspace (with the account, `None` for our staff), or an
/// earlier document of the same merge.
enum Held {
    Free,
    Stored(Option<String>),
    Planned(Option<String>),
}

/// Ids the merge will add, so that a later document (our staff are in every one) sees
/// them as taken.
#[derive(Default)]
struct Planned {
    people: HashMap<String, Option<String>>,
    relations: HashMap<String, Option<String>>,
}

/// The id derived from `id` for an owner that does not hold it (see the module docs).
fn derived_id(id: &str, owner: Option<&str>) -> String {
    match owner {
        Some(account) => format!("{id}~{}", account.chars().take(8).collect::<String>()),
        None => format!("{id}~ours"),
    }
}

fn held(
    conn: &Connection,
    planned: &HashMap<String, Option<String>>,
    table: &str,
    id: &str,
) -> Result<Held> {
    if let Some(owner) = planned.get(id) {
        return Ok(Held::Planned(owner.clone()));
    }
    let stored = records::owner(conn, table, id)?;
    Ok(stored.map_or(Held::Free, Held::Stored))
}

/// The id an item of `owner` gets here, and who holds it now.
fn resolve(
    conn: &Connection,
    planned: &HashMap<String, Option<String>>,
    table: &str,
    id: &str,
    owner: Option<&str>,
) -> Result<(String, Held)> {
    let mut candidate = id.to_string();
    for _ in 0..2 {
        match held(conn, planned, table, &candidate)? {
            Held::Free => return Ok((candidate, Held::Free)),
            Held::Stored(o) if o.as_deref() == owner => return Ok((candidate, Held::Stored(o))),
            Held::Planned(o) if o.as_deref() == owner => return Ok((candidate, Held::Planned(o))),
            _ => candidate = derived_id(id, owner),
        }
    }
    Err(Error::invalid(
        "merge",
        format!("the id '{id}' is used by something else here, and so is '{candidate}'; nothing was merged"),
    ))
}

enum LineAction {
    Add,
    /// Same id, other fields.
    Update(Conflict),
    /// A new reporting line of theirs for a person who has another manager here: my line
    /// (this id) goes if theirs is taken.
    ReplaceManager(Conflict, String),
}

struct LinePlan<'d> {
    id: String,
    theirs: &'d DocRelation,
    from: String,
    to: String,
    action: LineAction,
}

struct AccountPlan<'d> {
    doc: &'d AccountDoc,
    account_id: String,
    is_new: bool,
    name: String,
    account_conflict: Option<Conflict>,
    /// Their person id → the id here.
    person_ids: HashMap<String, String>,
    people_add: Vec<(String, &'d DocPerson)>,
    people_conflicts: Vec<(String, &'d DocPerson, Conflict)>,
    lines: Vec<LinePlan<'d>>,
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

fn diff(fields: &mut Vec<FieldDiff>, field: &str, mine: String, theirs: String) {
    if mine != theirs {
        fields.push(FieldDiff {
            field: field.into(),
            mine,
            theirs,
        });
    }
}

/// The fields in which their person differs from mine (those the document has).
fn person_diffs(mine: &Person, theirs: &Person, left_out: &Redaction) -> Vec<FieldDiff> {
    let mut d = Vec::new();
    diff(&mut d, "name", mine.name.clone(), theirs.name.clone());
    diff(
        &mut d,
        "reading",
        mine.reading.clone(),
        theirs.reading.clone(),
    );
    diff(&mut d, "title", mine.title.clone(), theirs.title.clone());
    diff(
        &mut d,
        "department",
        mine.department.clone(),
        theirs.department.clone(),
    );
    diff(
        &mut d,
        "side",
        mine.side.as_str().into(),
        theirs.side.as_str().into(),
    );
    diff(&mut d, "level", opt(mine.level), opt(theirs.level));
    if !left_out.portraits {
        diff(&mut d, "email", mine.email.clone(), theirs.email.clone());
        diff(&mut d, "phone", mine.phone.clone(), theirs.phone.clone());
        diff(&mut d, "notes", mine.notes.clone(), theirs.notes.clone());
    }
    diff(
        &mut d,
        "roles",
        roles_text(&mine.roles),
        roles_text(&theirs.roles),
    );
    diff(
        &mut d,
        "influence",
        opt(mine.influence),
        opt(theirs.influence),
    );
    diff(
        &mut d,
        "key_person",
        yes_no(mine.key_person),
        yes_no(theirs.key_person),
    );
    if !left_out.ratings {
        for kind in RatingKind::ALL {
            diff(
                &mut d,
                kind.as_str(),
                opt(mine.ratings.get(*kind)),
                opt(theirs.ratings.get(*kind)),
            );
        }
    }
    d
}

fn sign_text(sign: i8) -> String {
    if sign < 0 { "-" } else { "+" }.to_string()
}

fn line_label(from: &str, to: &str, kind: RelationKind) -> String {
    format!("{from} → {to} ({kind})")
}

/// Plans the merge of `docs` (already checked and normalised) against the workspace as
/// it is now. Reads only.
fn plan<'d>(conn: &Connection, docs: &'d [AccountDoc]) -> Result<Vec<AccountPlan<'d>>> {
    let mut planned = Planned::default();
    let mut plans = Vec::new();
    for doc in docs {
        let left_out = &doc.redaction;
        let theirs_account = &doc.account;
        let mine_account = matching_account(conn, theirs_account)?;
        let (account_id, is_new, name, account_conflict) = match &mine_account {
            None => (
                theirs_account.id.clone(),
                true,
                theirs_account.name.clone(),
                None,
            ),
            Some(mine) => {
                let mut d = Vec::new();
                diff(
                    &mut d,
                    "name",
                    mine.name.clone(),
                    theirs_account.name.clone(),
                );
                diff(
                    &mut d,
                    "industry",
                    mine.industry.clone(),
                    theirs_account.industry.clone(),
                );
                if !left_out.notes {
                    diff(
                        &mut d,
                        "notes",
                        mine.notes.clone(),
                        theirs_account.notes.clone(),
                    );
                }
                let conflict = (!d.is_empty()).then(|| Conflict {
                    key: format!("account:{}", mine.id),
                    label: mine.name.clone(),
                    fields: d,
                });
                (mine.id.clone(), false, mine.name.clone(), conflict)
            }
        };

        let mut person_ids = HashMap::new();
        let mut names: HashMap<String, String> = HashMap::new();
        let mut people_add = Vec::new();
        let mut people_conflicts = Vec::new();
        for dp in &doc.people {
            let p = &dp.person;
            let owner = p.side.is_account_bound().then_some(account_id.as_str());
            let (id, holder) = resolve(conn, &planned.people, "person", &p.id, owner)?;
            match holder {
                Held::Free => {
                    planned.people.insert(id.clone(), owner.map(str::to_string));
                    names.insert(id.clone(), p.name.clone());
                    people_add.push((id.clone(), dp));
                }
                Held::Stored(_) => {
                    let mine = stored_person(conn, &id)?.ok_or_else(|| Error::NotFound {
                        what: "person",
                        id: id.clone(),
                    })?;
                    let fields = person_diffs(&mine, p, left_out);
                    if !fields.is_empty() {
                        // Our staff are in every document: their conflict is listed once.
                        planned.people.insert(id.clone(), owner.map(str::to_string));
                        people_conflicts.push((
                            id.clone(),
                            dp,
                            Conflict {
                                key: format!("person:{id}"),
                                label: mine.name.clone(),
                                fields,
                            },
                        ));
                    } else if owner.is_none() {
                        planned.people.insert(id.clone(), None);
                    }
                    names.insert(id.clone(), mine.name.clone());
                }
                Held::Planned(_) => {
                    names.insert(id.clone(), p.name.clone());
                }
            }
            person_ids.insert(p.id.clone(), id);
        }

        let mut lines = Vec::new();
        for dl in &doc.relations {
            let l = &dl.relation;
            let from = person_ids[&l.from].clone();
            let to = person_ids[&l.to].clone();
            let (id, holder) = resolve(
                conn,
                &planned.relations,
                "relation",
                &l.id,
                Some(&account_id),
            )?;
            let name = |id: &str| -> Result<String> {
                match names.get(id) {
                    Some(n) => Ok(n.clone()),
                    None => person_name(conn, id),
                }
            };
            let action = match holder {
                Held::Planned(_) => continue,
                Held::Stored(_) => {
                    let mine = stored_relation(conn, &id)?.ok_or_else(|| Error::NotFound {
                        what: "line",
                        id: id.clone(),
                    })?;
                    let mut d = Vec::new();
                    diff(
                        &mut d,
                        "kind",
                        mine.kind.as_str().into(),
                        l.kind.as_str().into(),
                    );
                    if mine.from != from {
                        d.push(FieldDiff {
                            field: "from".into(),
                            mine: name(&mine.from)?,
                            theirs: name(&from)?,
                        });
                    }
                    if mine.to != to {
                        d.push(FieldDiff {
                            field: "to".into(),
                            mine: name(&mine.to)?,
                            theirs: name(&to)?,
                        });
                    }
                    diff(
                        &mut d,
                        "strength",
                        mine.strength.to_string(),
                        l.strength.to_string(),
                    );
                    diff(&mut d, "sign", sign_text(mine.sign), sign_text(l.sign));
                    if !left_out.notes {
                        diff(&mut d, "note", mine.note.clone(), l.note.clone());
                    }
                    if d.is_empty() {
                        continue;
                    }
                    LineAction::Update(Conflict {
                        key: format!("line:{id}"),
                        label: line_label(&name(&mine.from)?, &name(&mine.to)?, mine.kind),
                        fields: d,
                    })
                }
                Held::Free => {
                    let same =
                        records::has_line(conn, &account_id, l.kind.as_str(), &from, &to)?;
                    if same {
                        continue;
                    }
                    match manager_line(conn, &account_id, &from)? {
                        Some((mine_line, mine_to)) if l.kind == RelationKind::ReportsTo => {
                            LineAction::ReplaceManager(
                                Conflict {
                                    key: format!("line:{id}"),
                                    label: line_label(&name(&from)?, &name(&to)?, l.kind),
                                    fields: vec![FieldDiff {
                                        field: "to".into(),
                                        mine: name(&mine_to)?,
                                        theirs: name(&to)?,
                                    }],
                                },
                                mine_line,
                            )
                        }
                        _ => LineAction::Add,
                    }
                }
            };
            planned
                .relations
                .insert(id.clone(), Some(account_id.clone()));
            lines.push(LinePlan {
                id,
                theirs: dl,
                from,
                to,
                action,
            });
        }

        plans.push(AccountPlan {
            doc,
            account_id,
            is_new,
            name,
            account_conflict,
            person_ids,
            people_add,
            people_conflicts,
            lines,
        });
    }
    Ok(plans)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl AccountPlan<'_> {
    fn summary(&self) -> AccountMerge {
        let mut conflicts: Vec<Conflict> = self.account_conflict.iter().cloned().collect();
        conflicts.extend(self.people_conflicts.iter().map(|(_, _, c)| c.clone()));
        conflicts.extend(self.lines.iter().filter_map(|l| match &l.action {
            LineAction::Add => None,
            LineAction::Update(c) | LineAction::ReplaceManager(c, _) => Some(c.clone()),
        }));
        AccountMerge {
            account_id: self.account_id.clone(),
            name: self.name.clone(),
            is_new: self.is_new,
            people_added: self
                .people_add
                .iter()
                .take(MAX_LISTED_NAMES)
                .map(|(_, p)| p.person.name.clone())
                .collect(),
            people_added_count: count(self.people_add.len()),
            lines_added_count: count(
                self.lines
                    .iter()
                    .filter(|l| matches!(l.action, LineAction::Add))
                    .count(),
            ),
            conflicts,
        }
    }
}

/// What merging `docs` into `ws` would do; changes nothing.
pub fn merge_preview(ws: &Workspace, docs: &[AccountDoc]) -> Result<MergePreview> {
    let docs = prepare(docs)?;
    let plans = plan(ws.conn(), &docs)?;
    Ok(MergePreview {
        accounts: plans.iter().map(AccountPlan::summary).collect(),
    })
}

// ---------------------------------------------------------------------------------------
// Applying
// ---------------------------------------------------------------------------------------

/// Merges `docs` into `ws` as one step (one Undo). `take_theirs` holds the keys of the
/// [`Conflict`]s where theirs wins; mine is kept for every other. Keys that match no
/// conflict are ignored. All or nothing: when the result would have a reporting cycle (or
/// a person two managers), nothing is written and the error names the people.
pub fn merge_apply(
    ws: &mut Workspace,
    docs: &[AccountDoc],
    take_theirs: &[String],
) -> Result<MergeReport> {
    let docs = prepare(docs)?;
    let take: HashSet<&str> = take_theirs.iter().map(String::as_str).collect();
    ws.write_step("merge", |tx| apply_in(tx, &docs, &take))
}

/// Merges checked documents inside the caller's transaction (the trash's restore uses it).
pub(crate) fn apply_in(
    tx: &Tx<'_>,
    docs: &[AccountDoc],
    take: &HashSet<&str>,
) -> Result<MergeReport> {
    let plans = plan(tx.conn(), docs)?;
    let mut report = MergeReport::default();
    for p in &plans {
        apply_account(tx, p, take, &mut report)?;
    }
    for p in &plans {
        check_no_cycle(tx.conn(), &p.account_id)?;
    }
    Ok(report)
}

fn stamp(value: &str, now: &str) -> String {
    if value.is_empty() { now } else { value }.to_string()
}

fn insert_person(tx: &Tx<'_>, id: &str, dp: &DocPerson) -> Result<()> {
    records::insert_person(
        tx.conn(),
        id,
        &dp.person,
        &stamp(&dp.created_at, tx.now()),
        &stamp(&dp.updated_at, tx.now()),
    )
}

/// Overwrites my person with theirs, but for the fields their document left out.
fn update_person(tx: &Tx<'_>, id: &str, theirs: &Person, left_out: &Redaction) -> Result<()> {
    let mine = stored_person(tx.conn(), id)?.ok_or_else(|| Error::NotFound {
        what: "person",
        id: id.to_string(),
    })?;
    let mut p = theirs.clone();
    if left_out.portraits {
        p.email = mine.email;
        p.phone = mine.phone;
        p.notes = mine.notes;
    }
    if left_out.ratings {
        p.ratings = mine.ratings;
    }
    records::overwrite_person(tx.conn(), id, &p, tx.now())
}

fn insert_rating_change(
    tx: &Tx<'_>,
    person: &str,
    kind: RatingKind,
    value: Option<u8>,
    at: &str,
) -> Result<()> {
    records::insert_rating_change(tx.conn(), person, kind, value, at)
}

/// After their ratings were taken for `person`: adds the changes of their history that
/// mine lacks, then, where the last recorded value still differs from the rating, one
/// change now, so the history ends at the rating as the store keeps it.
fn take_rating_history(
    tx: &Tx<'_>,
    doc: &AccountDoc,
    their_id: &str,
    person: &str,
    ratings: &Ratings,
    report: &mut MergeReport,
) -> Result<()> {
    let mut mine = records::rating_changes(tx.conn(), person)?;
    for c in doc
        .rating_history
        .iter()
        .filter(|c| c.person_id == their_id)
    {
        let entry = (c.rating.as_str().to_string(), c.value, c.changed_at.clone());
        if let Some(i) = mine.iter().position(|m| *m == entry) {
            mine.remove(i);
        } else {
            insert_rating_change(tx, person, c.rating, c.value, &c.changed_at)?;
            report.rating_changes_added += 1;
        }
    }
    for kind in RatingKind::ALL {
        let last = records::last_rating(tx.conn(), person, *kind)?;
        let now_value = ratings.get(*kind);
        if last.flatten() != now_value {
            insert_rating_change(tx, person, *kind, now_value, tx.now())?;
            report.rating_changes_added += 1;
        }
    }
    Ok(())
}

/// Refuses a reporting line for someone who already has another manager.
fn check_one_manager(
    tx: &Tx<'_>,
    account: &str,
    line_id: &str,
    from: &str,
    to: &str,
) -> Result<()> {
    if let Some((other, manager)) = manager_line(tx.conn(), account, from)? {
        if other != line_id {
            return Err(Error::invalid(
                "merge",
                format!(
                    "merging would give {} two managers, {} and {}; nothing was merged. Keep my version of the conflicting line, or change the manager in either file first",
                    person_name(tx.conn(), from)?,
                    person_name(tx.conn(), &manager)?,
                    person_name(tx.conn(), to)?
                ),
            ));
        }
    }
    Ok(())
}

fn insert_line(tx: &Tx<'_>, account: &str, l: &LinePlan<'_>) -> Result<()> {
    let r = &l.theirs.relation;
    if r.kind == RelationKind::ReportsTo {
        check_one_manager(tx, account, &l.id, &l.from, &l.to)?;
    }
    let line = Relation {
        id: l.id.clone(),
        account_id: account.to_string(),
        from: l.from.clone(),
        to: l.to.clone(),
        ..r.clone()
    };
    records::insert_relation(tx.conn(), &line, &stamp(&l.theirs.created_at, tx.now()))
}

fn apply_account(
    tx: &Tx<'_>,
    p: &AccountPlan<'_>,
    take: &HashSet<&str>,
    report: &mut MergeReport,
) -> Result<()> {
    let doc = p.doc;
    let left_out = &doc.redaction;
    let account = p.account_id.as_str();
    let conn = tx.conn();

    if p.is_new {
        let a = &doc.account;
        records::insert_account(
            conn,
            account,
            a,
            &stamp(&a.created_at, tx.now()),
            &stamp(&a.updated_at, tx.now()),
        )?;
        report.accounts_added += 1;
    } else if p
        .account_conflict
        .as_ref()
        .is_some_and(|c| take.contains(c.key.as_str()))
    {
        let a = &doc.account;
        records::overwrite_account(conn, account, a, left_out.notes, tx.now())?;
        report.accounts_updated += 1;
    }

    for (id, dp) in &p.people_add {
        let mut person = dp.person.clone();
        if person.side.is_account_bound() {
            person.account_id = Some(account.to_string());
        }
        insert_person(
            tx,
            id,
            &DocPerson {
                person,
                created_at: dp.created_at.clone(),
                updated_at: dp.updated_at.clone(),
            },
        )?;
        report.people_added += 1;
        for c in doc
            .rating_history
            .iter()
            .filter(|c| c.person_id == dp.person.id)
        {
            insert_rating_change(tx, id, c.rating, c.value, &c.changed_at)?;
            report.rating_changes_added += 1;
        }
    }
    for (id, dp, c) in &p.people_conflicts {
        if !take.contains(c.key.as_str()) {
            continue;
        }
        let before = stored_person(conn, id)?.map(|m| m.ratings);
        update_person(tx, id, &dp.person, left_out)?;
        report.people_updated += 1;
        if !left_out.ratings && before != Some(dp.person.ratings) {
            take_rating_history(tx, doc, &dp.person.id, id, &dp.person.ratings, report)?;
        }
    }

    // Changed lines first (a replaced manager line makes room), then new ones.
    for l in &p.lines {
        let r = &l.theirs.relation;
        match &l.action {
            LineAction::Update(c) if take.contains(c.key.as_str()) => {
                if r.kind == RelationKind::ReportsTo {
                    check_one_manager(tx, account, &l.id, &l.from, &l.to)?;
                }
                let line = Relation {
                    id: l.id.clone(),
                    from: l.from.clone(),
                    to: l.to.clone(),
                    ..r.clone()
                };
                records::overwrite_relation(conn, &line, left_out.notes)?;
                report.lines_updated += 1;
            }
            LineAction::ReplaceManager(c, mine) if take.contains(c.key.as_str()) => {
                records::delete_relation(conn, mine)?;
                insert_line(tx, account, l)?;
                report.lines_updated += 1;
            }
            _ => {}
        }
    }
    for l in p
        .lines
        .iter()
        .filter(|l| matches!(l.action, LineAction::Add))
    {
        insert_line(tx, account, l)?;
        report.lines_added += 1;
    }

    for o in &doc.opportunities {
        let op = &o.opportunity;
        let owners: HashMap<String, Option<String>> = HashMap::new();
        let (id, holder) = resolve(conn, &owners, "opportunity", &op.id, Some(account))?;
        if !matches!(holder, Held::Free) {
            // An opportunity already here: its chain gains what it lacks.
            add_chain(conn, tx, &id, o, &p.person_ids, report)?;
            continue;
        }
        records::insert_opportunity(conn, &id, account, op, &stamp(&o.created_at, tx.now()))?;
        report.opportunities_added += 1;
        add_chain(conn, tx, &id, o, &p.person_ids, report)?;
    }
    for pos in &doc.positions {
        report.positions_added += count(records::add_position(
            conn,
            account,
            &p.person_ids[&pos.person_id],
            pos.x,
            pos.y,
        )?);
    }
    for m in &doc.team {
        report.team_roles_added += count(records::add_team_role(
            conn,
            account,
            m.role,
            &p.person_ids[&m.person_id],
        )?);
    }
    if let Some(plan) = &doc.plan {
        report.plans_added += count(records::add_plan(
            conn,
            account,
            plan,
            &stamp(&plan.updated_at, tx.now()),
        )?);
    }
    for t in &doc.targets {
        report.targets_added += count(records::add_target(
            conn,
            t,
            account,
            &p.person_ids[&t.person_id],
            tx.now(),
        )?);
    }
    for s in &doc.source_ids {
        report.source_ids_added += count(records::add_source_id(
            conn,
            account,
            &s.source_id,
            &p.person_ids[&s.person_id],
        )?);
    }
    Ok(())
}

/// Refuses an account whose reporting lines, after the merge, go round in a circle.
fn check_no_cycle(conn: &Connection, account: &str) -> Result<()> {
    let parent = records::reporting_parents(conn, account)?;
    let mut starts: Vec<&String> = parent.keys().collect();
    starts.sort();
    let mut done: HashSet<&str> = HashSet::new();
    for start in starts {
        let mut path: Vec<&str> = Vec::new();
        let mut current = start.as_str();
        loop {
            if done.contains(current) {
                break;
            }
            if let Some(i) = path.iter().position(|p| *p == current) {
                let mut ids: Vec<&str> = path[i..].to_vec();
                ids.push(current);
                let names = ids
                    .iter()
                    .map(|id| person_name(conn, id))
                    .collect::<Result<Vec<_>>>()?;
                return Err(Error::ReportingCycle { names });
            }
            path.push(current);
            match parent.get(current) {
                Some(next) => current = next,
                None => break,
            }
        }
        done.extend(path);
    }
    Ok(())
}
