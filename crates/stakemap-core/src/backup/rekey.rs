//! Opening a workspace with a backup before a migration, and changing its password with
//! its backups.

use super::*;

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
/// it (see [`crate::store::cipher`]). Answers how many were rewritten, and how many were left as
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
