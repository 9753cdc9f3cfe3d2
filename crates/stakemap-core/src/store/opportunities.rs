use rusqlite::{params, Row};

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

/// What the user types for a new opportunity.
#[derive(Debug, Clone, Default)]
pub struct OpportunityInput {
    pub name: String,
    pub stage: String,
    pub amount: f64,
    pub currency: String,
    pub close_date: String,
    pub notes: String,
}

impl Workspace {
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
        if input.name.trim().is_empty() {
            return Err(Error::invalid("name", "an opportunity needs a name"));
        }
        for (field, value) in [
            ("name", &input.name),
            ("stage", &input.stage),
            ("currency", &input.currency),
            ("close_date", &input.close_date),
            ("notes", &input.notes),
        ] {
            crate::model::check_text(field, value)?;
        }
        if !input.amount.is_finite() || input.amount < 0.0 {
            return Err(Error::invalid("amount", "the amount must be zero or more"));
        }
        super::accounts::get(self.conn(), account_id)?;
        let id = new_id();
        self.conn().execute(
            "INSERT INTO opportunity (id, account_id, name, stage, amount, currency, close_date, status, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9)",
            params![
                id,
                account_id,
                input.name.trim(),
                input.stage,
                input.amount,
                input.currency,
                input.close_date,
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
}
