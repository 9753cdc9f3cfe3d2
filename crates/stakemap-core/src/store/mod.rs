//! The workspace file: one SQLite database holding every account of a user.
//!
//! A workspace is opened through exactly one function, [`Workspace::open_hooked`] (which
//! [`Workspace::open`] and every other variant call), which checks that the file is a
//! Stakemap workspace this build can read, sets the pragmas, runs the hook it is given on a
//! file that is about to be migrated (the backups give one that backs the file up), and runs
//! the embedded migrations. SQL lives in one module per aggregate below; this layer imports
//! nothing of the core but `model`, `error` and `clock`.

use crate::error::Reason;
pub(crate) mod accounts;
pub mod cipher;
pub(crate) mod deals;
pub(crate) mod docs;
pub(crate) mod file;
pub(crate) mod fingerprint;
pub(crate) mod import;
mod migrations;
pub(crate) mod opportunities;
pub use opportunities::OpportunityInput;
pub(crate) mod people;
pub(crate) mod places;
pub(crate) mod plans;
pub(crate) mod positions;
pub(crate) mod relations;
pub(crate) mod snapshots;
pub(crate) mod team;
pub mod temp;
pub(crate) mod trash;
mod undo;
mod undo_label;

pub(crate) use people::{holder, visible_on};
pub(crate) use relations::{check_line, each_on_account, End};
pub use undo::UndoStatus;
pub use undo_label::UndoLabel;

use std::any::Any;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use cipher::{FileKind, Password};

pub use migrations::SCHEMA_VERSION;

/// `PRAGMA application_id` of every Stakemap workspace ("STKM").
pub const APPLICATION_ID: i64 = 0x53544B4D;

/// The suggested file extension of a workspace.
pub const EXTENSION: &str = "stakemap";

/// An open workspace file.
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    undo: Option<undo::UndoState>,
    /// The password of an encrypted workspace (see [`cipher`]).
    key: Option<Password>,
    /// What a service above last saw of this file (the backups keep what their last backup
    /// saw, so that an unchanged workspace is not read again to learn that it is
    /// unchanged). Forgotten when the file is replaced.
    pub(crate) seen: SeenMark,
    /// What the map's layout kept of the last reads, in a slot whose type only the layout
    /// knows (the store names nothing above it).
    pub(crate) map_cache: SeenMark,
}

/// A "last seen state" kept in an open [`Workspace`] for a service above the store, which
/// alone knows its type.
pub(crate) type SeenMark = RefCell<Option<Box<dyn Any + Send>>>;

/// What [`Workspace::open_hooked`] runs on a workspace of an older file format before its
/// first migration (a backup of it as it is); an error stops the open.
pub type BeforeMigration<'a> = &'a dyn Fn(&Workspace) -> Result<()>;

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("path", &self.path)
            .finish()
    }
}

