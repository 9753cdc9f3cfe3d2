//! The trash in the file: `trash` (see `crate::trash`). An entry keeps what was deleted as
//! JSON documents, read and written by the domain.

use rusqlite::{params, Connection};

use super::{new_id, Tx};
use crate::error::{Error, Result};
use crate::model::TrashItem;

/// Keeps a trash entry (`docs`: the deleted items as JSON), deleted now.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    tx: &Tx<'_>,
    kind: &str,
    subject: &str,
    label: &str,
    account_name: &str,
    people: usize,
    lines: usize,
    docs: &str,
) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO trash (id, kind, subject_id, label, account_name, deleted_at, people, lines, docs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            new_id(),
            kind,
            subject,
            label,
            account_name,
            tx.now(),
            people as i64,
            lines as i64,
            docs
        ],
    )?;
    Ok(())
}

/// The trash, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<TrashItem>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, label, account_name, deleted_at, people, lines FROM trash
         ORDER BY deleted_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TrashItem {
            id: r.get(0)?,
            kind: r.get(1)?,
            label: r.get(2)?,
            account_name: r.get(3)?,
            deleted_at: r.get(4)?,
            people: r.get(5)?,
            lines: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The kind, subject id, label and documents (JSON) of a trash entry, or
/// [`Error::NotFound`].
pub(crate) fn entry(conn: &Connection, id: &str) -> Result<(String, String, String, String)> {
    conn.query_row(
        "SELECT kind, subject_id, label, docs FROM trash WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
            what: "trash entry",
            id: id.to_string(),
        },
        e => e.into(),
    })
}

/// Takes an entry out of the trash.
pub(crate) fn delete(tx: &Tx<'_>, id: &str) -> Result<()> {
    tx.conn().execute("DELETE FROM trash WHERE id = ?1", [id])?;
    Ok(())
}

/// Empties the trash; answers how many entries went.
pub(crate) fn delete_all(tx: &Tx<'_>) -> Result<usize> {
    Ok(tx.conn().execute("DELETE FROM trash", [])?)
}
