//! Merging a colleague's work: the accounts of another workspace file, or of our JSON export
//! ([`AccountDoc`](crate::doc::AccountDoc)), into this workspace.
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
//! left out ([`AccountDoc::redaction`](crate::doc::AccountDoc::redaction)) are neither compared nor overwritten.
//!
//! [`merge_preview`] lists what [`merge_apply`] would do; both run the same plan.

use serde::{Deserialize, Serialize};

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

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

mod apply;
mod plan;
mod read;

pub(crate) use apply::apply_in;
pub use apply::merge_apply;
pub use plan::merge_preview;
pub use read::read_workspace_docs;
