//! Rotating backups of a workspace, restoring one, and moving a damaged file aside.
//!
//! **Where.** Backups live in a folder the caller chooses: the desktop app passes
//! `<data dir>/backups`, the CLI `.stakemap-backups` beside the workspace file (see
//! [`beside`]) unless told another. Each workspace has its own subfolder there, named from
//! the file's stem and a short hash of its canonical path (`work-1a2b3c4d`), so two
//! `work.stakemap` in different folders never share backups. A backup is one file named
//! `YYYYMMDDTHHMMSSZ-<reason>.stakemap` (UTC, from the workspace's [`Clock`]); a second
//! backup within the same second gets `-2`, `-3`… after the reason.
//!
//! **How.** Every backup is written with SQLite's `VACUUM INTO` (a consistent snapshot, safe
//! while the workspace is open; a live file is never copied) to a hidden temporary name in
//! that folder, flushed to disk, and renamed to its final name: a backup is there whole or
//! not at all. It is then read back (`PRAGMA quick_check`) for [`BackupInfo::ok`].
//!
//! **Unchanged workspaces are not backed up again.** [`take_backup`] compares a fingerprint
//! of the workspace (a 128-bit FNV-1a hash of its `user_version`, `application_id`, schema,
//! and every row of every table, read in primary-key order) with the fingerprint of the
//! newest backup; when they match it takes no new backup and answers the newest one. This
//! is exact (deletes and undo included, which `max(updated_at)` would miss) and costs one
//! read of both files. Within one session it is cheaper still: the workspace remembers, for
//! the backup it took last, the connection's `total_changes()`, `PRAGMA data_version` (which
//! moves when another connection or process commits) and `PRAGMA schema_version`; while all
//! three stand still and that backup is still the newest, nothing is read at all (the
//! ten-minute interval backup of an idle workspace costs three pragmas).
//!
//! **Rotation.** After each new backup the folder keeps: the newest [`KEEP_NEWEST`] (10)
//! backups; the newest backup of each of the last [`KEEP_DAYS`] (14) UTC calendar days,
//! today included; and, whatever these rules say, the newest backup that passes the checks
//! when none of the kept ones does (the only good backup is never deleted). Every reason is
//! rotated alike. Files whose names are not backup names are never touched (temporary files
//! left by a crash are removed after a day).
//!
//! **Restore** ([`restore_backup`]) never deletes what it replaces: the current file is
//! first backed up (reason `before-restore`) when it is a sound workspace, else moved aside
//! as damaged ([`quarantine`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::store::cipher::{self, Password};
use crate::store::file::{
    self, connection_state, inspect_read_only, name_and_folder, open_read_only, sidecar,
};
use crate::store::fingerprint::{fingerprint, Fnv};
use crate::store::{classify, SeenMark, Workspace};

/// Backups kept whatever their age.
pub const KEEP_NEWEST: usize = 10;
/// Days back (today included) of which the newest backup of each day is kept.
pub const KEEP_DAYS: i64 = 14;
/// The folder the CLI keeps backups in, beside the workspace file.
pub const BESIDE_FOLDER: &str = ".stakemap-backups";

/// The sidecar files SQLite may keep next to a database.
const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// When the app opened the workspace.
    Open,
    /// Before the workspace was migrated to a newer file format.
    Migration,
    /// Before an import.
    Import,
    /// Before a merge of a colleague's file.
    Merge,
    /// The app's regular backup (every ten minutes while something changed).
    Interval,
    /// Asked for by the user.
    Manual,
    /// The file a restore replaced.
    BeforeRestore,
}

impl BackupReason {
    pub const ALL: [BackupReason; 7] = [
        BackupReason::Open,
        BackupReason::Migration,
        BackupReason::Import,
        BackupReason::Merge,
        BackupReason::Interval,
        BackupReason::Manual,
        BackupReason::BeforeRestore,
    ];

    /// The reason as it is written in a backup's file name (`before-restore`).
    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Open => "open",
            BackupReason::Migration => "migration",
            BackupReason::Import => "import",
            BackupReason::Merge => "merge",
            BackupReason::Interval => "interval",
            BackupReason::Manual => "manual",
            BackupReason::BeforeRestore => "before-restore",
        }
    }
}

