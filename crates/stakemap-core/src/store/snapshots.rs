//! Snapshots of an account for reviews in the file: `snapshot` (see `crate::review`).
//! A snapshot's body is the account document as JSON, read and written by the domain.

use rusqlite::{params, Connection, OptionalExtension};

use super::Tx;
use crate::error::Result;
use crate::model::Snapshot;

pub(crate) const SNAPSHOT_COLUMNS: &str = "id, account_id, name, taken_at, people, lines";

pub(crate) fn snapshot_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
    Ok(Snapshot {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        taken_at: r.get(3)?,
        people: r.get(4)?,
        lines: r.get(5)?,
    })
}

/// Keeps a snapshot (its document as JSON in `body`), taken now.
pub(crate) fn insert(
    tx: &Tx<'_>,
    id: &str,
    account_id: &str,
    name: &str,
    people: u32,
    lines: u32,
    body: &str,
) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO snapshot (id, account_id, name, taken_at, people, lines, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, account_id, name, tx.now(), people, lines, body],
    )?;
    Ok(())
}

/// One snapshot, `None` when there is none with that id.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<Snapshot>> {
    Ok(conn
        .query_row(
            &format!("SELECT {SNAPSHOT_COLUMNS} FROM snapshot WHERE id = ?1"),
            [id],
            snapshot_from_row,
        )
        .optional()?)
}

/// The snapshots of an account, newest first.
pub(crate) fn list(conn: &Connection, account_id: &str) -> Result<Vec<Snapshot>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SNAPSHOT_COLUMNS} FROM snapshot WHERE account_id = ?1 ORDER BY taken_at DESC, rowid DESC"
    ))?;
    let rows = stmt.query_map([account_id], snapshot_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The document a snapshot holds (JSON), `None` when there is none with that id.
pub(crate) fn body(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT body FROM snapshot WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Deletes a snapshot.
pub(crate) fn delete(tx: &Tx<'_>, id: &str) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM snapshot WHERE id = ?1", [id])?;
    Ok(())
}

/// The newest snapshot's time of an account, if any.
pub(crate) fn last_taken(conn: &Connection, account_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT max(taken_at) FROM snapshot WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// Deletes the snapshots of accounts that are gone for good.
pub(crate) fn delete_orphans(tx: &Tx<'_>) -> Result<()> {
    tx.conn().execute(
        "DELETE FROM snapshot WHERE account_id NOT IN (SELECT id FROM account)",
        [],
    )?;
    Ok(())
}
