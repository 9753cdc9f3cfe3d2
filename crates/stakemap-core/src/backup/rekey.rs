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
    /// [`Workspace::open_hooked`] for what `password` does). This is the open of the app
    /// and of every command of the CLI, and it tidies up after a crash (see
    /// [`crate::backup`], "Password changes"): temporary copies of processes that are gone
    /// are removed (beside the workspace, and in every folder of its backups), `backups`'
    /// folder of this workspace is recorded in the file when it exists, and the backups are
    /// brought in line with the workspace's password.
    pub fn open_keyed(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        backups: Option<&Path>,
        password: Option<&Password>,
    ) -> Result<Self> {
        let path = path.as_ref();
        if let Ok((name, parent)) = name_and_folder(path) {
            temp::remove_dead(&parent, Some(&name));
        }
        let backup = |ws: &Workspace| -> Result<()> {
            if let Some(dir) = backups {
                take_backup(ws, dir, BackupReason::Migration)?;
            }
            Ok(())
        };
        let ws = Self::open_hooked(path, clock, password, Some(&backup))?;
        if let Some(dir) = backups {
            if let Ok(folder) = backup_folder(dir, ws.path()) {
                if folder.is_dir() {
                    // A workspace that cannot be written to still opens (to be read).
                    let _ = ws.record_backup_place(&folder);
                }
            }
        }
        // Nothing here keeps the user from the workspace: a backups folder that cannot be
        // written (a read-only disk) is tried again at the next open, the note kept.
        let pending = ws.rekey_pending()?;
        if align_backups(&ws, None, pending == Some(true)).is_ok() && pending.is_some() {
            ws.clear_rekey_pending()?;
        }
        Ok(ws)
    }

    /// Encrypts the workspace with `new`, changes its password to `new`, or (with `None`)
    /// removes its encryption; then rewrites its backups the same way, in every folder the
    /// file records (see [`crate::backup`]) and in `backups`' folder of this workspace. The
    /// file is replaced whole, after the new copy was checked, and carries a note that its
    /// backups are still to be rewritten until they are: a crash in between is finished by
    /// the next open. The undo history starts again.
    pub fn change_password(
        &mut self,
        new: Option<&Password>,
        backups: Option<&Path>,
    ) -> Result<cipher::PasswordChange> {
        if let Some(dir) = backups {
            let folder = backup_folder(dir, self.path())?;
            if folder.is_dir() {
                self.record_backup_place(&folder)?;
            }
        }
        let old_key = self.rekey_file(new)?;
        let (rewritten, left) = align_backups(self, Some(old_key.as_ref()), false)?;
        self.clear_rekey_pending()?;
        Ok(cipher::PasswordChange {
            encrypted: self.is_encrypted(),
            backups_rewritten: rewritten,
            backups_left: left,
        })
    }
}

/// Brings every backup in the folders `ws` records in line with its password, and removes
/// the temporary copies of processes that are gone there. Answers how many backups were
/// rewritten, and how many were left as they are.
///
/// `old` is the password the workspace had, when this process changed it (`Some(None)`:
/// it was not encrypted); `None` after a crash or at an open, when it is not known.
/// `strict` is set when an open finishes a change of password a crash cut short: backups
/// encrypted with another password than the workspace's (the old one, which the change
/// replaces and which is not known any more) are then deleted. (A crash while an
/// unencrypted workspace was being encrypted leaves no backup under an old password.)
///
/// For an encrypted workspace, no backup may keep a readable copy: an unencrypted backup
/// is rewritten under its password, and deleted when it cannot be (damaged); a file with a
/// backup's name that is not a database at all (cut short, emptied) is deleted too. For an
/// unencrypted workspace, an encrypted backup is rewritten unencrypted when `old` opens it
/// and otherwise left as it is (it shows nothing without its password). Any other failure
/// (a full disk) stops with the error, and the next open tries again.
pub(crate) fn align_backups(
    ws: &Workspace,
    old: Option<Option<&Password>>,
    strict: bool,
) -> Result<(u32, u32)> {
    let new = ws.password();
    let (mut rewritten, mut left) = (0u32, 0u32);
    for folder in ws.backup_places()? {
        temp::remove_dead(&folder, None);
        // A folder that is gone or cannot be read (a drive not plugged in) holds nothing
        // to rewrite now.
        let Ok(entries) = scan(&folder) else {
            continue;
        };
        for entry in entries {
            let kind = cipher::file_kind(&entry.path).unwrap_or(FileKind::Other);
            match (kind, new) {
                (FileKind::Plain, None) => {}
                (FileKind::Plain, Some(_)) => match rekey_one(ws, &folder, &entry.path, None) {
                    Ok(()) => rewritten += 1,
                    // Damaged, or no workspace at all: it cannot be rewritten, and what can
                    // be read of it must not stay beside an encrypted workspace.
                    Err(Error::Corrupt { .. } | Error::NotAWorkspace { .. }) => remove(&entry.path),
                    // Anything else (a full disk…) stops here; the note stays, and the next
                    // open tries again.
                    Err(e) => return Err(e),
                },
                (FileKind::Encrypted, _) => {
                    if old.is_none() && !strict {
                        // An open: nothing readable here, and opening each backup with the
                        // password would cost a key derivation apiece.
                        continue;
                    }
                    if let Some(o) = old.flatten() {
                        match rekey_one(ws, &folder, &entry.path, Some(o)) {
                            Ok(()) => {
                                rewritten += 1;
                                continue;
                            }
                            Err(
                                Error::WrongPassword { .. }
                                | Error::Corrupt { .. }
                                | Error::NotAWorkspace { .. },
                            ) => {}
                            Err(e) => return Err(e),
                        }
                    }
                    // Already under the new password (a change finished before, or a
                    // backup taken since)?
                    let current = new.is_some_and(|k| check_file(&entry.path, Some(k)).is_ok());
                    if current {
                        continue;
                    }
                    if strict && new.is_some() {
                        remove(&entry.path);
                    } else {
                        left += 1;
                    }
                }
                (FileKind::New | FileKind::Other | FileKind::CutShort, Some(_)) => {
                    remove(&entry.path);
                }
                (FileKind::New | FileKind::Other | FileKind::CutShort, None) => left += 1,
            }
        }
        sync_dir(&folder);
    }
    Ok((rewritten, left))
}

/// Removes a backup (and any side file SQLite left beside it).
fn remove(path: &Path) {
    for suffix in SIDECARS {
        let _ = std::fs::remove_file(sidecar(path, suffix));
    }
    let _ = std::fs::remove_file(path);
}

/// Rewrites the backup at `path` from `old` (or no password) to the password of `ws` (or
/// none), through a temporary copy in `folder` (checked as it is written) renamed over
/// it. The copy takes the key `ws` derived already: only an encrypted backup costs a key
/// derivation (to read it).
fn rekey_one(ws: &Workspace, folder: &Path, path: &Path, old: Option<&Password>) -> Result<()> {
    file::check_kind(path, old)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = folder.join(format!(".{name}.rekey-{}.tmp", std::process::id()));
    let done = cipher::export_carried(ws.conn(), path, old, &tmp)
        .and_then(|()| Ok(std::fs::rename(&tmp, path)?));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}