impl std::fmt::Display for BackupReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One backup, as the restore screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupInfo {
    /// Full path of the backup file.
    pub path: String,
    /// Its file name (`20250114T093000Z-import.stakemap`).
    pub file_name: String,
    /// When it was taken, RFC 3339 in UTC, to the second (`2025-01-14T09:30:00Z`).
    pub taken_at: String,
    pub reason: BackupReason,
    pub size_bytes: f64,
    pub accounts: u32,
    /// Every person of the workspace (customers, partners… and our own staff).
    pub people: u32,
    /// Lines of every kind (reporting, dotted, influence, coverage).
    pub lines: u32,
    /// The file format (`user_version`) the backup was written in; older than this build's
    /// when it was taken before a migration.
    pub file_format: u32,
    /// True when the file is a Stakemap workspace this build reads and passes
    /// `PRAGMA quick_check`.
    pub ok: bool,
    /// Why it is not `ok`, for the user.
    pub problem: Option<String>,
}

/// What the last backup of a session saw (kept in the [`Workspace`] as its last seen
/// state).
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    /// The backup it took or found unchanged.
    path: PathBuf,
    info: BackupInfo,
    /// Fingerprint of the workspace (and of that backup).
    fingerprint: u128,
    /// `total_changes()`, `data_version`, `schema_version` when it was taken.
    state: (u64, i64, i64),
}

// ---------------------------------------------------------------------------------------
// Where backups are
// ---------------------------------------------------------------------------------------

/// The CLI's backups folder for `workspace_path`: `.stakemap-backups` beside it.
pub fn beside(workspace_path: &Path) -> PathBuf {
    match workspace_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(BESIDE_FOLDER),
        _ => PathBuf::from(BESIDE_FOLDER),
    }
}

/// The workspace's path with its folder resolved (`..`, symbolic links), whether the file
/// exists or not (a damaged file moved aside keeps its backups).
fn canonical(workspace_path: &Path) -> Result<PathBuf> {
    let name = workspace_path.file_name().ok_or_else(|| {
        Error::invalid(
            "path",
            format!("{} is not a workspace file", workspace_path.display()),
        )
    })?;
    let parent = match workspace_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok(std::fs::canonicalize(parent)?.join(name))
}

/// The subfolder of `dir` that holds the backups of the workspace at `workspace_path`:
/// its file stem and a short, stable hash of its canonical path (`work-1a2b3c4d`).
pub fn backup_folder(dir: &Path, workspace_path: &Path) -> Result<PathBuf> {
    let canonical = canonical(workspace_path)?;
    let stem: String = canonical
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(48)
        .collect();
    let stem = stem.trim_start_matches('.').trim();
    let stem = if stem.is_empty() { "workspace" } else { stem };
    let mut h = Fnv::new();
    h.write(canonical.to_string_lossy().as_bytes());
    let hash = (h.0 ^ (h.0 >> 64) ^ (h.0 >> 32)) as u32;
    Ok(dir.join(format!("{stem}-{hash:08x}")))
}

// ---------------------------------------------------------------------------------------
// Backup names
// ---------------------------------------------------------------------------------------

/// A backup file found in a workspace's folder.
#[derive(Debug, Clone)]
struct Entry {
    path: PathBuf,
    at: DateTime<Utc>,
    seq: u32,
    reason: BackupReason,
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn backup_name(at: DateTime<Utc>, reason: BackupReason, seq: u32) -> String {
    if seq > 1 {
        format!("{}-{}-{seq}.stakemap", stamp(at), reason.as_str())
    } else {
        format!("{}-{}.stakemap", stamp(at), reason.as_str())
    }
}

/// `20250114T093000Z` as an instant.
fn parse_stamp(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(4..6)?, digits(6..8)?)?;
    let time = date.and_hms_opt(digits(9..11)?, digits(11..13)?, digits(13..15)?)?;
    Some(time.and_utc())
}

