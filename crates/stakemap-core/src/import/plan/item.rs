//! A record of the file as the plan carries it from step to step: the person it becomes,
//! the manager it names and the reporting line it will have.

use crate::model::PersonInput;

use super::super::mapping::ImportRecord;
use super::super::note::ImportNote;
use super::FieldChange;

/// Who a manager reference points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Target {
    /// A record of the file (by index).
    Record(usize),
    /// A stored person (by index into [`Existing::people`]).
    Person(usize),
}

pub(super) struct Item {
    pub(super) record: ImportRecord,
    /// The id the person had in the file (job shares suffixed `#2`…); may be empty.
    pub(super) source_id: String,
    pub(super) name: String,
    pub(super) rejected: Option<Vec<ImportNote>>,
    pub(super) matched: Option<usize>,
    pub(super) after: PersonInput,
    pub(super) changes: Vec<FieldChange>,
    pub(super) manager: Option<Target>,
    /// The manager as finally planned (after cycles and rejected rows).
    pub(super) final_manager: Option<Node>,
    /// The final manager differs from the stored one (or there was none).
    pub(super) line_change: Option<LineChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineChange {
    Added,
    Changed,
}

/// A person of the account as it will be after the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Node {
    Stored(usize),
    New(usize),
}
