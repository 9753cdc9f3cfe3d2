//! The app and its workspace files: what the window needs at start, new, open, save as,
//! the password, and the recent files. A file comes as a token from `pick_file` (see
//! `crate::grants`), a recent one by its place in the app's own list, and the workspace
//! waiting for its password is the one the app keeps; never as a path from the window. On
//! any error the open workspace stays open.

use std::path::Path;

use stakemap_core::store::cipher::PasswordChange;
use stakemap_core::Password;
use tauri::State;
use zeroize::Zeroizing;

use crate::error::{CmdResult, ShellError};
use crate::grants::with_extension;
use crate::info::{self, AppInfo};
use crate::keychain::{self, KeychainNote};
use crate::purpose::Purpose;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(info::app_info(&state))
}

/// Creates a new, empty workspace file where the user chose (`token` of a `new_workspace`
/// choice; `.stakemap` is added to a name without it) and switches to it. An existing
/// file is never written over.
#[tauri::command]
#[specta::specta]
pub async fn new_workspace(state: State<'_, AppState>, token: String) -> CmdResult<AppInfo> {
    state
        .grants
        .using(Purpose::NewWorkspace, &token, |chosen| {
            let (path, _) = with_extension(chosen, "stakemap");
            let ws = stakemap_core::Workspace::create_new(&path)?;
            state.set_workspace(ws);
            Ok(())
        })?;
    Ok(info::app_info(&state))
}

/// Opens the workspace file the user chose (`token` of an `open_workspace` choice) and
/// switches to it (backed up first when it is of an older format, and on opening). A
/// damaged file is moved aside and refused with kind `corrupt`; `app_info().recovery` then
/// holds the newest good backup to offer. An encrypted file needs `password` (kinds
/// `encrypted` without one, `wrong_password` when it does not open the file); it is then
/// the one waiting for its password (`app_info().locked_path`, `unlock_workspace`).
#[tauri::command]
#[specta::specta]
pub async fn open_workspace(
    state: State<'_, AppState>,
    token: String,
    password: Option<String>,
) -> CmdResult<AppInfo> {
    state.grants.using(Purpose::OpenWorkspace, &token, |path| {
        open(&state, path, password)
    })?;
    Ok(info::app_info(&state))
}

/// Opens the workspace at `index` of `recent_files` (as last listed), as `open_workspace`.
#[tauri::command]
#[specta::specta]
pub async fn open_recent(
    state: State<'_, AppState>,
    index: u32,
    password: Option<String>,
) -> CmdResult<AppInfo> {
    let path = recent(&state)
        .into_iter()
        .nth(index as usize)
        .ok_or_else(|| ShellError::NotListed {
            what: "recent".into(),
        })?;
    open(&state, Path::new(&path), password)?;
    Ok(info::app_info(&state))
}

/// Opens the encrypted workspace waiting for its password (`app_info().locked_path`: one
/// that was chosen, opened from the recent list, or opened at start) with `password`.
/// With `remember`, the password is then kept in the OS keychain (see `crate::keychain`)
/// and the workspace opens without asking from then on; when no keychain answers it opens
/// all the same, and the password is asked for next time.
#[tauri::command]
#[specta::specta]
pub async fn unlock_workspace(
    state: State<'_, AppState>,
    password: String,
    remember: Option<bool>,
) -> CmdResult<AppInfo> {
    let path = state.locked().ok_or_else(|| ShellError::NotListed {
        what: "locked".into(),
    })?;
    let password = Zeroizing::new(password);
    open(&state, &path, Some(password.to_string()))?;
    // The window reads why the password was not remembered (`keychain_status().note`) and
    // tells the user.
    let note = match remember {
        Some(true) => keychain::store(&path, &password)
            .err()
            .map(|why| (path.clone(), KeychainNote::NotRemembered { why })),
        _ => None,
    };
    state.set_keychain_note(note);
    Ok(info::app_info(&state))
}