/// The instant, reason and sequence number of a backup's file name; `None` for any other
/// file.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupReason, u32)> {
    let rest = name.strip_suffix(".stakemap")?;
    let at = parse_stamp(rest.get(..16)?)?;
    let tail = rest.get(16..)?.strip_prefix('-')?;
    for reason in BackupReason::ALL {
        let Some(after) = tail.strip_prefix(reason.as_str()) else {
            continue;
        };
        if after.is_empty() {
            return Some((at, reason, 1));
        }
        let n = after.strip_prefix('-')?;
        if !n.is_empty() && n.len() <= 6 && n.bytes().all(|c| c.is_ascii_digit()) {
            let seq: u32 = n.parse().ok()?;
            return (seq >= 2).then_some((at, reason, seq));
        }
        return None;
    }
    None
}

/// The backups in `folder`, newest first (a missing folder has none).
fn scan(folder: &Path) -> Result<Vec<Entry>> {
    let read = match std::fs::read_dir(folder) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut entries = Vec::new();
    for item in read {
        let item = item?;
        let name = item.file_name();
        let Some((at, reason, seq)) = name.to_str().and_then(parse_name) else {
            continue;
        };
        if !item.file_type()?.is_file() {
            continue;
        }
        entries.push(Entry {
            path: item.path(),
            at,
            seq,
            reason,
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse((e.at, e.seq)));
    Ok(entries)
}

// ---------------------------------------------------------------------------------------
// Reading a backup
// ---------------------------------------------------------------------------------------

/// What a read-only look at a workspace file found.
struct Contents {
    format: i64,
    accounts: u32,
    people: u32,
    lines: u32,
}

/// Checks, without writing to it, that `path` is a sound Stakemap workspace this build
/// reads, and counts what it holds.
fn check_file(path: &Path, key: Option<&Password>) -> Result<Contents> {
    let Some((conn, format)) = inspect_read_only(path, key)? else {
        return Err(Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "it holds no tables".into(),
        });
    };
    let counts = file::counts(&conn, path)?;
    Ok(Contents {
        format,
        accounts: counts.accounts,
        people: counts.people,
        lines: counts.lines,
    })
}

/// A short description of why a file is no good backup.
fn problem(e: &Error) -> String {
    match e {
        Error::Corrupt { detail, .. } => format!("damaged ({detail})"),
        Error::NotAWorkspace { reason, .. } => format!("not a Stakemap workspace ({reason})"),
        Error::NewerSchema { found, .. } => {
            format!("written by a newer Stakemap (file format {found})")
        }
        Error::Encrypted { .. } => "encrypted; open the workspace with its password".into(),
        Error::WrongPassword { .. } => "encrypted with another password".into(),
        other => other.to_string(),
    }
}

fn info(entry: &Entry, key: Option<&Password>) -> BackupInfo {
    let size_bytes = std::fs::metadata(&entry.path).map_or(0.0, |m| m.len() as f64);
    let checked = check_file(&entry.path, key);
    let (contents, problem) = match checked {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(problem(&e))),
    };
    BackupInfo {
        path: entry.path.display().to_string(),
        file_name: entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        taken_at: entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reason: entry.reason,
        size_bytes,
        accounts: contents.as_ref().map_or(0, |c| c.accounts),
        people: contents.as_ref().map_or(0, |c| c.people),
        lines: contents.as_ref().map_or(0, |c| c.lines),
        file_format: contents
            .as_ref()
            .map_or(0, |c| u32::try_from(c.format).unwrap_or(0)),
        ok: problem.is_none(),
        problem,
    }
}

/// Every backup of the workspace at `workspace_path` in `dir`, newest first, each read
/// (read-only) for its contents and checked. None yet is an empty list. The backups of an
/// encrypted workspace are read with its password (`key`).
pub fn list_backups(
    dir: &Path,
    workspace_path: &Path,
    key: Option<&Password>,
) -> Result<Vec<BackupInfo>> {
    let folder = backup_folder(dir, workspace_path)?;
    Ok(scan(&folder)?.iter().map(|e| info(e, key)).collect())
}

