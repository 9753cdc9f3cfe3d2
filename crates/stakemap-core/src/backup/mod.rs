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
//! first backed up (reason `before-restore`) when it is a sound workspace, else kept under a
//! second name as damaged; the restored copy is then renamed over it, one rename, so that
//! the workspace's path never lacks a file.
//!
//! **Which folders.** Before its first backup in a folder, the workspace records that folder
//! in the file (`backup_place`); an open with a backups folder that holds backups of it
//! records it too. So the workspace knows every folder it was backed up to: the app's, the
//! CLI's beside it, any `--backups`.
//!
//! **Password changes** ([`Workspace::change_password`]) rewrite the backups in every
//! recorded folder under the new password (or none). The re-keyed file carries a "re-key
//! pending" note from the moment it replaces the workspace until every backup is done.
//! Every open ([`Workspace::open_keyed`], the app's and every CLI command's) removes the
//! temporary copies of processes that are gone (see [`crate::store::temp`]), and, for an
//! encrypted workspace, rewrites any unencrypted backup under its password (deleting one
//! that cannot be, as damaged); with the note there it also deletes backups under another
//! password (the old one, which a crash took with it) and clears the note.

use crate::error::Reason;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::store::cipher::{self, FileKind, Password};
use crate::store::file::{self, connection_state, inspect_read_only, name_and_folder, sidecar};
use crate::store::fingerprint::{fingerprint, Fnv};
use crate::store::places;
use crate::store::temp;
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
    /// Why it is not `ok`: the error reading it gave, as a kind the window words in the
    /// user's language.
    pub problem: Option<crate::error::ErrorData>,
    /// The same in English, for the command line.
    #[serde(skip)]
    pub problem_text: Option<String>,
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
            Reason::NotAWorkspaceFile {
                path: workspace_path.display().to_string(),
            },
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

mod list;
mod rekey;
mod restore;
mod take;

pub use list::{backup_info, backup_taken, list_backups, newest_good_backup};
pub use restore::{quarantine, restore_backup, restore_backup_with_clock};
pub use take::{backup_file, take_backup};

use list::*;
use take::*;

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
