//! Encryption at rest: a workspace may be encrypted with a password.
//!
//! Stakemap's SQLite is SQLCipher 4 (rusqlite's `bundled-sqlcipher`): an encrypted workspace
//! has every page encrypted with AES-256 and authenticated with HMAC-SHA512, under a key
//! derived from the password with PBKDF2-HMAC-SHA512 (256,000 iterations) and a random salt
//! kept in the file's first 16 bytes. Without the password nothing of the file is readable,
//! its schema included. An unencrypted workspace is an ordinary SQLite file, as before.
//!
//! **Opening.** An encrypted file has no `SQLite format 3` header; [`file_kind`] tells it
//! from other files by its size (whole pages) and the randomness of its first page. Opened
//! without a password it is refused with [`Error::Encrypted`]; with a password that does not
//! decrypt it, with [`Error::WrongPassword`]. Neither changes the file.
//!
//! **Encrypting, changing the password, removing it**
//! ([`Workspace::change_password`](crate::Workspace::change_password)): the workspace is
//! copied with `sqlcipher_export` under the new password (or none) to a temporary file
//! beside it, flushed, checked (it opens with the new password, passes `quick_check` and
//! holds the same rows), and renamed over the workspace. A crash at any moment leaves
//! either the old file or the new one, whole. Its backups, in every folder the file
//! records, are then rewritten under the workspace's key (see [`crate::backup`]), so that
//! no backup keeps a readable copy of an encrypted workspace, and every backup opens with
//! the workspace's password; a crash in between is finished by the next open.
//!
//! **Backups and copies** of an encrypted workspace (`VACUUM INTO`) are encrypted with the
//! same password.

use crate::error::{n32, Reason};
use std::path::Path;

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::store::SQLITE_HEADER;

/// The shortest password a workspace can be encrypted with.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password accepted (in bytes).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A workspace password. Its text is wiped from memory when it is dropped and never shown
/// by `Debug`.
#[derive(Clone)]
pub struct Password(Zeroizing<String>);

impl Password {
    /// A password to open a workspace with: not empty, at most [`MAX_PASSWORD_BYTES`], no
    /// NUL character.
    pub fn new(text: impl Into<String>) -> Result<Self> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(Error::invalid("password", Reason::Required));
        }
        if text.len() > MAX_PASSWORD_BYTES {
            return Err(Error::invalid(
                "password",
                Reason::PasswordTooLong {
                    limit: n32(MAX_PASSWORD_BYTES),
                },
            ));
        }
        if text.contains('\0') {
            return Err(Error::invalid("password", Reason::PasswordNul));
        }
        Ok(Password(text))
    }

    /// A new password to encrypt a workspace with: the checks of [`Password::new`], and at
    /// least [`MIN_PASSWORD_CHARS`] characters.
    pub fn new_for_encryption(text: impl Into<String>) -> Result<Self> {
        let p = Password::new(text)?;
        if p.0.chars().count() < MIN_PASSWORD_CHARS {
            return Err(Error::invalid(
                "password",
                Reason::PasswordTooShort {
                    min: n32(MIN_PASSWORD_CHARS),
                },
            ));
        }
        Ok(p)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// What a file is, judged from its first page without opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one (a new workspace is created there).
    New,
    /// An unencrypted SQLite database.
    Plain,
    /// Looks like an encrypted database: whole pages of random bytes.
    Encrypted,
    /// Anything else.
    Other,
    /// Looks like an encrypted database cut short: random bytes, but not whole pages (a
    /// copy or a disk that stopped half-way). It is damaged, not some other kind of file.
    CutShort,
}

/// The page sizes SQLite and SQLCipher can write.
const MIN_PAGE: u64 = 512;