/// The newest backup of the workspace that passes the checks (a damaged backup is
/// skipped), or `None`.
pub fn newest_good_backup(
    dir: &Path,
    workspace_path: &Path,
    key: Option<&Password>,
) -> Result<Option<BackupInfo>> {
    let folder = backup_folder(dir, workspace_path)?;
    Ok(scan(&folder)?.iter().map(|e| info(e, key)).find(|i| i.ok))
}

/// Reads one backup file (any path) as the list shows it; `None` when its name is not a
/// backup's.
pub fn backup_info(path: &Path, key: Option<&Password>) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?;
    let (at, reason, seq) = parse_name(name)?;
    Some(info(
        &Entry {
            path: path.to_path_buf(),
            at,
            seq,
            reason,
        },
        key,
    ))
}

// ---------------------------------------------------------------------------------------
// Fingerprints
// ---------------------------------------------------------------------------------------

/// The fingerprint of a backup file, read without writing to it.
fn file_fingerprint(path: &Path, key: Option<&Password>) -> Result<u128> {
    let conn = open_read_only(path, key)?;
    fingerprint(&conn).map_err(|e| classify(path, e))
}

// ---------------------------------------------------------------------------------------
// Taking backups
// ---------------------------------------------------------------------------------------

/// Flushes a file to the disk.
fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Makes a rename in `dir` durable where the system allows it (not on Windows, where a
/// folder cannot be opened as a file; it is not needed there).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `VACUUM INTO` a temporary file, flushed, then renamed to `target`.
fn vacuum_into(conn: &Connection, source: &Path, tmp: &Path, target: &Path) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    let written = file::vacuum_into(conn, source, tmp)
        .and_then(|()| Ok(sync_file(tmp)?))
        .and_then(|()| Ok(std::fs::rename(tmp, target)?));
    if written.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    written
}

/// A backup of what `conn` holds (the workspace at `workspace_path`), or the newest backup
/// when nothing changed since it.
fn backup_connection(
    conn: &Connection,
    workspace_path: &Path,
    dir: &Path,
    reason: BackupReason,
    now: DateTime<Utc>,
    mark: Option<&SeenMark>,
    key: Option<&Password>,
) -> Result<BackupInfo> {
    if !workspace_path.is_file() {
        return Err(Error::invalid(
            "path",
            format!(
                "{} is not a workspace file; only a workspace saved in a file can be backed up",
                workspace_path.display()
            ),
        ));
    }
    let folder = backup_folder(dir, workspace_path)?;
    std::fs::create_dir_all(&folder)?;
    let entries = scan(&folder)?;
    let latest = entries.first();
    let state = connection_state(conn).map_err(|e| classify(workspace_path, e))?;
    let known = mark.and_then(|m| {
        m.borrow()
            .as_ref()
            .and_then(|b| b.downcast_ref::<Mark>())
            .cloned()
    });
    let known = known.filter(|m| latest.is_some_and(|l| l.path == m.path));
    if let Some(m) = &known {
        let size = std::fs::metadata(&m.path).map_or(-1.0, |md| md.len() as f64);
        if m.state == state && m.info.ok && size == m.info.size_bytes {
            return Ok(m.info.clone());
        }
    }
    let fp = fingerprint(conn).map_err(|e| classify(workspace_path, e))?;
    let remember = |path: &Path, info: &BackupInfo| {
        if let Some(m) = mark {
            *m.borrow_mut() = Some(Box::new(Mark {
                path: path.to_path_buf(),
                info: info.clone(),
                fingerprint: fp,
                state,
            }));
        }
    };
    if let Some(latest) = latest {
        let latest_fp = match &known {
            Some(m) => Some(m.fingerprint),
            None => file_fingerprint(&latest.path, key).ok(),
        };
        if latest_fp == Some(fp) {
            let found = info(latest, key);
            if found.ok {
                remember(&latest.path, &found);
                return Ok(found);
            }
        }
    }

    let at = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    let seq = entries
        .iter()
        .filter(|e| e.at == at)
        .map(|e| e.seq)
        .max()
        .map_or(1, |s| s + 1);
    let name = backup_name(at, reason, seq);
    let target = folder.join(&name);
    let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    vacuum_into(conn, workspace_path, &tmp, &target)?;
    sync_dir(&folder);
    let taken = info(
        &Entry {
            path: target.clone(),
            at,
            seq,
            reason,
        },
        key,
    );
    rotate(&folder, now, taken.ok.then_some(target.as_path()), key)?;
    remember(&target, &taken);
    Ok(taken)
}

