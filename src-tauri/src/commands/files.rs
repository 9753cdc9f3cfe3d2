//! The file dialogs, opened from Rust: the window asks for a file for one purpose and gets a
//! one-time token for what the user chose (see `crate::grants`), never a path it could
//! have made up itself.
//!
//! Built with the test-only feature `e2e-dialogs`, a dialog is answered from the file named
//! by `STAKEMAP_E2E_DIALOGS` (its first line, taken out; an empty line is a cancel) when
//! that variable is set. The feature is off in every default, release and package build.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::error::CmdResult;
use crate::grants::Picked;
use crate::purpose::{self, DialogKind, Purpose};
use crate::state::AppState;

#[cfg(all(feature = "e2e-dialogs", not(debug_assertions)))]
compile_error!(
    "the e2e-dialogs feature answers file dialogs from a file: never in a release build"
);

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
    let chosen = match test_answer(purpose, suggested.as_deref()) {
        Some(answer) => answer,
        None => {
            let lang = state.lang;
            tauri::async_runtime::spawn_blocking(move || {
                ask(&app, &window, purpose, suggested, lang)
            })
            .await
            .ok()
            .flatten()
        }
    };
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

/// The next answer of the test's dialogs: `Some(None)` for a cancel, `None` when the
/// dialog is to be shown (always, without the `e2e-dialogs` feature).
#[cfg(not(feature = "e2e-dialogs"))]
fn test_answer(_: Purpose, _: Option<&str>) -> Option<Option<PathBuf>> {
    None
}

/// Environment variable naming the file of the test dialogs' answers (`e2e-dialogs` only).
#[cfg(feature = "e2e-dialogs")]
pub const E2E_DIALOGS_ENV: &str = "STAKEMAP_E2E_DIALOGS";

/// Takes the first line out of the answers file; each dialog asked is added to the file
/// beside it, `<answers>.asked`, as `purpose suggested-name` (for the tests to check).
#[cfg(feature = "e2e-dialogs")]
fn test_answer(purpose: Purpose, suggested: Option<&str>) -> Option<Option<PathBuf>> {
    use std::io::Write;
    let file = PathBuf::from(std::env::var_os(E2E_DIALOGS_ENV).filter(|v| !v.is_empty())?);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let (first, rest) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    let _ = std::fs::write(&file, rest);
    let mut asked = file.into_os_string();
    asked.push(".asked");
    if let Ok(mut log) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(PathBuf::from(asked))
    {
        let purpose = serde_json::to_string(&purpose).unwrap_or_default();
        let _ = writeln!(
            log,
            "{} {}",
            purpose.trim_matches('"'),
            suggested.unwrap_or("")
        );
    }
    let first = first.trim_end_matches('\r');
    Some((!first.is_empty()).then(|| PathBuf::from(first)))
}
