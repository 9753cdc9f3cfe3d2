//! The file's bookkeeping of its backups: the folders it has been backed up to, and the
//! note that a password change has not yet rewritten them (see `crate::backup`). Neither
//! is part of the user's data: the fingerprint of a workspace leaves their rows out, undo
//! does not log them, and the exports never read them.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};

use super::{classify, Workspace};
use crate::error::Result;

/// The tables of this bookkeeping (their rows are not the user's data).
pub(crate) const TABLES: [&str; 2] = ["backup_place", "rekey_pending"];

/// Whether `conn`'s file has these tables (a file of an older format has not, until it is
/// migrated).
fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    has_tables_in(conn, "main")
}

fn has_tables_in(conn: &Connection, schema: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        &format!(
            "SELECT count(*) = 2 FROM {schema}.sqlite_schema
             WHERE type = 'table' AND name IN ('backup_place', 'rekey_pending')"
        ),
        [],
        |r| r.get(0),
    )
}

/// Records `folder` among the folders of `conn`'s backups (nothing when it is known, or
/// when the file is of a format without the table).
pub(crate) fn record(conn: &Connection, folder: &Path, now: &str) -> rusqlite::Result<()> {
    let Some(text) = folder.to_str() else {
        return Ok(());
    };
    if !has_tables(conn)? {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO backup_place (folder, recorded_at) VALUES (?1, ?2)
         ON CONFLICT (folder) DO NOTHING",
        [text, now],
    )?;
    Ok(())
}

/// The folders recorded in `conn`'s file.
pub(crate) fn recorded(conn: &Connection) -> rusqlite::Result<Vec<PathBuf>> {
    if !has_tables(conn)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT folder FROM backup_place ORDER BY folder")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|r| r.map(PathBuf::from)).collect()
}

/// Notes in the file attached to `conn` as `schema` that its backups still have to be
/// rewritten for its password; `replaces_password` when the file had a password before
/// (backups under it may be left).
pub(crate) fn mark_pending(
    conn: &Connection,
    schema: &str,
    now: &str,
    replaces_password: bool,
) -> rusqlite::Result<()> {
    if !has_tables_in(conn, schema)? {
        return Ok(());
    }
    conn.execute(
        &format!(
            "INSERT INTO {schema}.rekey_pending (id, since, replaces_password) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE
             SET since = excluded.since, replaces_password = excluded.replaces_password"
        ),
        rusqlite::params![now, replaces_password],
    )?;
    Ok(())
}

impl Workspace {
    /// Records `folder` (a folder holding this workspace's backups) in the file, when it is
    /// not recorded yet.
    pub(crate) fn record_backup_place(&self, folder: &Path) -> Result<()> {
        let folder = &std::fs::canonicalize(folder)?;
        let known = recorded(&self.conn).map_err(|e| classify(&self.path, e))?;
        if known.iter().any(|k| k == folder) {
            return Ok(());
        }
        record(&self.conn, folder, &self.now()).map_err(|e| classify(&self.path, e))
    }

    /// Every folder this workspace's backups were written to, as recorded in the file.
    pub fn backup_places(&self) -> Result<Vec<PathBuf>> {
        recorded(&self.conn).map_err(|e| classify(&self.path, e))
    }

    /// Whether a password change has yet to rewrite this workspace's backups: `None` when
    /// none has, else whether the change replaced a password (backups under the old one
    /// may be left) rather than encrypting an unencrypted workspace.
    pub fn rekey_pending(&self) -> Result<Option<bool>> {
        has_tables(&self.conn)
            .and_then(|has| {
                if !has {
                    return Ok(None);
                }
                self.conn
                    .query_row(
                        "SELECT replaces_password FROM rekey_pending WHERE id = 1",
                        [],
                        |r| r.get::<_, bool>(0),
                    )
                    .optional()
            })
            .map_err(|e| classify(&self.path, e))
    }

    /// Clears the note of [`Workspace::rekey_pending`] once the backups were rewritten.
    pub(crate) fn clear_rekey_pending(&self) -> Result<()> {
        if !has_tables(&self.conn).map_err(|e| classify(&self.path, e))? {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM rekey_pending", [])
            .map_err(|e| classify(&self.path, e))?;
        Ok(())
    }
}
