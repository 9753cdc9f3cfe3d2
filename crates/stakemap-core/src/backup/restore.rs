//! Moving a damaged file aside, and restoring a backup in place of the workspace.

use super::*;

// ---------------------------------------------------------------------------------------
// Damaged files and restoring
// ---------------------------------------------------------------------------------------

/// Renames `path` and its SQLite side files to `<name>.<label>-<timestamp>` beside it
/// (side files first, so that the workspace's path never holds a stale `-wal` without its
/// database). Answers the new path of the main file.
pub(super) fn move_aside(path: &Path, label: &str, now: DateTime<Utc>) -> Result<PathBuf> {
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
