//! Whole records written with the ids and record times they bring, and the look-ups this
//! needs: what a merge of account documents (see `crate::merge`) and a restore from the
//! trash read and write, table by table. Nothing here decides what is merged.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::{accounts, people, relations};
use crate::error::Result;
use crate::model::{Account, NetworkTarget, Opportunity, Person, RatingKind, Relation, TeamRole};

// ---------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------

/// The person with this id, if any.
pub(crate) fn person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    Ok(conn
        .query_row(
            &format!("SELECT {} FROM person WHERE id = ?1", people::COLUMNS),
            [id],
            people::from_row,
        )
        .optional()?)
}

/// The line with this id, if any.
pub(crate) fn relation(conn: &Connection, id: &str) -> Result<Option<Relation>> {
    Ok(conn
        .query_row(
            &format!("SELECT {} FROM relation WHERE id = ?1", relations::COLUMNS),
            [id],
            relations::from_row,
        )
        .optional()?)
}

/// The account with this id, else the first (by id) with this name.
pub(crate) fn account_by_id_or_name(
    conn: &Connection,
    id: &str,
    name: &str,
) -> Result<Option<Account>> {
    let by_id = conn
        .query_row(
            &format!("SELECT {} FROM account WHERE id = ?1", accounts::COLUMNS),
            [id],
            accounts::from_row,
        )
        .optional()?;
    if by_id.is_some() {
        return Ok(by_id);
    }
    Ok(conn
        .query_row(
            &format!(
                "SELECT {} FROM account WHERE name = ?1 ORDER BY id LIMIT 1",
                accounts::COLUMNS
            ),
            [name],
            accounts::from_row,
        )
        .optional()?)
}

/// The reporting line giving `person` their manager on `account`: (line id, manager id).
pub(crate) fn manager_line(
    conn: &Connection,
    account: &str,
    person: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, to_id FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
            [account, person],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The person's name, or the id when there is nobody with it.
pub(crate) fn person_name(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn
        .query_row("SELECT name FROM person WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| id.to_string()))
}

/// Whether a record of `table` (`person`, `relation`, `opportunity`) holds the id: `None`
/// when nothing does, else the account it belongs to (`None` for our own staff).
pub(crate) fn owner(conn: &Connection, table: &str, id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row(
            &format!("SELECT account_id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// True when the account has a line of this kind from `from` to `to`.
pub(crate) fn has_line(
    conn: &Connection,
    account: &str,
    kind: &str,
    from: &str,
    to: &str,
) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM relation
         WHERE account_id = ?1 AND kind = ?2 AND from_id = ?3 AND to_id = ?4",
        params![account, kind, from, to],
        |r| r.get(0),
    )?)
}

/// Each person's manager on the account (reporting lines: from → to).
pub(crate) fn reporting_parents(
    conn: &Connection,
    account: &str,
) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare(
        "SELECT from_id, to_id FROM relation WHERE account_id = ?1 AND kind = 'reports_to'",
    )?;
    let rows = stmt.query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------

/// Adds an account with the id `id` and its record times.
pub(crate) fn insert_account(
    conn: &Connection,
    id: &str,
    a: &Account,
    created_at: &str,
    updated_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO account (id, name, industry, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, a.name, a.industry, a.notes, created_at, updated_at],
    )?;
    Ok(())
}

/// Overwrites the account `id` with `a` (its notes kept when `keep_notes`).
pub(crate) fn overwrite_account(
    conn: &Connection,
    id: &str,
    a: &Account,
    keep_notes: bool,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE account SET name = ?2, industry = ?3,
             notes = CASE WHEN ?4 THEN notes ELSE ?5 END, updated_at = ?6
         WHERE id = ?1",
        params![id, a.name, a.industry, keep_notes, a.notes, now],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// People and their rating history
// ---------------------------------------------------------------------------------------

/// Adds a person with the id `id` and their record times.
pub(crate) fn insert_person(
    conn: &Connection,
    id: &str,
    p: &Person,
    created_at: &str,
    updated_at: &str,
) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO person ({}, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            people::COLUMNS
        ),
        params![
            id,
            p.account_id,
            p.side.as_str(),
            p.name,
            p.reading,
            p.title,
            p.department,
            p.level,
            p.email,
            p.phone,
            p.notes,
            people::roles_text(&p.roles),
            p.influence.map(|i| i.as_str()),
            p.key_person,
            p.ratings.intimacy,
            p.ratings.solution,
            p.ratings.price,
            created_at,
            updated_at,
        ],
    )?;
    Ok(())
}

/// Overwrites every field of the person `id` (but their account) with `p`.
pub(crate) fn overwrite_person(conn: &Connection, id: &str, p: &Person, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE person SET side = ?2, name = ?3, reading = ?4, title = ?5, department = ?6,
             level = ?7, email = ?8, phone = ?9, notes = ?10, roles = ?11, influence = ?12,
             key_person = ?13, intimacy = ?14, solution = ?15, price = ?16, updated_at = ?17
         WHERE id = ?1",
        params![
            id,
            p.side.as_str(),
            p.name,
            p.reading,
            p.title,
            p.department,
            p.level,
            p.email,
            p.phone,
            p.notes,
            people::roles_text(&p.roles),
            p.influence.map(|i| i.as_str()),
            p.key_person,
            p.ratings.intimacy,
            p.ratings.solution,
            p.ratings.price,
            now,
        ],
    )?;
    Ok(())
}