/// Reads the first page of `path` to tell what it is (see [`FileKind`]).
pub fn file_kind(path: &Path) -> Result<FileKind> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::New),
        Err(e) => return Err(e.into()),
    };
    let len = f.metadata()?.len();
    let mut head = Vec::with_capacity(4096);
    (&mut f).take(4096).read_to_end(&mut head)?;
    if head.is_empty() {
        return Ok(FileKind::New);
    }
    if head.len() >= 16 && &head[..16] == SQLITE_HEADER {
        return Ok(FileKind::Plain);
    }
    // An encrypted database is whole pages, and its first page (salt, then ciphertext)
    // reads as random bytes: nearly every byte value appears in 4 KiB of it, where text,
    // markup and most binary formats use far fewer.
    let mut seen = [false; 256];
    for &b in &head {
        seen[usize::from(b)] = true;
    }
    let distinct = seen.iter().filter(|s| **s).count();
    if len < MIN_PAGE || len % MIN_PAGE != 0 {
        // Random bytes that are not whole pages: an encrypted workspace cut short. Random
        // bytes show nearly the number of distinct values a uniform draw gives (for n
        // bytes, 256·(1 − (255/256)ⁿ)); text and markup far fewer.
        let n = head.len() as f64;
        let uniform = 256.0 * (1.0 - (255.0f64 / 256.0).powf(n));
        let random = head.len() >= 256 && distinct as f64 >= 0.85 * uniform;
        return Ok(if random {
            FileKind::CutShort
        } else {
            FileKind::Other
        });
    }
    let expected = if head.len() >= 4096 { 200 } else { 150 };
    Ok(if distinct >= expected {
        FileKind::Encrypted
    } else {
        FileKind::Other
    })
}

/// The error for a file of kind [`FileKind::CutShort`]: damaged.
pub(crate) fn cut_short(path: &Path) -> Error {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    Error::Corrupt {
        path: path.to_path_buf(),
        detail: format!(
            "it looks like an encrypted workspace that was cut short: {size} bytes, not whole pages"
        ),
    }
}

/// True when the file at `path` looks like an encrypted workspace.
pub fn is_encrypted(path: &Path) -> bool {
    matches!(file_kind(path), Ok(FileKind::Encrypted))
}

/// Runs SQLCipher's one-time set-up, once, before the core opens any connection.
///
/// SQLCipher marks itself set up and lets other threads in before it registers
/// `sqlcipher_export` for new connections: a connection another thread opens in that
/// moment lacks the function (seen here as "no such function: sqlcipher_export" in one
/// run of forty of the tests). Every connection of the core is opened after this.
/// SQLCipher's own log (a failed HMAC check for each wrong password, on the standard
/// error) is turned off: a wrong password is reported as [`Error::WrongPassword`].
pub(crate) fn ready() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()));
        }
    });
}

/// Gives `conn` (just opened on `path`) its password and checks that it decrypts the file:
/// [`Error::WrongPassword`] when it does not.
pub(crate) fn unlock(conn: &Connection, path: &Path, password: &Password) -> Result<()> {
    conn.pragma_update(None, "key", password.expose())?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(Error::WrongPassword {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(crate::store::classify(path, e)),
    }
}

/// The name a copy is attached under while [`export_with`] writes it.
pub(crate) const EXPORT_SCHEMA: &str = "stakemap_export";

/// Writes everything `conn` holds to a new database at `target` (which must not exist),
/// encrypted with `password`, or unencrypted without one; the file format and application
/// id are carried over, and the copy passes `quick_check` (read through the attachment,
/// without a second key derivation). The target is flushed to disk. On failure it is
/// removed.
///
/// `finish` runs on `conn` with the copy still attached as
/// [`EXPORT_SCHEMA`] after it passed its check (to compare it with the source, or write
/// to it, without deriving its key again). An error of `finish` removes the copy.
pub(crate) fn export_with(
    conn: &Connection,
    source: &Path,
    target: &Path,
    password: Option<&Password>,
    finish: &dyn Fn(&Connection) -> Result<()>,
) -> Result<()> {
    let text = target.to_str().ok_or_else(|| {
        Error::invalid(
            "path",
            Reason::BadFileName {
                path: target.display().to_string(),
            },
        )
    })?;
    let _ = std::fs::remove_file(target);
    let written = (|| -> Result<()> {
        let key = Zeroizing::new(password.map_or(String::new(), |p| p.expose().to_owned()));
        conn.execute(
            "ATTACH DATABASE ?1 AS stakemap_export KEY ?2",
            [text, key.as_str()],
        )
        .map_err(|e| crate::store::classify(source, e))?;
        let exported = (|| -> rusqlite::Result<()> {
            conn.query_row("SELECT sqlcipher_export('stakemap_export')", [], |_| Ok(()))?;
            let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            let app_id: i64 = conn.query_row("PRAGMA main.application_id", [], |r| r.get(0))?;
            conn.execute_batch(&format!(
                "PRAGMA stakemap_export.user_version = {version};
                 PRAGMA stakemap_export.application_id = {app_id};"
            ))?;
            // Read back through the same key (no second key derivation).
            let check: String =
                conn.query_row("PRAGMA stakemap_export.quick_check(1)", [], |r| r.get(0))?;
            if check == "ok" {
                Ok(())
            } else {
                Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                    Some(format!("the new copy fails its check: {check}")),
                ))
            }
        })();
        let finished = exported
            .map_err(|e| crate::store::classify(source, e))
            .and_then(|()| finish(conn));
        let detached = conn.execute("DETACH DATABASE stakemap_export", []);
        finished?;
        detached?;
        std::fs::OpenOptions::new()
            .write(true)
            .open(target)?
            .sync_all()?;
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(target);
    }
    written
}

