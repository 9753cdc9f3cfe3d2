//! The trash: deleting an account or a person keeps what they held (as the JSON export's
//! documents: the person or account with their lines, card positions, rating history,
//! iron-triangle roles and import ids) until the user restores it or empties the trash.
//!
//! Deleting, restoring and emptying are each one write and one undo step. A restore puts
//! the items back with their ids through the merge, so a line whose other end has since
//! been deleted is left out (and counted) instead of failing the restore.

use crate::error::Reason;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::doc::AccountDoc;
use crate::error::{Error, Result};
use crate::merge;
use crate::model::Person;
use crate::model::TrashItem;
use crate::store::{snapshots, trash, UndoLabel, Workspace};

/// What a restore put back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestoreReport {
    pub label: String,
    pub people: u32,
    pub lines: u32,
    /// Lines left out because the person at their other end is no longer there.
    pub lines_skipped: u32,
}

/// Keeps of an account's document only what belongs to one person: them, their lines
/// (with the people at the other ends, who stay on the map), their card, roles, history and
/// import ids.
fn only_person(doc: &mut AccountDoc, id: &str) {
    doc.relations
        .retain(|l| l.relation.from == id || l.relation.to == id);
    // Of the opportunities, only the person's places in their decision chains come back
    // (the opportunities themselves are still there).
    for o in &mut doc.opportunities {
        o.members.retain(|m| m.person_id == id);
        o.lines.retain(|l| l.from == id || l.to == id);
    }
    doc.opportunities
        .retain(|o| !o.members.is_empty() || !o.lines.is_empty());
    let ends: HashSet<String> = doc
        .relations
        .iter()
        .flat_map(|l| [l.relation.from.clone(), l.relation.to.clone()])
        .chain(
            doc.opportunities
                .iter()
                .flat_map(|o| o.lines.iter().flat_map(|l| [l.from.clone(), l.to.clone()])),
        )
        .chain([id.to_string()])
        .collect();
    doc.people.retain(|p| ends.contains(&p.person.id));
    doc.positions.retain(|p| p.person_id == id);
    doc.team.retain(|m| m.person_id == id);
    doc.rating_history.retain(|c| c.person_id == id);
    doc.source_ids.retain(|s| s.person_id == id);
    doc.targets.retain(|t| t.person_id == id);
    doc.plan = None;
}

/// Keeps of a trashed document the people it brings back (`owned`) and the people still in
/// the workspace, and what refers only to them. Returns how many lines were left out.
fn only_restorable(
    doc: &mut AccountDoc,
    owned: impl Fn(&Person) -> bool,
    exists: impl Fn(&str) -> bool,
) -> usize {
    doc.people
        .retain(|p| owned(&p.person) || exists(&p.person.id));
    let kept: HashSet<String> = doc.people.iter().map(|p| p.person.id.clone()).collect();
    let before = doc.relations.len();
    doc.relations
        .retain(|l| kept.contains(&l.relation.from) && kept.contains(&l.relation.to));
    doc.positions.retain(|p| kept.contains(&p.person_id));
    doc.team.retain(|m| kept.contains(&m.person_id));
    doc.rating_history.retain(|c| kept.contains(&c.person_id));
    doc.source_ids.retain(|s| kept.contains(&s.person_id));
    doc.targets.retain(|t| kept.contains(&t.person_id));
    for o in &mut doc.opportunities {
        o.members.retain(|m| kept.contains(&m.person_id));
        o.lines
            .retain(|l| kept.contains(&l.from) && kept.contains(&l.to));
    }
    before - doc.relations.len()
}

