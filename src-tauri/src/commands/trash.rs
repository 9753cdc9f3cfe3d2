//! The trash: deleted accounts and people, until restored or emptied.

use stakemap_core::trash::RestoreReport;
use stakemap_core::TrashItem;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The trash, newest first.
#[tauri::command]
#[specta::specta]
pub async fn trash_list(state: State<'_, AppState>) -> CmdResult<Vec<TrashItem>> {
    state.with(|ws| Ok(ws.trash()?))
}

/// Puts a trash entry back, with its ids. One undo step.
#[tauri::command]
#[specta::specta]
pub async fn restore_trash(state: State<'_, AppState>, id: String) -> CmdResult<RestoreReport> {
    state.with(|ws| Ok(ws.restore_from_trash(&id)?))
}

/// Deletes everything in the trash for good (undo still brings it back in this session).
#[tauri::command]
#[specta::specta]
pub async fn empty_trash(state: State<'_, AppState>) -> CmdResult<u32> {
    state.with(|ws| Ok(ws.empty_trash()?))
}
