//! The plan of an import, record by record: each record checked and given its source id,
//! matched to a stored person, its manager found (see [`super::managers`]), and what the
//! import would do summed up as an [`ImportPlan`].

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::error::Result;
use crate::model::PersonInput;

use super::super::mapping::{name_key, ImportRecord, Preset};
use super::super::note::{ImportNote, NoteKind};
use super::changes::{diff, keep_stored, parse_patch, Patch};
use super::item::{Item, LineChange};
use super::load::{load, Loaded};
use super::managers::{find_managers, settle_lines, Planner};
use super::stored::Existing;
use super::{
    Ambiguity, ImportOptions, ImportPlan, ImportSource, KeepStored, PersonChange, PlannedPerson,
    RowProblem, MAX_LISTED,
};

pub(super) struct Planned {
    pub(super) loaded: Loaded,
    pub(super) existing: Existing,
    pub(super) items: Vec<Item>,
    pub(super) ambiguous: Vec<Ambiguity>,
    pub(super) unmatched: Vec<RowProblem>,
    pub(super) warnings: Vec<ImportNote>,
    /// The account the import goes into: the one named, else the company of the file.
    pub(super) account_name: String,
    /// The company most people of the file work for (empty when the file names none).
    pub(super) company: String,
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
    let company = main_company(&loaded.records);
    let account_name = match account_name.trim() {
        "" => default_account_name(&company, &source.file_name),
        named => named.to_string(),
    };
    let existing = Existing::load(conn, &account_name)?;
    let mut warnings = loaded.warnings.clone();
    let (mut items, patches) = check_records(&mut loaded, &mut warnings);
    let claimed = match_stored(&existing, &mut items, &patches, source, &mut warnings);
    drop(patches);

    let mut planner = Planner {
        existing: &existing,
        items,
        claimed,
    };
    let (ambiguous, mut unmatched) = find_managers(&mut planner, source, &mut warnings);
    planner.reject_cycles();
    settle_lines(&mut planner, &mut unmatched, &Keeps::new(&source.keep));
    warn_of_companies(&planner.items, &existing.account_name, &mut warnings);
    warn_of_no_lines(&loaded, &planner, &mut warnings);

    let items = planner.items;
    Ok(Planned {
        loaded,
        existing,
        items,
        ambiguous,
        unmatched,
        warnings,
        account_name,
        company,
    })
}

/// The company most records name (the first spelling of it; of equally common ones the
/// first met), or `""`.
fn main_company(records: &[ImportRecord]) -> String {
    let mut counts: HashMap<String, (usize, usize, &str)> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let c = r.company.trim();
        if !c.is_empty() {
            counts.entry(name_key(c)).or_insert((0, i, c)).0 += 1;
        }
    }
    counts
        .into_values()
        .max_by_key(|&(n, first, _)| (n, std::cmp::Reverse(first)))
        .map_or_else(String::new, |(_, _, c)| c.to_string())
}

/// The account an import goes into when none is named: the company of the file, else
/// the file's name without its extension.
fn default_account_name(company: &str, file_name: &str) -> String {
    if !company.is_empty() {
        return company.to_string();
    }
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .trim();
    if stem.is_empty() {
        file_name.trim().to_string()
    } else {
        stem.to_string()
    }
}

/// True for a column header that names managers (上司, Manager, Reports To, ...).
fn manager_like(header: &str) -> bool {
    let h = super::super::mapping::normalize_header(header);
    [
        "上司",
        "manager",
        "reportsto",
        "報告先",
        "マネージャー",
        "マネジャー",
    ]
    .iter()
    .any(|w| h.contains(w))
}

/// A file with a column of managers from which no manager is found: say so, naming the
/// column (a manager column mapped to nothing, or names and ids that fit nobody).
fn warn_of_no_lines(loaded: &Loaded, planner: &Planner<'_>, warnings: &mut Vec<ImportNote>) {
    use super::super::mapping::Field;
    let column = loaded
        .columns
        .iter()
        .zip(&loaded.mapping)
        .find(|(c, f)| matches!(f, Field::ManagerId | Field::ManagerName) || manager_like(c))
        .map(|(c, _)| c.clone());
    let Some(column) = column else { return };
    // A manager found (even one whose line a cycle then stopped) is a line the file gives.
    let any_line = planner
        .items
        .iter()
        .any(|item| item.manager.is_some() || item.final_manager.is_some());
    if !any_line && !planner.items.is_empty() {
        warnings.push(ImportNote::new(
            NoteKind::NoReportingLines,
            &[("column", column)],
        ));
    }
}

