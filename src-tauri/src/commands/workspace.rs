//! The app and its workspace files: what the window needs at start, new, open, save as,
//! the password, and the recent files. The window asks for a path with the native dialog
//! and hands it here; on any error the open workspace stays open.

use std::path::Path;

use stakemap_core::error::ErrorData;
use stakemap_core::store::cipher::PasswordChange;
use stakemap_core::Password;
use tauri::State;

use crate::error::CmdResult;
use crate::info::{self, AppInfo};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(info::app_info(&state))
}

/// Creates a new, empty workspace file and switches to it.
#[tauri::command]
#[specta::specta]
pub async fn new_workspace(state: State<'_, AppState>, path: String) -> CmdResult<AppInfo> {
    let ws = stakemap_core::Workspace::create_new(&path)?;
    state.set_workspace(ws);
    Ok(info::app_info(&state))
}

/// Opens an existing workspace file and switches to it (backed up first when it is of an
/// older format, and on opening). A damaged file is moved aside and refused with kind
/// `corrupt`; `app_info().recovery` then holds the newest good backup to offer. An
/// encrypted file needs `password` (kinds `encrypted` without one, `wrong_password` when
/// it does not open the file).
#[tauri::command]
#[specta::specta]
pub async fn open_workspace(
    state: State<'_, AppState>,
    path: String,
    password: Option<String>,
) -> CmdResult<AppInfo> {
    if !Path::new(&path).is_file() {
        // The file does not exist or is not a file.
        return Err(ErrorData::NotFound {
            what: "file".into(),
            id: path,
        }
        .into());
    }
    let password = password
        .filter(|p| !p.is_empty())
        .map(Password::new)
        .transpose()?;
    let ws = state
        .open_file(Path::new(&path), password.as_ref())
        .map_err(|e| state.open_failed(e, password.as_ref()))?;
    state.opened(ws);
    Ok(info::app_info(&state))
}

/// Writes a copy of the open workspace to `path` and goes on working in the copy.
#[tauri::command]
#[specta::specta]
pub async fn save_workspace_as(state: State<'_, AppState>, path: String) -> CmdResult<AppInfo> {
    // A copy of an encrypted workspace is encrypted with the same password.
    let key = state.with(|ws| {
        ws.save_copy(&path)?;
        Ok(ws.password().cloned())
    })?;
    let ws = stakemap_core::session::open::open(Path::new(&path), None, key.as_ref())?;
    state.set_workspace(ws);
    Ok(info::app_info(&state))
}

/// Encrypts the open workspace with `password`, changes its password to `password`, or,
/// with none, removes its encryption (see `stakemap_core::store::cipher`); its backups are
/// rewritten the same way. A new password has at least 8 characters. The undo history
/// starts again.
#[tauri::command]
#[specta::specta]
pub async fn set_workspace_password(
    state: State<'_, AppState>,
    password: Option<String>,
) -> CmdResult<PasswordChange> {
    let password = password.map(Password::new_for_encryption).transpose()?;
    let dir = state.session.backups_dir().map(Path::to_path_buf);
    let st = state.inner();
    st.with(|ws| {
        let done = ws.change_password(password.as_ref(), dir.as_deref())?;
        st.remember_key(ws.path(), ws.password());
        Ok(done)
    })
}

/// Recently opened workspace files, newest first.
#[tauri::command]
#[specta::specta]
pub async fn recent_files(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    Ok(state
        .data_dir()
        .map(stakemap_core::session::recent::load)
        .unwrap_or_default())
}
