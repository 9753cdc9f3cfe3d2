use crate::error::Reason;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{new_id, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{check_text, Account, AccountInput};

pub(crate) const COLUMNS: &str = "id, name, industry, notes, created_at, updated_at";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        industry: r.get(2)?,
        notes: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Account> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM account WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "account",
        id: id.to_string(),
    })
}

fn validate(input: &AccountInput) -> Result<()> {
    if input.name.trim().is_empty() {
        return Err(Error::invalid("name", Reason::Required));
    }
    check_text("name", &input.name)?;
    check_text("industry", &input.industry)?;
    check_text("notes", &input.notes)
}

impl Workspace {
    /// All accounts, by name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM account ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn account(&self, id: &str) -> Result<Account> {
        get(self.conn(), id)
    }

    /// The account with this exact name, if any.
    pub fn account_by_name(&self, name: &str) -> Result<Option<Account>> {
        by_name(self.conn(), name)
    }
}

/// The account with this exact name, if any (the oldest id of several).
pub(crate) fn by_name(conn: &Connection, name: &str) -> Result<Option<Account>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM account WHERE name = ?1 ORDER BY id LIMIT 1"),
            [name.trim()],
            from_row,
        )
        .optional()?)
}

impl Tx<'_> {
    pub fn create_account(&self, input: &AccountInput) -> Result<Account> {
        validate(input)?;
        let id = new_id();
        self.conn().execute(
            "INSERT INTO account (id, name, industry, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                id,
                input.name.trim(),
                input.industry,
                input.notes,
                self.now()
            ],
        )?;
        get(self.conn(), &id)
    }

    pub fn update_account(&self, id: &str, input: &AccountInput) -> Result<Account> {
        validate(input)?;
        let n = self.conn().execute(
            "UPDATE account SET name = ?2, industry = ?3, notes = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, input.name.trim(), input.industry, input.notes, self.now()],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "account",
                id: id.to_string(),
            });
        }
        get(self.conn(), id)
    }

    pub fn delete_account(&self, id: &str) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM account WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "account",
                id: id.to_string(),
            });
        }
        Ok(())
    }
}

/// The account with this id, else the first (by id) with this name.
pub(crate) fn by_id_or_name(conn: &Connection, id: &str, name: &str) -> Result<Option<Account>> {
    let by_id = conn
        .query_row(
            &format!("SELECT {} FROM account WHERE id = ?1", COLUMNS),
            [id],
            from_row,
        )
        .optional()?;
    if by_id.is_some() {
        return Ok(by_id);
    }
    Ok(conn
        .query_row(
            &format!(
                "SELECT {} FROM account WHERE name = ?1 ORDER BY id LIMIT 1",
                COLUMNS
            ),
            [name],
            from_row,
        )
        .optional()?)
}

/// Adds an account with the id `id` and its record times.
pub(crate) fn insert_record(
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
pub(crate) fn overwrite(
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