/// Rewrites the workspace file `source` (read with `source_key`, or unencrypted) to a new
/// file `target` (which must not exist) encrypted as the main database of `carrier` is:
/// with the key `carrier` derived already (and its salt), so that no key is derived for
/// the copy; unencrypted when `carrier`'s database is. This is how `VACUUM INTO` encrypts
/// the backups of an encrypted workspace. The source must pass the checks of a workspace
/// (a newer file format is copied as it is); the copy must pass `quick_check` and hold
/// the same rows. The target is flushed to disk; on failure it is removed.
pub(crate) fn export_carried(
    carrier: &Connection,
    source: &Path,
    source_key: Option<&Password>,
    target: &Path,
) -> Result<()> {
    use crate::store::{classify, file, fingerprint};
    let src = file::path_text(source)?;
    let dst = file::path_text(target)?;
    let _ = std::fs::remove_file(target);
    let key = Zeroizing::new(source_key.map_or(String::new(), |p| p.expose().to_owned()));
    carrier
        .execute(
            "ATTACH DATABASE ?1 AS stakemap_source KEY ?2",
            [src, key.as_str()],
        )
        .map_err(|e| classify(source, e))?;
    let written = (|| -> Result<()> {
        match file::check_connection_in(carrier, source, "stakemap_source") {
            Ok(_) | Err(Error::NewerSchema { .. }) => {}
            Err(e) => return Err(e),
        }
        // No KEY: the copy takes the key of `carrier`'s main database, as derived.
        carrier.execute("ATTACH DATABASE ?1 AS stakemap_export", [dst])?;
        let copied = (|| -> Result<()> {
            carrier
                .query_row(
                    "SELECT sqlcipher_export('stakemap_export', 'stakemap_source')",
                    [],
                    |_| Ok(()),
                )
                .map_err(|e| classify(source, e))?;
            let pragma = |name: &str| -> rusqlite::Result<i64> {
                carrier.query_row(&format!("PRAGMA stakemap_source.{name}"), [], |r| r.get(0))
            };
            let (version, app_id) = (pragma("user_version")?, pragma("application_id")?);
            carrier.execute_batch(&format!(
                "PRAGMA stakemap_export.user_version = {version};
                 PRAGMA stakemap_export.application_id = {app_id};"
            ))?;
            let check: String =
                carrier.query_row("PRAGMA stakemap_export.quick_check(1)", [], |r| r.get(0))?;
            let same = fingerprint::fingerprint_in(carrier, "stakemap_export")?
                == fingerprint::fingerprint_in(carrier, "stakemap_source")?;
            if check != "ok" || !same {
                return Err(Error::Corrupt {
                    path: target.to_path_buf(),
                    detail: "the rewritten copy does not hold the same data".into(),
                });
            }
            Ok(())
        })();
        let detached = carrier.execute("DETACH DATABASE stakemap_export", []);
        copied?;
        detached?;
        std::fs::OpenOptions::new()
            .write(true)
            .open(target)?
            .sync_all()?;
        Ok(())
    })();
    let detached = carrier.execute("DETACH DATABASE stakemap_source", []);
    if written.is_err() {
        let _ = std::fs::remove_file(target);
    }
    written?;
    detached?;
    Ok(())
}

/// What changing a workspace's password did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PasswordChange {
    /// The workspace is now encrypted.
    pub encrypted: bool,
    /// Backups of the workspace rewritten under the new password (or none).
    pub backups_rewritten: u32,
    /// Backups that could not be read with the old password (damaged, or of another
    /// password) and were left as they are.
    pub backups_left: u32,
}
