//! Thin commands: each parses nothing itself and calls one core function.

use serde::Serialize;
use stakemap_core::map::AccountMap;
use stakemap_core::{Account, Lang};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// What the window needs to know at start.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    /// Language following the OS locale (or `STAKEMAP_LANG`).
    pub lang: Lang,
    /// Path of the open workspace file, if one is open.
    pub workspace_path: Option<String>,
    /// Why no workspace could be opened, for the user to act on.
    pub open_error: Option<crate::error::AppError>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let workspace_path = state.with(|ws| Ok(ws.path().display().to_string())).ok();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        lang: state.lang,
        workspace_path,
        open_error: state.open_error(),
    })
}

/// Every account of the open workspace, by name.
#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> CmdResult<Vec<Account>> {
    state.with(|ws| Ok(ws.accounts()?))
}

/// The map of one account: people, lines and where each card is drawn.
#[tauri::command]
#[specta::specta]
pub async fn account_map(state: State<'_, AppState>, account_id: String) -> CmdResult<AccountMap> {
    state.with(|ws| Ok(ws.account_map(&account_id)?))
}