impl Workspace {
    /// Moves a person to the trash: deletes them (and their lines) and keeps all of it to
    /// restore. For one of our own staff, their lines on every account are kept.
    pub fn trash_person(&mut self, person_id: &str) -> Result<()> {
        let person = self.person(person_id)?;
        let accounts: Vec<String> = match &person.account_id {
            Some(a) => vec![a.clone()],
            None => self.accounts()?.into_iter().map(|a| a.id).collect(),
        };
        let mut docs = Vec::new();
        for account in &accounts {
            let mut doc = AccountDoc::load(self, account)?;
            only_person(&mut doc, person_id);
            docs.push(doc);
        }
        let account_name = match &person.account_id {
            Some(a) => self.account(a)?.name,
            None => String::new(),
        };
        let lines = docs.iter().map(|d| d.relations.len()).sum::<usize>();
        self.put_in_trash(
            "person",
            person_id,
            &person.name,
            &account_name,
            1,
            lines,
            &docs,
            |tx| tx.delete_person(person_id),
            UndoLabel::DeletePerson,
        )
    }

    /// Moves an account to the trash with everything on it.
    pub fn trash_account(&mut self, account_id: &str) -> Result<()> {
        let doc = AccountDoc::load(self, account_id)?;
        let name = doc.account.name.clone();
        let people = doc
            .people
            .iter()
            .filter(|p| p.person.account_id.is_some())
            .count();
        let lines = doc.relations.len();
        self.put_in_trash(
            "account",
            account_id,
            &name,
            &name,
            people,
            lines,
            &[doc],
            |tx| tx.delete_account(account_id),
            UndoLabel::DeleteAccount,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn put_in_trash(
        &mut self,
        kind: &str,
        subject: &str,
        label: &str,
        account_name: &str,
        people: usize,
        lines: usize,
        docs: &[AccountDoc],
        delete: impl FnOnce(&crate::store::Tx<'_>) -> Result<()>,
        step: UndoLabel,
    ) -> Result<()> {
        let json = serde_json::to_string(docs).map_err(|e| {
            Error::invalid(
                "trash",
                Reason::Internal {
                    detail: e.to_string(),
                },
            )
        })?;
        self.write_step(step, |tx| {
            trash::insert(tx, kind, subject, label, account_name, people, lines, &json)?;
            delete(tx)
        })
    }

    /// The trash, newest first.
    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        trash::list(self.conn())
    }

    /// Puts a trash entry back where it was, with its ids, and takes it out of the trash.
    pub fn restore_from_trash(&mut self, id: &str) -> Result<RestoreReport> {
        let (kind, subject, label, json) = trash::entry(self.conn(), id)?;
        let mut docs: Vec<AccountDoc> = serde_json::from_str(&json).map_err(|e| {
            Error::invalid(
                "trash",
                Reason::Internal {
                    detail: e.to_string(),
                },
            )
        })?;
        // What this entry brings back; anybody else must still be there, and a line to
        // somebody deleted since cannot come back.
        let owned = |p: &Person| {
            if kind == "person" {
                p.id == subject
            } else {
                p.account_id.as_deref() == Some(subject.as_str())
            }
        };
        let exists = |pid: &str| self.person(pid).is_ok();
        let skipped: usize = docs
            .iter_mut()
            .map(|doc| only_restorable(doc, owned, exists))
            .sum();
        let docs = crate::doc::prepare(&docs)?;
        let report = self.write_step(UndoLabel::Restore, |tx| {
            let report = merge::apply_in(tx, &docs, &HashSet::new())?;
            trash::delete(tx, id)?;
            Ok(report)
        })?;
        Ok(RestoreReport {
            label,
            people: report.people_added,
            lines: report.lines_added,
            lines_skipped: skipped as u32,
        })
    }

    /// Deletes everything in the trash for good. Returns how many entries went.
    pub fn empty_trash(&mut self) -> Result<u32> {
        let n = self.write_step(UndoLabel::EmptyTrash, |tx| {
            let n = trash::delete_all(tx)?;
            // The snapshots of accounts that are gone for good go with them.
            snapshots::delete_orphans(tx)?;
            Ok(n)
        })?;
        Ok(n as u32)
    }
}
