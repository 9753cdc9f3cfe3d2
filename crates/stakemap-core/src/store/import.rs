//! What the spreadsheet and vCard import reads and writes (see `crate::import`): the
//! account's people in the order they were stored, the ids people had in the files they
//! were imported from, and rows written as the import planned them, without the checks of
//! an edit (the plan has checked them).

use rusqlite::Connection;

use super::{docs, people, Tx};
use crate::error::Result;
use crate::model::{Person, PersonInput, RatingKind};

/// The people of an account (not our staff), in the order they were stored.
pub(crate) fn people_in_stored_order(conn: &Connection, account_id: &str) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM person WHERE account_id = ?1 ORDER BY rowid",
        people::COLUMNS
    ))?;
    let rows = stmt.query_map([account_id], people::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids people of an account had in the files they were imported from, as
/// `(source id, person id)`, in no order.
pub(crate) fn source_ids(conn: &Connection, account_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare("SELECT source_id, person_id FROM person_source WHERE account_id = ?1")?;
    let rows = stmt.query_map([account_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// SQLite's page cache of the connection (`PRAGMA cache_size`: pages, or KiB when negative).
pub(crate) fn cache_size(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?)
}

/// Sets SQLite's page cache of the connection (see [`cache_size`]).
pub(crate) fn set_cache_size(conn: &Connection, size: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", size)?;
    Ok(())
}

impl Tx<'_> {
    /// Writes a new person of an account, with the id `id`, exactly as `input` says (the
    /// side defaults to customer; nothing is trimmed or checked here).
    pub(crate) fn insert_imported_person(
        &self,
        account_id: &str,
        id: &str,
        p: &PersonInput,
    ) -> Result<()> {
        let now = self.now();
        people::insert_record(
            self.conn(),
            id,
            Some(account_id),
            &people::Columns::exact(p),
            now,
            now,
        )
    }

    /// Writes every field of a stored person exactly as `input` says (the side defaults to
    /// customer); the ratings' history is the caller's (see [`Tx::record_imported_rating`]).
    pub(crate) fn overwrite_imported_person(&self, id: &str, p: &PersonInput) -> Result<()> {
        people::overwrite(self.conn(), id, &people::Columns::exact(p), self.now())
    }

    /// Keeps one change of a person's rating in the history, dated now.
    pub(crate) fn record_imported_rating(
        &self,
        person_id: &str,
        kind: RatingKind,
        value: Option<u8>,
    ) -> Result<()> {
        people::insert_rating_change(self.conn(), person_id, kind, value, self.now())
    }

    /// Keeps the id a person had in an imported file, unless the account has it already.
    pub(crate) fn keep_source_id(
        &self,
        account_id: &str,
        source_id: &str,
        person_id: &str,
    ) -> Result<()> {
        docs::add_source_id(self.conn(), account_id, source_id, person_id)?;
        Ok(())
    }
}
