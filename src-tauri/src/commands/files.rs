//! The file dialogs, opened from Rust: the window asks for a file for one purpose and gets a
//! one-time token for what the user chose (see `crate::grants`), never a path it could
//! have made up itself.
//! There is no other way to answer a dialog: the end-to-end tests answer the real native
//! dialog with the keyboard, as a user does.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::error::CmdResult;
use crate::grants::Picked;
use crate::purpose::{self, DialogKind, Purpose};
use crate::state::AppState;

/// Asks the user for a file for `purpose` in the native dialog (open or save, as the
/// purpose says), suggesting `suggested_name` (a bare file name) in a save dialog. `None`
/// when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_file<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    purpose: Purpose,
    suggested_name: Option<String>,
) -> CmdResult<Option<Picked>> {
    let suggested = purpose::suggested_name(suggested_name.as_deref());
    let lang = state.lang;
    let chosen =
        tauri::async_runtime::spawn_blocking(move || ask(&app, &window, purpose, suggested, lang))
            .await
            .ok()
            .flatten();
    Ok(chosen.map(|path| state.grants.issue(purpose, path)))
}

/// The native dialog (blocking: never on the main thread).
fn ask<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    purpose: Purpose,
    suggested: Option<String>,
    lang: stakemap_core::Lang,
) -> Option<PathBuf> {
    let (filter, extensions) = purpose.filter(suggested.as_deref());
    let dialog = app
        .dialog()
        .file()
        .set_parent(window)
        .set_title(purpose.title(lang))
        .add_filter(filter, &extensions);
    let picked = match purpose.dialog() {
        DialogKind::Open => dialog.blocking_pick_file(),
        DialogKind::Save => dialog
            .set_file_name(suggested.unwrap_or_else(|| purpose.default_name().into()))
            .blocking_save_file(),
    };
    picked.and_then(|p| p.into_path().ok())
}
