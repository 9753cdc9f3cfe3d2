//! The open workspace's password in the OS keychain: whether a keychain answers and holds
//! it, and forgetting it (see `crate::keychain`). It is remembered when the user ticks the
//! box while unlocking (`unlock_workspace`), and recalled when an encrypted workspace opens.

use tauri::State;

use crate::error::{CmdResult, ShellError};
use crate::keychain::{self, KeychainStatus};
use crate::state::AppState;

/// Whether a keychain answers (the unlock form's "remember" box is disabled, with the
/// reason, when none does), and whether it holds the open workspace's password.
#[tauri::command]
#[specta::specta]
pub async fn keychain_status(state: State<'_, AppState>) -> CmdResult<KeychainStatus> {
    let open = state.workspace_path();
    let mut status = keychain::status(open.as_deref());
    // About the open workspace (its password was not remembered), or the one waiting for
    // its password (its remembered one was forgotten).
    status.note = [open, state.locked()]
        .into_iter()
        .flatten()
        .find_map(|p| state.keychain_note(&p));
    Ok(status)
}

/// Forgets the remembered password of the open workspace: it is asked for at its next
/// opening. Kind `keychain_unavailable` when no keychain answers.
#[tauri::command]
#[specta::specta]
pub async fn forget_password(state: State<'_, AppState>) -> CmdResult<KeychainStatus> {
    let open = state.workspace_path().ok_or(ShellError::NoWorkspace)?;
    keychain::forget(&open)?;
    state.set_keychain_note(None);
    Ok(keychain::status(Some(&open)))
}