/// Takes a backup of the open workspace into its folder under `dir` (see the module
/// documentation), named by the workspace's clock, and rotates the folder. When nothing
/// changed since the newest backup, takes none and answers that one.
pub fn take_backup(ws: &Workspace, dir: &Path, reason: BackupReason) -> Result<BackupInfo> {
    backup_connection(
        ws.conn(),
        ws.path(),
        dir,
        reason,
        ws.clock_now(),
        Some(&ws.seen),
        ws.password(),
    )
}

/// Takes a backup of a workspace file that is not open here, without migrating or
/// otherwise changing it. Refuses a file that is not a sound Stakemap workspace
/// ([`Error::Corrupt`], [`Error::NotAWorkspace`]); a file of a newer Stakemap is backed
/// up as it is. An encrypted file needs its password (`key`); its backup is encrypted
/// with it.
pub fn backup_file(
    workspace_path: &Path,
    dir: &Path,
    reason: BackupReason,
    key: Option<&Password>,
) -> Result<BackupInfo> {
    backup_file_at(workspace_path, dir, reason, Utc::now(), key)
}

fn backup_file_at(
    workspace_path: &Path,
    dir: &Path,
    reason: BackupReason,
    now: DateTime<Utc>,
    key: Option<&Password>,
) -> Result<BackupInfo> {
    match check_file(workspace_path, key) {
        Ok(_) | Err(Error::NewerSchema { .. }) => {}
        Err(e) => return Err(e),
    }
    // Read-write (never created): a WAL left by a crash is recovered and read, as the
    // app would read it.
    let key = key.filter(|_| cipher::is_encrypted(workspace_path));
    let conn = file::open_existing(workspace_path, key)?;
    backup_connection(&conn, workspace_path, dir, reason, now, None, key)
}

/// Deletes the backups the rotation does not keep (see the module documentation).
/// `known_good` is a backup already checked.
fn rotate(
    folder: &Path,
    now: DateTime<Utc>,
    known_good: Option<&Path>,
    key: Option<&Password>,
) -> Result<()> {
    let entries = scan(folder)?;
    let mut keep = vec![false; entries.len()];
    for k in keep.iter_mut().take(KEEP_NEWEST) {
        *k = true;
    }
    let today = now.date_naive();
    let mut days = HashSet::new();
    for (e, k) in entries.iter().zip(keep.iter_mut()) {
        let day = e.at.date_naive();
        let age = (today - day).num_days();
        if (0..KEEP_DAYS).contains(&age) && days.insert(day) {
            *k = true;
        }
    }
    let good = |e: &Entry| known_good == Some(e.path.as_path()) || check_file(&e.path, key).is_ok();
    let kept_good = entries.iter().zip(&keep).any(|(e, k)| *k && good(e));
    if !kept_good {
        if let Some(i) = (0..entries.len()).find(|&i| !keep[i] && good(&entries[i])) {
            keep[i] = true;
        }
    }
    for (e, k) in entries.iter().zip(&keep) {
        if !k {
            let _ = std::fs::remove_file(&e.path);
        }
    }
    // Temporary files of a backup that was cut short (a crash) go after a day.
    if let Ok(read) = std::fs::read_dir(folder) {
        for item in read.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with('.') && name.ends_with(".tmp")) {
                continue;
            }
            let old = item
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 60 * 60);
            if old {
                let _ = std::fs::remove_file(item.path());
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Opening with a backup before a migration; changing the password with the backups
// ---------------------------------------------------------------------------------------

impl Workspace {
    /// Opens (or creates) the workspace at `path` with the wall clock, and backs the file
    /// up to `backups` before migrating it to this build's format.
    pub fn open_with_backups(path: impl AsRef<Path>, backups: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, Arc::new(SystemClock), Some(backups.as_ref()))
    }

    /// Opens (or creates) the workspace at `path`: the checks of [`Workspace::open_with_clock`];
    /// then, when the file holds a workspace of an older format and `backups` is given, a
    /// backup of it as it is (reason [`BackupReason::Migration`], taken with `VACUUM INTO`)
    /// before the first migration runs. A backup that fails stops the open: the file is not
    /// migrated without one.
    pub fn open_with(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        backups: Option<&Path>,
    ) -> Result<Self> {
        Self::open_keyed(path, clock, backups, None)
    }

    /// [`Workspace::open_with`] for a workspace that may be encrypted (see
    /// [`Workspace::open_hooked`] for what `password` does).
    pub fn open_keyed(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        backups: Option<&Path>,
        password: Option<&Password>,
    ) -> Result<Self> {
        let backup = |ws: &Workspace| -> Result<()> {
            if let Some(dir) = backups {
                take_backup(ws, dir, BackupReason::Migration)?;
            }
            Ok(())
        };
        Self::open_hooked(path, clock, password, Some(&backup))
    }

    /// Encrypts the workspace with `new`, changes its password to `new`, or (with `None`)
    /// removes its encryption; then rewrites its backups in `backups` the same way (see
    /// [`crate::store::cipher`]). The file is replaced whole, after the new copy was
    /// checked; the undo history starts again.
    pub fn change_password(
        &mut self,
        new: Option<&Password>,
        backups: Option<&Path>,
    ) -> Result<cipher::PasswordChange> {
        let old_key = self.rekey_file(new)?;
        let (rewritten, left) = match backups {
            Some(dir) => rekey_backups(dir, self.path(), old_key.as_ref(), new)?,
            None => (0, 0),
        };
        Ok(cipher::PasswordChange {
            encrypted: self.is_encrypted(),
            backups_rewritten: rewritten,
            backups_left: left,
        })
    }
}

