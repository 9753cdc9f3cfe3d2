//! Account plans and their network targets in the file: `account_plan` and `plan_target`
//! (see `crate::plan`).

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Tx;
use crate::error::Result;
use crate::model::{AccountPlan, NetworkTarget, RatingKind};

pub(crate) const PLAN_COLUMNS: &str = "account_id, industry_customer, priorities, strategy, revenue_target, \
                            currency, target_date, potential, contribution, review_months, updated_at";

pub(crate) fn plan_from_row(r: &Row<'_>) -> rusqlite::Result<AccountPlan> {
    let priorities: String = r.get(2)?;
    Ok(AccountPlan {
        account_id: r.get(0)?,
        industry_customer: r.get(1)?,
        priorities: priorities
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect(),
        strategy: r.get(3)?,
        revenue_target: r.get(4)?,
        currency: r.get(5)?,
        target_date: r.get(6)?,
        potential: r.get(7)?,
        contribution: r.get(8)?,
        review_months: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

pub(crate) const TARGET_COLUMNS: &str = "id, account_id, person_id, rating, target, due";

pub(crate) fn target_from_row(r: &Row<'_>) -> rusqlite::Result<NetworkTarget> {
    let rating: String = r.get(3)?;
    Ok(NetworkTarget {
        id: r.get(0)?,
        account_id: r.get(1)?,
        person_id: r.get(2)?,
        rating: rating.parse().unwrap_or(RatingKind::Intimacy),
        target: r.get(4)?,
        due: r.get(5)?,
    })
}

/// The account's plan, `None` when it has none yet.
pub(crate) fn get(conn: &Connection, account_id: &str) -> Result<Option<AccountPlan>> {
    Ok(conn
        .query_row(
            &format!("SELECT {PLAN_COLUMNS} FROM account_plan WHERE account_id = ?1"),
            [account_id],
            plan_from_row,
        )
        .optional()?)
}

/// Writes the account's plan (its priorities one a line), stamped now.
pub(crate) fn upsert(tx: &Tx<'_>, plan: &AccountPlan) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO account_plan (account_id, industry_customer, priorities, strategy,
             revenue_target, currency, target_date, potential, contribution, review_months, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (account_id) DO UPDATE SET
             industry_customer = excluded.industry_customer, priorities = excluded.priorities,
             strategy = excluded.strategy, revenue_target = excluded.revenue_target,
             currency = excluded.currency, target_date = excluded.target_date,
             potential = excluded.potential, contribution = excluded.contribution,
             review_months = excluded.review_months, updated_at = excluded.updated_at",
        params![
            plan.account_id,
            plan.industry_customer,
            plan.priorities.join("\n"),
            plan.strategy,
            plan.revenue_target,
            plan.currency,
            plan.target_date,
            plan.potential,
            plan.contribution,
            plan.review_months,
            tx.now()
        ],
    )?;
    Ok(())
}

/// The network targets of an account's plan.
pub(crate) fn targets(conn: &Connection, account_id: &str) -> Result<Vec<NetworkTarget>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {TARGET_COLUMNS} FROM plan_target WHERE account_id = ?1 ORDER BY due, created_at, id"
    ))?;
    let rows = stmt.query_map([account_id], target_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One network target.
pub(crate) fn target(conn: &Connection, id: &str) -> Result<NetworkTarget> {
    Ok(conn.query_row(
        &format!("SELECT {TARGET_COLUMNS} FROM plan_target WHERE id = ?1"),
        [id],
        target_from_row,
    )?)
}

/// Adds a network target in place of the one on the same person and rating, if any.
pub(crate) fn replace_target(tx: &Tx<'_>, t: &NetworkTarget) -> Result<()> {
    tx.conn().execute(
        "DELETE FROM plan_target WHERE person_id = ?1 AND rating = ?2",
        params![t.person_id, t.rating.as_str()],
    )?;
    tx.conn().execute(
        "INSERT INTO plan_target (id, account_id, person_id, rating, target, due, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            t.id,
            t.account_id,
            t.person_id,
            t.rating.as_str(),
            t.target,
            t.due,
            tx.now()
        ],
    )?;
    Ok(())
}

/// Deletes a network target; answers how many rows went (0 or 1).
pub(crate) fn delete_target(tx: &Tx<'_>, id: &str) -> Result<usize> {
    Ok(tx
        .conn()
        .execute("DELETE FROM plan_target WHERE id = ?1", [id])?)
}

/// Adds the account's plan unless it has one; answers how many were added.
pub(crate) fn add_if_missing(
    conn: &Connection,
    account: &str,
    plan: &AccountPlan,
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
pub(crate) fn add_target_if_missing(
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
