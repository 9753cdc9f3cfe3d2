//! Loaders of what an account's document holds beside the map types: the record times of
//! its people, lines and opportunities, and the ids its people have in imported files
//! (`person_source`).

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{PersonStamp, SourceId, Stamps};

/// Reads the record times and source ids of an account (for its document).
pub(crate) fn stamps_and_sources(
    conn: &Connection,
    account_id: &str,
) -> Result<(Stamps, Vec<SourceId>)> {
    let mut stamps = Stamps::default();
    {
        let mut stmt = conn.prepare(
            "SELECT id, created_at, updated_at FROM person
             WHERE account_id = ?1 OR account_id IS NULL",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                PersonStamp {
                    created_at: r.get(1)?,
                    updated_at: r.get(2)?,
                },
            ))
        })?;
        for row in rows {
            let (id, stamp) = row?;
            stamps.people.insert(id, stamp);
        }
    }
    for (table, map) in [
        ("relation", &mut stamps.relations),
        ("opportunity", &mut stamps.opportunities),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, created_at FROM {table} WHERE account_id = ?1"
        ))?;
        let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, at) = row?;
            map.insert(id, at);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT source_id, person_id FROM person_source WHERE account_id = ?1 ORDER BY source_id",
    )?;
    let rows = stmt.query_map([account_id], |r| {
        Ok(SourceId {
            source_id: r.get(0)?,
            person_id: r.get(1)?,
        })
    })?;
    let source_ids = rows.collect::<rusqlite::Result<_>>()?;
    Ok((stamps, source_ids))
}

/// Adds the id a person has in an imported file unless the account has it; answers how
/// many were added.
pub(crate) fn add_source_id(
    conn: &Connection,
    account: &str,
    source_id: &str,
    person: &str,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO person_source (account_id, source_id, person_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id, source_id) DO NOTHING",
        )?
        .execute(params![account, source_id, person])?)
}
