use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{Tx, Workspace};
use crate::error::Result;

impl Workspace {
    /// Positions the user placed by hand on an account's map.
    pub fn manual_positions(&self, account_id: &str) -> Result<HashMap<String, (f64, f64)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT person_id, x, y FROM position WHERE account_id = ?1")?;
        let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    pub fn set_position(&self, account_id: &str, person_id: &str, x: f64, y: f64) -> Result<()> {
        if !x.is_finite() || !y.is_finite() {
            return Err(crate::Error::invalid(
                "position",
                crate::error::Reason::NotFinite,
            ));
        }
        super::accounts::get(self.conn(), account_id)?;
        super::people::get(self.conn(), person_id)?;
        self.conn().execute(
            "INSERT INTO position (account_id, person_id, x, y) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (account_id, person_id) DO UPDATE SET x = excluded.x, y = excluded.y",
            params![account_id, person_id, x, y],
        )?;
        Ok(())
    }

    /// Forgets manual positions: the map goes back to the automatic layout.
    pub fn clear_positions(&self, account_id: &str) -> Result<()> {
        super::accounts::get(self.conn(), account_id)?;
        self.conn()
            .execute("DELETE FROM position WHERE account_id = ?1", [account_id])?;
        Ok(())
    }
}

/// Places a card by hand unless it already is; answers how many were added (0 or 1).
pub(crate) fn add_if_missing(
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