/// Rewrites every backup of the workspace at `workspace_path` in `dir` from the password
/// `old` (or none) to `new` (or none), each through a checked temporary copy renamed over
/// it (see [`crate::cipher`]). Answers how many were rewritten, and how many were left as
/// they are because they do not open with `old` or fail the checks.
pub(crate) fn rekey_backups(
    dir: &Path,
    workspace_path: &Path,
    old: Option<&Password>,
    new: Option<&Password>,
) -> Result<(u32, u32)> {
    let folder = backup_folder(dir, workspace_path)?;
    cipher::remove_stale_copies(&folder, "");
    let (mut rewritten, mut left) = (0u32, 0u32);
    for entry in scan(&folder)? {
        let key = old.filter(|_| cipher::is_encrypted(&entry.path));
        if check_file(&entry.path, key).is_err() {
            left += 1;
            continue;
        }
        let name = entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = folder.join(format!(".{name}.rekey-{}.tmp", std::process::id()));
        let done = crate::store::connect(&entry.path, key).and_then(|conn| {
            cipher::export(&conn, &entry.path, &tmp, new)?;
            drop(conn);
            Ok(std::fs::rename(&tmp, &entry.path)?)
        });
        match done {
            Ok(()) => rewritten += 1,
            Err(_) => {
                let _ = std::fs::remove_file(&tmp);
                left += 1;
            }
        }
    }
    sync_dir(&folder);
    Ok((rewritten, left))
}

// ---------------------------------------------------------------------------------------
// Damaged files and restoring
// ---------------------------------------------------------------------------------------

/// Renames `path` and its SQLite side files to `<name>.<label>-<timestamp>` beside it
/// (side files first, so that the workspace's path never holds a stale `-wal` without its
/// database). Answers the new path of the main file.
fn move_aside(path: &Path, label: &str, now: DateTime<Utc>) -> Result<PathBuf> {
    let (name, parent) = name_and_folder(path)?;
    let base = format!("{name}.{label}-{}", stamp(now));
    let taken = |p: &Path| {
        std::fs::symlink_metadata(p).is_ok()
            || SIDECARS
                .iter()
                .any(|s| std::fs::symlink_metadata(sidecar(p, s)).is_ok())
    };
    let mut target = parent.join(&base);
    let mut n = 2;
    while taken(&target) {
        target = parent.join(format!("{base}-{n}"));
        n += 1;
    }
    for suffix in SIDECARS {
        let side = sidecar(path, suffix);
        if std::fs::symlink_metadata(&side).is_ok() {
            std::fs::rename(&side, sidecar(&target, suffix))?;
        }
    }
    if std::fs::symlink_metadata(path).is_ok() {
        std::fs::rename(path, &target)?;
    }
    sync_dir(&parent);
    Ok(target)
}

