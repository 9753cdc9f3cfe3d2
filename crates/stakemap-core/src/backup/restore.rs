//! Moving a damaged file aside, and restoring a backup in place of the workspace.

use super::*;
use crate::error::Reason;

// ---------------------------------------------------------------------------------------
// Damaged files and restoring
// ---------------------------------------------------------------------------------------

/// A free name `<name>.<label>-<timestamp>` (then `-2`, `-3`…) beside `path`, for it and
/// its SQLite side files.
fn aside_name(path: &Path, label: &str, now: DateTime<Utc>) -> Result<PathBuf> {
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
    Ok(target)
}

/// Moves the SQLite side files of `path` to those of `target`.
fn move_sidecars(path: &Path, target: &Path) -> Result<()> {
    for suffix in SIDECARS {
        let side = sidecar(path, suffix);
        if std::fs::symlink_metadata(&side).is_ok() {
            std::fs::rename(&side, sidecar(target, suffix))?;
        }
    }
    Ok(())
}

/// Renames `path` and its SQLite side files to `<name>.<label>-<timestamp>` beside it
/// (side files first, so that the workspace's path never holds a stale `-wal` without its
/// database). Answers the new path of the main file.
pub(super) fn move_aside(path: &Path, label: &str, now: DateTime<Utc>) -> Result<PathBuf> {
    let (_, parent) = name_and_folder(path)?;
    let target = aside_name(path, label, now)?;
    move_sidecars(path, &target)?;
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

pub(super) fn quarantine_at(path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
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
/// 2. it is copied (`VACUUM INTO`) to a temporary file beside the workspace, which gets the
///    backup folders the workspace records (so that a later password change still finds
///    them), and is flushed: until here nothing was changed;
/// 3. the current file, when it is a sound workspace, is backed up to `dir` (reason
///    `before-restore`; the answer is that backup) and its `-wal` emptied into it; when it
///    is not (damaged, not SQLite…) a second name `<name>.damaged-<time>` is given to it
///    beside (the answer), with its `-wal`; when there is no file, the answer is `None`;
/// 4. the copy is renamed over the workspace: one rename, so that there is never a moment
///    without a workspace at its path, and a crash leaves the old file or the new one.
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
    // The backup is checked and copied through one connection (one key derivation).
    let Some((src, _)) = inspect_read_only(backup, key)? else {
        return Err(Error::NotAWorkspace {
            path: backup.to_path_buf(),
            reason: crate::error::Reason::NoTables,
        });
    };
    if let (Ok(a), Ok(b)) = (canonical(workspace_path), canonical(backup)) {
        if a == b {
            return Err(Error::invalid("backup", Reason::IsTheWorkspace));
        }
    }
    let (name, parent) = name_and_folder(workspace_path)?;
    temp::remove_dead(&parent, Some(&name));

    // The copy first: until it is whole, nothing is changed.
    let tmp = parent.join(format!(".{name}.restore-{}.tmp", std::process::id()));
    let drop_tmp = || {
        for suffix in SIDECARS {
            let _ = std::fs::remove_file(sidecar(&tmp, suffix));
        }
        let _ = std::fs::remove_file(&tmp);
    };
    drop_tmp();
    let done = (|| -> Result<Option<PathBuf>> {
        let has = places::recorded(&src).map_err(|e| classify(backup, e))?;
        file::vacuum_into(&src, backup, &tmp)?;
        drop(src);
        let (kept, mut folders) = keep_current(workspace_path, dir, now, key)?;
        // The backup may be older than some of the folders the workspace records.
        if let Ok(folder) = backup_folder(dir, workspace_path).and_then(|f| {
            std::fs::create_dir_all(&f)?;
            Ok(std::fs::canonicalize(f)?)
        }) {
            folders.push(folder);
        }
        folders.retain(|f| !has.contains(f));
        if !folders.is_empty() {
            let conn = crate::store::connect(&tmp, key)?;
            let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            for folder in &folders {
                places::record(&conn, folder, &at).map_err(|e| classify(&tmp, e))?;
            }
        }
        sync_file(&tmp)?;
        Ok(kept)
    })();
    let kept = match done {
        Ok(kept) => kept,
        Err(e) => {
            drop_tmp();
            return Err(e);
        }
    };
    if let Err(e) = std::fs::rename(&tmp, workspace_path) {
        drop_tmp();
        return Err(e.into());
    }
    sync_dir(&parent);
    Ok(kept)
}

/// Keeps what a restore is about to replace (step 3 of [`restore_backup`]); answers where,
/// and the backup folders the workspace records (none when it cannot be read). A sound
/// workspace is checked, read and backed up through one connection (one key derivation).
fn keep_current(
    workspace_path: &Path,
    dir: &Path,
    now: DateTime<Utc>,
    key: Option<&Password>,
) -> Result<(Option<PathBuf>, Vec<PathBuf>)> {
    let present = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if !workspace_path.is_file() {
        // Side files without their database belong to a file that was moved away; the
        // restored file must not meet them. They are kept beside, renamed.
        if SIDECARS
            .iter()
            .any(|s| present(&sidecar(workspace_path, s)))
        {
            let target = aside_name(workspace_path, "stale", now)?;
            move_sidecars(workspace_path, &target)?;
        }
        return Ok((None, Vec::new()));
    }
    let sound = (|| -> Result<(BackupInfo, Vec<PathBuf>)> {
        let key = key.filter(|_| cipher::is_encrypted(workspace_path));
        file::check_kind(workspace_path, key)?;
        // Read-write (never created): a WAL left by a crash is recovered and read.
        let conn = file::open_existing(workspace_path, key)?;
        match file::check_connection(&conn, workspace_path) {
            Ok(Some(_)) | Err(Error::NewerSchema { .. }) => {}
            Ok(None) => {
                return Err(Error::NotAWorkspace {
                    path: workspace_path.to_path_buf(),
                    reason: crate::error::Reason::NoTables,
                })
            }
            Err(e) => return Err(e),
        }
        let folders = places::recorded(&conn).map_err(|e| classify(workspace_path, e))?;
        let info = backup_connection(
            &conn,
            workspace_path,
            dir,
            BackupReason::BeforeRestore,
            now,
            None,
            key,
        )?;
        Ok((info, folders))
    })();
    match sound {
        Ok((info, folders)) if info.ok => {
            // The backup's connection was the last: closing it emptied the `-wal` into the
            // file. A `-wal` that is left is another program's, which has the file open.
            let wal = sidecar(workspace_path, "-wal");
            if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                return Err(Error::invalid(
                    "workspace",
                    Reason::OpenElsewhere {
                        path: workspace_path.display().to_string(),
                    },
                ));
            }
            for suffix in SIDECARS {
                let _ = std::fs::remove_file(sidecar(workspace_path, suffix));
            }
            Ok((Some(PathBuf::from(info.path)), folders))
        }
        // Not a sound workspace (or no sound backup of it): kept as it is, under a second
        // name (a hard link, else a copy), with its side files.
        _ => {
            let target = aside_name(workspace_path, "damaged", now)?;
            if std::fs::hard_link(workspace_path, &target).is_err() {
                std::fs::copy(workspace_path, &target)?;
                sync_file(&target)?;
            }
            move_sidecars(workspace_path, &target)?;
            Ok((Some(target), Vec::new()))
        }
    }
}
