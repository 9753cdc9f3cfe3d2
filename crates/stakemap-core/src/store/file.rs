//! The workspace file as a file: its side files, read-only opens of another workspace
//! file (a colleague's, a backup), copies with `VACUUM INTO`, and what a quick look at a
//! file tells (its counts, whether it changed).

use crate::error::Reason;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::cipher::{self, FileKind, Password};
use super::{classify, APPLICATION_ID, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// A file beside `path` with `suffix` added to its name (`x.stakemap-wal`).
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A `file:` URI for SQLite, with every byte but unreserved ones percent-encoded.
pub(crate) fn file_uri(path: &Path, query: &str) -> Result<String> {
    let abs = std::path::absolute(path)?;
    let text = abs.to_str().ok_or_else(|| {
        Error::invalid(
            "path",
            Reason::BadFileName {
                path: path.display().to_string(),
            },
        )
    })?;
    let text = text.replace('\\', "/");
    // file:///home/… on Unix, file:///C:/… for a Windows drive.
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':') {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    Ok(uri)
}

/// Opens another workspace file read-only. Without a `-wal` file beside it nobody has it
/// open, and it is opened as immutable, so SQLite creates no side files next to it either.
pub(crate) fn open_read_only(path: &Path, key: Option<&Password>) -> Result<Connection> {
    cipher::ready();
    let query = if sidecar(path, "-wal").exists() {
        "mode=ro"
    } else {
        "mode=ro&immutable=1"
    };
    let conn = Connection::open_with_flags(
        file_uri(path, query)?,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if let Some(key) = key {
        if cipher::file_kind(path)? == FileKind::Encrypted {
            cipher::unlock(&conn, path, key)?;
        }
    }
    Ok(conn)
}

/// Checks another workspace file the way [`Workspace::open`] does (a Stakemap workspace,
/// not from a newer Stakemap, not damaged) without writing to it. Returns its read-only
/// connection and file format, or `None` for a workspace that holds no tables yet. An
/// encrypted file needs its password (`key`).
pub(crate) fn inspect_read_only(
    path: &Path,
    key: Option<&Password>,
) -> Result<Option<(Connection, i64)>> {
    check_kind(path, key)?;
    let conn = open_read_only(path, key)?;
    Ok(check_connection(&conn, path)?.map(|version| (conn, version)))
}

/// Refuses, from its first page, a file that cannot be a workspace `key` opens.
pub(crate) fn check_kind(path: &Path, key: Option<&Password>) -> Result<()> {
    let not_a_workspace = |reason: crate::error::Reason| Error::NotAWorkspace {
        path: path.to_path_buf(),
        reason,
    };
    std::fs::metadata(path)?;
    match cipher::file_kind(path)? {
        FileKind::New => Err(not_a_workspace(crate::error::Reason::Empty)),
        FileKind::Other => Err(not_a_workspace(crate::error::Reason::NotSqlite)),
        FileKind::CutShort => Err(cipher::cut_short(path)),
        FileKind::Encrypted if key.is_none() => Err(Error::Encrypted {
            path: path.to_path_buf(),
        }),
        FileKind::Plain | FileKind::Encrypted => Ok(()),
    }
}

/// The checks of [`inspect_read_only`] on a connection already open on `path`: its file
/// format, or `None` for a workspace that holds no tables yet.
pub(crate) fn check_connection(conn: &Connection, path: &Path) -> Result<Option<i64>> {
    check_connection_in(conn, path, "main")
}

/// [`check_connection`] of the database attached to `conn` as `db`.
pub(crate) fn check_connection_in(conn: &Connection, path: &Path, db: &str) -> Result<Option<i64>> {
    let not_a_workspace = |reason: crate::error::Reason| Error::NotAWorkspace {
        path: path.to_path_buf(),
        reason,
    };
    let pragma = |name: &str| -> Result<i64> {
        conn.query_row(&format!("PRAGMA {db}.{name}"), [], |r| r.get(0))
            .map_err(|e| classify(path, e))
    };
    let app_id = pragma("application_id")?;
    let version = pragma("user_version")?;
    let has_tables: bool = conn
        .query_row(
            &format!("SELECT count(*) > 0 FROM {db}.sqlite_schema WHERE type = 'table'"),
            [],
            |r| r.get(0),
        )
        .map_err(|e| classify(path, e))?;
    if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
        return Err(not_a_workspace(crate::error::Reason::OtherApplication));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if !has_tables {
        return Ok(None);
    }
    let check: String = conn
        .query_row(&format!("PRAGMA {db}.quick_check(1)"), [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if check != "ok" {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            detail: check,
        });
    }
    Ok(Some(version))
}

/// The file name of a workspace and the folder it is in (`.` for a bare name), where its
/// temporary copies and moved-aside files go.
pub(crate) fn name_and_folder(path: &Path) -> Result<(String, PathBuf)> {
    let name = path
        .file_name()
        .ok_or_else(|| {
            Error::invalid(
                "path",
                Reason::NotAWorkspaceFile {
                    path: path.display().to_string(),
                },
            )
        })?
        .to_string_lossy()
        .into_owned();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((name, folder))
}

/// The text of a path SQLite is given, or an error for a name it cannot take.
pub(crate) fn path_text(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| {
        Error::invalid(
            "path",
            Reason::BadFileName {
                path: path.display().to_string(),
            },
        )
    })
}

/// Writes a consistent copy of what `conn` (the file at `source`) holds to `target` with
/// `VACUUM INTO`; errors name `source`.
pub(crate) fn vacuum_into(conn: &Connection, source: &Path, target: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", [path_text(target)?])
        .map_err(|e| classify(source, e))?;
    Ok(())
}

/// Opens an existing workspace file read-write, never creating it (a WAL left by a crash
/// is recovered and read, as the app would read it), unlocked with `key` when given.
pub(crate) fn open_existing(path: &Path, key: Option<&Password>) -> Result<Connection> {
    cipher::ready();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if let Some(key) = key {
        cipher::unlock(&conn, path, key)?;
    }
    Ok(conn)
}

/// How many accounts, people and lines a workspace file holds.
pub(crate) struct Counts {
    pub accounts: u32,
    pub people: u32,
    pub lines: u32,
}

/// Counts what the workspace at `path` (open as `conn`) holds.
pub(crate) fn counts(conn: &Connection, path: &Path) -> Result<Counts> {
    let count = |table: &str| -> Result<u32> {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    };
    Ok(Counts {
        accounts: count("account")?,
        people: count("person")?,
        lines: count("relation")?,
    })
}

/// What moves when the workspace changes: this connection's writes, other connections'
/// commits, the schema.
pub(crate) fn connection_state(conn: &Connection) -> rusqlite::Result<(u64, i64, i64)> {
    let data: i64 = conn.query_row("PRAGMA main.data_version", [], |r| r.get(0))?;
    let schema: i64 = conn.query_row("PRAGMA main.schema_version", [], |r| r.get(0))?;
    Ok((conn.total_changes(), data, schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_odd_characters() {
        let uri = file_uri(Path::new("/tmp/a b?c#d%e.stakemap"), "mode=ro").unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(
            uri.ends_with("/tmp/a%20b%3Fc%23d%25e.stakemap?mode=ro"),
            "{uri}"
        );
    }
}