/// Opens the encrypted workspace `path`, waiting for its password, with the password
/// remembered for it in the keychain, if any. A remembered password that no longer opens
/// it (changed elsewhere) is forgotten, and the workspace keeps waiting for the user's.
/// Whether it opened; the error when the remembered password opened a damaged file.
pub fn open_remembered(state: &AppState, path: &Path) -> CmdResult<bool> {
    let Some(password) = keychain::recall(path) else {
        return Ok(false);
    };
    match state.open_file(path, Some(&password)) {
        Ok(ws) => {
            state.opened(ws);
            Ok(true)
        }
        Err(stakemap_core::Error::WrongPassword { .. }) => {
            keychain::forget_quietly(path);
            // The password prompt says so.
            state.set_keychain_note(Some((path.to_path_buf(), KeychainNote::Forgotten)));
            Ok(false)
        }
        Err(e) => Err(state.open_failed(e, Some(&password))),
    }
}

/// Opens `path`, a workspace file the app was given (chosen, recent or locked). An
/// encrypted one opened without a password is tried with the password remembered for it.
fn open(state: &AppState, path: &Path, password: Option<String>) -> CmdResult<()> {
    if !path.is_file() {
        // The file does not exist (any more) or is not a file.
        return Err(stakemap_core::error::ErrorData::NotFound {
            what: "file".into(),
            id: path.display().to_string(),
        }
        .into());
    }
    let password = password
        .filter(|p| !p.is_empty())
        .map(Password::new)
        .transpose()?;
    match state.open_file(path, password.as_ref()) {
        Ok(ws) => {
            state.set_keychain_note(None);
            state.opened(ws);
        }
        Err(e) => {
            let asked = matches!(e, stakemap_core::Error::Encrypted { .. });
            let e = state.open_failed(e, password.as_ref());
            if !(asked && password.is_none() && open_remembered(state, path)?) {
                return Err(e);
            }
        }
    }
    Ok(())
}

/// Writes a copy of the open workspace where the user chose (`token` of a
/// `save_workspace_as` choice; `.stakemap` is added to a name without it) and goes on
/// working in the copy. An existing file is never written over.
#[tauri::command]
#[specta::specta]
pub async fn save_workspace_as(state: State<'_, AppState>, token: String) -> CmdResult<AppInfo> {
    state
        .grants
        .using(Purpose::SaveWorkspaceAs, &token, |chosen| {
            let (path, _) = with_extension(chosen, "stakemap");
            // A copy of an encrypted workspace is encrypted with the same password.
            let key = state.with(|ws| {
                ws.save_copy(&path)?;
                Ok(ws.password().cloned())
            })?;
            let ws = stakemap_core::session::open::open(&path, None, key.as_ref())?;
            state.set_workspace(ws);
            Ok(())
        })?;
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
    let text = password.map(Zeroizing::new);
    let password = text
        .as_ref()
        .map(|t| Password::new_for_encryption(t.as_str()))
        .transpose()?;
    let dir = state.session.backups_dir().map(Path::to_path_buf);
    let st = state.inner();
    st.with(|ws| {
        let remembered = keychain::recall(ws.path()).is_some();
        let done = ws.change_password(password.as_ref(), dir.as_deref())?;
        st.remember_key(ws.path(), ws.password());
        // The keychain follows: a remembered password is replaced by the new one, and
        // forgotten when the encryption is removed.
        match &text {
            Some(new) if remembered => {
                if keychain::remember(ws.path(), new).is_err() {
                    keychain::forget_quietly(ws.path());
                }
            }
            Some(_) => {}
            None => keychain::forget_quietly(ws.path()),
        }
        Ok(done)
    })
}

/// Recently opened workspace files, newest first (`open_recent` opens one by its place).
#[tauri::command]
#[specta::specta]
pub async fn recent_files(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    Ok(recent(&state))
}

fn recent(state: &AppState) -> Vec<String> {
    state
        .data_dir()
        .map(stakemap_core::session::recent::load)
        .unwrap_or_default()
}
