use crate::error::Reason;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{new_id, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::Opportunity;

const COLUMNS: &str = "id, account_id, name, stage, amount, currency, close_date, status, notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        stage: r.get(3)?,
        amount: r.get(4)?,
        currency: r.get(5)?,
        close_date: r.get(6)?,
        status: r.get(7)?,
        notes: r.get(8)?,
    })
}

/// The statuses an opportunity can have.
pub const STATUSES: [&str; 4] = ["open", "won", "lost", "on_hold"];

/// What the user types for an opportunity. `status` empty is `open`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpportunityInput {
    pub name: String,
    pub stage: String,
    pub amount: f64,
    pub currency: String,
    /// ISO date (2027-03-31), or empty.
    pub close_date: String,
    #[serde(default)]
    pub status: String,
    pub notes: String,
}

impl OpportunityInput {
    /// Checks every field; answers the status to store.
    fn check(&self) -> Result<&str> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", Reason::Required));
        }
        for (field, value) in [
            ("name", &self.name),
            ("stage", &self.stage),
            ("currency", &self.currency),
            ("close_date", &self.close_date),
            ("notes", &self.notes),
        ] {
            crate::model::check_text(field, value)?;
        }
        if !self.amount.is_finite() || self.amount < 0.0 {
            return Err(Error::invalid("amount", Reason::Negative));
        }
        let close = self.close_date.trim();
        if !close.is_empty() && chrono::NaiveDate::parse_from_str(close, "%Y-%m-%d").is_err() {
            return Err(Error::invalid(
                "close_date",
                Reason::NotADate {
                    value: close.to_string(),
                },
            ));
        }
        let status = if self.status.trim().is_empty() {
            "open"
        } else {
            self.status.trim()
        };
        if !STATUSES.contains(&status) {
            return Err(Error::invalid(
                "status",
                Reason::NotOneOf {
                    value: status.to_string(),
                    allowed: STATUSES.iter().map(|s| s.to_string()).collect(),
                },
            ));
        }
        Ok(status)
    }
}

/// One opportunity, or [`Error::NotFound`].
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Opportunity> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM opportunity WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "opportunity",
            id: id.to_string(),
        })
}

impl Workspace {
    /// One opportunity, or [`Error::NotFound`].
    pub fn opportunity(&self, id: &str) -> Result<Opportunity> {
        get(self.conn(), id)
    }

    pub fn opportunities(&self, account_id: &str) -> Result<Vec<Opportunity>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM opportunity WHERE account_id = ?1 ORDER BY close_date, name"
        ))?;
        let rows = stmt.query_map([account_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    pub fn add_opportunity(
        &self,
        account_id: &str,
        input: &OpportunityInput,
    ) -> Result<Opportunity> {
        let status = input.check()?;
        super::accounts::get(self.conn(), account_id)?;
        let id = new_id();
        self.conn().execute(
            "INSERT INTO opportunity (id, account_id, name, stage, amount, currency, close_date, status, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                account_id,
                input.name.trim(),
                input.stage,
                input.amount,
                input.currency,
                input.close_date.trim(),
                status,
                input.notes,
                self.now()
            ],
        )?;
        Ok(self.conn().query_row(
            &format!("SELECT {COLUMNS} FROM opportunity WHERE id = ?1"),
            [&id],
            from_row,
        )?)
    }

    /// Changes every field of an opportunity.
    pub fn update_opportunity(&self, id: &str, input: &OpportunityInput) -> Result<Opportunity> {
        let status = input.check()?;
        let n = self.conn().execute(
            "UPDATE opportunity SET name = ?2, stage = ?3, amount = ?4, currency = ?5,
                    close_date = ?6, status = ?7, notes = ?8 WHERE id = ?1",
            params![
                id,
                input.name.trim(),
                input.stage,
                input.amount,
                input.currency,
                input.close_date.trim(),
                status,
                input.notes
            ],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "opportunity",
                id: id.to_string(),
            });
        }
        get(self.conn(), id)
    }

    /// Deletes an opportunity with its decision chain.
    pub fn delete_opportunity(&self, id: &str) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM opportunity WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "opportunity",
                id: id.to_string(),
            });
        }
        Ok(())
    }
}

/// Adds an opportunity with the id `id` on `account`, created at `created_at`.
pub(crate) fn insert_record(
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
