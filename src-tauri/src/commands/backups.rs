//! Backups of the open workspace and restoring one; what the window offers for a damaged
//! file (`stakemap_core::session::Recovery`). The backups live in `<data dir>/backups`
//! (see `stakemap_core::backup`).

use std::path::{Path, PathBuf};

use stakemap_core::backup::{self, BackupInfo, BackupReason};
use tauri::State;

use crate::error::{CmdResult, ShellError};
use crate::info::{self, AppInfo};
use crate::state::AppState;

/// The backups of a workspace, newest first, each with its date, reason, size, contents and
/// whether it passes the checks. `workspace` is the workspace found damaged
/// (`Recovery::workspace_path`) or the open one; without it, the open workspace (or, when
/// none could be opened, the one found damaged). Any other path is refused (`not_listed`):
/// the window only names workspaces the app told it of.
#[tauri::command]
#[specta::specta]
pub async fn list_backups(
    state: State<'_, AppState>,
    workspace: Option<String>,
) -> CmdResult<Vec<BackupInfo>> {
    let dir = state.backups_dir()?;
    let target = match workspace.filter(|w| !w.is_empty()) {
        Some(w) => {
            let known = [
                state.recovery().map(|r| PathBuf::from(r.workspace_path)),
                state.workspace_path(),
            ];
            known
                .into_iter()
                .flatten()
                .find(|k| k.as_os_str() == std::ffi::OsStr::new(&w))
                .ok_or_else(|| ShellError::NotListed {
                    what: "backups".into(),
                })?
        }
        None => state.backup_target()?,
    };
    let key = state.key_for(&target);
    Ok(backup::list_backups(dir, &target, key.as_ref())?)
}

/// Backs the open workspace up now (reason `manual`). When nothing changed since the newest
/// backup, no new one is taken and that one is answered (its `reason` and `taken_at` tell).
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupInfo> {
    let dir = state.backups_dir()?.to_path_buf();
    state.with(|ws| Ok(backup::take_backup(ws, &dir, BackupReason::Manual)?))
}

/// Puts a backup (a `path` from `list_backups`, or `Recovery::backup`) back in place of the
/// workspace it is a backup of, and opens that workspace. Only a file in that workspace's
/// folder of the app's backups that passes the checks is restored (kind `invalid`
/// otherwise): the page cannot name another file. What it replaces is kept: backed
/// up first (reason `before_restore`, listed first afterwards), or, when damaged, moved
/// aside. On an error the workspace that was open stays open.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> CmdResult<AppInfo> {
    state.restore(Path::new(&path))?;
    Ok(info::app_info(&state))
}
