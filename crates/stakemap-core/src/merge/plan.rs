//! Planning a merge: matching their accounts, people and lines with this workspace's, and
//! what the merge would add and where the two sides differ (see the module documentation
//! of `merge`). Reads only.

use crate::error::Reason;
use std::collections::HashMap;

use rusqlite::Connection;

use super::{count, AccountMerge, Conflict, FieldDiff, MergePreview, MAX_LISTED_NAMES};
use crate::doc::{prepare, AccountDoc, DocPerson, DocRelation, Redaction};
use crate::error::{Error, Result};
use crate::model::{Account, Person, RatingKind, Relation, RelationKind, Role};
use crate::store::{accounts, people, relations, Workspace};

// ---------------------------------------------------------------------------------------
// Reading this workspace (inside the merge's transaction)
// ---------------------------------------------------------------------------------------

pub(super) fn stored_person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    people::find(conn, id)
}

pub(super) fn stored_relation(conn: &Connection, id: &str) -> Result<Option<Relation>> {
    relations::find(conn, id)
}

/// This workspace's account for theirs: the same id, else the same name.
pub(super) fn matching_account(conn: &Connection, theirs: &Account) -> Result<Option<Account>> {
    accounts::by_id_or_name(conn, &theirs.id, &theirs.name)
}

// ---------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------

/// Who holds an id: nobody, this workspace (with the account, `None` for our staff), or an
/// earlier document of the same merge.
pub(super) enum Held {
    Free,
    Stored(Option<String>),
    Planned(Option<String>),
}

/// Ids the merge will add, so that a later document (our staff are in every one) sees
/// them as taken.
#[derive(Default)]
pub(super) struct Planned {
    pub(super) people: HashMap<String, Option<String>>,
    pub(super) relations: HashMap<String, Option<String>>,
}

/// The id derived from `id` for an owner that does not hold it (see the module docs).
pub(super) fn derived_id(id: &str, owner: Option<&str>) -> String {
    match owner {
        Some(account) => format!("{id}~{}", account.chars().take(8).collect::<String>()),
        None => format!("{id}~ours"),
    }
}

pub(super) fn held(
    conn: &Connection,
    planned: &HashMap<String, Option<String>>,
    table: &str,
    id: &str,
) -> Result<Held> {
    if let Some(owner) = planned.get(id) {
        return Ok(Held::Planned(owner.clone()));
    }
    let stored = crate::store::owner_of(conn, table, id)?;
    Ok(stored.map_or(Held::Free, Held::Stored))
}

/// The id an item of `owner` gets here, and who holds it now.
pub(super) fn resolve(
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
        Reason::MergeIdTaken {
            id: id.to_string(),
            other: candidate.to_string(),
        },
    ))
}

pub(super) enum LineAction {
    Add,
    /// Same id, other fields.
    Update(Conflict),
    /// A new reporting line of theirs for a person who has another manager here: my line
    /// (this id) goes if theirs is taken.
    ReplaceManager(Conflict, String),
}

pub(super) struct LinePlan<'d> {
    pub(super) id: String,
    pub(super) theirs: &'d DocRelation,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) action: LineAction,
}

pub(super) struct AccountPlan<'d> {
    pub(super) doc: &'d AccountDoc,
    pub(super) account_id: String,
    pub(super) is_new: bool,
    pub(super) name: String,
    pub(super) account_conflict: Option<Conflict>,
    /// Their person id → the id here.
    pub(super) person_ids: HashMap<String, String>,
    pub(super) people_add: Vec<(String, &'d DocPerson)>,
    pub(super) people_conflicts: Vec<(String, &'d DocPerson, Conflict)>,
    pub(super) lines: Vec<LinePlan<'d>>,
}

pub(super) fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

pub(super) fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

pub(super) fn diff(fields: &mut Vec<FieldDiff>, field: &str, mine: String, theirs: String) {
    if mine != theirs {
        fields.push(FieldDiff {
            field: field.into(),
            mine,
            theirs,
        });
    }
}

/// The fields in which their person differs from mine (those the document has).
pub(super) fn person_diffs(mine: &Person, theirs: &Person, left_out: &Redaction) -> Vec<FieldDiff> {
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

pub(super) fn sign_text(sign: i8) -> String {
    if sign < 0 { "-" } else { "+" }.to_string()
}

pub(super) fn line_label(from: &str, to: &str, kind: RelationKind) -> String {
    format!("{from} → {to} ({kind})")
}

/// Plans the merge of `docs` (already checked and normalised) against the workspace as
/// it is now. Reads only.
pub(super) fn plan<'d>(conn: &Connection, docs: &'d [AccountDoc]) -> Result<Vec<AccountPlan<'d>>> {
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
                    None => people::name_or_id(conn, id),
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
                    let same = relations::has_line(conn, &account_id, l.kind.as_str(), &from, &to)?;
                    if same {
                        continue;
                    }
                    match relations::manager_line(conn, &account_id, &from)? {
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