pub(crate) const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Workspace {
    /// Opens (or creates) the workspace at `path` with the wall clock.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    /// Opens (or creates) the workspace at `path`.
    ///
    /// Refuses, without changing the file: a file that is not SQLite, a SQLite file of
    /// another application, a file written by a newer Stakemap, and a damaged file.
    pub fn open_with_clock(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::open_hooked(path, clock, None, None)
    }

    /// Opens (or creates) the workspace at `path`: the checks of
    /// [`Workspace::open_with_clock`]; then, when the file holds a workspace of an older
    /// format and `before_migration` is given, runs it on the workspace as it is before the
    /// first migration runs. When it fails, the open stops: the file is not migrated.
    ///
    /// `password` opens an encrypted file ([`Error::WrongPassword`] when it does not decrypt
    /// it; [`Error::Encrypted`] when none is given) and encrypts a new one (see [`cipher`]).
    /// An unencrypted file opens whatever `password` says.
    pub fn open_hooked(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        password: Option<&Password>,
        before_migration: Option<BeforeMigration<'_>>,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        check_path(&path)?;
        let key = match cipher::file_kind(&path)? {
            FileKind::Plain => None,
            FileKind::New => password.cloned(),
            FileKind::Encrypted => match password {
                Some(p) => Some(p.clone()),
                None => return Err(Error::Encrypted { path }),
            },
            FileKind::Other => {
                return Err(Error::NotAWorkspace {
                    path,
                    reason: crate::error::Reason::NotSqlite,
                })
            }
            FileKind::CutShort => return Err(cipher::cut_short(&path)),
        };
        let conn = connect(&path, key.as_ref())?;

        // Read-only checks first: nothing is written to a file we are going to refuse.
        let (app_id, version) = read_identity(&conn).map_err(|e| classify(&path, e))?;
        let has_tables: bool = conn
            .query_row(
                "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| classify(&path, e))?;
        if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
            return Err(Error::NotAWorkspace {
                path,
                reason: crate::error::Reason::OtherApplication,
            });
        }
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if has_tables {
            let check: String = conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .map_err(|e| classify(&path, e))?;
            if check != "ok" {
                return Err(Error::Corrupt {
                    path,
                    detail: check,
                });
            }
        }
        configure(&conn, &path)?;

        let mut ws = Workspace {
            conn,
            path,
            clock,
            undo: None,
            key,
            seen: RefCell::new(None),
            map_cache: RefCell::default(),
        };
        if let Some(hook) = before_migration {
            if has_tables && version < SCHEMA_VERSION {
                hook(&ws)?;
            }
        }
        migrations::migrate(&mut ws.conn)?;
        Ok(ws)
    }

    /// True when the workspace is encrypted with a password.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The password of an encrypted workspace (to open its copies and backups).
    pub fn password(&self) -> Option<&Password> {
        self.key.as_ref()
    }

    /// Encrypts the workspace file with `new`, changes its password to `new`, or (with
    /// `None`) removes its encryption (see [`cipher`]); answers the password it had. The
    /// file is replaced whole, after the new copy was checked; the undo history starts
    /// again. Its backups are the caller's (see `Workspace::change_password`).
    pub(crate) fn rekey_file(&mut self, new: Option<&Password>) -> Result<Option<Password>> {
        if new.is_none() && self.key.is_none() {
            return Err(Error::invalid("password", Reason::NotEncrypted));
        }
        let (name, parent) = file::name_and_folder(&self.path)?;
        // Copies left by a change that was cut short (a crash) go first.
        temp::remove_dead(&parent, Some(&name));
        let tmp = parent.join(format!(".{name}.rekey-{}.tmp", std::process::id()));

        // 1. The new copy, checked, beside the workspace: until it is renamed, nothing changed.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        // Checked through the attachment: it holds the same rows as the workspace. It
        // carries the note that its backups are still to be rewritten: it takes the
        // workspace's place with it, and the next open finishes the job when this process
        // does not (see `crate::backup`).
        let now = self.now();
        let replaces_password = self.key.is_some();
        let finish = |conn: &Connection| -> Result<()> {
            let copy = fingerprint::fingerprint_in(conn, cipher::EXPORT_SCHEMA)?;
            if copy != fingerprint::fingerprint(conn)? {
                return Err(Error::Corrupt {
                    path: tmp.clone(),
                    detail: "the re-encrypted copy does not hold the same data".into(),
                });
            }
            Ok(places::mark_pending(
                conn,
                cipher::EXPORT_SCHEMA,
                &now,
                replaces_password,
            )?)
        };
        cipher::export_with(&self.conn, &self.path, &tmp, new, &finish)?;

        // 2. Close the workspace, put the copy in its place, open it again.
        let old_key = self.key.take();
        let undo_was_on = self.undo.take().is_some();
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(file::sidecar(&self.path, suffix));
        }
        let swapped = std::fs::rename(&tmp, &self.path);
        let key = if swapped.is_ok() {
            new.cloned()
        } else {
            old_key.clone()
        };
        if let Ok(dir) = std::fs::File::open(&parent) {
            let _ = dir.sync_all();
        }
        let _ = std::fs::remove_file(&tmp);
        self.conn = connect(&self.path, key.as_ref())?;
        configure(&self.conn, &self.path)?;
        self.key = key;
        *self.seen.borrow_mut() = None;
        if undo_was_on {
            self.enable_undo()?;
        }
        swapped?;
        Ok(old_key)
    }

    /// Creates a new, empty workspace, refusing to overwrite an existing file.
    pub fn create_new(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        check_path(path)?;
        if path.exists() {
            return Err(Error::invalid(
                "path",
                Reason::Exists {
                    path: path.display().to_string(),
                },
            ));
        }
        Self::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a consistent copy of the whole workspace to `target` (SQLite's `VACUUM INTO`,
    /// safe while the file is open) and refuses to overwrite an existing file.
    pub fn save_copy(&self, target: impl AsRef<Path>) -> Result<()> {
        let target = target.as_ref();
        check_path(target)?;
        if target.exists() {
            return Err(Error::invalid(
                "path",
                Reason::Exists {
                    path: target.display().to_string(),
                },
            ));
        }
        let text = target.to_str().ok_or_else(|| {
            Error::invalid(
                "path",
                Reason::BadFileName {
                    path: target.display().to_string(),
                },
            )
        })?;
        self.conn.execute("VACUUM INTO ?1", [text])?;
        Ok(())
    }

    /// The instant of the workspace's clock (backups are named by it).
    pub(crate) fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub(crate) fn now(&self) -> String {
        self.clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is written, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.write_step(UndoLabel::Edit, f)
    }

    /// Like [`Workspace::write`], and names the step for Undo and Redo
    /// ([`UndoLabel::AddPerson`]).
    pub fn write_step<T>(
        &mut self,
        label: UndoLabel,
        f: impl FnOnce(&Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_undoable(label, false, f)
    }

    /// Like [`Workspace::write_step`], for an edit that inserts many rows (an import): its
    /// undo step holds the range of rowids it inserted in each table instead of one logged
    /// statement a row, which halves the time of a large import. Changes and deletes of
    /// rows that were there before are logged as usual; such a change must not make a row
    /// refer to one the step inserted (its undo deletes the new rows first).
    pub fn write_bulk_step<T>(
        &mut self,
        label: UndoLabel,
        f: impl FnOnce(&Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_undoable(label, true, f)
    }

    fn write_undoable<T>(
        &mut self,
        label: UndoLabel,
        bulk: bool,
        f: impl FnOnce(&Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let now = self.now();
        let mark = self.undo_mark()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let floors = match (bulk, mark) {
            (true, Some(_)) => Some(undo::begin_bulk(&tx)?),
            _ => None,
        };
        let out = f(&Tx { tx: &tx, now })?;
        let inserted = match floors {
            Some(floors) => undo::end_bulk(&tx, floors)?,
            None => Vec::new(),
        };
        tx.commit()?;
        self.undo_record(mark, label, inserted)?;
        Ok(out)
    }
}

/// Refuses an empty path (SQLite would open a temporary database for it and the work
/// would be lost when the app closes).
fn check_path(path: &Path) -> Result<()> {
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", Reason::NoFile));
    }
    Ok(())
}

/// A write transaction handed to store functions.
pub struct Tx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    now: String,
}

impl Tx<'_> {
    pub(crate) fn conn(&self) -> &Connection {
        self.tx
    }
    pub(crate) fn now(&self) -> &str {
        &self.now
    }
}

/// Opens `path` read-write (created when missing), unlocked with `key` when given.
pub(crate) fn connect(path: &Path, key: Option<&Password>) -> Result<Connection> {
    cipher::ready();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if let Some(key) = key {
        cipher::unlock(&conn, path, key)?;
    }
    Ok(conn)
}

/// The pragmas of every open workspace.
fn configure(conn: &Connection, path: &Path) -> Result<()> {
    // WAL keeps readers and the writer apart and makes every commit atomic on a crash;
    // synchronous=FULL also makes each commit durable on power loss, at the price of one
    // fsync per edit, which is nothing at the pace a person edits.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| classify(path, e))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

fn read_identity(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app_id, version))
}

/// Turns SQLite's "not a database"/"corrupt" codes into errors the user can act on.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: crate::error::Reason::NotSqlite,
        },
        Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => Error::Sqlite(e),
    }
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Whether a record of `table` (`person`, `relation`, `opportunity`) holds the id: `None`
/// when nothing does, else the account it belongs to (`None` for our own staff).
pub(crate) fn owner_of(conn: &Connection, table: &str, id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row(
            &format!("SELECT account_id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?)
}