/// Moves a damaged workspace file (and its `-wal`/`-shm`) aside, to
/// `<name>.damaged-<YYYYMMDDTHHMMSSZ>` beside it, and answers the new path. Nothing is
/// deleted: the damaged file can still be given to a recovery tool.
pub fn quarantine(path: &Path) -> Result<PathBuf> {
    quarantine_at(path, Utc::now())
}

fn quarantine_at(path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    if !path.is_file() {
        return Err(Error::NotFound {
            what: "file",
            id: path.display().to_string(),
        });
    }
    move_aside(path, "damaged", now)
}

/// Puts the backup at `backup` in place of the workspace file at `workspace_path` (which
/// must not be open) and answers where what it replaced was kept:
///
/// 1. the backup must pass the checks (a Stakemap workspace this build reads, not damaged);
/// 2. it is copied (`VACUUM INTO`) to a temporary file beside the workspace: until here
///    nothing was changed;
/// 3. the current file, when it is a sound workspace, is backed up to `dir` (reason
///    `before-restore`; the answer is that backup); when it is not (damaged, not SQLite…)
///    it is moved aside with [`quarantine`] (the answer is its new name); when there is
///    no file, the answer is `None`;
/// 4. the current file and its `-wal`/`-shm` are moved aside, the copy is renamed into
///    place, and only then is the moved-aside file removed (its content is in the backup
///    of step 3).
///
/// The backups of an encrypted workspace are read with its password (`key`); the restored
/// file is encrypted with it.
pub fn restore_backup(
    workspace_path: &Path,
    backup: &Path,
    dir: &Path,
    key: Option<&Password>,
) -> Result<Option<PathBuf>> {
    restore_backup_with_clock(workspace_path, backup, dir, &SystemClock, key)
}