/// Each record of the file (taken out of `loaded`): its name, its checks and its source
/// id, as an item not matched yet, and what it says about the person (`None` for a
/// rejected row).
fn check_records(
    loaded: &mut Loaded,
    warnings: &mut Vec<ImportNote>,
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
        let mut reasons: Vec<ImportNote> = loaded.row_problems[i].iter().cloned().collect();
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
            rejected: (!reasons.is_empty()).then_some(reasons),
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
    reasons: &mut Vec<ImportNote>,
    warnings: &mut Vec<ImportNote>,
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
                warnings.push(ImportNote::new(
                    NoteKind::JobShare,
                    &[
                        ("line", record.line.to_string()),
                        ("post", source_id.clone()),
                        ("first", first.to_string()),
                        ("name", name.to_string()),
                        ("id", suffixed.clone()),
                    ],
                ));
                if suffixed.chars().count() > 200 {
                    reasons.push(ImportNote::new(
                        NoteKind::IdTooLong,
                        &[("length", suffixed.chars().count())],
                    ));
                }
                first_line.insert(suffixed.clone(), (record.line, 1));
                source_id = suffixed;
            }
            Some((first, _)) => reasons.push(ImportNote::new(
                NoteKind::IdRepeated,
                &[("id", source_id.clone()), ("first", first.to_string())],
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
    source: &ImportSource,
    warnings: &mut Vec<ImportNote>,
) -> HashMap<usize, usize> {
    let options: ImportOptions = source.options;
    let keeps = Keeps::new(&source.keep);
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
                Some(many) if many.len() > 1 && !email.is_empty() => {
                    warnings.push(ImportNote::new(
                        NoteKind::EmailShared,
                        &[
                            ("line", line.to_string()),
                            ("count", many.len().to_string()),
                            ("email", email.clone()),
                            ("name", item.name.clone()),
                        ],
                    ))
                }
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
                Some(Err(many)) if many > 1 => warnings.push(ImportNote::new(
                    NoteKind::NameShared,
                    &[
                        ("line", line.to_string()),
                        ("count", many.to_string()),
                        ("name", item.name.clone()),
                    ],
                )),
                _ => {}
            }
        }
        let Some((e, how)) = matched else { continue };
        if let Some(&other) = claimed.get(&e) {
            let reason = ImportNote::new(
                NoteKind::SamePerson,
                &[
                    ("other", items[other].record.line.to_string()),
                    ("name", existing.people[e].input.name.clone()),
                    ("how", how.to_string()),
                ],
            );
            items[i].rejected = Some(vec![reason]);
            continue;
        }
        claimed.insert(e, i);
        let before = existing.people[e].input.clone();
        let mut after = patch.apply(before.clone());
        // "井上真理" for "井上 真理", or another spacing or width: the same name, kept as stored.
        if name_key(&after.name) == name_key(&before.name) {
            after.name.clone_from(&before.name);
        }
        let mut changes = diff(&before, &after);
        for field in keeps.on(line) {
            keep_stored(&before, &mut after, field);
            for c in changes.iter_mut().filter(|c| c.field == field) {
                c.kept = true;
            }
        }
        items[i].changes = changes;
        items[i].after = after;
        items[i].matched = Some(e);
    }
    claimed
}

/// The stored values the user keeps, by row, looked up in constant time whatever the
/// length of the list the window sends.
pub(super) struct Keeps<'a> {
    everywhere: HashSet<&'a str>,
    by_line: HashMap<u32, HashSet<&'a str>>,
}

impl<'a> Keeps<'a> {
    pub(super) fn new(keep: &'a [KeepStored]) -> Self {
        let mut keeps = Keeps {
            everywhere: HashSet::new(),
            by_line: HashMap::new(),
        };
        for k in keep {
            match k.line {
                None => keeps.everywhere.insert(k.field.as_str()),
                Some(line) => keeps
                    .by_line
                    .entry(line)
                    .or_default()
                    .insert(k.field.as_str()),
            };
        }
        keeps
    }

    /// The fields kept stored on the row of `line`.
    pub(super) fn on(&self, line: u32) -> impl Iterator<Item = &'a str> + '_ {
        self.everywhere
            .iter()
            .chain(self.by_line.get(&line).into_iter().flatten())
            .copied()
    }

    /// True when `field` is kept stored on the row of `line`.
    pub(super) fn keeps(&self, line: u32, field: &str) -> bool {
        self.everywhere.contains(field)
            || self.by_line.get(&line).is_some_and(|f| f.contains(field))
    }
}

/// People of several companies go into one account: say so.
fn warn_of_companies(items: &[Item], account_name: &str, warnings: &mut Vec<ImportNote>) {
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
        let listed = format!(
            "{}{}",
            shown.join(", "),
            if companies.len() > 5 { ", …" } else { "" }
        );
        warnings.push(ImportNote::new(
            NoteKind::Companies,
            &[
                ("count", companies.len().to_string()),
                ("companies", listed),
                ("account", account_name.to_string()),
            ],
        ));
    }
}

fn capped<T>(list: impl IntoIterator<Item = T>) -> Vec<T> {
    list.into_iter().take(MAX_LISTED).collect()
}

impl Planned {
    pub(super) fn plan(&self, source: &ImportSource) -> ImportPlan {
        let mut added = Vec::new();
        let mut updated = Vec::new();
        let mut rejected = Vec::new();
        let (mut added_count, mut updated_count, mut unchanged, mut rejected_count) =
            (0u32, 0u32, 0u32, 0u32);
        let (mut reporting_added, mut reporting_changed) = (0u32, 0u32);
        for item in &self.items {
            let line = item.record.line;
            if let Some(reasons) = &item.rejected {
                rejected_count += 1;
                if rejected.len() < MAX_LISTED {
                    rejected.push(RowProblem {
                        line,
                        reasons: reasons.clone(),
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
                // A row whose every change the user keeps stored is unchanged, and still
                // listed, so that the user can change their mind.
                Some(e) if !item.changes.is_empty() => {
                    if item.changes.iter().any(|c| !c.kept) {
                        updated_count += 1;
                    } else {
                        unchanged += 1;
                    }
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
                self.account_name.clone()
            },
            company: self.company.clone(),
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
