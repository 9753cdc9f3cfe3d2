//! A fingerprint of everything a workspace file holds: a 128-bit FNV-1a hash of its
//! `user_version`, `application_id`, schema, and every row of every table, read in
//! primary-key order (the file's bookkeeping of its backups left out, see
//! [`super::places`]). Two files with the same fingerprint hold the same data (the backups
//! use it to skip a backup of an unchanged workspace; a password change to check its copy).

use rusqlite::types::ValueRef;
use rusqlite::Connection;

/// FNV-1a, 128 bits: stable across builds and platforms (std's hasher is not).
pub(crate) struct Fnv(pub(crate) u128);

impl Fnv {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;

    pub(crate) fn new() -> Fnv {
        Fnv(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.write(&[tag]);
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A hash of everything a workspace holds: its identity, its schema and every row of
/// every table, in primary-key order (rowids, which `VACUUM` may renumber, are left out).
pub(crate) fn fingerprint(conn: &Connection) -> rusqlite::Result<u128> {
    fingerprint_in(conn, "main")
}

/// [`fingerprint`] of the database attached to `conn` as `db` (`main`, or a copy
/// attached to it).
pub(crate) fn fingerprint_in(conn: &Connection, db: &str) -> rusqlite::Result<u128> {
    let mut h = Fnv::new();
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn.query_row(&format!("PRAGMA {db}.{pragma}"), [], |r| r.get(0))?;
        h.tagged(b'p', &v.to_le_bytes());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT type, name, sql FROM {db}.sqlite_schema ORDER BY type, name"
    ))?;
    let schema: Vec<(String, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, sql) in &schema {
        h.tagged(b't', kind.as_bytes());
        h.tagged(b'n', name.as_bytes());
        h.tagged(b's', sql.as_deref().unwrap_or_default().as_bytes());
    }
    for (kind, name, _) in &schema {
        if kind != "table"
            || name.starts_with("sqlite_")
            || super::places::TABLES.contains(&name.as_str())
        {
            continue;
        }
        let mut info = conn.prepare(&format!("PRAGMA {db}.table_info({})", quote(name)))?;
        let mut columns: Vec<(i64, String)> = info
            .query_map([], |r| Ok((r.get::<_, i64>(5)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let all: Vec<String> = columns.iter().map(|(_, c)| quote(c)).collect();
        columns.retain(|(pk, _)| *pk > 0);
        columns.sort();
        let order: Vec<String> = if columns.is_empty() {
            all
        } else {
            columns.iter().map(|(_, c)| quote(c)).collect()
        };
        h.tagged(b'T', name.as_bytes());
        let mut rows = conn.prepare(&format!(
            "SELECT * FROM {db}.{} ORDER BY {}",
            quote(name),
            order.join(", ")
        ))?;
        let n = rows.column_count();
        let mut it = rows.query([])?;
        while let Some(row) = it.next()? {
            h.write(b"r");
            for i in 0..n {
                match row.get_ref(i)? {
                    ValueRef::Null => h.write(&[0]),
                    ValueRef::Integer(v) => h.tagged(1, &v.to_le_bytes()),
                    ValueRef::Real(v) => h.tagged(2, &v.to_bits().to_le_bytes()),
                    ValueRef::Text(t) => h.tagged(3, t),
                    ValueRef::Blob(b) => h.tagged(4, b),
                }
            }
        }
    }
    Ok(h.0)
}