/// [`restore_backup`], naming the backup and moved files by `clock`.
pub fn restore_backup_with_clock(
    workspace_path: &Path,
    backup: &Path,
    dir: &Path,
    clock: &dyn Clock,
    key: Option<&Password>,
) -> Result<Option<PathBuf>> {
    let now = clock.now();
    check_file(backup, key)?;
    if let (Ok(a), Ok(b)) = (canonical(workspace_path), canonical(backup)) {
        if a == b {
            return Err(Error::invalid(
                "backup",
                "this is the workspace itself; choose one of its backups",
            ));
        }
    }
    let (name, parent) = name_and_folder(workspace_path)?;

    // The copy first: until it is whole, nothing is changed.
    let tmp = parent.join(format!(".{name}.restore-{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let copied = open_read_only(backup, key).and_then(|src| {
        file::vacuum_into(&src, backup, &tmp)?;
        Ok(sync_file(&tmp)?)
    });
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }

    let present = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    // (where what is replaced is kept, the moved-aside file to remove once replaced)
    let moved = (|| -> Result<(Option<PathBuf>, Option<PathBuf>)> {
        if workspace_path.is_file() {
            match backup_file_at(workspace_path, dir, BackupReason::BeforeRestore, now, key) {
                Ok(info) if info.ok => {
                    let aside = move_aside(workspace_path, "replaced", now)?;
                    Ok((Some(PathBuf::from(info.path)), Some(aside)))
                }
                // Not a sound workspace (or no sound backup of it): kept as it is, beside.
                _ => Ok((Some(quarantine_at(workspace_path, now)?), None)),
            }
        } else {
            // Side files without their database belong to a file that was moved away; the
            // restored file must not meet them. They are kept beside, renamed.
            if SIDECARS
                .iter()
                .any(|s| present(&sidecar(workspace_path, s)))
            {
                move_aside(workspace_path, "stale", now)?;
            }
            Ok((None, None))
        }
    })();
    let (kept, aside) = match moved {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };

    if let Err(e) = std::fs::rename(&tmp, workspace_path) {
        // Put back what was moved aside.
        if let Some(a) = &aside {
            for suffix in SIDECARS {
                if present(&sidecar(a, suffix)) {
                    let _ = std::fs::rename(sidecar(a, suffix), sidecar(workspace_path, suffix));
                }
            }
            if present(a) {
                let _ = std::fs::rename(a, workspace_path);
            }
        }
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    sync_dir(&parent);

    // The file moved aside is in the before-restore backup, which passed the checks.
    if let Some(a) = aside {
        for suffix in SIDECARS {
            let _ = std::fs::remove_file(sidecar(&a, suffix));
        }
        let _ = std::fs::remove_file(&a);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        let at = parse_stamp("20250114T093005Z").unwrap();
        assert_eq!(at.to_rfc3339(), "2025-01-14T09:30:05+00:00");
        for reason in BackupReason::ALL {
            for seq in [1, 2, 17] {
                let name = backup_name(at, reason, seq);
                assert_eq!(parse_name(&name), Some((at, reason, seq)), "{name}");
            }
        }
        assert_eq!(
            backup_name(at, BackupReason::BeforeRestore, 1),
            "20250114T093005Z-before-restore.stakemap"
        );
        for other in [
            "notes.txt",
            "20250114T093005Z-open.stakemap-wal",
            "20250114T093005Z-opened.stakemap",
            "20250114T093005Z-open-1.stakemap",
            "20250114T093005Z-open-x.stakemap",
            "20251314T093005Z-open.stakemap",
            "20250114X093005Z-open.stakemap",
            ".20250114T093005Z-open.stakemap.12.tmp",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn rotation_never_deletes_the_only_good_backup() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("work-00000000");
        std::fs::create_dir_all(&folder).unwrap();
        let day0 = parse_stamp("20300101T120000Z").unwrap();
        let ws = Workspace::open(dir.path().join("work.stakemap")).unwrap();
        let good = folder.join(backup_name(day0, BackupReason::Manual, 1));
        ws.save_copy(&good).unwrap();
        // Twelve newer "backups" that are damaged beyond reading.
        let mut bad = Vec::new();
        for day in 1..=12 {
            let at = day0 + chrono::Duration::days(day);
            let path = folder.join(backup_name(at, BackupReason::Interval, 1));
            std::fs::write(&path, b"SQLite format 3\0 and then garbage").unwrap();
            bad.push(path);
        }
        std::fs::write(folder.join("notes.txt"), b"mine").unwrap();
        rotate(&folder, day0 + chrono::Duration::days(40), None, None).unwrap();
        assert!(good.exists(), "the only good backup stays");
        assert!(
            !bad[0].exists() && !bad[1].exists(),
            "older than the newest ten"
        );
        assert!(bad[2..].iter().all(|p| p.exists()));
        assert!(
            folder.join("notes.txt").exists(),
            "other files are not touched"
        );
        let entries = scan(&folder).unwrap();
        assert_eq!(entries.len(), 11);
        assert_eq!(entries.last().unwrap().path, good);
    }

    #[test]
    fn the_folder_is_stable_and_tells_workspaces_apart() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("one").join("work.stakemap");
        let b = dir.path().join("two").join("work.stakemap");
        std::fs::create_dir_all(a.parent().unwrap()).unwrap();
        std::fs::create_dir_all(b.parent().unwrap()).unwrap();
        let backups = Path::new("backups");
        let fa = backup_folder(backups, &a).unwrap();
        let fb = backup_folder(backups, &b).unwrap();
        assert_ne!(fa, fb);
        let name = fa.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("work-") && name.len() == "work-".len() + 8,
            "{name}"
        );
        // The same file by another spelling of its path, existing or not.
        let again = dir
            .path()
            .join("one")
            .join("..")
            .join("one")
            .join("work.stakemap");
        assert_eq!(backup_folder(backups, &again).unwrap(), fa);
    }
}
