//! The plan of an import, record by record: each record checked and given its source id,
//! matched to a stored person, its manager found (see [`super::managers`]), and what the
//! import would do summed up as an [`ImportPlan`].

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::error::Result;
use crate::model::PersonInput;

use super::super::mapping::{name_key, ImportRecord, Preset};
use super::changes::{diff, parse_patch, Patch};
use super::item::{Item, LineChange};
use super::load::{load, Loaded};
use super::managers::{find_managers, settle_lines, Planner};
use super::stored::Existing;
use super::{
    Ambiguity, ImportOptions, ImportPlan, ImportSource, PersonChange, PlannedPerson, RowProblem,
    MAX_LISTED,
};

pub(super) struct Planned {
    pub(super) loaded: Loaded,
    pub(super) existing: Existing,
    pub(super) items: Vec<Item>,
    pub(super) ambiguous: Vec<Ambiguity>,
    pub(super) unmatched: Vec<RowProblem>,
    pub(super) warnings: Vec<String>,
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

/// Plans the import of `source` into the account named `account_name`: reads the file and
/// the account, checks and matches every record, finds the managers and the reporting
/// lines, and collects the warnings. Writes nothing.
pub(super) fn plan_records(
    conn: &Connection,
    account_name: &str,
    source: &ImportSource,
) -> Result<Planned> {
    let mut loaded = load(source)?;
    let existing = Existing::load(conn, account_name)?;
    let mut warnings = loaded.warnings.clone();
    let (mut items, patches) = check_records(&mut loaded, &mut warnings);
    let claimed = match_stored(
        &existing,
        &mut items,
        &patches,
        source.options,
        &mut warnings,
    );
    drop(patches);

    let mut planner = Planner {
        existing: &existing,
        items,
        claimed,
    };
    let (ambiguous, mut unmatched) = find_managers(&mut planner, source, &mut warnings);
    planner.reject_cycles();
    settle_lines(&mut planner, &mut unmatched);
    warn_of_companies(&planner.items, &existing.account_name, &mut warnings);

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

/// Each record of the file (taken out of `loaded`): its name, its checks and its source
/// id, as an item not matched yet, and what it says about the person (`None` for a
/// rejected row).
fn check_records(
    loaded: &mut Loaded,
    warnings: &mut Vec<String>,
) -> (Vec<Item>, Vec<Option<Patch>>) {
    let organogram = loaded.preset == Some(Preset::Organogram);
    let n = loaded.records.len();
    let mut items: Vec<Item> = Vec::with_capacity(n);
    let mut patches: Vec<Option<Patch>> = Vec::with_capacity(n);
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
        let source_id = own_source_id(
            &record,
            &name,
            organogram,
            &mut first_line,
            &mut reasons,
            warnings,
        );
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
    (items, patches)
}

/// The id a record keeps as its source id: the file's, or for the second holder of an
/// organogram's post `POST#2` (a job share, with a warning). An id already used by an
/// earlier row of the file is a reason to reject the row. `first_line` holds the ids met
/// so far, with their first line and how many rows had them.
fn own_source_id(
    record: &ImportRecord,
    name: &str,
    organogram: bool,
    first_line: &mut HashMap<String, (u32, u32)>,
    reasons: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> String {
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
    source_id
}

/// Matches the records that are not rejected to stored people: by source id or person
/// id, then by e-mail and by name as `options` allow. Returns, for each stored person
/// matched, the record matched to them.
fn match_stored(
    existing: &Existing,
    items: &mut [Item],
    patches: &[Option<Patch>],
    options: ImportOptions,
    warnings: &mut Vec<String>,
) -> HashMap<usize, usize> {
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
        if matched.is_none() && (options.match_email || no_id) {
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
        if matched.is_none() && options.match_name {
            let found = existing
                .by_name
                .get(&name_key(&item.name))
                .map(Vec::as_slice);
            match found.map(|many| narrow(existing, many, &claimed, &item.record)) {
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
    claimed
}

/// People of several companies go into one account: say so.
fn warn_of_companies(items: &[Item], account_name: &str, warnings: &mut Vec<String>) {
    let mut companies: Vec<&str> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in items {
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
            account_name
        ));
    }
}

fn capped<T>(list: impl IntoIterator<Item = T>) -> Vec<T> {
    list.into_iter().take(MAX_LISTED).collect()
}

impl Planned {
    pub(super) fn plan(&self, source: &ImportSource, account_name: &str) -> ImportPlan {
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
