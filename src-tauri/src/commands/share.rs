//! Import, export and merge: thin commands over the core, each with its progress sent on
//! the channel the window gives it (`on_progress`). Each file is one the user chose for
//! it, named by its token from `pick_file` (see `crate::grants`): a preview looks at the
//! token, the command that acts uses it up.

use std::path::Path;

use serde::Deserialize;
use stakemap_core::backup::BackupReason;
use stakemap_core::doc::{self, AccountDoc};
use stakemap_core::export::{self, ExportOptions};
use stakemap_core::import::{
    self, Field, ImportOptions, ImportPlan, ImportSource, KeepStored, ManagerResolution, Preset,
    SheetImportReport,
};
use stakemap_core::merge::{self, MergePreview, MergeReport};
use stakemap_core::Error;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{CmdResult, ShellError};
use crate::events::Progress;
use crate::grants::{file_name, write_chosen};
use crate::purpose::Purpose;
use crate::state::AppState;

/// What the import dialog asks for: the file, the account to import into, and the user's
/// choices so far (format, column mapping, matching, managers chosen).
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ImportRequest {
    pub account_name: String,
    /// The token of the file the user chose to import (`pick_file("import")`).
    pub token: String,
    /// A format chosen by the user; `None` keeps the guess.
    pub preset: Option<Preset>,
    /// A mapping corrected by the user; `None` uses the format's.
    pub mapping: Option<Vec<Field>>,
    pub options: ImportOptions,
    pub resolutions: Vec<ManagerResolution>,
    /// The stored values the user keeps over the file's.
    pub keep: Vec<KeepStored>,
}

fn source(request: &ImportRequest, path: &Path) -> CmdResult<ImportSource> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "json" || ext == "stakemap" {
        return Err(
            Error::refused(file_name(path), stakemap_core::error::Reason::NotContacts).into(),
        );
    }
    let bytes = import::read_capped("file", path, import::sheet::MAX_FILE_BYTES)?;
    let mut source = ImportSource::new(file_name(path), bytes);
    source.preset = request.preset;
    source.mapping = request.mapping.clone();
    source.options = request.options;
    source.resolutions = request.resolutions.clone();
    source.keep = request.keep.clone();
    Ok(source)
}

/// Runs `f` after telling the window, on `on_progress`, that the job `label` has started.
/// A window that went away does not stop the job.
fn with_progress<T>(
    on_progress: &Channel<Progress>,
    label: &str,
    f: impl FnOnce() -> CmdResult<T>,
) -> CmdResult<T> {
    let _ = on_progress.send(Progress::started(label));
    f()
}

/// What importing the file would do; writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn import_preview(
    state: State<'_, AppState>,
    request: ImportRequest,
) -> CmdResult<ImportPlan> {
    let path = state.grants.peek(Purpose::Import, &request.token)?;
    let source = source(&request, &path)?;
    state.with(|ws| Ok(import::plan_import(ws, &request.account_name, &source)?))
}

/// Imports the file as previewed: one transaction, one undo step.
#[tauri::command]
#[specta::specta]
pub async fn import_apply(
    state: State<'_, AppState>,
    request: ImportRequest,
    on_progress: Channel<Progress>,
) -> CmdResult<SheetImportReport> {
    let st = state.inner();
    st.grants.using(Purpose::Import, &request.token, |path| {
        let source = source(&request, path)?;
        with_progress(&on_progress, "import", || {
            st.with(|ws| {
                st.backup(ws, BackupReason::Import)?;
                let mut report = |done: u32, total: u32| {
                    let _ = on_progress.send(Progress {
                        label: "import".into(),
                        done,
                        total,
                    });
                };
                Ok(import::apply_import(
                    ws,
                    &request.account_name,
                    &source,
                    &mut report,
                )?)
            })
        })
    })
}

/// Exports an account to the file the user chose (`token` of an `export_account` choice;
/// the format's extension is added to a name without it, as a new file) and, for CSV, its
/// lines to a new file beside it; returns the files written. Nothing but the chosen file
/// is ever written over (see `crate::grants::write_chosen`).
#[tauri::command]
#[specta::specta]
pub async fn export_account(
    state: State<'_, AppState>,
    account_id: String,
    options: ExportOptions,
    token: String,
    on_progress: Channel<Progress>,
) -> CmdResult<Vec<String>> {
    let st = state.inner();
    st.grants.using(Purpose::ExportAccount, &token, |chosen| {
        with_progress(&on_progress, "export", || {
            let files = st.with(|ws| Ok(export::export(ws, &account_id, &options)?))?;
            let written = write_chosen(chosen, options.format.extension(), &files)?;
            Ok(written.iter().map(|p| p.display().to_string()).collect())
        })
    })
}

fn docs(state: &AppState, path: &Path, password: Option<String>) -> CmdResult<Vec<AccountDoc>> {
    let open = state.with(|ws| Ok(ws.path().to_path_buf()))?;
    if same_file(&open, path) {
        // The user must choose the file their colleague sent.
        return Err(ShellError::SameWorkspace {
            path: path.display().to_string(),
        }
        .into());
    }
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let bytes = import::read_capped("file", path, doc::MAX_JSON_BYTES)?;
        Ok(doc::read_json_docs(&file_name(path), &bytes)?)
    } else {
        let password = password
            .filter(|p| !p.is_empty())
            .map(stakemap_core::Password::new)
            .transpose()?;
        Ok(merge::read_workspace_docs(path, password.as_ref())?)
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What merging the colleague's workspace file (or JSON export) the user chose (`token`
/// of a `merge` choice) would add and where both
/// sides changed the same item. An encrypted workspace file needs its `password` (kinds
/// `encrypted` and `wrong_password` otherwise).
#[tauri::command]
#[specta::specta]
pub async fn merge_preview(
    state: State<'_, AppState>,
    token: String,
    password: Option<String>,
) -> CmdResult<MergePreview> {
    let path = state.grants.peek(Purpose::Merge, &token)?;
    let docs = docs(state.inner(), &path, password)?;
    state.with(|ws| Ok(merge::merge_preview(ws, &docs)?))
}

/// Merges the file the user chose (`token` of a `merge` choice, as previewed), taking their
/// version of the conflicts listed in `take_theirs` and keeping ours elsewhere. One undo step.
#[tauri::command]
#[specta::specta]
pub async fn merge_apply(
    state: State<'_, AppState>,
    token: String,
    take_theirs: Vec<String>,
    password: Option<String>,
    on_progress: Channel<Progress>,
) -> CmdResult<MergeReport> {
    let st = state.inner();
    st.grants.using(Purpose::Merge, &token, |path| {
        let docs = docs(st, path, password)?;
        with_progress(&on_progress, "merge", || {
            st.with(|ws| {
                st.backup(ws, BackupReason::Merge)?;
                Ok(merge::merge_apply(ws, &docs, &take_theirs)?)
            })
        })
    })
}
