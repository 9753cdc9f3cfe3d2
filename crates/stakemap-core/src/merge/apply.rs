//! Applying a merge: the plan (see `plan.rs`) written in one transaction, conflicts
//! resolved as the user chose.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::plan::{plan, resolve, stored_person, AccountPlan, Held, LineAction, LinePlan};
use super::{count, MergeReport};
use crate::doc::{prepare, AccountDoc, DocOpportunity, DocPerson, Redaction};
use crate::error::{Error, Result};
use crate::model::{Person, RatingKind, Ratings, Relation, RelationKind};
use crate::store::{
    accounts, deals, docs, opportunities, people, plans, positions, relations, team, Tx, UndoLabel,
    Workspace,
};

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

/// Merges `docs` into `ws` as one step (one Undo). `take_theirs` holds the keys of the
/// [`Conflict`](super::Conflict)s where theirs wins; mine is kept for every other. Keys that match no
/// conflict are ignored. All or nothing: when the result would have a reporting cycle (or
/// a person two managers), nothing is written and the error names the people.
pub fn merge_apply(
    ws: &mut Workspace,
    docs: &[AccountDoc],
    take_theirs: &[String],
) -> Result<MergeReport> {
    let docs = prepare(docs)?;
    let take: HashSet<&str> = take_theirs.iter().map(String::as_str).collect();
    ws.write_step(UndoLabel::Merge, |tx| apply_in(tx, &docs, &take))
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
    people::insert_record(
        tx.conn(),
        id,
        dp.person.account_id.as_deref(),
        &people::Columns::of_person(&dp.person),
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
    people::overwrite(tx.conn(), id, &people::Columns::of_person(&p), tx.now())
}

fn insert_rating_change(
    tx: &Tx<'_>,
    person: &str,
    kind: RatingKind,
    value: Option<u8>,
    at: &str,
) -> Result<()> {
    people::insert_rating_change(tx.conn(), person, kind, value, at)
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
    let mut mine = people::rating_changes(tx.conn(), person)?;
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
        let last = people::last_rating(tx.conn(), person, *kind)?;
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
    if let Some((other, manager)) = relations::manager_line(tx.conn(), account, from)? {
        if other != line_id {
            return Err(Error::invalid(
                "merge",
                crate::error::Reason::MergeTwoManagers {
                    person: people::name_or_id(tx.conn(), from)?,
                    first: people::name_or_id(tx.conn(), &manager)?,
                    second: people::name_or_id(tx.conn(), to)?,
                },
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
    relations::insert_record(tx.conn(), &line, &stamp(&l.theirs.created_at, tx.now()))
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
        accounts::insert_record(
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
        accounts::overwrite(conn, account, a, left_out.notes, tx.now())?;
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
                relations::overwrite(conn, &line, left_out.notes)?;
                report.lines_updated += 1;
            }
            LineAction::ReplaceManager(c, mine) if take.contains(c.key.as_str()) => {
                relations::delete_row(conn, mine)?;
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
        opportunities::insert_record(conn, &id, account, op, &stamp(&o.created_at, tx.now()))?;
        report.opportunities_added += 1;
        add_chain(conn, tx, &id, o, &p.person_ids, report)?;
    }
    for pos in &doc.positions {
        report.positions_added += count(positions::add_if_missing(
            conn,
            account,
            &p.person_ids[&pos.person_id],
            pos.x,
            pos.y,
        )?);
    }
    for m in &doc.team {
        report.team_roles_added += count(team::add_if_missing(
            conn,
            account,
            m.role,
            &p.person_ids[&m.person_id],
        )?);
    }
    if let Some(plan) = &doc.plan {
        report.plans_added += count(plans::add_if_missing(
            conn,
            account,
            plan,
            &stamp(&plan.updated_at, tx.now()),
        )?);
    }
    for t in &doc.targets {
        report.targets_added += count(plans::add_target_if_missing(
            conn,
            t,
            account,
            &p.person_ids[&t.person_id],
            tx.now(),
        )?);
    }
    for s in &doc.source_ids {
        report.source_ids_added += count(docs::add_source_id(
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
    let parent = relations::reporting_parents(conn, account)?;
    let mut starts: Vec<&String> = parent.keys().collect();
    starts.sort();
    let mut done: HashSet<&str> = HashSet::new();
    // Each person's place on the path being walked: a walk is linear in its length.
    let mut on_path: HashMap<&str, usize> = HashMap::new();
    for start in starts {
        let mut path: Vec<&str> = Vec::new();
        on_path.clear();
        let mut current = start.as_str();
        loop {
            if done.contains(current) {
                break;
            }
            if let Some(&i) = on_path.get(current) {
                // At most 20 names, the first again at the end, and how many more.
                const SHOWN: usize = 20;
                let cycle = &path[i..];
                let mut names = cycle
                    .iter()
                    .take(SHOWN)
                    .map(|id| people::name_or_id(conn, id))
                    .collect::<Result<Vec<_>>>()?;
                if cycle.len() > SHOWN {
                    names.push(format!("… {} more", cycle.len() - SHOWN));
                }
                names.push(people::name_or_id(conn, current)?);
                return Err(Error::ReportingCycle { names });
            }
            on_path.insert(current, path.len());
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
