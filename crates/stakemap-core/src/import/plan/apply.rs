//! Writing an import as planned, in the transaction the caller holds.

use crate::error::Result;
use crate::model::{RatingKind, Ratings, RelationInput, RelationKind};
use crate::store::{new_id, Tx};

use super::item::{LineChange, Node};
use super::records::Planned;
use super::{SheetImportReport, PROGRESS_EVERY};

/// Writes the people, rating history, source ids and reporting lines of a plan into the
/// account `account_id`, counting what it does in `report`.
pub(super) fn write(
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
        if (i as u32).is_multiple_of(PROGRESS_EVERY) {
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
                if item.changes.iter().any(|c| c.field != "manager" && !c.kept) {
                    tx.overwrite_imported_person(&stored.id, p)?;
                }
                if item.changes.iter().all(|c| c.kept) {
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