/// Records one change of a person's rating.
pub(crate) fn insert_rating_change(
    conn: &Connection,
    person: &str,
    kind: RatingKind,
    value: Option<u8>,
    at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO rating_change (person_id, rating, value, changed_at) VALUES (?1, ?2, ?3, ?4)",
        params![person, kind.as_str(), value, at],
    )?;
    Ok(())
}

/// A person's recorded rating changes, oldest first: (rating, value, time).
pub(crate) fn rating_changes(
    conn: &Connection,
    person: &str,
) -> Result<Vec<(String, Option<u8>, String)>> {
    let mut stmt = conn.prepare(
        "SELECT rating, value, changed_at FROM rating_change WHERE person_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([person], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The value of a person's last recorded change of a rating; `None` when there is none.
pub(crate) fn last_rating(
    conn: &Connection,
    person: &str,
    kind: RatingKind,
) -> Result<Option<Option<u8>>> {
    Ok(conn
        .query_row(
            "SELECT value FROM rating_change WHERE person_id = ?1 AND rating = ?2
             ORDER BY seq DESC LIMIT 1",
            params![person, kind.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}

// ---------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------

/// Adds the line `r` (with its id, account and ends) drawn at `created_at`.
pub(crate) fn insert_relation(conn: &Connection, r: &Relation, created_at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO relation (id, account_id, kind, from_id, to_id, strength, sign, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            r.id,
            r.account_id,
            r.kind.as_str(),
            r.from,
            r.to,
            r.strength,
            r.sign,
            r.note,
            created_at,
        ],
    )?;
    Ok(())
}

/// Overwrites the line `r.id` with `r` (but its account; its note kept when `keep_note`).
pub(crate) fn overwrite_relation(conn: &Connection, r: &Relation, keep_note: bool) -> Result<()> {
    conn.execute(
        "UPDATE relation SET kind = ?2, from_id = ?3, to_id = ?4, strength = ?5,
             sign = ?6, note = CASE WHEN ?7 THEN note ELSE ?8 END
         WHERE id = ?1",
        params![
            r.id,
            r.kind.as_str(),
            r.from,
            r.to,
            r.strength,
            r.sign,
            keep_note,
            r.note
        ],
    )?;
    Ok(())
}

/// Deletes a line.
pub(crate) fn delete_relation(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM relation WHERE id = ?1", [id])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Opportunities, cards, the team, plans, import ids
// ---------------------------------------------------------------------------------------

/// Adds an opportunity with the id `id` on `account`, created at `created_at`.
pub(crate) fn insert_opportunity(
    conn: &Connection,
    id: &str,
    account: &str,
    op: &Opportunity,
    created_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO opportunity (id, account_id, name, stage, amount, currency, close_date,
             status, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            account,
            op.name,
            op.stage,
            op.amount,
            op.currency,
            op.close_date,
            op.status,
            op.notes,
            created_at,
        ],
    )?;
    Ok(())
}

/// Places a card by hand unless it already is; answers how many were added (0 or 1).
pub(crate) fn add_position(
    conn: &Connection,
    account: &str,
    person: &str,
    x: f64,
    y: f64,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO position (account_id, person_id, x, y) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, person_id) DO NOTHING",
        params![account, person, x, y],
    )?)
}

/// Gives a role of the iron triangle unless somebody holds it; answers how many were added.
pub(crate) fn add_team_role(
    conn: &Connection,
    account: &str,
    role: TeamRole,
    person: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO account_team (account_id, role, person_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, role) DO NOTHING",
        params![account, role.as_str(), person],
    )?)
}

/// Adds the account's plan unless it has one; answers how many were added.
pub(crate) fn add_plan(
    conn: &Connection,
    account: &str,
    plan: &crate::model::AccountPlan,
    updated_at: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO account_plan (account_id, industry_customer, priorities, strategy, revenue_target,
             currency, target_date, potential, contribution, review_months, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (account_id) DO NOTHING",
        params![
            account,
            plan.industry_customer,
            plan.priorities.join("\n"),
            plan.strategy,
            plan.revenue_target,
            plan.currency,
            plan.target_date,
            plan.potential,
            plan.contribution,
            plan.review_months,
            updated_at
        ],
    )?)
}

/// Adds a network target (its id kept) on `account` for `person` unless it is there;
/// answers how many were added.
pub(crate) fn add_target(
    conn: &Connection,
    t: &NetworkTarget,
    account: &str,
    person: &str,
    now: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO plan_target (id, account_id, person_id, rating, target, due, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        params![
            t.id,
            account,
            person,
            t.rating.as_str(),
            t.target,
            t.due,
            now
        ],
    )?)
}

/// Adds the id a person has in an imported file unless the account has it; answers how
/// many were added.
pub(crate) fn add_source_id(
    conn: &Connection,
    account: &str,
    source_id: &str,
    person: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO person_source (account_id, source_id, person_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, source_id) DO NOTHING",
        params![account, source_id, person],
    )?)
}
